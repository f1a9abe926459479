package convkit.site;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Markdown of one lesson to an HTML fragment: math kept away from the parser, {@code jshell}
 * blocks replaced by their code and output, {@code explorer} blocks by the explorer,
 * {@code figure:} images by generated SVG files.
 */
final class LessonRenderer {

    /** A link written in the lesson, with its 1-based line, for the link checker's messages. */
    record SourceLink(int line, String href) {
    }

    /**
     * The rendered lesson.
     *
     * @param html    the article body
     * @param figures file name under {@code figures/} to SVG text
     * @param links   every Markdown link with its line
     */
    record Rendered(String html, Map<String, String> figures, List<SourceLink> links) {
    }

    private static final List<org.commonmark.Extension> EXTENSIONS = List.of(TablesExtension.create());

    private final Figures figures;

    LessonRenderer(Figures figures) {
        this.figures = figures;
    }

    /** The jshell blocks of {@code lesson}, in order, without running them. */
    static List<SnippetRunner.Block> jshellBlocks(Lesson lesson) {
        MathGuard guard = new MathGuard();
        Node document = parser().parse(guard.extract(lesson.file(), lesson.bodyLines()));
        List<SnippetRunner.Block> blocks = new ArrayList<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(FencedCodeBlock block) {
                if ("jshell".equals(language(block))) {
                    blocks.add(new SnippetRunner.Block(lineOf(block) + 1, block.getLiteral()));
                }
            }
        });
        return blocks;
    }

    /** Renders {@code lesson}; {@code runSnippets} turns its jshell blocks into one output per block. */
    Rendered render(Lesson lesson, Function<List<SnippetRunner.Block>, List<String>> runSnippets) {
        MathGuard guard = new MathGuard();
        Node document = parser().parse(guard.extract(lesson.file(), lesson.bodyLines()));
        List<FencedCodeBlock> jshell = new ArrayList<>();
        List<FencedCodeBlock> explorers = new ArrayList<>();
        List<Image> images = new ArrayList<>();
        List<SourceLink> links = new ArrayList<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(FencedCodeBlock block) {
                String language = language(block);
                if ("jshell".equals(language)) {
                    jshell.add(block);
                } else if ("explorer".equals(language)) {
                    explorers.add(block);
                }
            }

            @Override
            public void visit(Image image) {
                images.add(image);
                visitChildren(image);
            }

            @Override
            public void visit(Link link) {
                links.add(new SourceLink(lineOf(link), link.getDestination()));
                visitChildren(link);
            }
        });

        List<SnippetRunner.Block> blocks = jshell.stream()
            .map(b -> new SnippetRunner.Block(lineOf(b) + 1, b.getLiteral())).toList();
        List<String> outputs = blocks.isEmpty() ? List.of() : runSnippets.apply(blocks);
        // each jshell block: its code, then what it printed
        for (int i = 0; i < jshell.size(); i++) {
            replace(jshell.get(i), snippetHtml(guard, jshell.get(i).getLiteral(), outputs.get(i)));
        }
        // each explorer block: the interactive explorer's mount point
        for (int i = 0; i < explorers.size(); i++) {
            replace(explorers.get(i), "<div class=\"explorer\" id=\"explorer-" + (i + 1) + "\" data-explorer></div>\n");
        }
        Map<String, String> svgs = new LinkedHashMap<>();
        // each figure: draw it once per distinct URL, point the image at the file
        for (Image image : images) {
            String destination = image.getDestination();
            if (!destination.startsWith("figure:")) {
                continue;
            }
            String url = destination.substring("figure:".length());
            String alt = guard.restorePlain(textOf(image));
            String svg = figures.render(lesson.file(), lineOf(image), url, alt);
            String name = url.replaceAll("\\?.*", "") + "-" + shortHash(url) + ".svg";
            svgs.put(name, svg);
            image.setDestination("figures/" + name);
            image.setTitle(alt);
        }
        String html = HtmlRenderer.builder().extensions(EXTENSIONS).build().render(document);
        return new Rendered(guard.restore(html), svgs, links);
    }

    private static Parser parser() {
        return Parser.builder().extensions(EXTENSIONS).includeSourceSpans(IncludeSourceSpans.BLOCKS_AND_INLINES).build();
    }

    private static String snippetHtml(MathGuard guard, String code, String output) {
        StringBuilder sb = new StringBuilder("<div class=\"snippet\">\n<pre class=\"code\"><code class=\"language-java\">")
            .append(Html.escape(guard.restorePlain(code).stripTrailing())).append("</code></pre>\n");
        if (!output.isEmpty()) {
            sb.append("<pre class=\"output\" aria-label=\"output\"><code>").append(Html.escape(output.stripTrailing()))
                .append("</code></pre>\n");
        }
        return sb.append("</div>\n").toString();
    }

    private static void replace(Node node, String html) {
        HtmlBlock block = new HtmlBlock();
        block.setLiteral(html);
        node.insertBefore(block);
        node.unlink();
    }

    private static String language(FencedCodeBlock block) {
        String info = block.getInfo() == null ? "" : block.getInfo().strip();
        int space = info.indexOf(' ');
        return space < 0 ? info : info.substring(0, space);
    }

    /** The 1-based file line where {@code node} starts. */
    private static int lineOf(Node node) {
        return node.getSourceSpans().isEmpty() ? 0 : node.getSourceSpans().getFirst().getLineIndex() + 1;
    }

    private static String textOf(Node node) {
        StringBuilder sb = new StringBuilder();
        node.accept(new AbstractVisitor() {
            @Override
            public void visit(Text text) {
                sb.append(text.getLiteral());
            }
        });
        return sb.toString();
    }

    static String shortHash(String s) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

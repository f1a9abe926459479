package convkit.site;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Fails the build on a broken internal link or anchor: every {@code href} and {@code src} of
 * every generated page must name a file of the site and, for a generated page, an existing id.
 * A broken link in a lesson is reported at its Markdown line.
 */
final class LinkChecker {

    private final Path dir;
    private final Map<String, Document> docs;
    private final Map<String, List<LessonRenderer.SourceLink>> lessonLinks;
    private final Map<String, Path> lessonFiles;

    LinkChecker(Path dir, Map<String, Document> docs, Map<String, List<LessonRenderer.SourceLink>> lessonLinks,
                Map<String, Path> lessonFiles) {
        this.dir = dir;
        this.docs = docs;
        this.lessonLinks = lessonLinks;
        this.lessonFiles = lessonFiles;
    }

    void check() {
        for (Map.Entry<String, Document> page : docs.entrySet()) {
            for (Element el : page.getValue().select("[href], [src]")) {
                String attr = el.hasAttr("href") ? "href" : "src";
                String link = el.attr(attr);
                String problem = problem(page.getKey(), link);
                if (problem != null) {
                    report(page.getKey(), link, problem, !el.parents().select("article").isEmpty());
                }
            }
        }
    }

    /** What is wrong with {@code link} on page {@code from}, or null when it resolves. */
    private String problem(String from, String link) {
        if (link.isEmpty() || PostProcessor.isExternal(link)) {
            return null;
        }
        int hash = link.indexOf('#');
        String path = hash < 0 ? link : link.substring(0, hash);
        String fragment = hash < 0 ? null : URLDecoder.decode(link.substring(hash + 1), StandardCharsets.UTF_8);
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        String target;
        if (path.isEmpty()) {
            target = from;
        } else {
            Path resolved = Path.of(from).resolveSibling(URLDecoder.decode(path, StandardCharsets.UTF_8)).normalize();
            if (Path.of(from).getParent() == null) {
                resolved = Path.of(URLDecoder.decode(path, StandardCharsets.UTF_8)).normalize();
            }
            target = resolved.toString().replace('\\', '/');
            if (target.startsWith("..")) {
                return "it points outside the site";
            }
            if (target.endsWith("/") || target.isEmpty()) {
                target = target + "index.html";
            }
        }
        Document targetDoc = docs.get(target);
        if (targetDoc == null && !Files.isRegularFile(dir.resolve(target))) {
            return "no page or file '" + target + "' in the site";
        }
        if (fragment != null && !fragment.isEmpty() && targetDoc != null && targetDoc.getElementById(fragment) == null) {
            Set<String> ids = targetDoc.select("article [id]").stream().map(Element::id).collect(Collectors.toCollection(java.util.TreeSet::new));
            return "no anchor '#" + fragment + "' in " + target + "; its anchors are " + ids;
        }
        return null;
    }

    private void report(String page, String link, String problem, boolean inArticle) {
        Path lesson = lessonFiles.get(page);
        if (lesson != null && inArticle) {
            String markdownForm = link.replaceAll("\\.html(#|$)", ".md$1");
            int line = lessonLinks.getOrDefault(page, List.of()).stream()
                .filter(l -> l.href().equals(link) || l.href().equals(markdownForm))
                .mapToInt(LessonRenderer.SourceLink::line).findFirst().orElse(0);
            throw new SiteException(lesson, line, "broken link '" + link + "': " + problem
                + " (lesson links are relative, like 05-output-size.md#padding; anchors are GitHub slugs of headings)");
        }
        throw new SiteException(Path.of(page), 0, "broken link '" + link + "' in the generated page: " + problem);
    }
}

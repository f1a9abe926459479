package convkit.site;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;

/**
 * Jsoup passes over every page: heading ids (GitHub slugs), the table of contents,
 * {@code .md} links turned into {@code .html}, copy buttons on code (never on output), and a box
 * around each figure.
 */
final class PostProcessor {

    private PostProcessor() {
    }

    static void process(Document doc, boolean lessonPage) {
        Element article = doc.selectFirst("article");
        if (article == null) {
            return;
        }
        Slugs slugs = new Slugs();
        // ids for every heading that has none; existing ids are taken first so they stay unique
        for (Element heading : article.select("h1, h2, h3, h4, h5, h6")) {
            if (heading.id().isEmpty()) {
                heading.id(slugs.next(heading.text()));
                heading.appendElement("a").addClass("anchor").attr("href", "#" + heading.id())
                    .attr("aria-label", "Link to this section").text("#");
            } else {
                slugs.next(heading.id());
            }
        }
        tableOfContents(doc, article);
        if (lessonPage) {
            rewriteMarkdownLinks(article);
        }
        copyButtons(article);
        figureBoxes(article);
    }

    /** Each generated figure in a box of its own, which scrolls on a phone rather than shrinking the figure past reading. */
    private static void figureBoxes(Element article) {
        for (Element img : article.select("img[src^=figures/]")) {
            img.wrap("<span class=\"figure\"></span>");
        }
    }

    private static void tableOfContents(Document doc, Element article) {
        Element toc = doc.selectFirst("aside.toc");
        Elements headings = article.select("h2, h3");
        if (toc == null) {
            return;
        }
        if (headings.size() < 2) {
            toc.remove();
            return;
        }
        toc.appendElement("p").addClass("toc-title").text("On this page");
        Element list = toc.appendElement("ol");
        for (Element heading : headings) {
            Element item = list.appendElement("li").addClass("toc-" + heading.tagName());
            item.appendElement("a").attr("href", "#" + heading.id()).text(headingText(heading));
        }
    }

    private static String headingText(Element heading) {
        Element copy = heading.clone();
        copy.select("a.anchor").remove();
        return copy.text();
    }

    /** {@code 05-output-size.md#padding} becomes {@code 05-output-size.html#padding}. */
    private static void rewriteMarkdownLinks(Element article) {
        for (Element a : article.select("a[href]")) {
            String href = a.attr("href");
            if (isExternal(href)) {
                continue;
            }
            int hash = href.indexOf('#');
            String path = hash < 0 ? href : href.substring(0, hash);
            String fragment = hash < 0 ? "" : href.substring(hash);
            if (path.endsWith(".md")) {
                a.attr("href", path.substring(0, path.length() - 3) + ".html" + fragment);
            }
        }
    }

    private static void copyButtons(Element article) {
        for (Element pre : article.select("pre")) {
            if (pre.hasClass("output") || pre.selectFirst("code") == null) {
                continue;
            }
            Element wrap = pre.wrap("<div class=\"code-wrap\"></div>").parent();
            if (wrap != null) {
                wrap.prependElement("button").addClass("copy-button").attr("type", "button")
                    .attr("aria-label", "Copy code").text("Copy");
            }
        }
    }

    static boolean isExternal(String href) {
        return href.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") || href.startsWith("//");
    }
}

package convkit.site;

import java.util.List;

/** The HTML page frame every page shares: sidebar, search, content, table of contents, scripts. */
final class Layout {

    /** A sidebar entry: the page (relative to the site root) and its label. */
    record NavItem(String href, String label) {
    }

    private final List<NavItem> lessons;
    private final List<NavItem> more;

    Layout(List<NavItem> lessons, List<NavItem> more) {
        this.lessons = List.copyOf(lessons);
        this.more = List.copyOf(more);
    }

    /**
     * A whole page. {@code path} is the page's place in the site (e.g. {@code reference/Tensor.html})
     * and fixes the relative prefix of every link; {@code bodyHtml} goes inside {@code <article>}.
     */
    String page(String path, String title, String bodyHtml, String pagerHtml) {
        String base = "../".repeat((int) path.chars().filter(c -> c == '/').count());
        StringBuilder nav = new StringBuilder("<ol class=\"nav-lessons\">\n");
        for (NavItem item : lessons) {
            nav.append(navLink(base, path, item));
        }
        nav.append("</ol>\n<ul class=\"nav-more\">\n");
        for (NavItem item : more) {
            nav.append(navLink(base, path, item));
        }
        nav.append("</ul>\n");
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="light dark">
            <title>%2$s · convkit</title>
            <link rel="stylesheet" href="%1$sassets/katex/katex.min.css">
            <link rel="stylesheet" href="%1$sassets/site.css">
            </head>
            <body data-base="%1$s">
            <header class="topbar">
            <button class="menu-toggle" type="button" aria-controls="sidebar" aria-expanded="false">☰ <span>Menu</span></button>
            <a class="brand" href="%1$sindex.html">convkit</a>
            </header>
            <div class="layout">
            <nav class="sidebar" id="sidebar" aria-label="Site">
            <a class="brand sidebar-brand" href="%1$sindex.html">convkit</a>
            <div class="search" role="search">
            <input type="search" id="search-input" placeholder="Search the lessons…" aria-label="Search the lessons" autocomplete="off">
            <ol id="search-results" class="search-results"></ol>
            </div>
            %3$s</nav>
            <main class="content" id="content">
            <article>
            %4$s
            </article>
            %5$s
            </main>
            <aside class="toc" aria-label="On this page"></aside>
            </div>
            <script src="%1$sassets/katex/katex.min.js"></script>
            <script src="%1$sassets/search-index.js"></script>
            <script src="%1$sassets/site.js"></script>
            <script src="%1$sassets/explorer.js"></script>
            </body>
            </html>
            """.formatted(base, Html.escape(title), nav, bodyHtml, pagerHtml == null ? "" : pagerHtml);
    }

    private static String navLink(String base, String path, NavItem item) {
        String current = item.href().equals(path) ? " aria-current=\"page\"" : "";
        return "<li><a href=\"" + base + item.href() + "\"" + current + ">" + Html.escape(item.label()) + "</a></li>\n";
    }
}

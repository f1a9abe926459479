package convkit.site;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The pages other than lessons and progress: home, source pages, performance. */
final class Pages {

    private final Layout layout;
    private final List<Lesson> lessons;
    private final SourceIndex sources;

    Pages(Layout layout, List<Lesson> lessons, SourceIndex sources) {
        this.layout = layout;
        this.lessons = lessons;
        this.sources = sources;
    }

    String lesson(Lesson lesson, String articleHtml, Lesson prev, Lesson next) {
        FrontMatter fm = lesson.frontMatter();
        // a lesson that opens with its own "# Title" keeps it; otherwise the front matter title is the h1
        String body = articleHtml.stripLeading();
        String h1 = "<h1>" + Html.escape(fm.title()) + "</h1>\n";
        if (body.startsWith("<h1>") && body.contains("</h1>")) {
            int end = body.indexOf("</h1>") + "</h1>".length();
            h1 = body.substring(0, end) + "\n";
            body = body.substring(end);
        }
        StringBuilder head = new StringBuilder();
        boolean appendix = fm.title().startsWith("Appendix");
        head.append("<p class=\"lesson-number\">").append(appendix ? "Appendix" : "Lesson " + lesson.number()).append("</p>\n");
        head.append(h1);
        head.append("<p class=\"summary\">").append(Html.escape(fm.summary())).append("</p>\n");
        if (!fm.reference().isEmpty() || !fm.exercises().isEmpty()) {
            head.append("<div class=\"lesson-links\">");
            if (!fm.reference().isEmpty()) {
                head.append("<p><strong>Reference code:</strong> ");
                head.append(String.join(", ", fm.reference().stream()
                    .map(n -> "<a href=\"reference/" + n + ".html\"><code>" + n + "</code></a>").toList()));
                head.append("</p>");
            }
            if (!fm.exercises().isEmpty()) {
                head.append("<p><strong>Exercises:</strong> ");
                head.append(String.join(", ", fm.exercises().stream()
                    .map(n -> "<a href=\"exercises/" + n + ".html\"><code>" + n + "</code></a>").toList()));
                head.append("</p>");
            }
            head.append("</div>\n");
        }
        StringBuilder pager = new StringBuilder("<nav class=\"pager\" aria-label=\"Previous and next lesson\">");
        if (prev != null) {
            pager.append("<a class=\"prev\" rel=\"prev\" href=\"").append(prev.pageName()).append("\">← ")
                .append(Html.escape(prev.frontMatter().title())).append("</a>");
        }
        if (next != null) {
            pager.append("<a class=\"next\" rel=\"next\" href=\"").append(next.pageName()).append("\">")
                .append(Html.escape(next.frontMatter().title())).append(" →</a>");
        }
        pager.append("</nav>");
        return layout.page(lesson.pageName(), fm.title(), head + body, pager.toString());
    }

    String home() {
        StringBuilder body = new StringBuilder("""
            <h1>convkit: convolution layers, from the loops up</h1>
            <p class="summary">Read a lesson, run its code, study the reference class it explains,
            then solve the exercise in your IDE and grade it with <code>./convkit grade</code>.</p>
            <h2>Lessons</h2>
            <ol class="lesson-list">
            """);
        for (Lesson lesson : lessons) {
            body.append("<li><a href=\"").append(lesson.pageName()).append("\">")
                .append(Html.escape(lesson.frontMatter().title())).append("</a><br><span class=\"summary\">")
                .append(Html.escape(lesson.frontMatter().summary())).append("</span></li>\n");
        }
        body.append("""
            </ol>
            <h2>Also here</h2>
            <ul>
            <li><a href="reference/index.html">Reference sources</a>: the readable implementation every lesson quotes.</li>
            <li><a href="exercises/index.html">Exercises</a>: the stubs you complete.</li>
            <li><a href="progress.html">Progress</a>: which exercises pass, from the grader's last run.</li>
            <li><a href="performance.html">Performance</a>: naive vs im2col vs fast, measured.</li>
            <li><a href="api/index.html">Reference Javadoc</a>.</li>
            </ul>
            """);
        return layout.page("index.html", "Lessons", body.toString(), null);
    }

    /** One page per reference class and exercise stub, plus an index of each. */
    Map<String, String> sourcePages() {
        Map<String, String> pages = new LinkedHashMap<>();
        pages.putAll(sourceSection("reference", "Reference sources", SourceIndex.REFERENCE_SOURCES, sources.reference(),
            "The float64 reference implementation: readable first. Each class opens with what it computes and a sample run."));
        pages.putAll(sourceSection("exercises", "Exercises", SourceIndex.EXERCISE_SOURCES, sources.exercises(),
            "Complete the TODO bodies in your IDE (the files under <code>exercises/src/main/java</code>), run the visible tests, "
                + "then <code>./convkit grade</code> for the hidden ones; the <a href=\"../progress.html\">progress page</a> shows the result."));
        return pages;
    }

    private Map<String, String> sourceSection(String folder, String title, String sourceRoot, Map<String, Path> classes,
                                              String introHtml) {
        Map<String, String> pages = new LinkedHashMap<>();
        StringBuilder index = new StringBuilder("<h1>" + title + "</h1>\n<p>" + introHtml + "</p>\n");
        if (classes.isEmpty()) {
            index.append("<p>No sources found under <code>").append(sourceRoot).append("</code> yet.</p>\n");
        }
        index.append("<ul class=\"source-list\">\n");
        for (Map.Entry<String, Path> entry : classes.entrySet()) {
            String name = entry.getKey();
            Path relative = sources.root().relativize(entry.getValue());
            index.append("<li><a href=\"").append(name).append(".html\"><code>").append(name).append("</code></a>");
            List<Lesson> explaining = lessons.stream().filter(l -> l.frontMatter().reference().contains(name)
                || l.frontMatter().exercises().contains(name)).toList();
            if (!explaining.isEmpty()) {
                index.append(" — ").append(lessonLinks(explaining, "../"));
            }
            index.append("</li>\n");
            StringBuilder body = new StringBuilder("<h1><code>").append(name).append("</code></h1>\n");
            body.append("<p class=\"source-path\">Source: <code>").append(Html.escape(relative.toString().replace('\\', '/')))
                .append("</code></p>\n");
            if (!explaining.isEmpty()) {
                body.append("<p>Explained in ").append(lessonLinks(explaining, "../")).append(".</p>\n");
            }
            body.append("<pre class=\"source\"><code class=\"language-java\">")
                .append(Html.escape(read(entry.getValue()))).append("</code></pre>\n");
            pages.put(folder + "/" + name + ".html", layout.page(folder + "/" + name + ".html", name, body.toString(), null));
        }
        index.append("</ul>\n");
        pages.put(folder + "/index.html", layout.page(folder + "/index.html", title, index.toString(), null));
        return pages;
    }

    String performance(BenchmarkData data, Path root) {
        StringBuilder body = new StringBuilder("<h1>Performance</h1>\n");
        if (data.results().isEmpty()) {
            body.append("<p>No benchmark is recorded yet. Record one with</p>\n<pre><code>./convkit bench --json ")
                .append(BenchmarkData.RECORDED_PATH).append("</code></pre>\n<p>and rebuild the site with <code>./convkit site</code>.</p>\n");
            return layout.page("performance.html", "Performance", body.toString(), null);
        }
        body.append("<p>Throughput of the three implementations of the convolution layer forward pass, ")
            .append("recorded with <code>./convkit bench --json</code> (")
            .append(Html.escape(data.description())).append("). Higher is better; the scale is logarithmic, ")
            .append("each step of the grid a factor of 10.</p>\n");
        body.append("<p><img src=\"figures/benchmark.svg\" alt=\"Bar chart on a log scale: GFLOP/s per layer; ")
            .append(Html.escape(String.join("; ", data.impls().stream().map(impl -> impl + " runs " + String.join(" or ", data.hows(impl))).toList())))
            .append("\"></p>\n");
        body.append("<p>The implementations do not run alike, so the bars compare routes, not one trick each:</p>\n<ul>\n");
        for (String impl : data.impls()) {
            body.append("<li><strong>").append(Html.escape(impl)).append("</strong>: ")
                .append(Html.escape(String.join("; ", data.hows(impl)))).append("</li>\n");
        }
        body.append("</ul>\n<p>So the gap between the reference and the fast path multiplies several factors: ")
            .append("float32 instead of float64 (twice the values per vector and per cache line), the threads, ")
            .append("vector instructions, and cache blocking. <code>./convkit bench</code> with <code>--dtype</code> ")
            .append("and <code>--threads</code> separates them on your machine.</p>\n");
        body.append("<table>\n<thead><tr><th>layer</th>");
        for (String impl : data.impls()) {
            body.append("<th>").append(Html.escape(impl)).append(" GFLOP/s</th>");
        }
        body.append("</tr></thead>\n<tbody>\n");
        for (String layer : data.layers()) {
            body.append("<tr><td>").append(Html.escape(layer)).append("</td>");
            for (String impl : data.impls()) {
                double g = data.gflops(layer, impl);
                body.append("<td>").append(Double.isNaN(g) ? "—" : String.format(Locale.ROOT, "%.3g", g)).append("</td>");
            }
            body.append("</tr>\n");
        }
        body.append("</tbody>\n</table>\n<p>Recorded in <code>")
            .append(Html.escape(root.relativize(data.source().toAbsolutePath()).toString().replace('\\', '/')))
            .append("</code>; re-record on your machine with <code>./convkit bench --json FILE</code> and <code>./convkit site --bench FILE</code>.</p>\n");
        return layout.page("performance.html", "Performance", body.toString(), null);
    }

    private static String lessonLinks(List<Lesson> lessons, String base) {
        return String.join(", ", lessons.stream().map(l -> "<a href=\"" + base + l.pageName() + "\">"
            + l.number() + ". " + Html.escape(l.frontMatter().title()) + "</a>").toList());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}

package convkit.site;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The progress page, from the grader's latest {@code results.json} in the Gradescope format:
 * {@code {"score": .., "tests": [{"name", "score", "max_score", "status", "output"}]}}.
 */
final class ProgressPage {

    /** Where {@code ./convkit serve} asks the grader to write, and where {@code ./convkit site} looks by default. */
    static final String DEFAULT_RESULTS = ".convkit/grade/results.json";

    private ProgressPage() {
    }

    static String html(Layout layout, Path resultsJson, Path root) {
        StringBuilder body = new StringBuilder("<h1>Progress</h1>\n");
        if (resultsJson == null || !Files.isRegularFile(resultsJson)) {
            body.append("""
                <p class="notice">No grading results yet. Simply run <code>./convkit serve</code>: it grades
                this checkout's exercises and rebuilds this page. Or grade and rebuild by hand:</p>
                <pre><code>./convkit grade --results %1$s
                ./convkit site</code></pre>
                <p>This page reads <code>%1$s</code>.</p>
                """.formatted(Html.escape(display(resultsJson, root))));
            return layout.page("progress.html", "Progress", body.toString(), null);
        }
        JsonNode results;
        try {
            results = new ObjectMapper().readTree(resultsJson.toFile());
        } catch (IOException e) {
            throw new SiteException(resultsJson, 0, "results.json is malformed: " + e.getMessage());
        }
        JsonNode tests = results.path("tests");
        if (!tests.isArray()) {
            throw new SiteException(resultsJson, 0, "results.json needs a \"tests\" array (Gradescope format)");
        }
        double score = 0;
        double max = 0;
        int passed = 0;
        StringBuilder rows = new StringBuilder();
        for (JsonNode test : tests) {
            double s = test.path("score").asDouble(0);
            double m = test.path("max_score").asDouble(0);
            String status = test.path("status").asText(s >= m && m > 0 ? "passed" : "failed");
            score += s;
            max += m;
            if ("passed".equals(status)) {
                passed++;
            }
            rows.append("<tr class=\"").append("passed".equals(status) ? "pass" : "fail").append("\"><td>")
                .append(Html.escape(test.path("name").asText("(unnamed)"))).append("</td><td>")
                .append("passed".equals(status) ? "✔ passed" : "✘ " + Html.escape(status)).append("</td><td>")
                .append(number(s)).append(" / ").append(number(m)).append("</td><td>");
            String output = test.path("output").asText("");
            if (!output.isBlank()) {
                rows.append("<details><summary>feedback</summary><pre class=\"output\"><code>")
                    .append(Html.escape(output.strip())).append("</code></pre></details>");
            }
            rows.append("</td></tr>\n");
        }
        double total = results.has("score") ? results.path("score").asDouble(score) : score;
        body.append("<p class=\"summary\">").append(passed).append(" of ").append(tests.size())
            .append(" tests pass; score ").append(number(total)).append(" / ").append(number(max)).append(".</p>\n");
        body.append("<progress max=\"").append(number(max)).append("\" value=\"").append(number(total))
            .append("\"></progress>\n");
        body.append("<table class=\"progress\">\n<thead><tr><th>test</th><th>status</th><th>score</th><th></th></tr></thead>\n<tbody>\n")
            .append(rows).append("</tbody>\n</table>\n");
        body.append("<p>From <code>").append(Html.escape(display(resultsJson, root)))
            .append("</code>. Grade again with <code>./convkit grade</code>.</p>\n");
        return layout.page("progress.html", "Progress", body.toString(), null);
    }

    private static String display(Path file, Path root) {
        if (file == null) {
            return DEFAULT_RESULTS;
        }
        Path abs = file.toAbsolutePath().normalize();
        return (abs.startsWith(root) ? root.relativize(abs) : abs).toString().replace('\\', '/');
    }

    private static String number(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }
}

package convkit.site;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The progress page, from the grader's latest {@code results.json} in the Gradescope format:
 * {@code {"score": .., "tests": [{"name", "score", "max_score", "status", "output", "tags"}]}}.
 * Tests are grouped by exercise (the first tag, else the name's prefix) with the points of each;
 * a failed test shows its {@code Hint:} lines, and its whole output folds open.
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
        Map<String, List<JsonNode>> byExercise = new LinkedHashMap<>();
        for (JsonNode test : tests) {
            byExercise.computeIfAbsent(exerciseOf(test), e -> new ArrayList<>()).add(test);
        }
        double score = 0;
        double max = 0;
        int passed = 0;
        StringBuilder sections = new StringBuilder();
        // each exercise: its points, then its tests, failed ones with their hints
        for (Map.Entry<String, List<JsonNode>> exercise : byExercise.entrySet()) {
            double exScore = 0;
            double exMax = 0;
            int exPassed = 0;
            StringBuilder items = new StringBuilder();
            for (JsonNode test : exercise.getValue()) {
                double s = test.path("score").asDouble(0);
                double m = test.path("max_score").asDouble(0);
                boolean pass = "passed".equals(test.path("status").asText(s >= m && m > 0 ? "passed" : "failed"));
                exScore += s;
                exMax += m;
                exPassed += pass ? 1 : 0;
                items.append(testItem(test, exercise.getKey(), pass, s, m));
            }
            score += exScore;
            max += exMax;
            passed += exPassed;
            sections.append("<section class=\"exercise-result\">\n<h2>").append(Html.escape(exercise.getKey()))
                .append(" <span class=\"points\">").append(number(exScore)).append(" / ").append(number(exMax))
                .append(" points</span></h2>\n<p class=\"tally\">").append(exPassed).append(" of ")
                .append(exercise.getValue().size()).append(" tests pass</p>\n<ul class=\"tests\">\n")
                .append(items).append("</ul>\n</section>\n");
        }
        double total = results.has("score") ? results.path("score").asDouble(score) : score;
        body.append("<p class=\"summary\">").append(passed).append(" of ").append(tests.size())
            .append(" tests pass; score ").append(number(total)).append(" / ").append(number(max)).append(".</p>\n");
        if ("practice".equals(results.path("extra_data").path("random_cases").asText())) {
            body.append("<p class=\"notice\">A practice grade: the official grade uses the same examples and kinds of edge cases"
                + " but other random inputs.</p>\n");
        }
        body.append("<progress max=\"").append(number(max)).append("\" value=\"").append(number(total))
            .append("\"></progress>\n");
        body.append(sections);
        body.append("<p>From <code>").append(Html.escape(display(resultsJson, root)))
            .append("</code>. Grade again with <code>./convkit grade</code>.</p>\n");
        return layout.page("progress.html", "Progress", body.toString(), null);
    }

    /** The exercise a test belongs to: its first tag, else the start of its name ("Ex01OutputSize · ..."). */
    private static String exerciseOf(JsonNode test) {
        JsonNode tags = test.path("tags");
        if (tags.isArray() && !tags.isEmpty() && tags.get(0).isTextual()) {
            return tags.get(0).asText();
        }
        String name = test.path("name").asText("");
        int cut = name.indexOf(" · ") >= 0 ? name.indexOf(" · ") : name.indexOf(':');
        return cut > 0 ? name.substring(0, cut).strip() : "Other tests";
    }

    /** One test: status, name (without its exercise), points; a failed test's hints in view, its output folded. */
    private static String testItem(JsonNode test, String exercise, boolean pass, double score, double max) {
        String name = test.path("name").asText("(unnamed)");
        for (String prefix : List.of(exercise + " · ", exercise + ": ")) {
            if (name.startsWith(prefix)) {
                name = name.substring(prefix.length());
            }
        }
        StringBuilder item = new StringBuilder("<li class=\"").append(pass ? "pass" : "fail").append("\">")
            .append("<span class=\"status\">").append(pass ? "✔ passed" : "✘ " + Html.escape(test.path("status").asText("failed")))
            .append("</span> <span class=\"test-name\">").append(Html.escape(name)).append("</span> <span class=\"points\">")
            .append(number(score)).append(" / ").append(number(max)).append("</span>");
        String output = test.path("output").asText("").strip();
        if (!pass) {
            output.lines().filter(l -> l.startsWith("Hint:"))
                .forEach(h -> item.append("<p class=\"hint\">").append(Html.escape(h)).append("</p>"));
        }
        if (!output.isBlank()) {
            item.append("<details><summary>feedback</summary><pre class=\"output\"><code>")
                .append(Html.escape(output)).append("</code></pre></details>");
        }
        return item.append("</li>\n").toString();
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

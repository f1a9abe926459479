package convkit.grader.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import convkit.grader.ExerciseResult;
import convkit.grader.GradeReport;
import convkit.grader.TestResult;

/** The grade as one self-contained HTML page: a summary table, then every test with its feedback. */
public final class HtmlReport {

    private HtmlReport() {
    }

    public static String render(GradeReport report) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .append("<title>convkit grade: ").append(escape(report.submission())).append("</title><style>")
            .append("body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}")
            .append("table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left}")
            .append(".pass{color:#17702b}.fail{color:#b3261e}.part{color:#8a5a00}pre{background:#f6f6f6;padding:.5rem;white-space:pre-wrap}")
            .append("details{margin:.3rem 0}summary{cursor:pointer}")
            .append("@media (prefers-color-scheme: dark){body{background:#161616;color:#ddd}pre{background:#262626}}")
            .append("</style></head><body>\n");
        html.append("<h1>").append(escape(report.submission())).append(": ")
            .append(Format.points(report.score())).append(" / ").append(Format.points(report.maxScore()))
            .append(" points</h1>\n<p>Graded in ").append(Format.seconds(report.seconds())).append(".</p>\n");
        html.append("<table><thead><tr><th>Exercise</th><th>Points</th><th>Tests passed</th><th>Time</th></tr></thead><tbody>\n");
        for (ExerciseResult exercise : report.exercises()) {
            String css = exercise.score() == exercise.maxScore() ? "pass" : exercise.score() == 0 ? "fail" : "part";
            html.append("<tr class=\"").append(css).append("\"><td><a href=\"#").append(exercise.exercise()).append("\">")
                .append(exercise.exercise()).append("</a></td><td>").append(Format.points(exercise.score())).append(" / ")
                .append(Format.points(exercise.maxScore())).append("</td><td>").append(exercise.passed()).append(" / ")
                .append(exercise.tests().size()).append("</td><td>").append(Format.seconds(exercise.seconds()))
                .append("</td></tr>\n");
        }
        html.append("</tbody></table>\n");
        for (String note : report.notes()) {
            html.append("<p class=\"part\">Note: ").append(escape(note)).append("</p>\n");
        }
        for (ExerciseResult exercise : report.exercises()) {
            html.append("<h2 id=\"").append(exercise.exercise()).append("\">").append(exercise.exercise()).append("</h2>\n");
            if (!exercise.source().isEmpty()) {
                html.append("<p>Graded file: <code>").append(escape(exercise.source())).append("</code></p>\n");
            }
            if (!exercise.problem().isEmpty()) {
                html.append("<pre class=\"fail\">").append(escape(exercise.problem())).append("</pre>\n");
            }
            for (TestResult test : exercise.tests()) {
                html.append("<details").append(test.passed() ? "" : " open").append("><summary class=\"")
                    .append(test.passed() ? "pass\">✓ " : "fail\">✗ ").append(escape(test.test().name()))
                    .append(String.format(Locale.ROOT, " — %s / %s, %.2f s", Format.points(test.score()),
                        Format.points(test.test().points()), test.seconds()))
                    .append(test.test().hidden() ? " (hidden)" : "").append("</summary><pre>")
                    .append(escape(test.output())).append("</pre></details>\n");
            }
        }
        html.append("</body></html>\n");
        return html.toString();
    }

    /** Writes the page, whole or not at all ({@link WholeFile}). */
    public static void write(GradeReport report, Path file) throws IOException {
        String html = render(report);
        WholeFile.write(file, temp -> Files.writeString(temp, html, StandardCharsets.UTF_8));
    }

    /** HTML-escaped, with control characters made visible first ({@link ControlChars}). */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : ControlChars.escape(text).toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}

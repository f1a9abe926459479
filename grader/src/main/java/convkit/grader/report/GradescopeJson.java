package convkit.grader.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import convkit.grader.ExerciseResult;
import convkit.grader.GradeReport;
import convkit.grader.TestResult;
import convkit.grader.suite.CaseSeed;

/**
 * Writes a grade as Gradescope's {@code results.json}: top-level {@code score},
 * {@code max_score}, {@code execution_time} (seconds), {@code output}, {@code output_format},
 * {@code visibility}, {@code stdout_visibility}, and {@code tests[]} with {@code name},
 * {@code number}, {@code score}, {@code max_score}, {@code status} ({@code passed}/{@code failed}),
 * {@code output}, {@code output_format}, {@code visibility}, {@code tags}; and in
 * {@code extra_data.random_cases} which seed the random cases came from ({@code practice} or
 * {@code official}; never the seed itself), for an official run {@code extra_data.draw} its draw
 * (16 hex digits: {@code grade --official --draw} runs the same cases again; nothing without the
 * course's secret) and {@code extra_data.sandbox} which OS boundary student
 * code ran behind ({@code bwrap}, {@code uid} or {@code none}). Output text has its control characters made visible
 * ({@link ControlChars}), as on the terminal and in the HTML report.
 */
public final class GradescopeJson {

    /** Said once per practice grade: the official grade's random inputs are other ones. */
    public static final String PRACTICE_NOTE = "Practice grading: the official grade uses the same examples and kinds of edge cases"
        + " but other random inputs (the course's secret seed).";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * Most characters of the tests' feedback in one results.json, shared by the tests: each test keeps
     * at most 10,000 (the grader's cap), but a submission whose every test fails with a long message and
     * stack would otherwise make a results.json of megabytes, past what some platforms take whole.
     */
    static final int FEEDBACK_BUDGET = 1 << 20;

    /** What a test's feedback shortened for the budget ends with. */
    static final String SHORTENED = "… (shortened: results.json keeps 1 MiB of feedback, shared by the tests)";

    private GradescopeJson() {
    }

    /** A test's feedback whole, or its first {@code cut} characters and {@link #SHORTENED}, whichever is shorter. */
    static String fit(String output, int cut) {
        return output.length() <= (long) cut + SHORTENED.length() ? output : output.substring(0, cut) + SHORTENED;
    }

    /**
     * How much of its feedback each test keeps so that all of them fit {@code budget} characters (see
     * {@link #fit}): the short ones whole, the long ones cut to one length, as water fills the lowest
     * places first; {@code Integer.MAX_VALUE} when all fit whole.
     */
    static int share(int[] lengths, int budget) {
        if (java.util.Arrays.stream(lengths).asLongStream().sum() <= budget) {
            return Integer.MAX_VALUE;
        }
        int lo = 0;
        int hi = java.util.Arrays.stream(lengths).max().orElse(0);
        while (lo < hi) { // the largest cut whose total fits
            int cut = (lo + hi + 1) >>> 1;
            long total = 0;
            for (int length : lengths) {
                total += Math.min(length, (long) cut + SHORTENED.length());
            }
            if (total <= budget) {
                lo = cut;
            } else {
                hi = cut - 1;
            }
        }
        return lo;
    }

    /** The JSON tree of a grade. */
    public static ObjectNode of(GradeReport report) {
        ObjectNode root = JSON.createObjectNode();
        root.put("score", round(report.score()));
        root.put("max_score", round(report.maxScore()));
        root.put("execution_time", (int) Math.ceil(report.seconds()));
        root.put("output", ControlChars.escape(summary(report)));
        root.put("output_format", "text");
        root.put("visibility", "visible");
        root.put("stdout_visibility", "hidden");
        var extra = root.putObject("extra_data");
        extra.put("random_cases", report.seedKind().label());
        if (!report.seed().drawText().isEmpty()) {
            extra.put("draw", report.seed().drawText());
        }
        if (!report.sandbox().isEmpty()) {
            extra.put("sandbox", report.sandbox());
        }
        ArrayNode tests = root.putArray("tests");
        List<String> outputs = report.exercises().stream().flatMap(e -> e.tests().stream())
            .map(t -> ControlChars.escape(t.output())).toList();
        int share = share(outputs.stream().mapToInt(String::length).toArray(), FEEDBACK_BUDGET);
        int index = 0;
        int exerciseNumber = 0;
        for (ExerciseResult exercise : report.exercises()) {
            exerciseNumber = exerciseNumberOf(exercise.exercise(), exerciseNumber + 1);
            int testNumber = 0;
            for (TestResult test : exercise.tests()) {
                testNumber++;
                ObjectNode node = tests.addObject();
                node.put("name", exercise.exercise() + " · " + test.test().name());
                node.put("number", exerciseNumber + "." + testNumber);
                node.put("score", round(test.score()));
                node.put("max_score", round(test.test().points()));
                node.put("status", test.passed() ? "passed" : "failed");
                String output = outputs.get(index++);
                node.put("output", fit(output, share)
                    + String.format(java.util.Locale.ROOT, "\n(%.2f s)", test.seconds()));
                node.put("output_format", "text");
                node.put("visibility", "visible");
                ArrayNode tags = node.putArray("tags");
                tags.add(exercise.exercise());
                tags.add(test.test().hidden() ? "hidden" : "example");
                test.test().tags().forEach(tags::add);
            }
        }
        return root;
    }

    /** Writes {@code results.json}, whole or not at all ({@link WholeFile}). */
    public static void write(GradeReport report, Path file) throws IOException {
        writeTree(of(report), file);
    }

    /** Writes a results.json that says the grader itself failed: score 0, the reason in the output. */
    public static void writeFault(String submission, String reason, Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("score", 0.0);
        root.put("max_score", 0.0);
        root.put("execution_time", 0);
        root.put("output", "The grader could not grade " + ControlChars.escape(submission) + ": "
            + ControlChars.escape(reason)
            + "\nThis is a fault of the grader, not of your code: tell your instructor.");
        root.put("output_format", "text");
        root.put("visibility", "visible");
        root.putArray("tests");
        writeTree(root, file);
    }

    private static void writeTree(ObjectNode root, Path file) throws IOException {
        WholeFile.write(file, temp -> JSON.writeValue(temp.toFile(), root));
    }

    static String summary(GradeReport report) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(java.util.Locale.ROOT, "%s: %s / %s points%n", report.submission(),
            Format.points(report.score()), Format.points(report.maxScore())));
        for (ExerciseResult exercise : report.exercises()) {
            text.append(String.format(java.util.Locale.ROOT, "  %-22s %6s / %-6s %s%n", exercise.exercise(),
                Format.points(exercise.score()), Format.points(exercise.maxScore()),
                exercise.problem().isEmpty() ? "" : exercise.problem().lines().findFirst().orElse("")));
            if (!exercise.problem().isEmpty() && exercise.problem().contains("\n")) {
                exercise.problem().lines().skip(1).limit(12).forEach(l -> text.append("      ").append(l).append('\n'));
            }
        }
        if (report.seedKind() == CaseSeed.Kind.PRACTICE) {
            text.append(PRACTICE_NOTE).append('\n');
        }
        List<String> notes = report.notes();
        notes.forEach(n -> text.append("Note: ").append(n).append('\n'));
        return text.toString();
    }

    private static int exerciseNumberOf(String exercise, int fallback) {
        if (exercise.length() >= 4 && exercise.startsWith("Ex") && Character.isDigit(exercise.charAt(2))
            && Character.isDigit(exercise.charAt(3))) {
            return Integer.parseInt(exercise.substring(2, 4));
        }
        return fallback;
    }

    private static double round(double points) {
        return Math.round(points * 1000) / 1000.0;
    }
}

package convkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine;

class GradeCommandTests {

    @TempDir
    Path temp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    /** Runs the CLI on another checkout ({@code -Dconvkit.root}), restoring the property after. */
    private int runIn(Path checkout, String... args) {
        String before = System.getProperty("convkit.root");
        System.setProperty("convkit.root", checkout.toString());
        try {
            return run(args);
        } finally {
            if (before == null) {
                System.clearProperty("convkit.root");
            } else {
                System.setProperty("convkit.root", before);
            }
        }
    }

    /** A checkout with nothing but pom.xml and exercises/: no solutions, like a handout's. */
    private Path emptyCheckout(String name) throws IOException {
        Path checkout = temp.resolve(name);
        Files.createDirectories(checkout.resolve("exercises"));
        Files.writeString(checkout.resolve("pom.xml"), "<project/>");
        return checkout;
    }

    /** A submission holding only the instructor solution of exercise 1. */
    private Path exerciseOneSubmission(String name) throws IOException {
        Path file = temp.resolve(name + "/src/convkit/exercises/Ex01OutputSize.java");
        Files.createDirectories(file.getParent());
        Files.copy(ProjectRoot.find().resolve("grader/src/solutions/java/convkit/exercises/Ex01OutputSize.java"), file);
        return temp.resolve(name);
    }

    @Test
    void anOfficialGradeRefusesToRunWithoutASandbox() throws IOException {
        Path seed = Files.writeString(temp.resolve("course-seed"), "fall 2026");
        Path submission = exerciseOneSubmission("unsandboxed");
        assertEquals(Main.EXIT_USAGE, run("grade", "--official", "--seed-file", seed.toString(), "--sandbox", "none",
            "--submission", submission.toString(), "--only", "Ex01", "--results", temp.resolve("r.json").toString()));
        assertTrue(err.toString().contains("--allow-unsandboxed"), err.toString());
        assertFalse(Files.exists(temp.resolve("r.json")));
    }

    @Test
    void anOfficialGradeRunsUnsandboxedWhenTheInstructorAllowsIt() throws IOException {
        Path seed = Files.writeString(temp.resolve("course-seed"), "fall 2026");
        Path submission = exerciseOneSubmission("allowed");
        Path results = temp.resolve("allowed.json");
        assertEquals(0, run("grade", "--official", "--seed-file", seed.toString(), "--sandbox", "none", "--allow-unsandboxed",
            "--submission", submission.toString(), "--only", "Ex01", "--results", results.toString()), err.toString());
        JsonNode json = new ObjectMapper().readTree(results.toFile());
        assertEquals("none", json.get("extra_data").get("sandbox").asText());
        assertTrue(err.toString().contains("sandbox: none"), err.toString());
    }

    @Test
    void anUnknownSandboxIsAUsageError() {
        assertEquals(Main.EXIT_USAGE, run("grade", "--sandbox", "chroot", "--only", "Ex01"));
        assertTrue(err.toString().contains("auto, bwrap, uid or none"), err.toString());
    }

    @Test
    void anUnknownExerciseIsAUsageError() {
        assertEquals(Main.EXIT_USAGE, run("grade", "--only", "Ex99Nothing"));
        assertTrue(err.toString().contains("Ex99Nothing"), err.toString());
    }

    @Test
    void aMissingSubmissionIsAUsageError() {
        assertEquals(Main.EXIT_USAGE, run("grade", "--submission", temp.resolve("nowhere").toString()));
    }

    @Test
    void batchWithoutOutIsAUsageError() {
        assertEquals(Main.EXIT_USAGE, run("grade", "--batch", temp.toString()));
    }

    @Test
    void outWithoutBatchIsAUsageError() throws IOException {
        assertEquals(Main.EXIT_USAGE, run("grade", "--submission", exerciseOneSubmission("s").toString(),
            "--out", temp.resolve("o").toString()));
    }

    @Test
    void aFileThatIsNotAZipIsAUsageErrorNamingTheFileAndNothingIsWritten() throws IOException {
        Path garbage = Files.write(temp.resolve("notazip.zip"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        Path results = temp.resolve("results.json");
        assertEquals(Main.EXIT_USAGE, run("grade", "--submission", garbage.toString(), "--results", results.toString()));
        assertTrue(err.toString().contains(garbage + " is not a readable zip file"), err.toString());
        assertTrue(Files.notExists(results), "a usage error writes no results.json");
    }

    @Test
    void inABatchAnUnreadableZipScoresZeroAndItsRowSaysWhyWithoutAGraderFault() throws IOException {
        Path batch = Files.createDirectories(temp.resolve("batch"));
        exerciseOneSubmission("batch/alice");
        Files.write(batch.resolve("broken.zip"), new byte[] {'P', 'K', 3, 4, 0, 0});
        Path outDir = temp.resolve("graded");
        assertEquals(0, run("grade", "--batch", batch.toString(), "--out", outDir.toString(), "--only", "Ex01"), err.toString());
        List<String> gradebook = Files.readAllLines(outDir.resolve("gradebook.csv"));
        String broken = gradebook.stream().filter(row -> row.startsWith("\"broken\",")).findFirst().orElseThrow();
        assertTrue(broken.startsWith("\"broken\",0,"), broken);
        assertTrue(broken.contains("broken.zip is not a readable zip file"), broken);
        JsonNode json = new ObjectMapper().readTree(outDir.resolve("broken/results.json").toFile());
        assertTrue(json.get("max_score").asDouble() > 0, json.toString());
        assertTrue(json.get("tests").get(0).get("output").asText().contains("not a readable zip"), json.toString());
        assertTrue(!err.toString().contains("grader fault"), err.toString());
    }

    @Test
    void anOfficialBatchGradesEverySubmissionOnTheSameDraw() throws IOException {
        Path seed = Files.writeString(temp.resolve("course-seed"), "fall 2026: 81723");
        Files.createDirectories(temp.resolve("batch"));
        exerciseOneSubmission("batch/alice");
        exerciseOneSubmission("batch/bob");
        Path outDir = temp.resolve("graded");
        assertEquals(0, run("grade", "--official", "--seed-file", seed.toString(), "--batch", temp.resolve("batch").toString(),
            "--out", outDir.toString(), "--only", "Ex01"), err.toString());
        var draw = java.util.regex.Pattern.compile("--draw ([0-9a-f]{16})").matcher(out.toString());
        assertTrue(draw.find(), out.toString());
        for (String name : List.of("alice", "bob")) {
            JsonNode json = new ObjectMapper().readTree(outDir.resolve(name + "/results.json").toFile());
            assertEquals(draw.group(1), json.get("extra_data").get("draw").asText(), name);
            assertEquals(json.get("max_score").asDouble(), json.get("score").asDouble(), name + ": the solution scores full marks");
        }
    }

    @Test
    void gradingOneExerciseWritesResultsJsonAndHtmlAndExitsZero() throws IOException {
        Path results = temp.resolve("results.json");
        Path html = temp.resolve("report.html");
        int code = run("grade", "--submission", exerciseOneSubmission("s").toString(), "--only", "1",
            "--results", results.toString(), "--html", html.toString());
        assertEquals(0, code, err.toString());
        JsonNode json = new ObjectMapper().readTree(results.toFile());
        assertEquals(json.get("max_score").asDouble(), json.get("score").asDouble());
        JsonNode test = json.get("tests").get(0);
        for (String field : List.of("name", "number", "score", "max_score", "status", "output", "output_format",
            "visibility", "tags")) {
            assertTrue(test.has(field), field + " missing in " + test);
        }
        assertTrue(Files.readString(html).contains("Ex01OutputSize"));
        assertTrue(out.toString().contains("Ex01OutputSize"), out.toString());
    }

    @Test
    void aSubmissionWithNothingToCompileStillGetsResultsJson() throws IOException {
        Path empty = Files.createDirectories(temp.resolve("empty"));
        Path results = temp.resolve("results.json");
        assertEquals(0, run("grade", "--submission", empty.toString(), "--results", results.toString()));
        JsonNode json = new ObjectMapper().readTree(results.toFile());
        assertEquals(0.0, json.get("score").asDouble());
        assertTrue(json.get("max_score").asDouble() > 0);
        assertTrue(json.get("tests").get(0).get("output").asText().contains("not found"));
    }

    @Test
    void batchGradesEveryFolderAndWritesAGradebook() throws IOException {
        Path batch = Files.createDirectories(temp.resolve("batch"));
        Path one = exerciseOneSubmission("batch/alice");
        Files.createDirectories(batch.resolve("bob"));
        Path outDir = temp.resolve("graded");
        int code = run("grade", "--batch", batch.toString(), "--out", outDir.toString(), "--jobs", "2", "--only", "Ex01");
        assertEquals(0, code, err.toString());
        assertTrue(Files.exists(outDir.resolve("alice/results.json")), one.toString());
        assertTrue(Files.exists(outDir.resolve("bob/results.json")));
        List<String> gradebook = Files.readAllLines(outDir.resolve("gradebook.csv"));
        assertEquals(3, gradebook.size(), gradebook.toString());
        assertTrue(gradebook.get(1).startsWith("\"alice\","), gradebook.get(1));
        assertTrue(out.toString().contains("graded 2 submissions"), out.toString());
        assertTrue(err.toString().contains("2/2"), err.toString());
    }

    @Test
    void withoutResultsTheGradeGoesToTheCheckoutsProgressFileNotTheSubmission() throws IOException {
        Path checkout = emptyCheckout("checkout");
        Path submission = exerciseOneSubmission("s");
        assertEquals(0, runIn(checkout, "grade", "--submission", submission.toString(), "--only", "1"), err.toString());
        Path results = checkout.resolve(GradeCommand.DEFAULT_RESULTS);
        assertTrue(Files.isRegularFile(results), out.toString());
        assertEquals(ServeCommand.RESULTS, GradeCommand.DEFAULT_RESULTS, "the progress page reads what grade writes");
        try (var files = Files.walk(submission)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".json")));
        }
        assertTrue(out.toString().contains("results: " + results), out.toString());
    }

    @Test
    void practiceGradingSaysOnceThatTheOfficialGradeUsesOtherRandomInputs() throws IOException {
        Path results = temp.resolve("results.json");
        assertEquals(0, run("grade", "--submission", exerciseOneSubmission("s").toString(), "--only", "1",
            "--results", results.toString()), err.toString());
        String text = out.toString();
        assertTrue(text.startsWith("practice grading: "), text);
        assertEquals(text.indexOf("other random inputs"), text.lastIndexOf("other random inputs"), text);
        JsonNode json = new ObjectMapper().readTree(results.toFile());
        assertEquals("practice", json.get("extra_data").get("random_cases").asText());
    }

    @Test
    void officialGradingDrawsFromTheSeedFileAndRecordsOnlyItsKind() throws IOException {
        Path seed = Files.writeString(temp.resolve("course-seed"), "fall 2026: 81723");
        Path results = temp.resolve("results.json");
        assertEquals(0, run("grade", "--official", "--seed-file", seed.toString(), "--submission",
            exerciseOneSubmission("s").toString(), "--only", "1", "--results", results.toString()), err.toString());
        assertTrue(out.toString().startsWith("official grading: "), out.toString());
        assertFalse(out.toString().contains("81723"));
        JsonNode json = new ObjectMapper().readTree(results.toFile());
        assertEquals("official", json.get("extra_data").get("random_cases").asText());
        assertEquals(json.get("max_score").asDouble(), json.get("score").asDouble(), "the solution scores full marks");
        assertFalse(Files.readString(results).contains("81723"));
    }

    @Test
    void eachOfficialRunRecordsItsDrawAndDrawsAnew() throws IOException {
        Path seed = Files.writeString(temp.resolve("course-seed"), "fall 2026: 81723");
        Path submission = exerciseOneSubmission("s");
        List<String> draws = new java.util.ArrayList<>();
        for (int run = 0; run < 2; run++) {
            Path results = temp.resolve("results-" + run + ".json");
            assertEquals(0, run("grade", "--official", "--seed-file", seed.toString(), "--submission", submission.toString(),
                "--only", "1", "--results", results.toString()), err.toString());
            String draw = new ObjectMapper().readTree(results.toFile()).get("extra_data").get("draw").asText();
            assertTrue(draw.matches("[0-9a-f]{16}"), draw);
            assertTrue(out.toString().contains("--draw " + draw), out.toString());
            draws.add(draw);
        }
        assertFalse(draws.get(0).equals(draws.get(1)), "two official runs drew the same cases: " + draws);
    }

    /**
     * A student who learns the answers of the official random cases from the pass or fail of
     * earlier official runs, and hands in a table of them. Feedback on a hidden test shows the
     * student's value, not the expected one, so the student asks: one submission answers each
     * call with its arguments packed into one number (the feedback then names each random test's
     * input), then submissions that answer those inputs with 0, 1, 2, … (and the other calls with
     * -1, since a method that answers one value for every hidden test earns nothing) until each
     * random test has passed once; the last answers from the table. Its control: graded on the
     * recorded runs' draw again, as every official run was graded before runs drew anew, the table
     * earns every random case; in a run with a draw of its own, none.
     */
    @Test
    void answersLearntFromEarlierOfficialRunsEarnNoRandomCaseInTheNext() throws IOException {
        Path seed = Files.writeString(temp.resolve("course-seed"), "fall 2026: 81723");
        String draw = "00000000000000aa";
        java.util.Map<String, String> inputs = new java.util.TreeMap<>(); // random test -> "o" or "u" and its packed input
        for (JsonNode test : gradeOfficially(exerciseOne("recorder", "return " + PACKED + ";", "return " + PACKED + ";"),
                seed, draw).get("tests")) {
            String name = test.get("name").asText();
            var match = WAS.matcher(test.get("output").asText());
            if (name.contains(": random ") && match.find()) {
                inputs.put(name, (name.contains("outputSize") ? "o" : "u") + match.group(1));
            }
        }
        assertEquals(8, inputs.size(), "random tests whose input the feedback named: " + inputs);
        java.util.Map<String, Integer> answers = new java.util.TreeMap<>();
        for (int guess = 0; guess < 64 && answers.size() < inputs.size(); guess++) {
            // the guess for the random cases' inputs, -1 for the other calls: a constant would earn nothing at all
            JsonNode run = gradeOfficially(exerciseOne("guess" + guess, guessAt(inputs, "o", guess),
                guessAt(inputs, "u", guess)), seed, draw);
            for (JsonNode test : run.get("tests")) {
                if (inputs.containsKey(test.get("name").asText()) && test.get("status").asText().equals("passed")) {
                    answers.put(inputs.get(test.get("name").asText()), guess);
                }
            }
        }
        assertEquals(8, answers.size(), "random cases whose answer the runs gave away: " + answers);
        Path replay = tableSubmission("replay", answers);
        assertEquals(8, passedRandomCases(gradeOfficially(replay, seed, draw)),
            "the control: on the recorded runs' cases the table answers every random case");
        assertEquals(0, passedRandomCases(gradeOfficially(replay, seed, "00000000000000bb")),
            "random cases a table from earlier runs answered in a run with its own draw");
    }

    /** A method body answering {@code guess} for the recorded inputs of one method ("o" or "u"), -1 for any other call. */
    private static String guessAt(java.util.Map<String, String> inputs, String method, int guess) {
        String packed = inputs.values().stream().filter(v -> v.startsWith(method)).map(v -> v.substring(1))
            .collect(java.util.stream.Collectors.joining(", "));
        return "return java.util.List.of(" + packed + ").contains(" + PACKED + ") ? " + guess + " : -1;";
    }

    /**
     * A student who learns the answers of Ex01's hidden edge cases against the local (practice)
     * grader, which runs the hidden tests: one run answers every call with its arguments packed
     * into one number (the feedback names each test's input), and trying values finds each answer
     * by pass or fail (the test above runs such a search; here the reference gives the answers it
     * would find). The table of them earns every edge case in practice (the control); an official
     * run draws other numbers for them, and it earns none.
     */
    @Test
    void answersOfEx01sHiddenEdgeCasesLearntInPracticeEarnNoneOfThemOfficially() throws IOException {
        Path recorder = exerciseOne("edge-recorder", "return " + PACKED + ";", "return " + PACKED + ";");
        Path practiceResults = temp.resolve("edge-recorder.json");
        assertEquals(0, run("grade", "--submission", recorder.toString(), "--only", "1", "--results", practiceResults.toString()),
            err.toString());
        java.util.Map<String, Integer> answers = new java.util.TreeMap<>();
        java.util.Set<String> edges = new java.util.TreeSet<>();
        for (JsonNode test : new ObjectMapper().readTree(practiceResults.toFile()).get("tests")) {
            String name = test.get("name").asText();
            var match = WAS.matcher(test.get("output").asText());
            if (test.get("tags").toString().contains("hidden") && !name.contains(": random ") && match.find()) {
                int p = Integer.parseInt(match.group(1));
                int[] a = {p / 10000, p / 1000 % 10, p / 100 % 10, p / 10 % 10, p % 10};
                boolean size = name.contains("outputSize");
                int answer = size ? convkit.reference.OutputSize.of(a[0], a[1], a[2], a[3], a[4])
                    : convkit.reference.OutputSize.skipped(a[0], a[1], a[2], a[3], a[4]);
                answers.put((size ? "o" : "u") + p, answer);
                edges.add(name);
            }
        }
        assertEquals(13, edges.size(), "hidden edge cases whose input the feedback named: " + edges);
        Path replay = tableSubmission("edge-replay", answers);
        Path practice = temp.resolve("edge-replay-practice.json");
        assertEquals(0, run("grade", "--submission", replay.toString(), "--only", "1", "--results", practice.toString()),
            err.toString());
        Path seed = Files.writeString(temp.resolve("course-seed"), "fall 2026: 81723");
        assertEquals(13, passed(new ObjectMapper().readTree(practice.toFile()), edges),
            "the control: in practice the table answers every hidden edge case");
        assertEquals(0, passed(gradeOfficially(replay, seed, "00000000000000bb"), edges),
            "hidden edge cases a table learnt in practice answered in an official run");
    }

    private static int passed(JsonNode results, java.util.Set<String> names) {
        int passed = 0;
        for (JsonNode test : results.get("tests")) {
            if (names.contains(test.get("name").asText()) && test.get("status").asText().equals("passed")) {
                passed++;
            }
        }
        return passed;
    }

    /** Ex01's arguments packed into one number (each but {@code in} below 10), which the feedback on a hidden test shows. */
    private static final String PACKED = "in * 10000 + kernel * 1000 + pad * 100 + stride * 10 + dilation";
    /** The student's value in the feedback on a hidden test. */
    private static final java.util.regex.Pattern WAS = java.util.regex.Pattern.compile("was <(\\d+)>");

    /**
     * A submission of Ex01 that answers from {@code answers}, keyed by "o" (outputSize) or "u"
     * (unreadPixels) and the packed arguments, and -1 for anything else.
     */
    private Path tableSubmission(String name, java.util.Map<String, Integer> answers) throws IOException {
        StringBuilder table = new StringBuilder();
        answers.forEach((input, answer) -> table.append("TABLE.put(\"").append(input).append("\", ").append(answer)
            .append(");\n"));
        String lookup = "return TABLE.getOrDefault(\"%s\" + (" + PACKED + "), -1);";
        return exerciseOne(name, String.format(lookup, "o"), String.format(lookup, "u"),
            "static final java.util.Map<String, Integer> TABLE = new java.util.HashMap<>();\nstatic {\n" + table + "}\n");
    }

    private JsonNode gradeOfficially(Path submission, Path seed, String draw) throws IOException {
        Path results = temp.resolve(submission.getFileName() + "-" + draw + ".json");
        assertEquals(0, run("grade", "--official", "--seed-file", seed.toString(), "--draw", draw, "--submission",
            submission.toString(), "--only", "1", "--results", results.toString()), err.toString());
        return new ObjectMapper().readTree(results.toFile());
    }

    private static int passedRandomCases(JsonNode results) {
        int passed = 0;
        for (JsonNode test : results.get("tests")) {
            if (test.get("name").asText().contains(": random ") && test.get("status").asText().equals("passed")) {
                passed++;
            }
        }
        return passed;
    }

    /** A submission of Ex01 whose two methods have the given bodies, and the given members besides. */
    private Path exerciseOne(String name, String outputSize, String unreadPixels, String... members) throws IOException {
        Path file = temp.resolve(name + "/src/convkit/exercises/Ex01OutputSize.java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "package convkit.exercises;\n\npublic final class Ex01OutputSize {\n"
            + String.join("\n", members)
            + "  public static int outputSize(int in, int kernel, int pad, int stride, int dilation) {\n    " + outputSize
            + "\n  }\n  public static int unreadPixels(int in, int kernel, int pad, int stride, int dilation) {\n    "
            + unreadPixels + "\n  }\n}\n");
        return temp.resolve(name);
    }

    @Test
    void officialWithoutASeedIsAUsageErrorSayingWhereTheSeedComesFrom() {
        assertEquals(Main.EXIT_USAGE, run("grade", "--official", "--only", "1"));
        assertTrue(err.toString().contains("--seed-file") && err.toString().contains("CONVKIT_COURSE_SEED"), err.toString());
    }

    @Test
    void aSeedFileWithoutOfficialIsAUsageError() throws IOException {
        Path seed = Files.writeString(temp.resolve("course-seed"), "fall 2026");
        assertEquals(Main.EXIT_USAGE, run("grade", "--seed-file", seed.toString(), "--only", "1"));
        assertTrue(err.toString().contains("--official"), err.toString());
    }

    @Test
    void selfCheckWhereThereAreNoSolutionsIsRefusedClearly() throws IOException {
        assertEquals(Main.EXIT_USAGE, runIn(emptyCheckout("handout"), "grade", "--self-check"));
        assertTrue(err.toString().contains("instructor solutions") && err.toString().contains("handout"), err.toString());
    }
}

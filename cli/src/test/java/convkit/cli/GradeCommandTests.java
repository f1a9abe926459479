package convkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    /** A submission holding only the instructor solution of exercise 1. */
    private Path exerciseOneSubmission(String name) throws IOException {
        Path file = temp.resolve(name + "/src/convkit/exercises/Ex01OutputSize.java");
        Files.createDirectories(file.getParent());
        Files.copy(ProjectRoot.find().resolve("grader/src/solutions/java/convkit/exercises/Ex01OutputSize.java"), file);
        return temp.resolve(name);
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
}

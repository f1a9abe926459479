package convkit.grader;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import convkit.grader.check.Expect;
import convkit.grader.check.Mistake;
import convkit.grader.check.Throws;
import convkit.grader.report.TerminalTable;
import convkit.grader.run.Call;
import convkit.grader.run.Outcome;
import convkit.grader.suite.CaseSeed;
import convkit.grader.suite.TestCase;

/**
 * What a student reads in the terminal after grading is the product: it must match
 * src/test/resources/golden/terminal-feedback.txt exactly. The report is built from verdicts of
 * the real checks: an example test whose value differs (expected and actual on one line), a
 * hidden test with a wrong shape and its hint, a hidden value difference (the student's value
 * only), a missing exception, and an exercise whose source is missing. On a mismatch the text
 * printed is written to target/golden-actual/terminal-feedback.txt: after an intended change,
 * review it and copy it over the golden file.
 */
class FeedbackGoldenTests {

    private static final List<String> NCHW = List.of("n", "c", "y", "x");
    private static final Call CALL = Call.of("convkit.exercises.Ex07Pooling", "maxPool",
        List.of(double[][][][].class, int.class, int.class), new double[1][1][5][8], 2, 2);

    private static String golden() throws IOException {
        try (InputStream in = FeedbackGoldenTests.class.getResourceAsStream("/golden/terminal-feedback.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static TestResult result(String name, boolean hidden, convkit.grader.check.Check check, Object answer) {
        TestCase test = new TestCase("Ex07Pooling", name, 2, hidden, CALL, check, Duration.ofSeconds(10), List.of());
        return Grader.judge(test, Outcome.returned(answer), 0.05);
    }

    private static GradeReport report() {
        double[][][][] expected = {{{{6, 8, 7, 9}, {5, 3, 2, 4}}}};
        double[][][][] off = {{{{6, 8, 7, 9}, {5, 3, 2.5, 4}}}};
        double[][][][] narrow = {{{{6, 8}, {5, 3}}}};
        List<TestResult> pooling = List.of(
            result("maxPool: 4×4 image, kernel 2, stride 2", false, Expect.array(expected, NCHW), expected),
            result("maxPool: the notes' patch, kernel 3", false, Expect.array(expected, NCHW), off),
            result("maxPool: non-square 5×8 image", true, Expect.array(expected, NCHW,
                new Mistake("the output width is computed from H, the number of rows: it comes from W, the number of"
                    + " columns (this image is H×W = 5×8)", narrow)), narrow),
            result("maxPool: batch of 2, 3 channels", true, Expect.array(expected, NCHW), off),
            result("maxPool rejects kernel 0", true, Throws.ILLEGAL_ARGUMENT, expected));
        TestCase padTest = new TestCase("Ex02Padding", "zeroPad: [[1,2],[3,4]] by 1", 1, false, CALL,
            Throws.ILLEGAL_ARGUMENT, Duration.ofSeconds(10), List.of());
        return new GradeReport("alice", List.of(
            ExerciseResult.notRun(new FixedSuite("Ex02Padding", padTest), "",
                "Ex02Padding.java was not found in the submission", 0.0),
            new ExerciseResult("Ex07Pooling", "src/main/java/convkit/exercises/Ex07Pooling.java", "", pooling, 1.25)),
            List.of("Ex07Pooling.java found 2 times; graded src/main/java/convkit/exercises/Ex07Pooling.java"), 1.5,
            CaseSeed.PRACTICE);
    }

    /** A suite of fixed test cases, for building a report by hand. */
    private record FixedSuite(String exercise, TestCase test) implements convkit.grader.suite.Suite {
        @Override
        public List<TestCase> cases() {
            return List.of(test);
        }

        @Override
        public CaseSeed seed() {
            return CaseSeed.PRACTICE;
        }
    }

    @Test
    void theTerminalFeedbackMatchesGolden() throws IOException {
        StringWriter out = new StringWriter();
        new TerminalTable(false).print(report(), new PrintWriter(out));
        String actual = out.toString().replace(System.lineSeparator(), "\n");
        String golden = golden();
        if (!golden.equals(actual)) {
            java.nio.file.Path file = java.nio.file.Path.of("target/golden-actual/terminal-feedback.txt");
            java.nio.file.Files.createDirectories(file.getParent());
            java.nio.file.Files.writeString(file, actual);
        }
        assertEquals(golden, actual);
    }
}

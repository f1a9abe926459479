package convkit.grader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import convkit.grader.check.Expect;
import convkit.grader.check.Throws;
import convkit.grader.run.Call;
import convkit.grader.run.Outcome;
import convkit.grader.suite.TestCase;

/** What the student reads for one failed test: the differs line once, the expected value only where the data is public. */
class JudgeTests {

    private static final List<String> YX = List.of("y", "x");

    private static TestCase test(boolean hidden, convkit.grader.check.Check check) {
        Call call = Call.of("convkit.exercises.Ex02Padding", "zeroPad", List.of(double[][].class, int.class),
            new double[][] {{1}}, 0);
        return new TestCase("Ex02Padding", "a test", 1, hidden, call, check, Duration.ofSeconds(1), List.of());
    }

    private static String output(boolean hidden, convkit.grader.check.Check check, Object returned) {
        return Grader.judge(test(hidden, check), Outcome.returned(returned), 0.1).output();
    }

    @Test
    void anExampleTestShowsOneDiffersLineWithExpectedAndActual() {
        String text = output(false, Expect.array(new double[][] {{1, 2}}, YX), new double[][] {{1, 3}});
        assertEquals("output differs at [y=0, x=1]: expected <2.0> but was <3.0> (tolerance 1e-9)", text);
    }

    @Test
    void aHiddenTestShowsOneDiffersLineWithTheStudentsValueAndSaysSo() {
        String text = output(true, Expect.array(new double[][] {{1, 2}}, YX), new double[][] {{1, 3}});
        assertEquals("output differs at [y=0, x=1]: was <3.0> (tolerance 1e-9)\n"
            + "(hidden test: the line above shows your value, not the expected one)", text);
    }

    @Test
    void aHiddenShapeMismatchShowsBothShapesWithNoWithheldNote() {
        String text = output(true, Expect.array(new double[2][3], YX), new double[2][2]);
        assertEquals("shape differs (axis x): expected [2][3] but was [2][2]", text);
    }

    @Test
    void aValueOfAMegabyteIsQuotedByItsBeginningAndItsLength() {
        String text = output(true, Expect.evaluatesTo(3), "y".repeat(1_048_576));
        assertEquals("the expression's value <" + "y".repeat(Expect.SHOWN_CAP) + "… (1,048,576 characters)> is not an"
            + " integer\n(hidden test: the line above shows your value, not the expected one)", text);
        assertEquals("value differs: expected <1.5> but was <" + "7".repeat(Expect.SHOWN_CAP) + "> (tolerance 1e-9)",
            output(false, Expect.real(1.5), "7".repeat(Expect.SHOWN_CAP)), "a value of the cap's length is quoted whole");
    }

    @Test
    void aTestsFeedbackIsClippedAtTheCapWhateverFillsIt() {
        String kept = output(false, actual -> convkit.grader.check.Verdict.fail("z".repeat(Grader.FEEDBACK_CAP), ""), 1);
        assertEquals("z".repeat(Grader.FEEDBACK_CAP), kept, "feedback of the cap's length is kept whole");
        String clipped = output(false, actual -> convkit.grader.check.Verdict.fail("z".repeat(50_000), ""), 1);
        assertEquals("z".repeat(Grader.FEEDBACK_CAP) + "… (the grader keeps " + Grader.FEEDBACK_CAP
            + " characters of a test's feedback; this one had 50000)", clipped);
    }

    @Test
    void anExampleIntegerShowsOneLine() {
        assertEquals("value differs: expected <3> but was <4>", output(false, Expect.integer(3), 4));
    }

    @Test
    void aMissingExceptionIsOneLineInBothKindsOfTest() {
        String example = output(false, Throws.ILLEGAL_ARGUMENT, 7);
        assertEquals("returned Integer 7 instead of throwing IllegalArgumentException", example);
        assertEquals(example, output(true, Throws.ILLEGAL_ARGUMENT, 7));
    }

    private static Outcome indexOutOfBounds() {
        return new Outcome(Outcome.Kind.THREW, null, "java.lang.ArrayIndexOutOfBoundsException",
            "Index 7 out of bounds for length 7", "", "", 0, 0, 0);
    }

    @Test
    void anIndexOutOfBoundsOnANonSquareImageHintsAtRowsAndColumns() {
        Call call = Call.of("convkit.exercises.Ex07Pooling", "maxPool",
            List.of(double[][][][].class, int.class, int.class), new double[1][1][8][7], 2, 3);
        TestCase test = new TestCase("Ex07Pooling", "a test", 1, true, call, Expect.array(new double[1][1][3][2], YX),
            Duration.ofSeconds(1), List.of());
        assertEquals("check the loop bounds and the padding bounds check; this image is H×W = 8×7: the width comes"
            + " from W (columns), the height from H (rows)", Grader.judge(test, indexOutOfBounds(), 0.1).hint());
    }

    @Test
    void anIndexOutOfBoundsOnASquareImageKeepsTheBoundsHint() {
        Call call = Call.of("convkit.exercises.Ex02Padding", "zeroPad", List.of(double[][].class, int.class),
            new double[3][3], 1);
        TestCase test = new TestCase("Ex02Padding", "a test", 1, true, call, Expect.array(new double[5][5], YX),
            Duration.ofSeconds(1), List.of());
        assertEquals("check the loop bounds and the padding bounds check", Grader.judge(test, indexOutOfBounds(), 0.1).hint());
    }

    @Test
    void aHintFollowsTheDiffersLine() {
        var check = Expect.array(new double[][] {{1, 2}}, YX,
            new convkit.grader.check.Mistake("the bias is missing", new double[][] {{0, 1}}));
        String text = output(false, check, new double[][] {{0, 1}});
        assertEquals("output differs at [y=0, x=0]: expected <1.0> but was <0.0> (tolerance 1e-9)\n"
            + "Hint: the bias is missing", text);
        assertFalse(text.contains("was <0.0> (tolerance 1e-9)\noutput differs"), text);
    }
}

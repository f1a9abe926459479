package convkit.grader.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class ExpectTests {

    private static final List<String> NCHW = List.of("n", "c", "y", "x");

    private static double[][][][] tensor(double value) {
        double[][][][] t = new double[1][3][2][4];
        t[0][2][1][3] = value;
        return t;
    }

    @Test
    void reportsTheFirstDifferingElementWithItsIndices() {
        Verdict verdict = Expect.array(tensor(1.5), NCHW).judge(tensor(1.25));
        assertFalse(verdict.passed());
        assertEquals("output differs at [n=0, c=2, y=1, x=3]: expected <1.5> but was <1.25> (tolerance 1e-9)",
            verdict.detail());
        assertFalse(verdict.summary().contains("expected"), verdict.summary());
    }

    @Test
    void acceptsValuesWithinTheTolerance() {
        assertTrue(Expect.array(tensor(1.5), NCHW).judge(tensor(1.5 + 1e-12)).passed());
    }

    @Test
    void reportsAShapeMismatchWithTheExpectedShape() {
        Verdict verdict = Expect.array(new double[2][3], List.of("y", "x")).judge(new double[2][4]);
        assertTrue(verdict.summary().contains("expected 3 but was 4"), verdict.summary());
    }

    @Test
    void aKnownWrongVariantGivesItsHint() {
        Mistake noBias = new Mistake("the bias is missing", tensor(1.0));
        Verdict verdict = Expect.array(tensor(1.5), NCHW, noBias).judge(tensor(1.0));
        assertEquals("the bias is missing", verdict.hint());
    }

    @Test
    void aWrongValueThatMatchesNoVariantGetsNoHint() {
        Mistake noBias = new Mistake("the bias is missing", tensor(1.0));
        assertEquals("", Expect.array(tensor(1.5), NCHW, noBias).judge(tensor(7.0)).hint());
    }

    @Test
    void nullIsAFailureNotACrash() {
        assertTrue(Expect.array(tensor(1), NCHW).judge(null).summary().contains("returned null"));
    }

    @Test
    void aJShellLongValueIsAccepted() {
        assertTrue(Expect.evaluatesTo(1048577000L).judge("1048577000").passed());
        assertTrue(Expect.evaluatesTo(5L).judge("5L").passed());
    }

    @Test
    void aJShellStringValueIsNotANumber() {
        assertTrue(Expect.evaluatesTo(5L).judge("\"5\"").summary().contains("is not an integer"));
    }
}

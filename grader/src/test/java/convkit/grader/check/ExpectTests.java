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
    void aShapeMismatchShowsBothWholeShapesAndTheAxis() {
        Verdict verdict = Expect.array(new double[2][3][4][4], NCHW).judge(new double[2][3][4][3]);
        assertEquals("shape differs (axis x): expected [2][3][4][4] but was [2][3][4][3]", verdict.summary());
    }

    @Test
    void aShapeMismatchOnTwoAxesNamesBoth() {
        Verdict verdict = Expect.array(new double[1][1][5][8], NCHW).judge(new double[1][1][8][5]);
        assertEquals("shape differs (axes y, x): expected [1][1][5][8] but was [1][1][8][5]", verdict.summary());
    }

    @Test
    void aRankMismatchShowsBothShapes() {
        Verdict verdict = Expect.array(new double[2][3][4][4], NCHW).judge(new double[3][4][4]);
        assertEquals("rank differs: expected [2][3][4][4] (rank 4) but was [3][4][4] (rank 3)", verdict.summary());
    }

    @Test
    void aRaggedArraySaysWhichRowHasTheWrongLength() {
        double[][] ragged = {{1, 2, 3}, {4, 5}};
        Verdict verdict = Expect.array(new double[2][3], List.of("y", "x")).judge(ragged);
        assertEquals("ragged array: the rows of an array of shape [2][3] all have the same length, but length differs"
            + " at [y=1] (axis x): expected 3 but was 2", verdict.summary());
    }

    @Test
    void theDetailOfAnIntegerIsTheSummaryLineWithTheExpectedValue() {
        Verdict verdict = Expect.integer(3).judge(4);
        assertEquals("value differs: was <4>", verdict.summary());
        assertEquals("value differs: expected <3> but was <4>", verdict.detail());
    }

    @Test
    void theDetailOfADoubleIsTheSummaryLineWithTheExpectedValue() {
        Verdict verdict = Expect.real(1.5).judge(2.0);
        assertEquals("value differs: expected <1.5> but was <2.0> (tolerance 1e-9)", verdict.detail());
        assertFalse(verdict.summary().contains("1.5"), verdict.summary());
    }

    @Test
    void theDetailOfAJShellValueKeepsTheSummarysWords() {
        Verdict verdict = Expect.evaluatesTo(5L).judge("6");
        assertEquals("the expression evaluates to <6>: expected <5> but was <6>", verdict.detail());
    }

    @Test
    void aMissingExceptionHasNothingToAddInItsDetail() {
        Verdict verdict = Throws.ILLEGAL_ARGUMENT.judge(3);
        assertEquals("returned Integer 3 instead of throwing IllegalArgumentException", verdict.summary());
        assertEquals("", verdict.detail());
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

package convkit.grader.suite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.BiFunction;

import org.junit.jupiter.api.Test;

import convkit.grader.check.Mistake;
import convkit.grader.check.Verdict;
import convkit.reference.Tensor;

/**
 * The hint for rows and columns mixed up: its wrong answers checked by hand, and against student-like
 * code with the mix-up written out (not the construction the detector uses), on the suites' own
 * non-square tests.
 */
class RowsAndColumnsTests {

    private static final Tensor WIDE = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 1, 1, 2, 4); // H=2, W=4

    @Test
    void resizedCutsAndZeroExtendsFromTheTopLeft() {
        assertArrayEquals(new double[] {1, 2, 5, 6}, Wrong.resized(WIDE, 2, 2).data());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 0, 0, 0, 0},
            Wrong.resized(WIDE, 4, 4).data());
    }

    @Test
    void transposeSlicesTransposesTheLastTwoAxes() {
        Tensor t = Data.transposeSlices(WIDE);
        assertArrayEquals(new int[] {1, 1, 4, 2}, t.shape());
        assertArrayEquals(new double[] {1, 5, 2, 6, 3, 7, 4, 8}, t.data());
    }

    @Test
    void aSquareImageHasNoSuchMistake() {
        assertTrue(Wrong.rowsAndColumnsMixedUp(Tensor.zeros(1, 1, 3, 3), x -> x).isEmpty());
    }

    @Test
    void dyLoopsWithOneSizeVisitOnlyTheSquareCorner() {
        Tensor wide = Tensor.of(new double[] {3, 4, 5, 6, 7, 8}, 1, 1, 2, 3);
        Mistake m = Wrong.dyLoopsMixedUp(wide, Tensor::data).getFirst();
        assertArrayEquals(new double[] {3, 4, 0, 6, 7, 0}, (double[]) m.wrong(), "columns past OH = 2 never visited");
        assertTrue(m.hint().contains("OH×OW = 2×3"), m.hint());
        Tensor tall = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 1, 1, 3, 2);
        assertArrayEquals(new double[] {1, 2, 3, 4, 0, 0}, (double[]) Wrong.dyLoopsMixedUp(tall, Tensor::data).getFirst().wrong(),
            "rows past OW = 2 never visited");
        assertTrue(Wrong.dyLoopsMixedUp(Tensor.zeros(1, 1, 2, 2), Tensor::data).isEmpty());
    }

    /** Average-pool backward as a student writes it, with {@code ow} read from dy's height. */
    private static double[][][][] avgBackwardWidthFromHeight(double[][][][] x, double[][][][] dy, int kernel, int stride) {
        double[][][][] dx = new double[x.length][x[0].length][x[0][0].length][x[0][0][0].length];
        int oh = dy[0][0].length;
        int ow = dy[0][0].length; // the mix-up
        for (int n = 0; n < x.length; n++) {
            for (int c = 0; c < x[0].length; c++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        for (int u = 0; u < kernel; u++) {
                            for (int v = 0; v < kernel; v++) {
                                dx[n][c][oy * stride + u][ox * stride + v] += dy[n][c][oy][ox] / (kernel * kernel);
                            }
                        }
                    }
                }
            }
        }
        return dx;
    }

    @Test
    void averagePoolBackwardWithTheWidthFromDyHeightIsHinted() {
        int hinted = 0;
        for (TestCase test : Suites.named("Ex09", CaseSeed.PRACTICE).orElseThrow().cases()) {
            List<Object> args = test.call().arguments();
            if (!test.call().method().equals("avgPoolBackward") || test.check() instanceof convkit.grader.check.Throws) {
                continue;
            }
            double[][][][] dy = (double[][][][]) args.get(1);
            if (dy[0][0].length >= dy[0][0][0].length) {
                continue; // square dy: the mix-up is harmless; taller than wide: the student's code throws
            }
            double[][][][] answer = avgBackwardWidthFromHeight((double[][][][]) args.get(0), dy,
                (Integer) args.get(2), (Integer) args.get(3));
            Verdict verdict = test.check().judge(answer);
            assertFalse(verdict.passed(), test.name());
            assertTrue(verdict.hint().startsWith("the loops over dy take one size for both axes"), test.name() + ": " + verdict);
            hinted++;
        }
        assertTrue(hinted >= 3, "expected the wide-dy tests of avgPoolBackward to be hinted, got " + hinted);
    }

    @Test
    void maxPoolOfAWideImageWithTheWidthFromHIsTheLeftWindowOnly() {
        // by hand: H = 2 gives one output column, the window over columns 0-1: max(1, 2, 5, 6) = 6
        List<Mistake> mistakes = Wrong.rowsAndColumnsMixedUp(WIDE, x -> Ex07PoolingSuite.forward(true, x, 2, 2));
        assertEquals(3, mistakes.size(), "pooling swapped on reading and on storing gives one answer, one hint");
        assertTrue(mistakes.getFirst().hint().startsWith("the output width is computed from H"), mistakes.getFirst().hint());
        assertTrue(mistakes.getFirst().hint().contains("H×W = 2×4"), mistakes.getFirst().hint());
        assertArrayEquals(new double[][][][] {{{{6}}}}, (double[][][][]) mistakes.getFirst().wrong());
    }

    /** Pooling as a student writes it, with the output width taken from the image height. */
    private static double[][][][] poolWidthFromHeight(double[][][][] x, int kernel, int stride, boolean max) {
        int h = x[0][0].length;
        int oh = (h - kernel) / stride + 1;
        int ow = (h - kernel) / stride + 1; // the mix-up: H where W belongs
        double[][][][] y = new double[x.length][x[0].length][oh][ow];
        for (int n = 0; n < x.length; n++) {
            for (int c = 0; c < x[0].length; c++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double best = Double.NEGATIVE_INFINITY;
                        double sum = 0;
                        for (int u = 0; u < kernel; u++) {
                            for (int v = 0; v < kernel; v++) {
                                double value = x[n][c][oy * stride + u][ox * stride + v];
                                best = Math.max(best, value);
                                sum += value;
                            }
                        }
                        y[n][c][oy][ox] = max ? best : sum / (kernel * kernel);
                    }
                }
            }
        }
        return y;
    }

    /** Pooling that stores its output transposed, y[ox][oy], in an array allocated [OW][OH]. */
    private static double[][][][] poolStoredTransposed(double[][][][] x, int kernel, int stride, boolean max) {
        double[][][][] right = Data.nested4(Ex07PoolingSuite.forward(max, Data.tensor(x), kernel, stride));
        return Data.nested4(Data.transposeSlices(Data.tensor(right)));
    }

    private static int hintedNonSquareTests(BiFunction<double[][][][], TestCase, double[][][][]> student, String hint) {
        int hinted = 0;
        for (TestCase test : Suites.named("Ex07", CaseSeed.PRACTICE).orElseThrow().cases()) { // Suites quiets the reference
            if (test.check() instanceof convkit.grader.check.Throws
                || !(test.call().arguments().getFirst() instanceof double[][][][] x) || x[0][0].length == x[0][0][0].length) {
                continue;
            }
            double[][][][] answer;
            try {
                answer = student.apply(x, test);
            } catch (ArrayIndexOutOfBoundsException e) {
                continue; // the student's code throws on this input: no value to hint about
            }
            Verdict verdict = test.check().judge(answer);
            assertFalse(verdict.passed(), test.name());
            assertTrue(verdict.hint().startsWith(hint), test.name() + ": " + verdict);
            hinted++;
        }
        return hinted;
    }

    @Test
    void everyNonSquarePoolingTestHintsAtAWidthComputedFromH() {
        int hinted = hintedNonSquareTests((x, test) -> poolWidthFromHeight(x,
            (Integer) test.call().arguments().get(1), (Integer) test.call().arguments().get(2),
            test.call().method().equals("maxPool")), "the output width is computed from H");
        assertTrue(hinted >= 4, "expected the wide images of max and avg pooling to be hinted, got " + hinted);
    }

    @Test
    void everyNonSquarePoolingTestHintsAtAnOutputStoredTransposed() {
        int hinted = hintedNonSquareTests((x, test) -> poolStoredTransposed(x,
            (Integer) test.call().arguments().get(1), (Integer) test.call().arguments().get(2),
            test.call().method().equals("maxPool")), "rows and columns are swapped: x[..][row][column] and y[..][oy][ox]");
        assertTrue(hinted >= 6, "expected every non-square pooling test to be hinted, got " + hinted);
    }
}

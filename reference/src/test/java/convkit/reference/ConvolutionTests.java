package convkit.reference;

import static convkit.reference.TensorAssert.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** True convolution in centred coordinates, cross-correlation, flip180 and how they relate. */
class ConvolutionTests {

    private static final double[][] X = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};
    private static final double[][] ASYMMETRIC = {{1, 2}, {3, 4}};

    @Test
    void centredCoordinatesOfOddSizeRunFromMinusToPlusHalf() {
        assertEquals(-2, Convolution.first(5));
        assertEquals(2, Convolution.last(5));
    }

    @Test
    void centredCoordinatesOfEvenSizePutOriginUpperLeftOfCentre() {
        // documented convention: a = i - floor((H-1)/2), so 4 rows are -1, 0, 1, 2
        assertEquals(-1, Convolution.first(4));
        assertEquals(2, Convolution.last(4));
    }

    @Test
    void atFollowsTheFormulaWithTheKernelFlipped() {
        // y(0,0) = Σ x(a,b)·k(-a,-b): x(-1,-1)·k(1,1) + x(-1,0)·k(1,0) + x(0,-1)·k(0,1) + x(0,0)·k(0,0)
        assertEquals(1 * 4 + 2 * 3 + 4 * 2 + 5 * 1, Convolution.at(X, ASYMMETRIC, 0, 0));
    }

    @Test
    void tapsOutsideTheKernelAreDropped() {
        // r = -1, c = -1: only x(-1,-1)·k(0,0) lands inside the kernel
        assertEquals(1.0, Convolution.at(X, ASYMMETRIC, -1, -1));
        // far away: nothing lands inside
        assertEquals(0.0, Convolution.at(X, ASYMMETRIC, 10, 10));
    }

    @Test
    void validRangeIsImageMinusKernelPlusOne() {
        assertArrayEquals(new double[][] {{23, 33}, {53, 63}}, Convolution.convolve(X, ASYMMETRIC, Range.VALID));
    }

    @Test
    void fullRangeIsImagePlusKernelMinusOne() {
        double[][] full = Convolution.convolve(X, ASYMMETRIC, Range.FULL);
        assertEquals(4, full.length);
        assertArrayEquals(new double[] {1, 4, 7, 6}, full[0]);
        assertArrayEquals(new double[] {21, 52, 59, 36}, full[3]);
    }

    @Test
    void evenSizedImageAndKernelWork() {
        double[][] x = {{1, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 1}};
        double[][] k = {{1, 2}, {3, 4}};
        double[][] full = Convolution.convolve(x, k, Range.FULL);
        // an impulse copies the kernel: upper-left impulse gives k at the start, lower-right at the end
        assertArrayEquals(new double[] {1, 2, 0, 0, 0}, full[0]);
        assertArrayEquals(new double[] {0, 0, 0, 3, 4}, full[4]);
        assertEquals(0, Convolution.firstOutput(4, 2, Range.VALID)); // -1 + 2 - 1
    }

    @Test
    void convolveEqualsCrossCorrelateWithFlippedKernelValid() {
        double[][] k = {{1, -2, 0}, {5, 3, 7}};
        double[][] x = {{1, 4, 2, 8}, {5, 7, 1, 0}, {3, 3, 9, 2}};
        assertArrayEquals(Convolution.convolve(x, k, Range.VALID),
            CrossCorrelation.crossCorrelate(x, Kernels.flip180(k), Range.VALID));
    }

    @Test
    void convolveEqualsCrossCorrelateWithFlippedKernelFull() {
        double[][] k = {{1, -2, 0}, {5, 3, 7}};
        double[][] x = {{1, 4, 2, 8}, {5, 7, 1, 0}, {3, 3, 9, 2}};
        assertArrayEquals(Convolution.convolve(x, k, Range.FULL),
            CrossCorrelation.crossCorrelate(x, Kernels.flip180(k), Range.FULL));
    }

    @Test
    void convolveDiffersFromCrossCorrelateForAnAsymmetricKernel() {
        assertFalse(Arrays.deepEquals(Convolution.convolve(X, ASYMMETRIC, Range.VALID),
            CrossCorrelation.crossCorrelate(X, ASYMMETRIC, Range.VALID)));
    }

    @Test
    void flip180ReversesBothAxes() {
        double[][] k = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};
        assertArrayEquals(new double[][] {{9, 8, 7}, {6, 5, 4}, {3, 2, 1}}, Kernels.flip180(k));
    }

    @Test
    void flip180OfNonSquareKernel() {
        assertArrayEquals(new double[][] {{6, 5, 4}, {3, 2, 1}}, Kernels.flip180(new double[][] {{1, 2, 3}, {4, 5, 6}}));
    }

    @Test
    void crossCorrelationIsNotCommutative() {
        // counterexample: x = [[1, 2]], k = [[3, 5]]: x★k = [[5, 13, 6]] but k★x = [[6, 13, 5]]
        double[][] x = {{1, 2}};
        double[][] k = {{3, 5}};
        assertArrayEquals(new double[][] {{5, 13, 6}}, CrossCorrelation.crossCorrelate(x, k, Range.FULL));
        assertArrayEquals(new double[][] {{6, 13, 5}}, CrossCorrelation.crossCorrelate(k, x, Range.FULL));
    }

    @Test
    void crossCorrelationIsNotAssociative() {
        // counterexample in 1 row: f = [1, 2], g = [1, 3], i = [1, 5]
        double[][] f = {{1, 2}};
        double[][] g = {{1, 3}};
        double[][] i = {{1, 5}};
        double[][] left = CrossCorrelation.crossCorrelate(f, CrossCorrelation.crossCorrelate(g, i, Range.FULL), Range.FULL);
        double[][] right = CrossCorrelation.crossCorrelate(CrossCorrelation.crossCorrelate(f, g, Range.FULL), i, Range.FULL);
        assertFalse(Arrays.deepEquals(left, right), Format.matrix(left) + " vs " + Format.matrix(right));
    }

    @Test
    void convolutionOfTheSameCounterexampleIsCommutative() {
        double[][] x = {{1, 2}};
        double[][] k = {{3, 5}};
        assertArrayEquals(Convolution.convolve(x, k, Range.FULL), Convolution.convolve(k, x, Range.FULL));
    }

    @Test
    void oneDimensionalConvolutionMatchesTheNotesIndexing() {
        double[] y = Convolution.convolve1d(new double[] {1, 2, 3, 4}, new double[] {1, 10, 100, 1000});
        assertArrayEquals(new double[] {1, 12, 123, 1234, 2340, 3400, 4000}, y);
    }

    @Test
    void oneDimensionalConvolutionIsTheTwoDimensionalOneOnARow() {
        double[] x = {1, -2, 3, 5};
        double[] h = {2, 0, -1};
        double[][] full = Convolution.convolve(new double[][] {x}, new double[][] {h}, Range.FULL);
        assertArrayEquals(Convolution.convolve1d(x, h), full[0]);
    }

    @Test
    void validKernelLargerThanImageIsRejectedWithSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Convolution.convolve(new double[][] {{1, 2}}, new double[][] {{1}, {2}}, Range.VALID));
        assertTrue(e.getMessage().contains("[2 x 1]") && e.getMessage().contains("[1 x 2]"), e.getMessage());
    }

    @Test
    void raggedKernelIsRejectedNamingTheRow() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Kernels.flip180(new double[][] {{1, 2}, {3}}));
        assertEquals("kernel k: expected every row to have 2 entries but row 1 has 1", e.getMessage());
    }

    @Test
    void crossCorrelationMatchesConv2dOnOnePlane() {
        double[][] x = {{1, 4, 2, 8}, {5, 7, 1, 0}, {3, 3, 9, 2}};
        double[][] k = {{1, -2}, {5, 3}};
        Tensor y = Conv2d.forward(Tensor.of(new double[] {1, 4, 2, 8, 5, 7, 1, 0, 3, 3, 9, 2}, 1, 1, 3, 4),
            Tensor.of(new double[] {1, -2, 5, 3}, 1, 1, 2, 2), null, ConvSpec.DEFAULT);
        assertClose("y", CrossCorrelation.crossCorrelate(x, k, Range.VALID), Duality.plane(y, 0, 0), 0);
    }
}

package convkit.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Pool2dTests {

    private static final Tensor FOUR_BY_FOUR = Tensor.of(new double[] {
        1, 3, 2, 0,
        4, 2, 1, 1,
        0, 0, 5, 5,
        7, 0, 5, 2}, 1, 1, 4, 4);

    @Test
    void maxPoolTakesTheLargestOfEachWindow() {
        assertArrayEquals(new double[] {4, 2, 7, 5}, Pool2d.maxForward(FOUR_BY_FOUR, PoolSpec.of(2, 2, 0)).y().data());
    }

    @Test
    void argmaxHoldsOffsetsIntoTheInput() {
        assertArrayEquals(new int[] {4, 2, 12, 10}, Pool2d.maxForward(FOUR_BY_FOUR, PoolSpec.of(2, 2, 0)).argmax());
    }

    @Test
    void tieGoesToTheFirstMaximumInRowMajorOrder() {
        // window (1,1) holds 5, 5 / 5, 2: the first 5 (offset 10) wins
        assertEquals(10, Pool2d.maxForward(FOUR_BY_FOUR, PoolSpec.of(2, 2, 0)).argmax()[3]);
    }

    @Test
    void tieSendsTheWholeGradientToTheFirstMaximum() {
        Tensor x = Tensor.of(new double[] {3, 3, 3, 3}, 1, 1, 2, 2);
        Tensor dx = Pool2d.maxBackward(x, Tensor.of(new double[] {1}, 1, 1, 1, 1), PoolSpec.of(2, 2, 0));
        assertArrayEquals(new double[] {1, 0, 0, 0}, dx.data());
    }

    @Test
    void maxPoolPaddingIsNeverTheMaximum() {
        Tensor negative = Tensor.of(new double[] {-5, -6, -7, -8}, 1, 1, 2, 2);
        Tensor y = Pool2d.maxForward(negative, PoolSpec.of(2, 2, 1)).y();
        assertArrayEquals(new double[] {-5, -6, -7, -8}, y.data());
    }

    @Test
    void avgPoolDividesByTheWholeWindowIncludingPadding() {
        Tensor ones = Tensor.of(new double[] {1, 1, 1, 1}, 1, 1, 2, 2);
        Tensor y = Pool2d.avgForward(ones, PoolSpec.of(2, 2, 1));
        // each 2×2 window holds one real pixel and three padded zeros
        assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, y.data());
    }

    @Test
    void avgBackwardSharesTheGradientEqually() {
        Tensor dx = Pool2d.avgBackward(FOUR_BY_FOUR, Tensor.of(new double[] {4, 8, 12, 16}, 1, 1, 2, 2),
            PoolSpec.of(2, 2, 0));
        assertArrayEquals(new double[] {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}, dx.data());
    }

    @Test
    void overlappingWindowsAccumulateMaxGradients() {
        // 1×3 row [1, 9, 2], kernel 1×2, stride 1: 9 wins both windows
        Tensor x = Tensor.of(new double[] {1, 9, 2}, 1, 1, 1, 3);
        Tensor dx = Pool2d.maxBackward(x, Tensor.of(new double[] {1, 10}, 1, 1, 1, 2), new PoolSpec(1, 2, 1, 1, 0, 0));
        assertArrayEquals(new double[] {0, 11, 0}, dx.data());
    }

    @Test
    void paddingMoreThanHalfTheKernelIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PoolSpec.of(2, 2, 2));
        assertTrue(e.getMessage().contains("at most half the kernel"), e.getMessage());
    }

    @Test
    void windowLargerThanInputIsRejectedNamingTheShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Pool2d.maxForward(FOUR_BY_FOUR, PoolSpec.of(5, 1, 0)));
        assertTrue(e.getMessage().contains("[1, 1, 4, 4]"), e.getMessage());
    }

    @Test
    void gradOutputOfWrongShapeIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Pool2d.avgBackward(FOUR_BY_FOUR, Tensor.zeros(1, 1, 3, 3), PoolSpec.of(2, 2, 0)));
        assertTrue(e.getMessage().contains("expected shape [1, 1, 2, 2]"), e.getMessage());
    }
}

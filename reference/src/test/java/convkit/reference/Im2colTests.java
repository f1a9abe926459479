package convkit.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Im2colTests {

    private static final Tensor ONE_TO_NINE = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3);

    @Test
    void columnsAreTheReceptiveFieldsOfATwoByTwoKernel() {
        Tensor cols = Im2col.im2col(ONE_TO_NINE, 0, 2, 2, ConvSpec.DEFAULT);
        assertArrayEquals(new int[] {4, 4}, cols.shape());
        // row = kernel tap, column = output pixel; column 0 is the window [1, 2 / 4, 5]
        assertArrayEquals(new double[] {1, 2, 4, 5, 2, 3, 5, 6, 4, 5, 7, 8, 5, 6, 8, 9}, cols.data());
    }

    @Test
    void zeroPaddingReadsZerosIntoTheColumns() {
        Tensor cols = Im2col.im2col(ONE_TO_NINE, 0, 3, 3, ConvSpec.of(1, 1, 1));
        assertArrayEquals(new int[] {9, 9}, cols.shape());
        // output pixel (0,0): its window's top row and left column are padding
        assertArrayEquals(new double[] {0, 0, 0, 0, 1, 2, 0, 4, 5},
            new double[] {cols.get(0, 0), cols.get(1, 0), cols.get(2, 0), cols.get(3, 0), cols.get(4, 0),
                cols.get(5, 0), cols.get(6, 0), cols.get(7, 0), cols.get(8, 0)});
    }

    @Test
    void rowsAreOrderedChannelThenKernelRowThenKernelColumn() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 10, 20, 30, 40}, 1, 2, 2, 2);
        Tensor cols = Im2col.im2col(x, 0, 2, 2, ConvSpec.DEFAULT);
        assertArrayEquals(new double[] {1, 2, 3, 4, 10, 20, 30, 40}, cols.data());
    }

    @Test
    void col2imOfOnesCountsTheWindowsCoveringEachPixel() {
        Tensor ones = Tensor.zeros(4, 4);
        java.util.Arrays.fill(ones.data(), 1);
        Tensor counts = Im2col.col2im(ones, 1, 3, 3, 2, 2, ConvSpec.DEFAULT);
        assertArrayEquals(new double[] {1, 2, 1, 2, 4, 2, 1, 2, 1}, counts.data());
    }

    @Test
    void col2imSendsReflectedReadsToTheMirroredPixel() {
        // row [a, b, c] with reflect padding 1 and kernel 1×3: padded [b, a, b, c, b]
        ConvSpec spec = new ConvSpec(1, 1, 0, 1, 1, 1, PaddingMode.REFLECT);
        Tensor ones = Tensor.zeros(3, 3);
        java.util.Arrays.fill(ones.data(), 1);
        Tensor counts = Im2col.col2im(ones, 1, 1, 3, 1, 3, spec);
        // b is read 5 times in total: as itself 3 times and as both mirrors
        assertArrayEquals(new double[] {2, 5, 2}, counts.data());
    }

    @Test
    void convolutionAsOneMatrixProductEqualsTheLoops() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3);
        Tensor w = Tensor.of(new double[] {1, -1, 2, 0.5}, 1, 1, 2, 2);
        assertEquals(Conv2d.forward(x, w, null, ConvSpec.DEFAULT), Im2colConv.forward(x, w, null, ConvSpec.DEFAULT));
    }

    @Test
    void col2imRejectsColumnsOfTheWrongShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Im2col.col2im(Tensor.zeros(4, 5), 1, 3, 3, 2, 2, ConvSpec.DEFAULT));
        assertTrue(e.getMessage().contains("expected shape [4, 4]") && e.getMessage().contains("[4, 5]"), e.getMessage());
    }

    @Test
    void im2colRejectsAnImageIndexOutOfRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Im2col.im2col(ONE_TO_NINE, 1, 2, 2, ConvSpec.DEFAULT));
        assertTrue(e.getMessage().contains("0..0") && e.getMessage().contains("was 1"), e.getMessage());
    }

    @Test
    void matmulTransposesWithoutCopying() {
        Tensor a = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = Tensor.of(new double[] {1, 0, 1, 2, 1, 0}, 2, 3);
        // a · bᵀ = [[1+0+3, 2+2+0], [4+0+6, 8+5+0]]
        assertArrayEquals(new double[] {4, 4, 10, 13}, Matmul.multiply(a, b, Transpose.B).data());
        // aᵀ · b: [3][3]
        assertEquals(1 * 1 + 4 * 2, Matmul.multiply(a, b, Transpose.A).get(0, 0));
    }

    @Test
    void matmulRejectsMismatchedInnerSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Matmul.multiply(Tensor.zeros(2, 3), Tensor.zeros(2, 3), Transpose.NONE));
        assertTrue(e.getMessage().contains("3 vs 2"), e.getMessage());
    }
}

package convkit.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Conv2dTests {

    private static Tensor ramp(int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = i;
        }
        return t;
    }

    @Test
    void notesWorkedExampleGives65PlusBias() {
        // course notes: patch [[200,150,150],[100,50,100],[25,25,10]] · K' [[1,0,-1],[2,0,-2],[1,0,-1]] = 65 + bias
        Tensor x = Tensor.of(new double[] {200, 150, 150, 100, 50, 100, 25, 25, 10}, 1, 1, 3, 3);
        Tensor k = Tensor.of(new double[] {1, 0, -1, 2, 0, -2, 1, 0, -1}, 1, 1, 3, 3);
        assertEquals(65.0, Conv2d.forward(x, k, null, ConvSpec.DEFAULT).get(0, 0, 0, 0));
        Tensor bias = Tensor.of(new double[] {0.25}, 1);
        assertEquals(65.25, Conv2d.forward(x, k, bias, ConvSpec.DEFAULT).get(0, 0, 0, 0));
    }

    @Test
    void onesKernelSumsEachWindow() {
        Tensor y = Conv2d.forward(ramp(1, 1, 4, 4), Tensor.of(new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1}, 1, 1, 3, 3),
            Tensor.of(new double[] {0.5}, 1), ConvSpec.DEFAULT);
        assertArrayEquals(new double[] {45.5, 54.5, 81.5, 90.5}, y.data());
    }

    @Test
    void zeroPaddingReadsZerosOutsideTheImage() {
        // 2×2 image [[1,2],[3,4]], 3×3 ones, pad 1: every output sees the whole image
        Tensor y = Conv2d.forward(Tensor.of(new double[] {1, 2, 3, 4}, 1, 1, 2, 2),
            Tensor.of(new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1}, 1, 1, 3, 3), null, ConvSpec.of(1, 1, 1));
        assertArrayEquals(new double[] {10, 10, 10, 10}, y.data());
    }

    @Test
    void reflectPaddingMirrorsWithoutRepeatingTheEdge() {
        // row [1, 2, 3] padded by 1 reflect: [2, 1, 2, 3, 2]; kernel [1, 0, 0] picks the left neighbour
        Tensor x = Tensor.of(new double[] {1, 2, 3}, 1, 1, 1, 3);
        Tensor w = Tensor.of(new double[] {1, 0, 0}, 1, 1, 1, 3);
        ConvSpec spec = new ConvSpec(1, 1, 0, 1, 1, 1, PaddingMode.REFLECT);
        assertArrayEquals(new double[] {2, 1, 2}, Conv2d.forward(x, w, null, spec).data());
    }

    @Test
    void strideAndDilationPickTheRightPixels() {
        // 1×7 row 0..6, kernel [1, 1] dilated by 2 (reads i and i+2), stride 2: outputs at 0, 2, 4
        Tensor x = ramp(1, 1, 1, 7);
        Tensor w = Tensor.of(new double[] {1, 1}, 1, 1, 1, 2);
        ConvSpec spec = new ConvSpec(1, 2, 0, 0, 1, 2, PaddingMode.ZEROS);
        assertArrayEquals(new double[] {0 + 2, 2 + 4, 4 + 6}, Conv2d.forward(x, w, null, spec).data());
    }

    @Test
    void channelsAreSummedAndKernelsStacked() {
        // 2 channels of ones, 2 kernels: kernel 0 weights 1 and 2 (per channel), kernel 1 weight -1
        Tensor x = Tensor.of(new double[] {1, 1, 1, 1, 1, 1, 1, 1}, 1, 2, 2, 2);
        Tensor w = Tensor.of(new double[] {1, 2, -1, -1}, 2, 2, 1, 1);
        Tensor y = Conv2d.forward(x, w, null, ConvSpec.DEFAULT);
        assertArrayEquals(new int[] {1, 2, 2, 2}, y.shape());
        assertArrayEquals(new double[] {3, 3, 3, 3, -2, -2, -2, -2}, y.data());
    }

    @Test
    void backwardOfOnesKernelCountsWindowsPerPixel() {
        Tensor x = ramp(1, 1, 4, 4);
        Tensor w = Tensor.of(new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1}, 1, 1, 3, 3);
        Tensor dy = Tensor.of(new double[] {1, 1, 1, 1}, 1, 1, 2, 2);
        Conv2d.Gradients g = Conv2d.backward(x, w, dy, ConvSpec.DEFAULT);
        assertArrayEquals(new double[] {1, 2, 2, 1, 2, 4, 4, 2, 2, 4, 4, 2, 1, 2, 2, 1}, g.dx().data());
        assertEquals(4.0, g.db().get(0));
        // dw[ky][kx] = Σ over the 4 windows of x at that tap: x[ky][kx] + x[ky][kx+1] + x[ky+1][kx] + x[ky+1][kx+1]
        assertEquals(0 + 1 + 4 + 5, g.dw().get(0, 0, 0, 0));
        assertEquals(10 + 11 + 14 + 15, g.dw().get(0, 0, 2, 2));
    }

    @Test
    void channelMismatchNamesBothTensors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Conv2d.forward(Tensor.zeros(1, 3, 5, 5), Tensor.zeros(2, 4, 3, 3), null, ConvSpec.DEFAULT));
        assertEquals("channel mismatch: input x [1, 3, 5, 5] has C=3 but weight w [2, 4, 3, 3] expects C=4",
            e.getMessage());
    }

    @Test
    void kernelLargerThanPaddedInputNamesShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Conv2d.forward(Tensor.zeros(1, 1, 2, 5), Tensor.zeros(1, 1, 5, 3), null, ConvSpec.of(1, 1, 1)));
        assertTrue(e.getMessage().contains("kernel larger than padded input")
            && e.getMessage().contains("[1, 1, 2, 5]") && e.getMessage().contains("[1, 1, 5, 3]"), e.getMessage());
    }

    @Test
    void wrongRankNamesTheTensor() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Conv2d.forward(Tensor.zeros(3, 5, 5), Tensor.zeros(1, 3, 3, 3), null, ConvSpec.DEFAULT));
        assertTrue(e.getMessage().startsWith("input x: expected rank 4"), e.getMessage());
    }

    @Test
    void biasOfWrongLengthIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Conv2d.forward(Tensor.zeros(1, 1, 3, 3), Tensor.zeros(2, 1, 3, 3), Tensor.zeros(3), ConvSpec.DEFAULT));
        assertTrue(e.getMessage().contains("expected shape [2]") && e.getMessage().contains("[3]"), e.getMessage());
    }

    @Test
    void nonPositiveStrideIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConvSpec.of(0, 0, 1));
        assertEquals("strideH: expected >= 1 but was 0", e.getMessage());
    }

    @Test
    void reflectPaddingAsWideAsTheImageIsRejected() {
        ConvSpec spec = ConvSpec.of(1, 2, 1).withPaddingMode(PaddingMode.REFLECT);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Conv2d.forward(Tensor.zeros(1, 1, 2, 2), Tensor.zeros(1, 1, 1, 1), null, spec));
        assertTrue(e.getMessage().contains("reflect padding") && e.getMessage().contains("[1, 1, 2, 2]"), e.getMessage());
    }

    @Test
    void gradOutputOfWrongShapeIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Conv2d.backward(Tensor.zeros(1, 1, 4, 4), Tensor.zeros(1, 1, 3, 3), Tensor.zeros(1, 1, 3, 3),
                ConvSpec.DEFAULT));
        assertTrue(e.getMessage().contains("expected shape [1, 1, 2, 2]") && e.getMessage().contains("[1, 1, 3, 3]"),
            e.getMessage());
    }
}

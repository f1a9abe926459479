package convkit.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class OutputSizeTests {

    @Test
    void validConvolutionIsInMinusKernelPlusOne() {
        assertEquals(3, OutputSize.of(5, 3, 0, 1, 1));
    }

    @Test
    void samePaddingKeepsTheSize() {
        assertEquals(5, OutputSize.of(5, 3, 1, 1, 1));
    }

    @Test
    void strideTwoHalvesWithFloor() {
        assertEquals(3, OutputSize.of(6, 3, 1, 2, 1)); // floor((6 + 2 - 2 - 1) / 2) + 1 = floor(2.5) + 1
    }

    @Test
    void dilationWidensTheKernel() {
        assertEquals(3, OutputSize.of(7, 3, 0, 1, 2)); // spans 5 pixels
    }

    @Test
    void kernelLargerThanPaddedInputIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OutputSize.of(2, 5, 1, 1, 1));
        assertTrue(e.getMessage().contains("kernel larger than padded input"), e.getMessage());
    }

    @Test
    void nonPositiveStrideIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OutputSize.of(5, 3, 0, 0, 1));
        assertEquals("stride: expected >= 1 but was 0", e.getMessage());
    }

    @Test
    void strideThreeOnFiveWithKernelThreeSkipsTwoPixels() {
        assertEquals(1, OutputSize.of(5, 3, 0, 3, 1));
        assertArrayEquals(new int[] {3, 4}, OutputSize.unread(5, 3, 0, 3, 1));
        assertEquals(2, OutputSize.skipped(5, 3, 0, 3, 1));
    }

    @Test
    void strideLargerThanTheKernelSkipsAPixelInsideToo() {
        // windows read 0..2 and 4..6: column 3 falls between them, 7..9 lie past the last
        assertArrayEquals(new int[] {3, 7, 8, 9}, OutputSize.unread(10, 3, 0, 4, 1));
        assertEquals(4, OutputSize.skipped(10, 3, 0, 4, 1));
    }

    @Test
    void dilationTwoWithStrideTwoNeverReadsTheOddPixels() {
        // taps at 0, 2, 4 and 2, 4, 6: no window fills the holes
        assertArrayEquals(new int[] {1, 3, 5}, OutputSize.unread(7, 3, 0, 2, 2));
        // stride 1: the next window's taps fill them
        assertArrayEquals(new int[] {}, OutputSize.unread(7, 3, 0, 1, 2));
    }

    @Test
    void fittingStrideSkipsNothing() {
        assertEquals(0, OutputSize.skipped(7, 3, 0, 2, 1));
        assertNull(OutputSize.skipWarning("rows", 7, 3, 0, 2, 1));
    }

    @Test
    void skippedCountsOnlyRealPixelsNotPadding() {
        // in 4, pad 1: padded positions -1..4; kernel 2 stride 2 reads -1..0, 1..2, 3..4: nothing skipped
        assertEquals(0, OutputSize.skipped(4, 2, 1, 2, 1));
        // in 5, pad 1, kernel 3, stride 3: windows -1..1, 2..4; the padding at 5 is unread, no pixel
        assertEquals(0, OutputSize.skipped(5, 3, 1, 3, 1));
    }

    @Test
    void unreadPixelsAgreeWithBruteForceOnEverySmallCombination() {
        int checked = 0;
        for (int in = 1; in <= 12; in++) {
            for (int kernel = 1; kernel <= 4; kernel++) {
                for (int pad = 0; pad <= 3; pad++) {
                    for (int stride = 1; stride <= 5; stride++) {
                        for (int dilation = 1; dilation <= 3; dilation++) {
                            if (dilation * (kernel - 1) + 1 > in + 2 * pad) {
                                continue; // no window fits: OutputSize.of refuses
                            }
                            String args = "(" + in + ", " + kernel + ", " + pad + ", " + stride + ", " + dilation + ")";
                            int[] expected = unreadByWalkingEveryWindow(in, kernel, pad, stride, dilation, PaddingMode.ZEROS);
                            assertArrayEquals(expected, OutputSize.unread(in, kernel, pad, stride, dilation), "unread" + args);
                            assertEquals(expected.length, OutputSize.skipped(in, kernel, pad, stride, dilation), "skipped" + args);
                            assertEquals(expected.length == 0, OutputSize.skipWarning("rows", in, kernel, pad, stride, dilation) == null,
                                "skipWarning" + args);
                            checked++;
                            if (pad < in) { // reflect padding mirrors once
                                assertArrayEquals(unreadByWalkingEveryWindow(in, kernel, pad, stride, dilation, PaddingMode.REFLECT),
                                    OutputSize.unread(in, kernel, pad, stride, dilation, PaddingMode.REFLECT), "unread reflect" + args);
                            }
                        }
                    }
                }
            }
        }
        assertEquals(2545, checked, "combinations checked");
    }

    /** Brute force: mark every tap of every window that fits in the padded axis, then list the unmarked pixels. */
    private static int[] unreadByWalkingEveryWindow(int in, int kernel, int pad, int stride, int dilation, PaddingMode mode) {
        boolean[] read = new boolean[in];
        for (int start = 0; start + dilation * (kernel - 1) < in + 2 * pad; start += stride) {
            for (int t = 0; t < kernel; t++) {
                int pixel = Padding.source(start + t * dilation - pad, in, mode);
                if (pixel >= 0) {
                    read[pixel] = true;
                }
            }
        }
        return IntStream.range(0, in).filter(i -> !read[i]).toArray();
    }

    @Test
    void unreadPixelsAreExactlyThoseTheConvolutionIgnores() {
        // the convolution itself as the oracle (it logs its own skip warning for each case): the gradient of
        // sum(y) for an all-ones kernel counts each pixel's reads. {in, kernel, pad, stride, dilation, reflect?}
        int[][] cases = {{10, 3, 0, 4, 1, 0}, {7, 3, 0, 2, 2, 0}, {11, 2, 1, 5, 3, 0}, {12, 4, 3, 5, 2, 0}, {9, 1, 2, 3, 1, 0},
            {10, 3, 2, 4, 1, 0}, {10, 3, 2, 4, 1, 1}, {7, 2, 3, 5, 2, 1}};
        for (int[] c : cases) {
            int in = c[0];
            int kernel = c[1];
            PaddingMode mode = c[5] == 1 ? PaddingMode.REFLECT : PaddingMode.ZEROS;
            ConvSpec spec = new ConvSpec(1, c[3], 0, c[2], 1, c[4], mode); // one row: the width axis only
            Tensor x = Tensor.zeros(1, 1, 1, in);
            Tensor w = Tensor.zeros(1, 1, 1, kernel);
            Arrays.fill(w.data(), 1.0);
            Tensor dy = Tensor.zeros(1, 1, 1, OutputSize.of(in, kernel, c[2], c[3], c[4]));
            Arrays.fill(dy.data(), 1.0);
            Tensor dx = Conv2d.backward(x, w, dy, spec).dx();
            int[] ignored = IntStream.range(0, in).filter(i -> dx.get(0, 0, 0, i) == 0).toArray();
            assertArrayEquals(ignored, OutputSize.unread(in, kernel, c[2], c[3], c[4], mode), Arrays.toString(c));
        }
        // zero padding 2 on 10 pixels, stride 4: windows over -2..0, 2..4, 6..8; reflect shows pixel 1 at position -1
        assertArrayEquals(new int[] {1, 5, 9}, OutputSize.unread(10, 3, 2, 4, 1));
        assertArrayEquals(new int[] {5, 9}, OutputSize.unread(10, 3, 2, 4, 1, PaddingMode.REFLECT));
    }

    @Test
    void warningNamesTheUnreadPixelsAndTheCure() {
        String warning = OutputSize.skipWarning("columns", 10, 3, 0, 4, 1);
        assertEquals("stride 4 with kernel 3 (dilation 1, padding 0) never reads 4 of 10 input columns: 3, 7..9;"
            + " the windows leave gaps (between windows or between dilated taps): use a smaller stride;"
            + " the last window stops short of the edge: make in + 2·pad - dilation·(kernel-1) - 1 divisible by the stride",
            warning);
        assertTrue(OutputSize.skipWarning("rows", 5, 3, 0, 3, 1).contains("never reads 2 of 5 input rows: 3, 4; the last window"));
        assertTrue(OutputSize.skipWarning("rows", 7, 3, 0, 2, 2).endsWith("input rows: 1, 3, 5; the windows leave gaps"
            + " (between windows or between dilated taps): use a smaller stride"));
    }

    @Test
    void rangesJoinConsecutiveIndices() {
        assertEquals("3, 7..9", OutputSize.ranges(new int[] {3, 7, 8, 9}));
        assertEquals("0, 1, 5", OutputSize.ranges(new int[] {0, 1, 5}));
        assertEquals("", OutputSize.ranges(new int[] {}));
    }

    @Test
    void strictModeRejectsSkippingWithThePixels() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> OutputSize.requireNoSkip("columns", 10, 3, 0, 4, 1));
        assertTrue(e.getMessage().startsWith("strict mode: stride 4 with kernel 3 (dilation 1, padding 0) never reads 4 of 10"
            + " input columns: 3, 7..9"), e.getMessage());
    }
}

package convkit.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertEquals(2, OutputSize.skipped(5, 3, 0, 3, 1));
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
    void strictModeRejectsSkippingWithTheCount() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> OutputSize.requireNoSkip("columns", 5, 3, 0, 3, 1));
        assertTrue(e.getMessage().contains("never reads the last 2 of 5 input columns"), e.getMessage());
    }
}

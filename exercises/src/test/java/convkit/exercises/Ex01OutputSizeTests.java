package convkit.exercises;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Visible tests of exercise 1; the hidden tests try many more sizes. */
class Ex01OutputSizeTests {

  @Test
  void validConvolutionShrinksByKernelMinusOne() {
    assertEquals(3, Ex01OutputSize.outputSize(5, 3, 0, 1, 1),
        "in=5, kernel=3, pad=0, stride=1, dilation=1: H - k + 1");
  }

  @Test
  void paddingOneKeepsTheSizeWithAThreeByThreeKernel() {
    assertEquals(5, Ex01OutputSize.outputSize(5, 3, 1, 1, 1),
        "in=5, kernel=3, pad=1, stride=1, dilation=1: pad adds 2 (one on each side)");
  }

  @Test
  void strideThreeOnFiveLeavesOneWindow() {
    assertEquals(1, Ex01OutputSize.outputSize(5, 3, 0, 3, 1),
        "in=5, kernel=3, pad=0, stride=3, dilation=1: the second window would start at 3 and"
            + " overrun the edge");
  }

  @Test
  void dilationTwoMakesAThreeTapKernelSpanFivePixels() {
    assertEquals(3, Ex01OutputSize.outputSize(7, 3, 0, 1, 2),
        "in=7, kernel=3, pad=0, stride=1, dilation=2: the window spans 2*(3-1)+1 = 5 pixels");
  }

  @Test
  void strideTwoRoundsDown() {
    assertEquals(112, Ex01OutputSize.outputSize(224, 7, 3, 2, 1),
        "in=224, kernel=7, pad=3, stride=2, dilation=1: floor(223 / 2) + 1");
  }

  @Test
  void kernelLargerThanPaddedInputIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> Ex01OutputSize.outputSize(2, 5, 1, 1, 1),
        "a 5-pixel kernel cannot fit in 2 pixels padded by 1 on each side");
  }

  @Test
  void zeroStrideIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> Ex01OutputSize.outputSize(5, 3, 0, 0, 1),
        "stride 0 never moves the window");
  }

  @Test
  void strideThreeSkipsTheLastTwoPixelsOfFive() {
    assertEquals(2, Ex01OutputSize.unreadPixels(5, 3, 0, 3, 1),
        "in=5, kernel=3, pad=0, stride=3: the only window reads pixels 0..2");
  }

  @Test
  void strideFourSkipsAPixelBetweenWindowsAndThreeAtTheEdge() {
    assertEquals(4, Ex01OutputSize.unreadPixels(10, 3, 0, 4, 1),
        "in=10, kernel=3, pad=0, stride=4: windows read 0..2 and 4..6, so 3 and 7..9 are unread");
  }

  @Test
  void strideOneSkipsNothing() {
    assertEquals(0, Ex01OutputSize.unreadPixels(5, 3, 1, 1, 1),
        "in=5, kernel=3, pad=1, stride=1: every pixel is read");
  }

  @Test
  void skippedPaddingIsNotCounted() {
    assertEquals(0, Ex01OutputSize.unreadPixels(6, 3, 1, 2, 1),
        "in=6, kernel=3, pad=1, stride=2: the last window ends at padded index 6, so only the"
            + " padding pixel at index 7 is skipped, and padding does not count");
  }
}

package convkit.exercises;

import static convkit.exercises.ArrayAsserts.assertArrayClose;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Visible tests of exercise 3. */
class Ex03CrossCorrelationTests {

  @Test
  void notesPatchWithSobelKernelGives65() {
    assertArrayClose(new double[][] {{65}},
        Ex03CrossCorrelation.crossCorrelateValid(Examples.notesPatch(), Examples.sobel()),
        "cross-correlation of the notes' patch with [[1,0,-1],[2,0,-2],[1,0,-1]]");
  }

  @Test
  void diagonalKernelIsNotFlipped() {
    double[][] x = {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}, {13, 14, 15, 16}};
    double[][] k = {{1, 0}, {0, -1}}; // top-left minus bottom-right: 5 below-right each time
    double[][] expected = {{-5, -5, -5}, {-5, -5, -5}, {-5, -5, -5}};
    assertArrayClose(expected, Ex03CrossCorrelation.crossCorrelateValid(x, k),
        "x[i][j] - x[i+1][j+1] (a flipped kernel would give +5)");
  }

  @Test
  void oneByThreeKernelOnTwoByFourImage() {
    double[][] x = {{1, 2, 3, 4}, {5, 6, 7, 8}};
    double[][] k = {{1, 2, 3}};
    double[][] expected = {{14, 20}, {38, 44}}; // 1+4+9, 2+6+12; 5+12+21, 6+14+24
    assertArrayClose(expected, Ex03CrossCorrelation.crossCorrelateValid(x, k),
        "a 1x3 kernel [[1,2,3]] on a 2x4 image");
  }

  @Test
  void kernelTallerThanImageIsRejected() {
    double[][] x = {{1, 2, 3}};
    double[][] k = {{1}, {2}};
    assertThrows(IllegalArgumentException.class,
        () -> Ex03CrossCorrelation.crossCorrelateValid(x, k),
        "a 2x1 kernel does not fit in a 1x3 image");
  }
}

package convkit.exercises;

import static convkit.exercises.ArrayAsserts.assertArrayClose;
import static convkit.exercises.ArrayAsserts.batchOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Visible tests of exercise 7. */
class Ex07PoolingTests {

  @Test
  void maxOfTheNotesPatchIs200() {
    assertArrayClose(batchOf(new double[][] {{200}}),
        Ex07Pooling.maxPool(batchOf(Examples.notesPatch()), 3, 1), "max pool, kernel 3");
  }

  @Test
  void averageOfTheNotesPatchIs90() {
    assertArrayClose(batchOf(new double[][] {{90}}),
        Ex07Pooling.avgPool(batchOf(Examples.notesPatch()), 3, 1), "average pool, kernel 3 (810 / 9)");
  }

  @Test
  void maxPoolKernelTwoStrideTwo() {
    assertArrayClose(batchOf(new double[][] {{6, 8}, {14, 16}}),
        Ex07Pooling.maxPool(batchOf(Examples.oneToSixteen()), 2, 2), "max pool 2x2, stride 2");
  }

  @Test
  void avgPoolKernelTwoStrideTwo() {
    assertArrayClose(batchOf(new double[][] {{3.5, 5.5}, {11.5, 13.5}}),
        Ex07Pooling.avgPool(batchOf(Examples.oneToSixteen()), 2, 2), "average pool 2x2, stride 2");
  }

  @Test
  void maxPoolOfNegativeValuesInASecondChannel() {
    double[][] sixteen = Examples.oneToSixteen();
    double[][] negative = new double[4][4];
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        negative[i][j] = -sixteen[i][j];
      }
    }
    double[][][][] x = {{sixteen, negative}}; // [1][2][4][4]
    double[][][][] expected = {{{{6, 8}, {14, 16}}, {{-1, -3}, {-9, -11}}}};
    assertArrayClose(expected, Ex07Pooling.maxPool(x, 2, 2),
        "max pool of two channels (the maximum of negative numbers is negative, not 0)");
  }

  @Test
  void maxPoolWithOverlappingWindows() {
    assertArrayClose(batchOf(new double[][] {{5, 6}, {8, 9}}),
        Ex07Pooling.maxPool(batchOf(Examples.oneToNine()), 2, 1), "max pool 2x2, stride 1");
  }

  @Test
  void maxPoolOfAWideImageTakesTheWidthFromW() {
    double[][] wide = {{1, 2, 3, 4}, {5, 6, 7, 8}}; // H = 2, W = 4: a width computed from H gives 1 column
    assertArrayClose(batchOf(new double[][] {{6, 8}}),
        Ex07Pooling.maxPool(batchOf(wide), 2, 2), "max pool 2x2, stride 2, of a 2x4 image: output [1][2]");
  }

  @Test
  void avgPoolOfATallImageTakesTheHeightFromH() {
    double[][] tall = {{1, 2}, {3, 4}, {5, 6}, {7, 8}}; // H = 4, W = 2: a width computed from H reads past W
    assertArrayClose(batchOf(new double[][] {{2.5}, {6.5}}),
        Ex07Pooling.avgPool(batchOf(tall), 2, 2), "average pool 2x2, stride 2, of a 4x2 image: output [2][1]");
  }

  @Test
  void kernelLargerThanTheImageIsRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> Ex07Pooling.maxPool(batchOf(Examples.notesPatch()), 4, 1), "a 4x4 window on a 3x3 image");
  }
}

package convkit.exercises;

import static convkit.exercises.ArrayAsserts.assertArrayClose;
import static convkit.exercises.ArrayAsserts.batchOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Visible tests of exercise 7. */
class Ex07PoolingTests {

  static final double[][] NOTES_PATCH = {{200, 150, 150}, {100, 50, 100}, {25, 25, 10}};
  static final double[][] ONE_TO_SIXTEEN = {
      {1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}, {13, 14, 15, 16}};

  @Test
  void maxOfTheNotesPatchIs200() {
    assertArrayClose(batchOf(new double[][] {{200}}),
        Ex07Pooling.maxPool(batchOf(NOTES_PATCH), 3, 1), "max pool, kernel 3");
  }

  @Test
  void averageOfTheNotesPatchIs90() {
    assertArrayClose(batchOf(new double[][] {{90}}),
        Ex07Pooling.avgPool(batchOf(NOTES_PATCH), 3, 1), "average pool, kernel 3 (810 / 9)");
  }

  @Test
  void maxPoolKernelTwoStrideTwo() {
    assertArrayClose(batchOf(new double[][] {{6, 8}, {14, 16}}),
        Ex07Pooling.maxPool(batchOf(ONE_TO_SIXTEEN), 2, 2), "max pool 2x2, stride 2");
  }

  @Test
  void avgPoolKernelTwoStrideTwo() {
    assertArrayClose(batchOf(new double[][] {{3.5, 5.5}, {11.5, 13.5}}),
        Ex07Pooling.avgPool(batchOf(ONE_TO_SIXTEEN), 2, 2), "average pool 2x2, stride 2");
  }

  @Test
  void maxPoolOfNegativeValuesInASecondChannel() {
    double[][] negative = new double[4][4];
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        negative[i][j] = -ONE_TO_SIXTEEN[i][j];
      }
    }
    double[][][][] x = {{ONE_TO_SIXTEEN, negative}}; // [1][2][4][4]
    double[][][][] expected = {{{{6, 8}, {14, 16}}, {{-1, -3}, {-9, -11}}}};
    assertArrayClose(expected, Ex07Pooling.maxPool(x, 2, 2),
        "max pool of two channels (the maximum of negative numbers is negative, not 0)");
  }

  @Test
  void maxPoolWithOverlappingWindows() {
    double[][] x = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};
    assertArrayClose(batchOf(new double[][] {{5, 6}, {8, 9}}),
        Ex07Pooling.maxPool(batchOf(x), 2, 1), "max pool 2x2, stride 1");
  }

  @Test
  void kernelLargerThanTheImageIsRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> Ex07Pooling.maxPool(batchOf(NOTES_PATCH), 4, 1), "a 4x4 window on a 3x3 image");
  }
}

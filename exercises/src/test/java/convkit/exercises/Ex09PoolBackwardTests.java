package convkit.exercises;

import static convkit.exercises.ArrayAsserts.assertArrayClose;
import static convkit.exercises.ArrayAsserts.batchOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Visible tests of exercise 9. */
class Ex09PoolBackwardTests {

  @Test
  void maxPoolGradientGoesToThe200() {
    double[][] expected = {{9, 0, 0}, {0, 0, 0}, {0, 0, 0}};
    assertArrayClose(batchOf(expected), Ex09PoolBackward.maxPoolBackward(batchOf(Examples.notesPatch()),
        batchOf(new double[][] {{9}}), 3, 3), "dx");
  }

  @Test
  void maxPoolTieGoesToTheFirstMaximumInRowMajorOrder() {
    double[][] x = {{7, 7}, {1, 7}};
    double[][] expected = {{1, 0}, {0, 0}};
    assertArrayClose(batchOf(expected), Ex09PoolBackward.maxPoolBackward(batchOf(x),
        batchOf(new double[][] {{1}}), 2, 2), "dx (three pixels share the maximum 7)");
  }

  @Test
  void maxPoolGradientsOfOverlappingWindowsAddUp() {
    double[][] x = {{1, 2, 1}, {2, 9, 2}, {1, 2, 1}};
    double[][] dy = {{1, 2}, {3, 4}};
    double[][] expected = {{0, 0, 0}, {0, 10, 0}, {0, 0, 0}};
    assertArrayClose(batchOf(expected),
        Ex09PoolBackward.maxPoolBackward(batchOf(x), batchOf(dy), 2, 1),
        "dx (the 9 is the maximum of all four windows)");
  }

  @Test
  void avgPoolGradientIsSpreadEvenly() {
    double[][] expected = {{1, 1, 1}, {1, 1, 1}, {1, 1, 1}};
    assertArrayClose(batchOf(expected), Ex09PoolBackward.avgPoolBackward(batchOf(Examples.notesPatch()),
        batchOf(new double[][] {{9}}), 3, 3), "dx (9 shared by 9 pixels)");
  }

  @Test
  void avgPoolGradientsOfOverlappingWindowsAddUp() {
    double[][] x = new double[3][3];
    double[][] dy = {{4, 4}, {4, 4}};
    double[][] expected = {{1, 2, 1}, {2, 4, 2}, {1, 2, 1}}; // windows covering each pixel
    assertArrayClose(batchOf(expected),
        Ex09PoolBackward.avgPoolBackward(batchOf(x), batchOf(dy), 2, 1), "dx");
  }

  @Test
  void dyOfTheWrongShapeIsRejected() {
    double[][] dy = {{1, 1}, {1, 1}}; // a 3x3 window on 3x3 gives 1x1
    assertThrows(IllegalArgumentException.class, () -> Ex09PoolBackward.maxPoolBackward(
        batchOf(Examples.notesPatch()), batchOf(dy), 3, 3), "dy is 2x2 but y was 1x1");
  }
}

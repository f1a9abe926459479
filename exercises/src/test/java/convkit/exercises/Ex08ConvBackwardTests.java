package convkit.exercises;

import static convkit.exercises.ArrayAsserts.assertArrayClose;
import static convkit.exercises.ArrayAsserts.batchOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Visible tests of exercise 8. */
class Ex08ConvBackwardTests {

  @Test
  void gradInputIsTheFullConvolutionOfDyWithW() {
    double[][] expected = {{1, 3, 2}, {4, 10, 6}, {3, 7, 4}};
    assertArrayClose(batchOf(expected), Ex08ConvBackward.gradInput(batchOf(Examples.oneToNine()),
        batchOf(Examples.twoByTwo()), batchOf(ones2x2()), 1, 0), "dx");
  }

  @Test
  void gradInputWithPaddingOne() {
    double[][] x = {{1, 2}, {3, 4}};
    double[][] expected = {{12, 16}, {24, 28}}; // e.g. dx[0][0] = w[1][1]+w[1][0]+w[0][1]+w[0][0]
    assertArrayClose(batchOf(expected), Ex08ConvBackward.gradInput(batchOf(x),
        batchOf(Examples.oneToNine()), batchOf(ones2x2()), 1, 1), "dx");
  }

  @Test
  void gradInputLeavesPixelsTheStrideSkipsAtZero() {
    double[][] x = new double[5][5];
    double[][] w = {{1, 1, 1}, {1, 1, 1}, {1, 1, 1}};
    double[][] expected = {
        {2, 2, 2, 0, 0},
        {2, 2, 2, 0, 0},
        {2, 2, 2, 0, 0},
        {0, 0, 0, 0, 0},
        {0, 0, 0, 0, 0}};
    assertArrayClose(batchOf(expected), Ex08ConvBackward.gradInput(batchOf(x), batchOf(w),
        batchOf(new double[][] {{2}}), 3, 0), "dx (5x5 input, 3x3 kernel, stride 3)");
  }

  @Test
  void gradWeightIsTheCrossCorrelationOfXWithDy() {
    double[][] expected = {{12, 16}, {24, 28}};
    assertArrayClose(batchOf(expected), Ex08ConvBackward.gradWeight(batchOf(Examples.oneToNine()),
        batchOf(Examples.twoByTwo()), batchOf(ones2x2()), 1, 0), "dw", "k", "c", "u", "v");
  }

  @Test
  void gradWeightSumsOverTheBatch() {
    double[][][][] x = {{Examples.oneToNine()}, {Examples.oneToNine()}}; // the same image twice: [2][1][3][3]
    double[][][][] dy = {{ones2x2()}, {ones2x2()}};
    double[][] expected = {{24, 32}, {48, 56}};
    assertArrayClose(batchOf(expected),
        Ex08ConvBackward.gradWeight(x, batchOf(Examples.twoByTwo()), dy, 1, 0), "dw", "k", "c", "u", "v");
  }

  @Test
  void gradBiasSumsOverImagesAndPositions() {
    double[][][][] dy = {
        {{{1, 2}}, {{3, 4}}},
        {{{5, 6}}, {{7, 8}}}}; // [N=2][K=2][1][2]
    assertArrayClose(new double[] {14, 22}, Ex08ConvBackward.gradBias(dy), "db", "k");
  }

  @Test
  void dyOfTheWrongShapeIsRejected() {
    double[][][][] dy = batchOf(new double[][] {{1, 1, 1}, {1, 1, 1}, {1, 1, 1}}); // should be 2x2
    assertThrows(IllegalArgumentException.class, () -> Ex08ConvBackward.gradInput(
        batchOf(Examples.oneToNine()), batchOf(Examples.twoByTwo()), dy, 1, 0), "dy is 3x3 but y was 2x2");
  }

  private static double[][] ones2x2() {
    return new double[][] {{1, 1}, {1, 1}};
  }
}

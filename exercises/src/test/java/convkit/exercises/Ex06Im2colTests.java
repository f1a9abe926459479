package convkit.exercises;

import static convkit.exercises.ArrayAsserts.assertArrayClose;
import static convkit.exercises.ArrayAsserts.batchOf;

import org.junit.jupiter.api.Test;

/** Visible tests of exercise 6. */
class Ex06Im2colTests {

  @Test
  void twoByTwoWindowOverThreeByThree() {
    double[][][] image = {Examples.oneToNine()};
    double[][] expected = {
        {1, 2, 4, 5},
        {2, 3, 5, 6},
        {4, 5, 7, 8},
        {5, 6, 8, 9}};
    assertArrayClose(expected, Ex06Im2col.im2col(image, 2, 2, 1, 0), "columns", "tap", "position");
  }

  @Test
  void paddingOneFillsTheOutsideTapsWithZeros() {
    double[][][] image = {{{1, 2}, {3, 4}}};
    double[][] expected = {
        {0, 0, 0, 0, 1, 2, 0, 3, 4},
        {0, 0, 0, 1, 2, 0, 3, 4, 0},
        {0, 1, 2, 0, 3, 4, 0, 0, 0},
        {1, 2, 0, 3, 4, 0, 0, 0, 0}};
    assertArrayClose(expected, Ex06Im2col.im2col(image, 2, 2, 1, 1), "columns", "tap", "position");
  }

  @Test
  void rowsAreOrderedChannelThenKernelRowThenKernelColumn() {
    double[][][] image = {{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}};
    double[][] expected = {{1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}}; // one window, 8 taps
    assertArrayClose(expected, Ex06Im2col.im2col(image, 2, 2, 1, 0), "columns", "tap", "position");
  }

  @Test
  void forwardAsMatmulOnTheNotesPatchWithPadding() {
    double[][] expected = {
        {-345, 105, 355},
        {-270, 70, 280},
        {-95, 35, 105}};
    assertArrayClose(batchOf(expected),
        Ex06Im2col.forwardAsMatmul(batchOf(Examples.notesPatch()), batchOf(Examples.sobel()), new double[] {5}, 1, 1),
        "output (the same numbers as Ex05 with pad 1)");
  }

  @Test
  void forwardAsMatmulWithTwoImagesTwoKernelsStrideTwo() {
    assertArrayClose(Examples.twoKernelsOutput(), Ex06Im2col.forwardAsMatmul(
        Examples.twoImagesTwoChannels(), Examples.twoKernels(), new double[] {0, -1}, 2, 0),
        "output (the same numbers as Ex05)");
  }
}

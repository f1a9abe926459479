package convkit.exercises;

import static convkit.exercises.ArrayAsserts.assertArrayClose;
import static convkit.exercises.ArrayAsserts.batchOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Visible tests of exercise 5. */
class Ex05ConvLayerTests {

  static final double[][] NOTES_PATCH = {{200, 150, 150}, {100, 50, 100}, {25, 25, 10}};
  static final double[][] SOBEL = {{1, 0, -1}, {2, 0, -2}, {1, 0, -1}};

  /** Image n, channel 0 holds (n+1)·(5·row + col) on a 5x5 grid, channel 1 holds ones. */
  static double[][][][] twoImagesTwoChannels() {
    double[][][][] x = new double[2][2][5][5]; // [N][C][H][W]
    for (int n = 0; n < 2; n++) {
      for (int i = 0; i < 5; i++) {
        for (int j = 0; j < 5; j++) {
          x[n][0][i][j] = (n + 1) * (5 * i + j);
          x[n][1][i][j] = 1;
        }
      }
    }
    return x;
  }

  /** Kernel 0 picks channel 0's top-left tap plus channel 1's bottom-right; kernel 1 sums channel 1. */
  static double[][][][] twoKernels() {
    return new double[][][][] {
        {{{1, 0}, {0, 0}}, {{0, 0}, {0, 1}}},
        {{{0, 0}, {0, 0}}, {{1, 1}, {1, 1}}}};
  }

  @Test
  void notesPatchWithSobelKernelAndBiasFive() {
    double[][][][] y = Ex05ConvLayer.forward(batchOf(NOTES_PATCH), batchOf(SOBEL),
        new double[] {5}, 1, 0);
    assertArrayClose(batchOf(new double[][] {{70}}), y, "output (65 from the notes + bias 5)");
  }

  @Test
  void paddingOneKeepsTheSizeAndReadsZerosOutside() {
    double[][][][] y = Ex05ConvLayer.forward(batchOf(NOTES_PATCH), batchOf(SOBEL),
        new double[] {5}, 1, 1);
    double[][] expected = {
        {-345, 105, 355},
        {-270, 70, 280},
        {-95, 35, 105}};
    assertArrayClose(batchOf(expected), y, "output with pad 1");
  }

  @Test
  void twoImagesTwoChannelsTwoKernelsStrideTwo() {
    double[][][][] y = Ex05ConvLayer.forward(twoImagesTwoChannels(), twoKernels(),
        new double[] {0, -1}, 2, 0);
    double[][][][] expected = {
        {{{1, 3}, {11, 13}}, {{3, 3}, {3, 3}}},   // image 0: x[0][0][2oy][2ox] + 1; 4 - 1
        {{{1, 5}, {21, 25}}, {{3, 3}, {3, 3}}}};  // image 1: channel 0 doubled
    assertArrayClose(expected, y, "output");
  }

  @Test
  void channelMismatchIsRejected() {
    double[][][][] w = {{{{1}}}}; // one kernel with ONE channel, but x has two
    assertThrows(IllegalArgumentException.class,
        () -> Ex05ConvLayer.forward(twoImagesTwoChannels(), w, new double[] {0}, 1, 0),
        "weights with 1 channel on an input with 2 channels");
  }
}

package convkit.exercises;

/**
 * The worked examples the visible tests share. Each call returns a fresh array, so code that
 * (wrongly) writes into its input cannot spoil another test.
 */
final class Examples {

  private Examples() {
  }

  /** The notes' 3x3 image patch, [H][W]. */
  static double[][] notesPatch() {
    return new double[][] {{200, 150, 150}, {100, 50, 100}, {25, 25, 10}};
  }

  /** The notes' Sobel-like edge kernel K', [KH][KW]. */
  static double[][] sobel() {
    return new double[][] {{1, 0, -1}, {2, 0, -2}, {1, 0, -1}};
  }

  /** 1..9 row by row, [3][3]. */
  static double[][] oneToNine() {
    return new double[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};
  }

  /** 1..16 row by row, [4][4]. */
  static double[][] oneToSixteen() {
    return new double[][] {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}, {13, 14, 15, 16}};
  }

  /** [[1, 2], [3, 4]]. */
  static double[][] twoByTwo() {
    return new double[][] {{1, 2}, {3, 4}};
  }

  /** Image n, channel 0 holds (n+1)·(5·row + col) on a 5x5 grid, channel 1 holds ones: [2][2][5][5]. */
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

  /**
   * Two 2x2 kernels on two channels, [2][2][2][2]: kernel 0 takes channel 0's top-left tap plus
   * channel 1's bottom-right tap; kernel 1 sums channel 1's four taps.
   */
  static double[][][][] twoKernels() {
    return new double[][][][] {
        {{{1, 0}, {0, 0}}, {{0, 0}, {0, 1}}},
        {{{0, 0}, {0, 0}}, {{1, 1}, {1, 1}}}};
  }

  /**
   * The output of {@link #twoKernels()} on {@link #twoImagesTwoChannels()} with bias [0, -1],
   * stride 2, no padding: [2][2][2][2].
   */
  static double[][][][] twoKernelsOutput() {
    return new double[][][][] {
        {{{1, 3}, {11, 13}}, {{3, 3}, {3, 3}}},   // image 0: x[0][0][2oy][2ox] + 1; 4 - 1
        {{{1, 5}, {21, 25}}, {{3, 3}, {3, 3}}}};  // image 1: channel 0 doubled
  }
}

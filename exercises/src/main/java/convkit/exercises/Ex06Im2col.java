package convkit.exercises;

/**
 * Exercise 6 — im2col: lay every image patch out as a column, then the whole layer is one
 * matrix product.
 *
 * <p>Read first: <a href="../../../../../../lessons/07-im2col.md">lessons/07-im2col.md</a>.
 *
 * <p>For one image {@code [C][H][W]} and a {@code KH×KW} window (stride, zero padding as in
 * Ex05), {@code im2col} returns a matrix with one ROW per kernel tap and one COLUMN per output
 * position:
 * <pre>
 *   cols  [C·KH·KW][OH·OW]
 *   cols[(c·KH + u)·KW + v][oy·OW + ox] = image[c][oy·stride + u − pad][ox·stride + v − pad]
 *                                         (0 where that index is outside the image)
 * </pre>
 * Rows are ordered channel, then kernel row, then kernel column; columns are the output
 * positions in row-major order (the layout of PyTorch's {@code unfold}). The weights
 * {@code [K][C][KH][KW]} read row-major are then a {@code [K][C·KH·KW]} matrix, and for image n
 * <pre>
 *   Y = W · cols          [K][C·KH·KW] · [C·KH·KW][OH·OW] = [K][OH·OW]
 *   y[n][k][oy][ox] = Y[k][oy·OW + ox] + b[k]
 * </pre>
 *
 * <p>Worked example: one channel {@code [[1,2,3],[4,5,6],[7,8,9]]}, a 2×2 window, stride 1,
 * pad 0: OH = OW = 2 and
 * <pre>
 *   cols = [[1, 2, 4, 5],     tap (0,0) of the four windows
 *           [2, 3, 5, 6],     tap (0,1)
 *           [4, 5, 7, 8],     tap (1,0)
 *           [5, 6, 8, 9]]     tap (1,1)
 * </pre>
 */
public final class Ex06Im2col {

  private Ex06Im2col() {
  }

  /**
   * Gathers every window of one image into the columns of a matrix.
   *
   * @param image  one image, {@code [C][H][W]}
   * @param kh     window height, at least 1
   * @param kw     window width, at least 1
   * @param stride step of the window along height and width, at least 1
   * @param pad    zeros around the image on each side, at least 0
   * @return a new array {@code [C·KH·KW][OH·OW]}
   * @throws IllegalArgumentException if the window is larger than the padded image, or
   *                                  {@code stride < 1}, or {@code pad < 0}
   */
  public static double[][] im2col(double[][][] image, int kh, int kw, int stride, int pad) {
    throw new UnsupportedOperationException("TODO: Ex06Im2col.im2col");
  }

  /**
   * The convolution layer of Ex05, computed as one matrix product per image: {@code im2col}
   * of the image, the weights as a {@code [K][C·KH·KW]} matrix, their product, plus the bias.
   * The result must equal {@link Ex05ConvLayer#forward} (up to rounding).
   *
   * @param x      input, {@code [N][C][H][W]}
   * @param w      weights, {@code [K][C][KH][KW]}
   * @param b      bias, {@code [K]}
   * @param stride step of the window, at least 1
   * @param pad    zeros added on each side, at least 0
   * @return a new array {@code [N][K][OH][OW]}
   * @throws IllegalArgumentException if the shapes do not fit together (as in Ex05)
   */
  public static double[][][][] forwardAsMatmul(double[][][][] x, double[][][][] w, double[] b,
                                               int stride, int pad) {
    throw new UnsupportedOperationException("TODO: Ex06Im2col.forwardAsMatmul");
  }
}

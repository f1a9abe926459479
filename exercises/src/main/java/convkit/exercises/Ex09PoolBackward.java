package convkit.exercises;

/**
 * Exercise 9 — backpropagation through max and average pooling.
 *
 * <p>Read first: <a href="../../../../../../lessons/10-backprop.md">lessons/10-backprop.md</a>
 * (and <a href="../../../../../../lessons/08-pooling.md">08-pooling.md</a> for the forward pass).
 *
 * <p>The forward pass is the one of Ex07 (square window {@code kernel}, {@code stride}, no
 * padding). Given {@code dy = ∂L/∂y} ({@code [N][C][OH][OW]}) return {@code dx} of the shape of
 * {@code x} ({@code [N][C][H][W]}). Windows may overlap (stride &lt; kernel): a pixel then
 * collects gradient from every window it belongs to, so ACCUMULATE ({@code +=}).
 * <ul>
 *   <li><b>Max:</b> only the pixel that was the maximum of a window influenced the output, so
 *   the whole {@code dy[n][c][oy][ox]} goes to it; the other pixels of the window get nothing
 *   from that window. Tie rule (as in PyTorch): when several pixels share the maximum, the
 *   gradient goes to the FIRST of them in row-major window order (top row first, left to
 *   right), and only to it.</li>
 *   <li><b>Average:</b> every pixel of the window counted {@code 1/(kernel·kernel)}, so each
 *   receives {@code dy[n][c][oy][ox] / (kernel·kernel)}.</li>
 * </ul>
 *
 * <p>Worked example: the notes' patch {@code [[200,150,150],[100,50,100],[25,25,10]]}, kernel 3,
 * stride 3, {@code dy = [[[[9]]]]}: the max gradient is 9 at the top-left pixel (the 200) and 0
 * elsewhere; the average gradient is 1 at every pixel. With the patch
 * {@code [[7,7],[1,7]]}, kernel 2 and {@code dy = [[[[1]]]]}, the max gradient is
 * {@code [[1,0],[0,0]]}: the first 7 takes it all.
 *
 * <p>Bad arguments throw {@link IllegalArgumentException} with the values: {@code kernel < 1},
 * {@code stride < 1}, a window larger than the image, or {@code dy} not of the output shape.
 */
public final class Ex09PoolBackward {

  private Ex09PoolBackward() {
  }

  /**
   * The gradient of max pooling with respect to its input.
   *
   * @param x      the forward input, {@code [N][C][H][W]} (to find each window's maximum)
   * @param dy     the gradient of the output, {@code [N][C][OH][OW]}
   * @param kernel the forward window size, at least 1
   * @param stride the forward stride, at least 1
   * @return a new array {@code [N][C][H][W]}
   * @throws IllegalArgumentException for the bad arguments in the class comment
   */
  public static double[][][][] maxPoolBackward(double[][][][] x, double[][][][] dy,
                                               int kernel, int stride) {
    throw new UnsupportedOperationException("TODO: Ex09PoolBackward.maxPoolBackward");
  }

  /**
   * The gradient of average pooling with respect to its input.
   *
   * @param x      the forward input, {@code [N][C][H][W]} (only its shape matters)
   * @param dy     the gradient of the output, {@code [N][C][OH][OW]}
   * @param kernel the forward window size, at least 1
   * @param stride the forward stride, at least 1
   * @return a new array {@code [N][C][H][W]}
   * @throws IllegalArgumentException for the bad arguments in the class comment
   */
  public static double[][][][] avgPoolBackward(double[][][][] x, double[][][][] dy,
                                               int kernel, int stride) {
    throw new UnsupportedOperationException("TODO: Ex09PoolBackward.avgPoolBackward");
  }
}

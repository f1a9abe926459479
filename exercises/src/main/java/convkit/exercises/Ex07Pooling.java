package convkit.exercises;

/**
 * Exercise 7 — max and average pooling, forward.
 *
 * <p>Read first: <a href="../../../../../../lessons/08-pooling.md">lessons/08-pooling.md</a>.
 *
 * <p>A {@code kernel×kernel} window slides over every channel of every image separately, moving
 * {@code stride} pixels at a time, without padding; the output keeps N and C:
 * <pre>
 *   x [N][C][H][W]  →  y [N][C][OH][OW],   OH = (H − kernel) / stride + 1, OW likewise
 *   max: y[n][c][oy][ox] = max over u, v in 0..kernel−1 of x[n][c][oy·stride + u][ox·stride + v]
 *   avg: the mean of the same kernel·kernel values
 * </pre>
 * Pooling has no weights: nothing is learned.
 *
 * <p>Worked example from the notes: the patch {@code [[200,150,150],[100,50,100],[25,25,10]]}
 * pooled with kernel 3 gives 200 (max) and 90 (average: 810 / 9). The 4×4 image
 * {@code [[1,2,3,4],[5,6,7,8],[9,10,11,12],[13,14,15,16]]} with kernel 2, stride 2 gives
 * {@code [[6,8],[14,16]]} (max) and {@code [[3.5,5.5],[11.5,13.5]]} (average).
 *
 * <p>Bad arguments throw {@link IllegalArgumentException} with the values: {@code kernel < 1},
 * {@code stride < 1}, or a window larger than the image.
 */
public final class Ex07Pooling {

  private Ex07Pooling() {
  }

  /**
   * Max pooling.
   *
   * @param x      input, {@code [N][C][H][W]}
   * @param kernel window size (square), {@code 1 ≤ kernel ≤ min(H, W)}
   * @param stride step of the window, at least 1
   * @return a new array {@code [N][C][OH][OW]}
   * @throws IllegalArgumentException for the bad arguments in the class comment
   */
  public static double[][][][] maxPool(double[][][][] x, int kernel, int stride) {
    throw new UnsupportedOperationException("TODO: Ex07Pooling.maxPool");
  }

  /**
   * Average pooling (every window holds {@code kernel·kernel} image pixels: no padding).
   *
   * @param x      input, {@code [N][C][H][W]}
   * @param kernel window size (square), {@code 1 ≤ kernel ≤ min(H, W)}
   * @param stride step of the window, at least 1
   * @return a new array {@code [N][C][OH][OW]}
   * @throws IllegalArgumentException for the bad arguments in the class comment
   */
  public static double[][][][] avgPool(double[][][][] x, int kernel, int stride) {
    throw new UnsupportedOperationException("TODO: Ex07Pooling.avgPool");
  }
}

package convkit.exercises;

/**
 * Exercise 8 — backpropagation through a convolution layer: the gradients of the loss with
 * respect to the input, the weights and the bias.
 *
 * <p>Read first: <a href="../../../../../../lessons/10-backprop.md">lessons/10-backprop.md</a>.
 *
 * <p>The forward pass is the one of Ex05 (cross-correlation, stride, zero padding):
 * <pre>
 *   y[n][k][oy][ox] = b[k] + Σ_c Σ_u Σ_v  x[n][c][oy·s + u − p][ox·s + v − p] · w[k][c][u][v]
 * </pre>
 * Given {@code dy = ∂L/∂y} ({@code [N][K][OH][OW]}), every term of that sum sends gradient back
 * along both of its factors. Walk the same loops as the forward pass and ACCUMULATE ({@code +=}):
 * <pre>
 *   dx[n][c][oy·s + u − p][ox·s + v − p] += w[k][c][u][v] · dy[n][k][oy][ox]   (skip padding positions)
 *   dw[k][c][u][v]                       += x[n][c][oy·s + u − p][ox·s + v − p] · dy[n][k][oy][ox]
 *   db[k]                                += dy[n][k][oy][ox]
 * </pre>
 * {@code dw} and {@code db} are summed over the whole batch (the weights are shared by every
 * image); {@code dx} is per image. Pixels no window reads (stride skips, Ex01) get 0. With
 * stride 1 and no padding, {@code dx} is the FULL convolution of {@code dy} with {@code w}
 * (Ex04) and {@code dw} is the valid cross-correlation of {@code x} with {@code dy} (Ex03): the
 * duality of the lessons.
 *
 * <p>Worked example: {@code x = [[1,2,3],[4,5,6],[7,8,9]]} (N=C=1), {@code w = [[1,2],[3,4]]}
 * (K=1), stride 1, pad 0, {@code dy} all ones (2×2):
 * {@code dx = [[1,3,2],[4,10,6],[3,7,4]]}, {@code dw = [[12,16],[24,28]]}, {@code db = [4]}.
 *
 * <p>Bad shapes throw {@link IllegalArgumentException} naming the shapes: {@code w} with a
 * different channel count than {@code x}, or {@code dy} not of shape {@code [N][K][OH][OW]}.
 */
public final class Ex08ConvBackward {

  private Ex08ConvBackward() {
  }

  /**
   * The gradient with respect to the input, {@code ∂L/∂x}.
   *
   * @param x      the forward input, {@code [N][C][H][W]}
   * @param w      the weights, {@code [K][C][KH][KW]}
   * @param dy     the gradient of the output, {@code [N][K][OH][OW]}
   * @param stride the forward stride, at least 1
   * @param pad    the forward zero padding, at least 0
   * @return a new array {@code [N][C][H][W]}
   * @throws IllegalArgumentException if the shapes do not fit together
   */
  public static double[][][][] gradInput(double[][][][] x, double[][][][] w, double[][][][] dy,
                                         int stride, int pad) {
    throw new UnsupportedOperationException("TODO: Ex08ConvBackward.gradInput");
  }

  /**
   * The gradient with respect to the weights, {@code ∂L/∂w}, summed over the batch.
   *
   * @param x      the forward input, {@code [N][C][H][W]}
   * @param w      the weights, {@code [K][C][KH][KW]} (for their shape)
   * @param dy     the gradient of the output, {@code [N][K][OH][OW]}
   * @param stride the forward stride, at least 1
   * @param pad    the forward zero padding, at least 0
   * @return a new array {@code [K][C][KH][KW]}
   * @throws IllegalArgumentException if the shapes do not fit together
   */
  public static double[][][][] gradWeight(double[][][][] x, double[][][][] w, double[][][][] dy,
                                          int stride, int pad) {
    throw new UnsupportedOperationException("TODO: Ex08ConvBackward.gradWeight");
  }

  /**
   * The gradient with respect to the bias, {@code ∂L/∂b}: each kernel's bias was added to every
   * output position of every image, so its gradient is the sum of {@code dy} over them.
   *
   * @param dy the gradient of the output, {@code [N][K][OH][OW]}
   * @return a new array {@code [K]}
   */
  public static double[] gradBias(double[][][][] dy) {
    throw new UnsupportedOperationException("TODO: Ex08ConvBackward.gradBias");
  }
}

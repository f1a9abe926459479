package convkit.exercises;

/**
 * Exercise 5 — the forward pass of a convolution layer: many channels in, many kernels, bias,
 * stride and zero padding.
 *
 * <p>Read first: <a href="../../../../../../lessons/06-channels.md">lessons/06-channels.md</a>
 * (and <a href="../../../../../../lessons/05-output-size.md">05-output-size.md</a> for the sizes).
 *
 * <p>Shapes, row-major like PyTorch:
 * <pre>
 *   x  [N][C][H][W]     a batch of N images with C channels
 *   w  [K][C][KH][KW]   K kernels, each as deep as the input (C channels)
 *   b  [K]              one bias per kernel
 *   y  [N][K][OH][OW]   OH = (H + 2·pad − KH) / stride + 1, OW likewise (Ex01)
 * </pre>
 * Each output value is a cross-correlation (no kernel flip, like PyTorch's {@code conv2d})
 * summed over the input channels, plus the kernel's bias:
 * <pre>
 *   y[n][k][oy][ox] = b[k] + Σ_c Σ_u Σ_v  x[n][c][oy·stride + u − pad][ox·stride + v − pad] · w[k][c][u][v]
 * </pre>
 * where a row or column index outside the image reads 0 (zero padding). You do not have to
 * build a padded copy: a bounds check that skips the term does the same.
 *
 * <p>Worked example: one image with one channel, the notes' 3×3 patch
 * {@code [[200,150,150],[100,50,100],[25,25,10]]}, one kernel
 * {@code [[1,0,−1],[2,0,−2],[1,0,−1]]}, bias 5, stride 1, pad 0 gives {@code y = [[[[70]]]]}
 * (65 + 5). With pad 1 the output is 3×3 and its centre is 70.
 *
 * <p>Bad arguments throw {@link IllegalArgumentException} naming the shapes: the channel count
 * of {@code w} differs from that of {@code x}, {@code b.length != K}, {@code stride < 1},
 * {@code pad < 0}, or a kernel larger than the padded image.
 */
public final class Ex05ConvLayer {

  private Ex05ConvLayer() {
  }

  /**
   * The layer's output for a batch.
   *
   * @param x      input, {@code [N][C][H][W]}
   * @param w      weights, {@code [K][C][KH][KW]}
   * @param b      bias, {@code [K]}
   * @param stride step of the window, the same along height and width, at least 1
   * @param pad    zeros added on each side, the same along height and width, at least 0
   * @return a new array {@code [N][K][OH][OW]}
   * @throws IllegalArgumentException if the shapes do not fit together (see the class comment)
   */
  public static double[][][][] forward(double[][][][] x, double[][][][] w, double[] b,
                                       int stride, int pad) {
    throw new UnsupportedOperationException("TODO: Ex05ConvLayer.forward");
  }
}

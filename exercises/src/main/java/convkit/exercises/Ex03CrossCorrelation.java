package convkit.exercises;

/**
 * Exercise 3 — single-channel cross-correlation, "valid" (the kernel stays inside the image).
 *
 * <p>Read first: <a href="../../../../../../lessons/04-cross-correlation.md">lessons/04-cross-correlation.md</a>.
 *
 * <p>Image {@code x} is {@code [H][W]}, kernel {@code k} is {@code [KH][KW]} (not necessarily
 * square). Both use the same coordinates, {@code (0,0)} at the top left. The output is
 * {@code [H−KH+1][W−KW+1]}:
 *
 * <pre>
 *   y[i][j] = Σ_u Σ_v  x[i+u][j+v] · k[u][v]      u in 0..KH−1, v in 0..KW−1
 * </pre>
 *
 * <p>This is what PyTorch calls {@code conv2d}: no kernel flip. Worked example from the notes:
 * the 3×3 patch {@code [[200,150,150],[100,50,100],[25,25,10]]} with the kernel
 * {@code [[1,0,−1],[2,0,−2],[1,0,−1]]} gives the single value
 * {@code 200−150 + 2·100−2·100 + 25−10 = 65}.
 *
 * @see Ex04Convolution the same sum with the kernel flipped
 */
public final class Ex03CrossCorrelation {

  private Ex03CrossCorrelation() {
  }

  /**
   * Slides {@code k} over every position where it fits entirely inside {@code x}.
   *
   * @param x image, {@code [H][W]}
   * @param k kernel, {@code [KH][KW]} with {@code KH ≤ H} and {@code KW ≤ W}
   * @return a new array {@code [H−KH+1][W−KW+1]}
   * @throws IllegalArgumentException if the kernel is taller or wider than the image (say
   *                                  which, with both sizes)
   */
  public static double[][] crossCorrelateValid(double[][] x, double[][] k) {
    throw new UnsupportedOperationException("TODO: Ex03CrossCorrelation.crossCorrelateValid");
  }
}

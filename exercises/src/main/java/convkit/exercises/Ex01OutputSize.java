package convkit.exercises;

/**
 * Exercise 1 — how big is the output of a convolution?
 *
 * <p>Read first: <a href="../../../../../../lessons/05-output-size.md">lessons/05-output-size.md</a>.
 *
 * <p>A kernel of size {@code kernel} slides along one axis of an input of size {@code in}. The
 * input is first surrounded by {@code pad} pixels on each side; the window moves {@code stride}
 * pixels at a time; with dilation {@code d} the kernel taps are {@code d} pixels apart, so the
 * window spans {@code d·(kernel−1)+1} pixels. The number of window positions that fit is
 *
 * <pre>
 *   out = floor((in + 2·pad − dilation·(kernel − 1) − 1) / stride) + 1
 * </pre>
 *
 * <p>The same formula holds for height and width separately. Worked examples:
 * <ul>
 *   <li>in=5, kernel=3, pad=0, stride=1, dilation=1 → 3 (a "valid" convolution, H−k+1);</li>
 *   <li>in=5, kernel=3, pad=1, stride=1, dilation=1 → 5 (padding keeps the size);</li>
 *   <li>in=5, kernel=3, pad=0, stride=3, dilation=1 → 1, and the last 2 input pixels are never read;</li>
 *   <li>in=7, kernel=3, pad=0, stride=1, dilation=2 → 3 (the dilated window spans 5 pixels).</li>
 * </ul>
 *
 * <p>Both methods reject bad arguments with an {@link IllegalArgumentException} whose message
 * names the argument and gives its value: {@code in < 1}, {@code kernel < 1}, {@code pad < 0},
 * {@code stride < 1}, {@code dilation < 1}, or a dilated kernel wider than the padded input
 * (no window fits, the formula would give 0 or less).
 */
public final class Ex01OutputSize {

  private Ex01OutputSize() {
  }

  /**
   * The number of output positions along one axis.
   *
   * <p>Example: {@code outputSize(224, 7, 3, 2, 1) == 112}. Use {@link Math#floorDiv(int, int)}
   * (or check the sign first): Java's {@code /} rounds towards zero, not down.
   *
   * @param in       input size along the axis (height or width), at least 1
   * @param kernel   kernel size along the axis, at least 1
   * @param pad      zero padding added on EACH side, at least 0
   * @param stride   step between window positions, at least 1
   * @param dilation spacing between kernel taps (1 = an ordinary kernel), at least 1
   * @return the output size, at least 1
   * @throws IllegalArgumentException for the bad arguments listed in the class comment
   */
  public static int outputSize(int in, int kernel, int pad, int stride, int dilation) {
    throw new UnsupportedOperationException("TODO: Ex01OutputSize.outputSize");
  }

  /**
   * How many INPUT pixels at the far edge (bottom or right) no window reads, because the
   * stride jumps over them.
   *
   * <p>The last window starts at padded index {@code (out−1)·stride} and its last tap is at
   * padded index {@code lastRead = (out−1)·stride + dilation·(kernel−1)}. Input pixel {@code i}
   * sits at padded index {@code i + pad}. Count the input pixels whose padded index is greater
   * than {@code lastRead}; padding pixels that are skipped do not count, and the gaps between
   * dilated taps inside a window do not count either.
   *
   * <p>Examples: {@code skippedEdgePixels(5, 3, 0, 3, 1) == 2} (the notes' stride-3 case: the
   * only window reads pixels 0..2); {@code skippedEdgePixels(5, 3, 1, 1, 1) == 0};
   * {@code skippedEdgePixels(6, 3, 1, 2, 1) == 0} (the one skipped pixel is padding).
   *
   * @param in       input size along the axis, at least 1
   * @param kernel   kernel size along the axis, at least 1
   * @param pad      zero padding added on each side, at least 0
   * @param stride   step between window positions, at least 1
   * @param dilation spacing between kernel taps, at least 1
   * @return the number of skipped input pixels, 0 or more
   * @throws IllegalArgumentException for the bad arguments listed in the class comment
   */
  public static int skippedEdgePixels(int in, int kernel, int pad, int stride, int dilation) {
    throw new UnsupportedOperationException("TODO: Ex01OutputSize.skippedEdgePixels");
  }
}

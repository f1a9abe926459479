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
 *   <li>in=10, kernel=3, pad=0, stride=4, dilation=1 → 2, and pixels 3, 7, 8 and 9 are never read;</li>
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
   * How many INPUT pixels no window reads, because the stride (or the dilation) jumps over them.
   *
   * <p>Window {@code o} (for {@code o = 0 .. out−1}) starts at padded index {@code o·stride}; its
   * taps read padded indices {@code o·stride + t·dilation} for {@code t = 0 .. kernel−1}. Input
   * pixel {@code i} sits at padded index {@code i + pad}. Count the input pixels that no tap of
   * any window reads. Pixels are missed in two places: past the last window (at the far edge),
   * and in gaps inside the image, when the stride is larger than the window, or when dilation
   * leaves holes between the taps that no other window fills. Padding pixels do not count.
   *
   * <p>Examples: {@code unreadPixels(5, 3, 0, 3, 1) == 2} (the notes' stride-3 case: the only
   * window reads pixels 0..2, so 3 and 4 are unread); {@code unreadPixels(10, 3, 0, 4, 1) == 4}
   * (windows read 0..2 and 4..6: pixel 3 and pixels 7..9 are unread);
   * {@code unreadPixels(7, 3, 0, 2, 2) == 3} (taps at 0, 2, 4 and 2, 4, 6: pixels 1, 3, 5);
   * {@code unreadPixels(6, 3, 1, 2, 1) == 0} (the one position no window reads is padding).
   *
   * @param in       input size along the axis, at least 1
   * @param kernel   kernel size along the axis, at least 1
   * @param pad      zero padding added on each side, at least 0
   * @param stride   step between window positions, at least 1
   * @param dilation spacing between kernel taps, at least 1
   * @return the number of input pixels no window reads, 0 or more
   * @throws IllegalArgumentException for the bad arguments listed in the class comment
   */
  public static int unreadPixels(int in, int kernel, int pad, int stride, int dilation) {
    throw new UnsupportedOperationException("TODO: Ex01OutputSize.unreadPixels");
  }
}

package convkit.exercises;

/**
 * Exercise 2 — padding an image: zeros, or a mirror of the border.
 *
 * <p>Read first: <a href="../../../../../../lessons/05-output-size.md">lessons/05-output-size.md</a>
 * (the section on padding).
 *
 * <p>Both methods take a single-channel image {@code x} of shape {@code [H][W]} (every row the
 * same length) and return a NEW array of shape {@code [H+2·pad][W+2·pad]}; the input is never
 * changed. Pixel {@code x[i][j]} lands at {@code [i+pad][j+pad]}.
 *
 * <p>Worked example with pad=1 on {@code x = [[1, 2], [3, 4]]}:
 * <pre>
 *   zeroPad             reflectPad
 *   0 0 0 0             4 3 4 3
 *   0 1 2 0             2 1 2 1
 *   0 3 4 0             4 3 4 3
 *   0 0 0 0             2 1 2 1
 * </pre>
 * Along one axis, a row {@code [1, 2, 3]} of a 3×3 image reflect-padded by 2 becomes
 * {@code [3, 2, 1, 2, 3, 2, 1]}: the mirror is at the edge pixel itself, which is NOT repeated
 * (NumPy {@code mode='reflect'}, PyTorch {@code ReflectionPad2d}).
 *
 * <p>Bad arguments throw {@link IllegalArgumentException} with the name and value in the
 * message: {@code pad < 0}; for {@code reflectPad} also {@code pad >= H} or {@code pad >= W}
 * (a mirror of width {@code pad} needs {@code pad} pixels beyond the edge pixel).
 */
public final class Ex02Padding {

  private Ex02Padding() {
  }

  /**
   * Surrounds {@code x} with {@code pad} rows and columns of zeros on every side.
   *
   * @param x   image, {@code [H][W]}, H ≥ 1, W ≥ 1
   * @param pad pixels to add on each side, at least 0 (0 returns a copy)
   * @return a new array {@code [H+2·pad][W+2·pad]}
   * @throws IllegalArgumentException if {@code pad < 0}
   */
  public static double[][] zeroPad(double[][] x, int pad) {
    throw new UnsupportedOperationException("TODO: Ex02Padding.zeroPad");
  }

  /**
   * Surrounds {@code x} with its own mirror image, the edge pixel not repeated.
   *
   * <p>Padded pixel {@code [i][j]} takes {@code x[reflect(i−pad, H)][reflect(j−pad, W)]} where
   * {@code reflect(t, n)} is {@code −t} when {@code t < 0}, {@code 2·(n−1) − t} when
   * {@code t ≥ n}, and {@code t} otherwise.
   *
   * @param x   image, {@code [H][W]}, H ≥ 1, W ≥ 1
   * @param pad pixels to add on each side, {@code 0 ≤ pad < H} and {@code pad < W}
   * @return a new array {@code [H+2·pad][W+2·pad]}
   * @throws IllegalArgumentException if {@code pad < 0}, {@code pad >= H} or {@code pad >= W}
   */
  public static double[][] reflectPad(double[][] x, int pad) {
    throw new UnsupportedOperationException("TODO: Ex02Padding.reflectPad");
  }
}

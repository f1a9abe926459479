package convkit.exercises;

/**
 * Exercise 4 — true convolution: the kernel flipped, the image in centred coordinates.
 *
 * <p>Read first: <a href="../../../../../../lessons/03-convolution.md">lessons/03-convolution.md</a>.
 *
 * <p><b>Coordinates.</b> The image {@code x} ({@code [H][W]}) is indexed from its centre: array
 * row {@code i} is image row {@code a = i − (H−1)/2} and array column {@code j} is image column
 * {@code b = j − (W−1)/2}, with Java's integer division. For odd sizes the rows run from
 * {@code −(H−1)/2} to {@code (H−1)/2} (H=5: −2..2). For EVEN sizes the centre pixel {@code (0,0)}
 * is the upper-left one of the middle four: H=4 gives rows −1, 0, 1, 2. The kernel {@code k}
 * ({@code [KH][KW]}) keeps its array indices: rows 0..KH−1, columns 0..KW−1.
 *
 * <p><b>The sum.</b> For an output position {@code (r, c)}, in the same centred coordinates as
 * the image:
 * <pre>
 *   y(r, c) = Σ_a Σ_b  x(a, b) · k(r − a, c − b)
 * </pre>
 * over every image pixel {@code (a, b)}; a term whose kernel index {@code (r−a, c−b)} falls
 * outside {@code 0..KH−1 × 0..KW−1} is dropped. The minus signs walk the kernel backwards
 * while the image goes forwards: that is the 180° flip.
 *
 * <p>Worked example: {@code x = [[1,2,3],[4,5,6],[7,8,9]]} (centre pixel 5 at (0,0)),
 * {@code k = [[1,2],[3,4]]}. For {@code (r,c) = (0,0)} the kernel index {@code (−a,−b)} is in
 * range only for {@code a, b ∈ {−1, 0}}:
 * {@code y(0,0) = x(0,0)·k(0,0) + x(0,−1)·k(0,1) + x(−1,0)·k(1,0) + x(−1,−1)·k(1,1)
 *  = 5·1 + 4·2 + 2·3 + 1·4 = 23}.
 *
 * <p>Relation to exercise 3: convolving with {@code k} equals cross-correlating with
 * {@code flip180(k)}; in particular {@code convolveFull(x, k)} equals
 * {@code crossCorrelateValid(zeroPad(x, …), flip180(k))} with {@code KH−1} rows and
 * {@code KW−1} columns of zeros around {@code x}.
 */
public final class Ex04Convolution {

  private Ex04Convolution() {
  }

  /**
   * Rotates a kernel by 180°: {@code f[u][v] = k[KH−1−u][KW−1−v]}.
   *
   * <p>Example: {@code [[1,2,3],[4,5,6],[7,8,9]]} becomes {@code [[9,8,7],[6,5,4],[3,2,1]]}.
   *
   * @param k kernel, {@code [KH][KW]}
   * @return a new array {@code [KH][KW]}; {@code k} is not changed
   */
  public static double[][] flip180(double[][] k) {
    throw new UnsupportedOperationException("TODO: Ex04Convolution.flip180");
  }

  /**
   * One output value {@code y(r, c)} of the convolution, {@code r} and {@code c} in centred
   * image coordinates (see the class comment). Any {@code r}, {@code c} is allowed: where no
   * term is in range the sum is empty and the answer is 0.
   *
   * @param x image, {@code [H][W]}
   * @param k kernel, {@code [KH][KW]}
   * @param r output row, centred coordinates
   * @param c output column, centred coordinates
   * @return {@code Σ_a Σ_b x(a,b)·k(r−a, c−b)}, out-of-range kernel taps dropped
   */
  public static double convolveAt(double[][] x, double[][] k, int r, int c) {
    throw new UnsupportedOperationException("TODO: Ex04Convolution.convolveAt");
  }

  /**
   * Every output value that has at least one term: the "full" convolution.
   *
   * <p>The sum can be non-empty for {@code r} from {@code −(H−1)/2} to
   * {@code H−1−(H−1)/2 + KH−1}, so the result has {@code H+KH−1} rows and {@code W+KW−1}
   * columns; element {@code [i][j]} holds {@code y(i − (H−1)/2, j − (W−1)/2)}. In the
   * example of the class comment the result is 4×4 and {@code [1][1]} holds 23.
   *
   * @param x image, {@code [H][W]}
   * @param k kernel, {@code [KH][KW]}
   * @return a new array {@code [H+KH−1][W+KW−1]}
   */
  public static double[][] convolveFull(double[][] x, double[][] k) {
    throw new UnsupportedOperationException("TODO: Ex04Convolution.convolveFull");
  }
}

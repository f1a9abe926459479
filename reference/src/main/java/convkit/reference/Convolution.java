package convkit.reference;

/**
 * Convolution: the true 2-D convolution, with the kernel flipped, in the coordinates of the notes.
 *
 * <p>Image coordinates are centred: row {@code a} runs from {@code -(H-1)/2} to {@code (H-1)/2}
 * (the centre pixel is (0,0)). Kernel coordinates start at its upper left: (0,0) .. (k1-1, k2-1).
 * <pre>
 *   y(r, c) = Σ_a Σ_b x(a, b) · k(r - a, c - b)      taps with r-a or c-b outside the kernel are dropped
 * </pre>
 * Reading {@code k(r-a, c-b)} while (a,b) moves forward walks the kernel backwards: that is the flip.
 *
 * <p>Even sizes: for even H, (H-1)/2 is not an integer. We put the origin on the upper-left
 * pixel of the central 2×2 block, i.e. {@code a = i - ⌊(H-1)/2⌋} for array row i, so a 4-row
 * image has rows -1, 0, 1, 2 ({@link #first}, {@link #last}). Odd sizes give the notes' range.
 *
 * <p>Output ranges, in the same centred coordinates (array row 0 of the result is the first r):
 * <ul>
 *   <li>FULL: {@code r = first(H) .. last(H) + k1 - 1}, every r where some tap lands on the image;
 *   <li>VALID: {@code r = first(H) + k1 - 1 .. last(H)}, every r where all taps land on it.
 * </ul>
 *
 * <p>Sample run ({@code java convkit.reference.Convolution}): 1-D {@code y3 = h3·x0 + h2·x1 + h1·x2 + h0·x3}
 * and a 3×3 image with a 2×2 kernel:
 * <pre>
 * x = [1, 2, 3, 4], h = [1, 10, 100, 1000]: y = [1, 12, 123, 1234, 2340, 3400, 4000]   (y3 = 1234)
 * x = [[1, 2, 3], [4, 5, 6], [7, 8, 9]], k = [[1, 2], [3, 4]]
 * valid, rows/cols 0..1: [[23, 33], [53, 63]]
 * full,  rows/cols -1..2: [[1, 4, 7, 6], [7, 23, 33, 24], [19, 53, 63, 42], [21, 52, 59, 36]]
 * </pre>
 *
 * <p>Limits: single channel, float64, O(H·W·k1·k2) per output by the literal double sum: clarity
 * over performance. {@link CrossCorrelation} is the unflipped twin.
 */
public final class Convolution {

    private Convolution() {
    }

    /** The centred coordinate of array index 0 along an axis of {@code size} pixels: {@code -⌊(size-1)/2⌋}. */
    public static int first(int size) {
        return -((size - 1) / 2);
    }

    /** The centred coordinate of the last pixel: {@code first(size) + size - 1}. */
    public static int last(int size) {
        return first(size) + size - 1;
    }

    /** The centred coordinate of array row 0 of the result for an image axis of {@code size} and kernel {@code k}. */
    public static int firstOutput(int size, int kernel, Range range) {
        return range == Range.FULL ? first(size) : first(size) + kernel - 1;
    }

    /** One output value, literally {@code y(r,c) = Σ_a Σ_b x(a,b)·k(r-a, c-b)} in centred coordinates. */
    public static double at(double[][] x, double[][] k, int r, int c) {
        Kernels.requireRectangular("image x", x);
        Kernels.requireRectangular("kernel k", k);
        return sumAt(x, k, r, c);
    }

    /** The double sum of {@link #at}, for arguments already checked. */
    private static double sumAt(double[][] x, double[][] k, int r, int c) {
        int h = x.length;
        int w = x[0].length;
        double sum = 0.0;
        // every image pixel (a, b), in centred coordinates
        for (int a = first(h); a <= last(h); a++) {
            for (int b = first(w); b <= last(w); b++) {
                int kr = r - a;
                int kc = c - b;
                if (kr < 0 || kr >= k.length || kc < 0 || kc >= k[0].length) {
                    continue; // this tap falls outside the kernel: dropped
                }
                sum += x[a - first(h)][b - first(w)] * k[kr][kc];
            }
        }
        return sum;
    }

    /** The convolution over the VALID or FULL range (see the card for the coordinates of the result). */
    public static double[][] convolve(double[][] x, double[][] k, Range range) {
        Kernels.requireRectangular("image x", x);
        Kernels.requireRectangular("kernel k", k);
        int h = x.length;
        int w = x[0].length;
        int k1 = k.length;
        int k2 = k[0].length;
        if (range == Range.VALID && (k1 > h || k2 > w)) {
            throw new IllegalArgumentException("valid convolution: kernel k [" + k1 + " x " + k2
                + "] larger than image x [" + h + " x " + w + "]; use Range.FULL or a smaller kernel");
        }
        int rows = range == Range.FULL ? h + k1 - 1 : h - k1 + 1;
        int cols = range == Range.FULL ? w + k2 - 1 : w - k2 + 1;
        int r0 = firstOutput(h, k1, range);
        int c0 = firstOutput(w, k2, range);
        double[][] y = new double[rows][cols];
        // every output position, by the formula
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                y[i][j] = sumAt(x, k, r0 + i, c0 + j);
            }
        }
        return y;
    }

    /** The full 1-D convolution {@code y_k = Σ_n h_n · x_(k-n)}, k = 0 .. len(x)+len(h)-2; out-of-range x dropped. */
    public static double[] convolve1d(double[] x, double[] h) {
        if (x.length == 0 || h.length == 0) {
            throw new IllegalArgumentException("1-D convolution: expected non-empty x and h but was x["
                + x.length + "], h[" + h.length + "]");
        }
        double[] y = new double[x.length + h.length - 1];
        // each output, summing over the taps of h
        for (int k = 0; k < y.length; k++) {
            for (int n = 0; n < h.length; n++) {
                if (k - n >= 0 && k - n < x.length) {
                    y[k] += h[n] * x[k - n];
                }
            }
        }
        return y;
    }

    /** Demo: the sample run of the card. */
    public static void main(String[] args) {
        double[] x1 = {1, 2, 3, 4};
        double[] h1 = {1, 10, 100, 1000};
        double[] y1 = convolve1d(x1, h1);
        System.out.println("x = [1, 2, 3, 4], h = [1, 10, 100, 1000]: y = " + Format.vector(y1)
            + "   (y3 = " + Format.number(y1[3]) + ")");
        double[][] x = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};
        double[][] k = {{1, 2}, {3, 4}};
        System.out.println("x = " + Format.matrix(x) + ", k = " + Format.matrix(k));
        System.out.println("valid, rows/cols " + firstOutput(3, 2, Range.VALID) + ".." + last(3) + ": "
            + Format.matrix(convolve(x, k, Range.VALID)));
        System.out.println("full,  rows/cols " + first(3) + ".." + (last(3) + 1) + ": "
            + Format.matrix(convolve(x, k, Range.FULL)));
    }
}

package convkit.reference;

/**
 * CrossCorrelation: slide the kernel over the image without flipping it and take dot products;
 * what deep-learning libraries (PyTorch's {@code conv2d}) compute and call "convolution".
 *
 * <p>Image and kernel share one coordinate system, (0,0) at the upper left:
 * <pre>
 *   y(r, c) = Σ_a Σ_b x(r + a, c + b) · k(a, b)       a = 0..k1-1, b = 0..k2-1
 * </pre>
 * Both indices move forward together: no flip. VALID keeps {@code r = 0 .. H-k1}; FULL keeps
 * {@code r = -(k1-1) .. H-1}, reading zeros outside the image.
 *
 * <p>The identity that ties the two: {@code Convolution.convolve(x, k, range)} equals
 * {@code crossCorrelate(x, Kernels.flip180(k), range)} element by element, for both ranges.
 *
 * <p>Sample run ({@code java convkit.reference.CrossCorrelation}): the notes' worked example,
 * <pre>
 * x = [[200, 150, 150], [100, 50, 100], [25, 25, 10]], k' = [[1, 0, -1], [2, 0, -2], [1, 0, -1]]
 * valid: [[65]]   (then + bias)
 * </pre>
 *
 * <p>Limits: single channel, float64, no stride or padding (see {@link Conv2d} for the layer).
 */
public final class CrossCorrelation {

    private CrossCorrelation() {
    }

    /** The cross-correlation over the VALID or FULL range; array row 0 is r = 0 (VALID) or r = -(k1-1) (FULL). */
    public static double[][] crossCorrelate(double[][] x, double[][] k, Range range) {
        Kernels.requireRectangular("image x", x);
        Kernels.requireRectangular("kernel k", k);
        int h = x.length;
        int w = x[0].length;
        int k1 = k.length;
        int k2 = k[0].length;
        if (range == Range.VALID && (k1 > h || k2 > w)) {
            throw new IllegalArgumentException("valid cross-correlation: kernel k [" + k1 + " x " + k2
                + "] larger than image x [" + h + " x " + w + "]; use Range.FULL or a smaller kernel");
        }
        int r0 = range == Range.FULL ? -(k1 - 1) : 0;
        int c0 = range == Range.FULL ? -(k2 - 1) : 0;
        int rows = range == Range.FULL ? h + k1 - 1 : h - k1 + 1;
        int cols = range == Range.FULL ? w + k2 - 1 : w - k2 + 1;
        double[][] y = new double[rows][cols];
        // every output position
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                int r = r0 + i;
                int c = c0 + j;
                double sum = 0.0;
                // dot product of the kernel with the patch under it
                for (int a = 0; a < k1; a++) {
                    for (int b = 0; b < k2; b++) {
                        if (r + a >= 0 && r + a < h && c + b >= 0 && c + b < w) {
                            sum += x[r + a][c + b] * k[a][b];
                        }
                    }
                }
                y[i][j] = sum;
            }
        }
        return y;
    }

    /** Demo: the sample run of the card. */
    public static void main(String[] args) {
        double[][] x = {{200, 150, 150}, {100, 50, 100}, {25, 25, 10}};
        double[][] k = Kernels.sobelX();
        System.out.println("x = " + Format.matrix(x) + ", k' = " + Format.matrix(k));
        System.out.println("valid: " + Format.matrix(crossCorrelate(x, k, Range.VALID)) + "   (then + bias)");
    }
}

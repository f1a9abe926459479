package convkit.reference;

/**
 * Kernels: the 180° rotation ("flip") that turns a convolution into a cross-correlation, and
 * a few kernels the lessons use.
 *
 * <pre>
 *   K = [[1, 2, 3],      flip180(K) = [[9, 8, 7],
 *        [4, 5, 6],                    [6, 5, 4],
 *        [7, 8, 9]]                    [3, 2, 1]]
 * </pre>
 * {@code flip180(k)[i][j] = k[k1-1-i][k2-1-j]}: both axes reversed, the same as turning the
 * kernel half a turn about its centre. Flipping twice gives the kernel back.
 *
 * <p>Sample run ({@code java convkit.reference.Kernels}):
 * <pre>
 * K          = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
 * flip180(K) = [[9, 8, 7], [6, 5, 4], [3, 2, 1]]
 * </pre>
 */
public final class Kernels {

    private Kernels() {
    }

    /** A new array holding {@code k} rotated by 180°. */
    public static double[][] flip180(double[][] k) {
        requireRectangular("kernel k", k);
        int k1 = k.length;
        int k2 = k[0].length;
        double[][] flipped = new double[k1][k2];
        // row i of the result is row k1-1-i of k, read backwards
        for (int i = 0; i < k1; i++) {
            for (int j = 0; j < k2; j++) {
                flipped[i][j] = k[k1 - 1 - i][k2 - 1 - j];
            }
        }
        return flipped;
    }

    /** Every kernel plane {@code [k][c]} of a weight tensor {@code [K][C][KH][KW]} rotated by 180°. */
    public static Tensor flip180(Tensor w) {
        w.requireRank("weight w", 4, "[K][C][KH][KW]");
        int kh = w.dim(2);
        int kw = w.dim(3);
        Tensor flipped = Tensor.zeros(w.shape());
        // each kernel, each channel, each tap
        for (int k = 0; k < w.dim(0); k++) {
            for (int c = 0; c < w.dim(1); c++) {
                for (int i = 0; i < kh; i++) {
                    for (int j = 0; j < kw; j++) {
                        flipped.set(w.get(k, c, kh - 1 - i, kw - 1 - j), k, c, i, j);
                    }
                }
            }
        }
        return flipped;
    }

    /** The Sobel kernel of the notes, {@code [[1, 0, -1], [2, 0, -2], [1, 0, -1]]}: responds to vertical edges. */
    public static double[][] sobelX() {
        return new double[][] {{1, 0, -1}, {2, 0, -2}, {1, 0, -1}};
    }

    /** Throws unless {@code m} is a non-empty matrix whose rows all have the same non-zero length. */
    public static void requireRectangular(String name, double[][] m) {
        if (m == null || m.length == 0 || m[0] == null || m[0].length == 0) {
            throw new IllegalArgumentException(name + ": expected a non-empty matrix but was "
                + (m == null ? "null" : m.length == 0 || m[0] == null ? "empty" : "[" + m.length + " x 0]"));
        }
        for (int i = 0; i < m.length; i++) {
            if (m[i] == null || m[i].length != m[0].length) {
                throw new IllegalArgumentException(name + ": expected every row to have " + m[0].length
                    + " entries but row " + i + " has " + (m[i] == null ? "none (null)" : m[i].length));
            }
        }
    }

    /** Demo: the sample run of the card. */
    public static void main(String[] args) {
        double[][] k = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};
        System.out.println("K          = " + Format.matrix(k));
        System.out.println("flip180(K) = " + Format.matrix(flip180(k)));
    }
}

package convkit.fast;

/**
 * The checks every GEMM runs before touching memory: non-negative sizes, leading dimensions
 * at least as wide as a stored row, and arrays long enough for the last element read or
 * written. A native BLAS trusts these numbers blindly; a wrong {@code lda} there reads or
 * writes past the array, so they are checked here, in Java, with the values in the message.
 */
final class GemmChecks {

    private GemmChecks() {
    }

    /** A GEMM's thread count: at least 1. */
    static void threads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("GEMM threads must be >= 1, but was " + threads);
        }
    }

    static void check(Transpose transA, Transpose transB, int m, int n, int k,
                      int aLength, int aOffset, int lda,
                      int bLength, int bOffset, int ldb,
                      int cLength, int cOffset, int ldc) {
        if (transA == null || transB == null) {
            throw new IllegalArgumentException("transA and transB must not be null");
        }
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException(
                "GEMM sizes must be >= 0, but m=" + m + ", n=" + n + ", k=" + k);
        }
        // op(A) is m×k: stored m×k (row length k) or, transposed, k×m (row length m).
        int aRows = transA == Transpose.NO ? m : k;
        int aCols = transA == Transpose.NO ? k : m;
        int bRows = transB == Transpose.NO ? k : n;
        int bCols = transB == Transpose.NO ? n : k;
        operand("A", aRows, aCols, aLength, aOffset, lda);
        operand("B", bRows, bCols, bLength, bOffset, ldb);
        operand("C", m, n, cLength, cOffset, ldc);
    }

    private static void operand(String name, int rows, int cols, int length, int offset, int ld) {
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException("leading dimension of " + name + " must be >= "
                + Math.max(1, cols) + " (its stored row length), but was " + ld);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset of " + name + " must be >= 0, but was " + offset);
        }
        if (rows == 0 || cols == 0) {
            return;
        }
        long end = offset + (long) (rows - 1) * ld + cols;
        if (end > length) {
            throw new IllegalArgumentException(name + " (" + rows + "×" + cols + ", offset " + offset
                + ", leading dimension " + ld + ") needs an array of length >= " + end
                + ", but its length is " + length);
        }
    }
}

package convkit.fast;

/**
 * General matrix multiply on row-major arrays: {@code C = alpha·op(A)·op(B) + beta·C}.
 *
 * <p>op(A) is m×k, op(B) is k×n, C is m×n. Each matrix lives in an array at an offset with a
 * leading dimension (the distance between two rows as stored): a row-major m×k matrix has
 * {@code lda >= k}; stored transposed (k×m) it has {@code lda >= m}. Every implementation
 * checks shapes, leading dimensions and array lengths with {@link GemmChecks} before it reads
 * a single element, so a wrong argument is an {@link IllegalArgumentException}, never memory
 * corruption in native code.
 *
 * <p>Implementations: {@link NativeBlas} (cblas through the FFM API) and {@link JavaGemm}
 * (blocked and packed; Vector API where present). {@link FastBackend} picks one.
 */
public interface Gemm {

    /** A short name for reports, e.g. {@code "OpenBLAS SkylakeX (libopenblas.so.0)"}. */
    String name();

    /**
     * float32 GEMM, row-major, on up to {@code threads} threads (at least 1). Callers that already
     * run several GEMMs in parallel (one per image) pass 1, so the machine is never
     * oversubscribed. The count is an argument, not state: one Gemm serves layers that run
     * concurrently on different thread counts.
     */
    void sgemm(int threads, Transpose transA, Transpose transB, int m, int n, int k,
               float alpha, float[] a, int aOffset, int lda,
               float[] b, int bOffset, int ldb,
               float beta, float[] c, int cOffset, int ldc);

    /** float64 GEMM, row-major, on up to {@code threads} threads (as {@link #sgemm}). */
    void dgemm(int threads, Transpose transA, Transpose transB, int m, int n, int k,
               double alpha, double[] a, int aOffset, int lda,
               double[] b, int bOffset, int ldb,
               double beta, double[] c, int cOffset, int ldc);
}

package convkit.fast;

import java.util.Optional;

/**
 * Pure-Java GEMM, the fallback when no native BLAS is found.
 *
 * <p>What it computes: {@code C = alpha·op(A)·op(B) + beta·C} on row-major float[] or double[],
 * like {@code cblas_sgemm}/{@code cblas_dgemm} with {@code CblasRowMajor}.
 *
 * <p>How: the classic blocked, packed loop nest (Goto and van de Geijn): a KC×NC block of B and
 * an MC×KC block of A are copied into contiguous panels, then a small register-blocked
 * micro-kernel multiplies one MR-tall panel of A by one NR-wide panel of B. With the Vector API
 * ({@code jdk.incubator.vector}, run with {@code --add-modules jdk.incubator.vector}) the
 * micro-kernel keeps a 6×(2 vectors) tile in vector registers and uses fused multiply-add;
 * without it, a 4×4 scalar tile. The Vector API classes are loaded reflectively, only when the
 * module is in the boot layer, so this class works (more slowly) on any JDK 25. The loop nest
 * and the kernels are written once, in float32 ({@link FloatJavaGemm}, {@link FloatVectorTile});
 * the build generates their float64 twins ({@code DoubleJavaGemm}, {@code DoubleVectorTile}).
 *
 * <pre>
 *   JavaGemm gemm = JavaGemm.create();         // vector kernels when available
 *   gemm.sgemm(1, Transpose.NO, Transpose.NO, 2, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 2);
 * </pre>
 *
 * <p>Limits: about a third to a half of OpenBLAS's speed with the Vector API on AVX-512, much
 * less in scalar mode; threads split the columns of C, so a GEMM with few columns uses fewer.
 */
public final class JavaGemm implements Gemm {

    /** Reduction block: KC rows of B (one NR-wide panel, KC×NR, stays in L1). */
    static final int KC = 256;
    /** Row block target: an MC×KC block of A stays in L2. */
    static final int MC_TARGET = 96;
    /** Column block target: a KC×NC block of B stays in L3. */
    static final int NC_TARGET = 4096;

    private final FloatJavaGemm.Driver floats;
    private final DoubleJavaGemm.Driver doubles;
    private final boolean vector;

    private JavaGemm(FloatJavaGemm.Kernel floatKernel, DoubleJavaGemm.Kernel doubleKernel, boolean vector) {
        this.floats = new FloatJavaGemm.Driver(floatKernel);
        this.doubles = new DoubleJavaGemm.Driver(doubleKernel);
        this.vector = vector;
    }

    /** The Vector API GEMM when {@code jdk.incubator.vector} is loaded, otherwise the scalar one. */
    public static JavaGemm create() {
        return vectorised().orElseGet(JavaGemm::scalar);
    }

    /** The scalar GEMM (works everywhere). */
    public static JavaGemm scalar() {
        return new JavaGemm(new FloatJavaGemm.ScalarKernel(), new DoubleJavaGemm.ScalarKernel(), false);
    }

    /** The Vector API GEMM, or empty when the module {@code jdk.incubator.vector} is not loaded. */
    public static Optional<JavaGemm> vectorised() {
        if (!vectorApiLoaded()) {
            return Optional.empty();
        }
        try {
            Class<?> kernels = Class.forName("convkit.fast.VectorKernels");
            FloatJavaGemm.Kernel f = (FloatJavaGemm.Kernel) kernels.getDeclaredMethod("floatKernel").invoke(null);
            DoubleJavaGemm.Kernel d = (DoubleJavaGemm.Kernel) kernels.getDeclaredMethod("doubleKernel").invoke(null);
            return Optional.of(new JavaGemm(f, d, true));
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("jdk.incubator.vector is loaded but the vector kernels failed to load: " + e, e);
        }
    }

    /** Whether the module {@code jdk.incubator.vector} is in the boot layer (it needs {@code --add-modules}). */
    public static boolean vectorApiLoaded() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /** Whether this JDK ships {@code jdk.incubator.vector} at all (loaded or not). */
    public static boolean vectorApiInJdk() {
        return java.lang.module.ModuleFinder.ofSystem().find("jdk.incubator.vector").isPresent();
    }

    @Override
    public String name() {
        return vector ? "Java GEMM (Vector API, " + VectorInfo.describe() + ")" : "Java GEMM (scalar)";
    }

    @Override
    public void sgemm(int threads, Transpose transA, Transpose transB, int m, int n, int k,
                      float alpha, float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                      float beta, float[] c, int cOffset, int ldc) {
        floats.gemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc, threads);
    }

    @Override
    public void dgemm(int threads, Transpose transA, Transpose transB, int m, int n, int k,
                      double alpha, double[] a, int aOffset, int lda, double[] b, int bOffset, int ldb,
                      double beta, double[] c, int cOffset, int ldc) {
        doubles.gemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc, threads);
    }

    static int roundUp(int value, int multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }

    /** The vector shape in use, described without loading the Vector API when it is absent. */
    private static final class VectorInfo {
        static String describe() {
            try {
                return (String) Class.forName("convkit.fast.VectorKernels").getDeclaredMethod("describe").invoke(null);
            } catch (ReflectiveOperationException e) {
                return "unknown shape";
            }
        }
    }
}

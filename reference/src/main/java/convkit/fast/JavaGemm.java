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
 * module is in the boot layer, so this class works (more slowly) on any JDK 25.
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

    private final FloatDriver floats;
    private final DoubleDriver doubles;
    private final boolean vector;

    private JavaGemm(FloatKernel floatKernel, DoubleKernel doubleKernel, boolean vector) {
        this.floats = new FloatDriver(floatKernel);
        this.doubles = new DoubleDriver(doubleKernel);
        this.vector = vector;
    }

    /** The Vector API GEMM when {@code jdk.incubator.vector} is loaded, otherwise the scalar one. */
    public static JavaGemm create() {
        return vectorised().orElseGet(JavaGemm::scalar);
    }

    /** The scalar GEMM (works everywhere). */
    public static JavaGemm scalar() {
        return new JavaGemm(new ScalarFloatKernel(), new ScalarDoubleKernel(), false);
    }

    /** The Vector API GEMM, or empty when the module {@code jdk.incubator.vector} is not loaded. */
    public static Optional<JavaGemm> vectorised() {
        if (!vectorApiLoaded()) {
            return Optional.empty();
        }
        try {
            Class<?> kernels = Class.forName("convkit.fast.VectorKernels");
            FloatKernel f = (FloatKernel) kernels.getDeclaredMethod("floatKernel").invoke(null);
            DoubleKernel d = (DoubleKernel) kernels.getDeclaredMethod("doubleKernel").invoke(null);
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

    /** Whether the micro-kernels use the Vector API. */
    public boolean usesVectorApi() {
        return vector;
    }

    @Override
    public String name() {
        return vector ? "Java GEMM (Vector API, " + VectorInfo.describe() + ")" : "Java GEMM (scalar)";
    }

    @Override
    public void sgemm(int threads, Transpose transA, Transpose transB, int m, int n, int k,
                      float alpha, float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                      float beta, float[] c, int cOffset, int ldc) {
        GemmChecks.threads(threads);
        floats.gemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc, threads);
    }

    @Override
    public void dgemm(int threads, Transpose transA, Transpose transB, int m, int n, int k,
                      double alpha, double[] a, int aOffset, int lda, double[] b, int bOffset, int ldb,
                      double beta, double[] c, int cOffset, int ldc) {
        GemmChecks.threads(threads);
        doubles.gemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc, threads);
    }

    private static int roundUp(int value, int multiple) {
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

    /** A micro-kernel: adds alpha·(packed A panel)·(packed B panel) to an mr×nr tile of C. */
    interface FloatKernel {
        /** Rows of a full tile. */
        int mr();

        /** Columns of a full tile. */
        int nr();

        /**
         * ap holds kc columns of MR rows ([p][MR]); bp holds kc rows of NR columns ([p][NR]);
         * only the first {@code rows} × {@code cols} of the tile are written to C.
         */
        void compute(int kc, float[] ap, int apOffset, float[] bp, int bpOffset,
                     float[] c, int cOffset, int ldc, float alpha, int rows, int cols);
    }

    /** The blocked, packed loop nest around a float micro-kernel (Goto's layout). */
    static final class FloatDriver {
        private final FloatKernel kernel;
        private final int mr;
        private final int nr;
        private final int mc;
        private final int nc;
        private final ThreadLocal<float[][]> buffers;

        FloatDriver(FloatKernel kernel) {
            this.kernel = kernel;
            this.mr = kernel.mr();
            this.nr = kernel.nr();
            this.mc = roundUp(MC_TARGET, mr);
            this.nc = roundUp(NC_TARGET, nr);
            this.buffers = ThreadLocal.withInitial(() -> new float[][] {
                new float[mc * KC], // packed A block: [MC/MR panels][KC][MR]
                new float[KC * nc], // packed B block: [NC/NR panels][KC][NR]
            });
        }

        void gemm(Transpose transA, Transpose transB, int m, int n, int k,
                  float alpha, float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                  float beta, float[] c, int cOffset, int ldc, int threads) {
            GemmChecks.check(transA, transB, m, n, k, a.length, aOffset, lda, b.length, bOffset, ldb,
                c.length, cOffset, ldc);
            if (m == 0 || n == 0) {
                return;
            }
            // scale C by beta first (beta = 0 overwrites, so NaNs in C do not survive, as in BLAS)
            if (beta != 1) {
                for (int i = 0; i < m; i++) {
                    int row = cOffset + i * ldc;
                    for (int j = 0; j < n; j++) {
                        c[row + j] = beta == 0 ? 0 : beta * c[row + j];
                    }
                }
            }
            if (k == 0 || alpha == 0) {
                return;
            }
            // split the columns of C into equal NR-aligned ranges, one per worker
            int panels = (n + nr - 1) / nr;
            int workers = Math.max(1, Math.min(threads, panels));
            int perWorker = (panels + workers - 1) / workers;
            Parallel.run(workers, worker -> {
                int j0 = Math.min(n, worker * perWorker * nr);
                int j1 = Math.min(n, (worker + 1) * perWorker * nr);
                if (j0 < j1) {
                    columns(transA, transB, m, j0, j1, k, alpha, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc);
                }
            });
        }

        private void columns(Transpose transA, Transpose transB, int m, int j0, int j1, int k,
                             float alpha, float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                             float[] c, int cOffset, int ldc) {
            float[][] buffer = buffers.get();
            float[] packedA = buffer[0];
            float[] packedB = buffer[1];
            // column blocks of C
            for (int jc = j0; jc < j1; jc += nc) {
                int ncb = Math.min(nc, j1 - jc);
                // blocks of the reduction
                for (int pc = 0; pc < k; pc += KC) {
                    int kc = Math.min(KC, k - pc);
                    packB(transB, b, bOffset, ldb, pc, kc, jc, ncb, packedB);
                    // row blocks of C
                    for (int ic = 0; ic < m; ic += mc) {
                        int mcb = Math.min(mc, m - ic);
                        packA(transA, a, aOffset, lda, ic, mcb, pc, kc, packedA);
                        // micro-tiles
                        for (int jr = 0; jr < ncb; jr += nr) {
                            int cols = Math.min(nr, ncb - jr);
                            for (int ir = 0; ir < mcb; ir += mr) {
                                int rows = Math.min(mr, mcb - ir);
                                kernel.compute(kc, packedA, (ir / mr) * kc * mr, packedB, (jr / nr) * kc * nr,
                                    c, cOffset + (ic + ir) * ldc + jc + jr, ldc, alpha, rows, cols);
                            }
                        }
                    }
                }
            }
        }

        /** Packs op(B)[pc..pc+kc)[jc..jc+ncb) as NR-wide panels, zero-padded: [panel][p][NR]. */
        private void packB(Transpose transB, float[] b, int bOffset, int ldb, int pc, int kc, int jc, int ncb,
                           float[] packed) {
            // panels of NR columns
            for (int jr = 0; jr < ncb; jr += nr) {
                int cols = Math.min(nr, ncb - jr);
                int base = (jr / nr) * kc * nr;
                // rows of the reduction
                for (int p = 0; p < kc; p++) {
                    int dst = base + p * nr;
                    if (transB == Transpose.NO) {
                        System.arraycopy(b, bOffset + (pc + p) * ldb + jc + jr, packed, dst, cols);
                    } else {
                        int src = bOffset + (jc + jr) * ldb + pc + p;
                        for (int j = 0; j < cols; j++) {
                            packed[dst + j] = b[src + j * ldb];
                        }
                    }
                    for (int j = cols; j < nr; j++) {
                        packed[dst + j] = 0;
                    }
                }
            }
        }

        /** Packs op(A)[ic..ic+mcb)[pc..pc+kc) as MR-tall panels, zero-padded: [panel][p][MR]. */
        private void packA(Transpose transA, float[] a, int aOffset, int lda, int ic, int mcb, int pc, int kc,
                           float[] packed) {
            // panels of MR rows
            for (int ir = 0; ir < mcb; ir += mr) {
                int rows = Math.min(mr, mcb - ir);
                int base = (ir / mr) * kc * mr;
                if (transA == Transpose.NO) {
                    // rows of the panel
                    for (int i = 0; i < mr; i++) {
                        if (i < rows) {
                            int src = aOffset + (ic + ir + i) * lda + pc;
                            for (int p = 0; p < kc; p++) {
                                packed[base + p * mr + i] = a[src + p];
                            }
                        } else {
                            for (int p = 0; p < kc; p++) {
                                packed[base + p * mr + i] = 0;
                            }
                        }
                    }
                } else {
                    // rows of the reduction
                    for (int p = 0; p < kc; p++) {
                        int src = aOffset + (pc + p) * lda + ic + ir;
                        int dst = base + p * mr;
                        System.arraycopy(a, src, packed, dst, rows);
                        for (int i = rows; i < mr; i++) {
                            packed[dst + i] = 0;
                        }
                    }
                }
            }
        }
    }

    /** The portable micro-kernel: a 4×4 tile in scalar registers. */
    static final class ScalarFloatKernel implements FloatKernel {
        @Override
        public int mr() {
            return 4;
        }

        @Override
        public int nr() {
            return 4;
        }

        @Override
        public void compute(int kc, float[] ap, int apOffset, float[] bp, int bpOffset,
                            float[] c, int cOffset, int ldc, float alpha, int rows, int cols) {
            float c00 = 0, c01 = 0, c02 = 0, c03 = 0;
            float c10 = 0, c11 = 0, c12 = 0, c13 = 0;
            float c20 = 0, c21 = 0, c22 = 0, c23 = 0;
            float c30 = 0, c31 = 0, c32 = 0, c33 = 0;
            // the reduction, one rank-1 update of the tile per step
            for (int p = 0; p < kc; p++) {
                int ai = apOffset + p * 4;
                int bi = bpOffset + p * 4;
                float b0 = bp[bi], b1 = bp[bi + 1], b2 = bp[bi + 2], b3 = bp[bi + 3];
                float a0 = ap[ai];
                c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
                float a1 = ap[ai + 1];
                c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
                float a2 = ap[ai + 2];
                c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
                float a3 = ap[ai + 3];
                c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
            }
            float[] tile = {
                c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33,
            };
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    c[cOffset + i * ldc + j] += alpha * tile[i * 4 + j];
                }
            }
        }
    }

    /** A micro-kernel: adds alpha·(packed A panel)·(packed B panel) to an mr×nr tile of C. */
    interface DoubleKernel {
        /** Rows of a full tile. */
        int mr();

        /** Columns of a full tile. */
        int nr();

        /**
         * ap holds kc columns of MR rows ([p][MR]); bp holds kc rows of NR columns ([p][NR]);
         * only the first {@code rows} × {@code cols} of the tile are written to C.
         */
        void compute(int kc, double[] ap, int apOffset, double[] bp, int bpOffset,
                     double[] c, int cOffset, int ldc, double alpha, int rows, int cols);
    }

    /** The blocked, packed loop nest around a double micro-kernel (Goto's layout). */
    static final class DoubleDriver {
        private final DoubleKernel kernel;
        private final int mr;
        private final int nr;
        private final int mc;
        private final int nc;
        private final ThreadLocal<double[][]> buffers;

        DoubleDriver(DoubleKernel kernel) {
            this.kernel = kernel;
            this.mr = kernel.mr();
            this.nr = kernel.nr();
            this.mc = roundUp(MC_TARGET, mr);
            this.nc = roundUp(NC_TARGET, nr);
            this.buffers = ThreadLocal.withInitial(() -> new double[][] {
                new double[mc * KC], // packed A block: [MC/MR panels][KC][MR]
                new double[KC * nc], // packed B block: [NC/NR panels][KC][NR]
            });
        }

        void gemm(Transpose transA, Transpose transB, int m, int n, int k,
                  double alpha, double[] a, int aOffset, int lda, double[] b, int bOffset, int ldb,
                  double beta, double[] c, int cOffset, int ldc, int threads) {
            GemmChecks.check(transA, transB, m, n, k, a.length, aOffset, lda, b.length, bOffset, ldb,
                c.length, cOffset, ldc);
            if (m == 0 || n == 0) {
                return;
            }
            // scale C by beta first (beta = 0 overwrites, so NaNs in C do not survive, as in BLAS)
            if (beta != 1) {
                for (int i = 0; i < m; i++) {
                    int row = cOffset + i * ldc;
                    for (int j = 0; j < n; j++) {
                        c[row + j] = beta == 0 ? 0 : beta * c[row + j];
                    }
                }
            }
            if (k == 0 || alpha == 0) {
                return;
            }
            // split the columns of C into equal NR-aligned ranges, one per worker
            int panels = (n + nr - 1) / nr;
            int workers = Math.max(1, Math.min(threads, panels));
            int perWorker = (panels + workers - 1) / workers;
            Parallel.run(workers, worker -> {
                int j0 = Math.min(n, worker * perWorker * nr);
                int j1 = Math.min(n, (worker + 1) * perWorker * nr);
                if (j0 < j1) {
                    columns(transA, transB, m, j0, j1, k, alpha, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc);
                }
            });
        }

        private void columns(Transpose transA, Transpose transB, int m, int j0, int j1, int k,
                             double alpha, double[] a, int aOffset, int lda, double[] b, int bOffset, int ldb,
                             double[] c, int cOffset, int ldc) {
            double[][] buffer = buffers.get();
            double[] packedA = buffer[0];
            double[] packedB = buffer[1];
            // column blocks of C
            for (int jc = j0; jc < j1; jc += nc) {
                int ncb = Math.min(nc, j1 - jc);
                // blocks of the reduction
                for (int pc = 0; pc < k; pc += KC) {
                    int kc = Math.min(KC, k - pc);
                    packB(transB, b, bOffset, ldb, pc, kc, jc, ncb, packedB);
                    // row blocks of C
                    for (int ic = 0; ic < m; ic += mc) {
                        int mcb = Math.min(mc, m - ic);
                        packA(transA, a, aOffset, lda, ic, mcb, pc, kc, packedA);
                        // micro-tiles
                        for (int jr = 0; jr < ncb; jr += nr) {
                            int cols = Math.min(nr, ncb - jr);
                            for (int ir = 0; ir < mcb; ir += mr) {
                                int rows = Math.min(mr, mcb - ir);
                                kernel.compute(kc, packedA, (ir / mr) * kc * mr, packedB, (jr / nr) * kc * nr,
                                    c, cOffset + (ic + ir) * ldc + jc + jr, ldc, alpha, rows, cols);
                            }
                        }
                    }
                }
            }
        }

        /** Packs op(B)[pc..pc+kc)[jc..jc+ncb) as NR-wide panels, zero-padded: [panel][p][NR]. */
        private void packB(Transpose transB, double[] b, int bOffset, int ldb, int pc, int kc, int jc, int ncb,
                           double[] packed) {
            // panels of NR columns
            for (int jr = 0; jr < ncb; jr += nr) {
                int cols = Math.min(nr, ncb - jr);
                int base = (jr / nr) * kc * nr;
                // rows of the reduction
                for (int p = 0; p < kc; p++) {
                    int dst = base + p * nr;
                    if (transB == Transpose.NO) {
                        System.arraycopy(b, bOffset + (pc + p) * ldb + jc + jr, packed, dst, cols);
                    } else {
                        int src = bOffset + (jc + jr) * ldb + pc + p;
                        for (int j = 0; j < cols; j++) {
                            packed[dst + j] = b[src + j * ldb];
                        }
                    }
                    for (int j = cols; j < nr; j++) {
                        packed[dst + j] = 0;
                    }
                }
            }
        }

        /** Packs op(A)[ic..ic+mcb)[pc..pc+kc) as MR-tall panels, zero-padded: [panel][p][MR]. */
        private void packA(Transpose transA, double[] a, int aOffset, int lda, int ic, int mcb, int pc, int kc,
                           double[] packed) {
            // panels of MR rows
            for (int ir = 0; ir < mcb; ir += mr) {
                int rows = Math.min(mr, mcb - ir);
                int base = (ir / mr) * kc * mr;
                if (transA == Transpose.NO) {
                    // rows of the panel
                    for (int i = 0; i < mr; i++) {
                        if (i < rows) {
                            int src = aOffset + (ic + ir + i) * lda + pc;
                            for (int p = 0; p < kc; p++) {
                                packed[base + p * mr + i] = a[src + p];
                            }
                        } else {
                            for (int p = 0; p < kc; p++) {
                                packed[base + p * mr + i] = 0;
                            }
                        }
                    }
                } else {
                    // rows of the reduction
                    for (int p = 0; p < kc; p++) {
                        int src = aOffset + (pc + p) * lda + ic + ir;
                        int dst = base + p * mr;
                        System.arraycopy(a, src, packed, dst, rows);
                        for (int i = rows; i < mr; i++) {
                            packed[dst + i] = 0;
                        }
                    }
                }
            }
        }
    }

    /** The portable micro-kernel: a 4×4 tile in scalar registers. */
    static final class ScalarDoubleKernel implements DoubleKernel {
        @Override
        public int mr() {
            return 4;
        }

        @Override
        public int nr() {
            return 4;
        }

        @Override
        public void compute(int kc, double[] ap, int apOffset, double[] bp, int bpOffset,
                            double[] c, int cOffset, int ldc, double alpha, int rows, int cols) {
            double c00 = 0, c01 = 0, c02 = 0, c03 = 0;
            double c10 = 0, c11 = 0, c12 = 0, c13 = 0;
            double c20 = 0, c21 = 0, c22 = 0, c23 = 0;
            double c30 = 0, c31 = 0, c32 = 0, c33 = 0;
            // the reduction, one rank-1 update of the tile per step
            for (int p = 0; p < kc; p++) {
                int ai = apOffset + p * 4;
                int bi = bpOffset + p * 4;
                double b0 = bp[bi], b1 = bp[bi + 1], b2 = bp[bi + 2], b3 = bp[bi + 3];
                double a0 = ap[ai];
                c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
                double a1 = ap[ai + 1];
                c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
                double a2 = ap[ai + 2];
                c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
                double a3 = ap[ai + 3];
                c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
            }
            double[] tile = {
                c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33,
            };
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    c[cOffset + i * ldc + j] += alpha * tile[i * 4 + j];
                }
            }
        }
    }
}

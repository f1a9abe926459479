package convkit.fast;

/**
 * The float32 half of {@link JavaGemm}: the micro-kernel interface, the blocked and packed loop
 * nest around it (Goto and van de Geijn), and the portable 4×4 scalar micro-kernel.
 *
 * <p>One source for both precisions: only this single-precision file is written by hand; the
 * build generates its 64-bit twin from it (reference/src/build/java/DoubleTwins.java, run in
 * Maven's generate-sources phase), so the two cannot drift.
 */
final class FloatJavaGemm {

    private FloatJavaGemm() {
    }

    /** A micro-kernel: adds alpha·(packed A panel)·(packed B panel) to an mr×nr tile of C. */
    interface Kernel {
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

    /** The blocked, packed loop nest around a micro-kernel (Goto's layout). */
    static final class Driver {
        private final Kernel kernel;
        private final int mr;
        private final int nr;
        private final int mc;
        private final int nc;
        private final ThreadLocal<float[][]> buffers;

        Driver(Kernel kernel) {
            this.kernel = kernel;
            this.mr = kernel.mr();
            this.nr = kernel.nr();
            this.mc = JavaGemm.roundUp(JavaGemm.MC_TARGET, mr);
            this.nc = JavaGemm.roundUp(JavaGemm.NC_TARGET, nr);
            this.buffers = ThreadLocal.withInitial(() -> new float[][] {
                new float[mc * JavaGemm.KC], // packed A block: [MC/MR panels][KC][MR]
                new float[JavaGemm.KC * nc], // packed B block: [NC/NR panels][KC][NR]
            });
        }

        void gemm(Transpose transA, Transpose transB, int m, int n, int k,
                  float alpha, float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                  float beta, float[] c, int cOffset, int ldc, int threads) {
            GemmChecks.threads(threads);
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
                for (int pc = 0; pc < k; pc += JavaGemm.KC) {
                    int kc = Math.min(JavaGemm.KC, k - pc);
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
    static final class ScalarKernel implements Kernel {
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
}

package convkit.fast;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API micro-kernel of {@link FloatJavaGemm}: a 6 × (2 vectors) float32 tile of C in
 * vector registers, one fused multiply-add per vector and step of the reduction. Loaded only
 * through {@link VectorKernels}, and only when {@code jdk.incubator.vector} is in the boot layer.
 *
 * <p>One source for both precisions: only this single-precision file is written by hand; the
 * build generates its 64-bit twin from it (reference/src/build/java/DoubleTwins.java).
 */
final class FloatVectorTile implements FloatJavaGemm.Kernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int NR = 2 * L;

    @Override
    public int mr() {
        return 6;
    }

    @Override
    public int nr() {
        return NR;
    }

    @Override
    public void compute(int kc, float[] ap, int apOffset, float[] bp, int bpOffset,
                        float[] c, int cOffset, int ldc, float alpha, int rows, int cols) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        // the reduction: one rank-1 update of the tile per step, with fused multiply-add
        for (int p = 0; p < kc; p++) {
            int bi = bpOffset + p * NR;
            int ai = apOffset + p * 6;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector a = FloatVector.broadcast(S, ap[ai]);
            c00 = b0.fma(a, c00); c01 = b1.fma(a, c01);
            a = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = b0.fma(a, c10); c11 = b1.fma(a, c11);
            a = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = b0.fma(a, c20); c21 = b1.fma(a, c21);
            a = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = b0.fma(a, c30); c31 = b1.fma(a, c31);
            a = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = b0.fma(a, c40); c41 = b1.fma(a, c41);
            a = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = b0.fma(a, c50); c51 = b1.fma(a, c51);
        }
        if (rows == 6 && cols == NR) {
            // full tile: C row += alpha · tile row, two vectors per row
            int row0 = cOffset;
            FloatVector.fromArray(S, c, row0).add(c00.mul(alpha)).intoArray(c, row0);
            FloatVector.fromArray(S, c, row0 + L).add(c01.mul(alpha)).intoArray(c, row0 + L);
            int row1 = cOffset + ldc;
            FloatVector.fromArray(S, c, row1).add(c10.mul(alpha)).intoArray(c, row1);
            FloatVector.fromArray(S, c, row1 + L).add(c11.mul(alpha)).intoArray(c, row1 + L);
            int row2 = cOffset + 2 * ldc;
            FloatVector.fromArray(S, c, row2).add(c20.mul(alpha)).intoArray(c, row2);
            FloatVector.fromArray(S, c, row2 + L).add(c21.mul(alpha)).intoArray(c, row2 + L);
            int row3 = cOffset + 3 * ldc;
            FloatVector.fromArray(S, c, row3).add(c30.mul(alpha)).intoArray(c, row3);
            FloatVector.fromArray(S, c, row3 + L).add(c31.mul(alpha)).intoArray(c, row3 + L);
            int row4 = cOffset + 4 * ldc;
            FloatVector.fromArray(S, c, row4).add(c40.mul(alpha)).intoArray(c, row4);
            FloatVector.fromArray(S, c, row4 + L).add(c41.mul(alpha)).intoArray(c, row4 + L);
            int row5 = cOffset + 5 * ldc;
            FloatVector.fromArray(S, c, row5).add(c50.mul(alpha)).intoArray(c, row5);
            FloatVector.fromArray(S, c, row5 + L).add(c51.mul(alpha)).intoArray(c, row5 + L);
        } else {
            // edge tile: only rows × cols of it lie inside C
            float[] buffer = new float[6 * NR];
            c00.intoArray(buffer, 0);
            c01.intoArray(buffer, L);
            c10.intoArray(buffer, NR);
            c11.intoArray(buffer, NR + L);
            c20.intoArray(buffer, 2 * NR);
            c21.intoArray(buffer, 2 * NR + L);
            c30.intoArray(buffer, 3 * NR);
            c31.intoArray(buffer, 3 * NR + L);
            c40.intoArray(buffer, 4 * NR);
            c41.intoArray(buffer, 4 * NR + L);
            c50.intoArray(buffer, 5 * NR);
            c51.intoArray(buffer, 5 * NR + L);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    c[cOffset + i * ldc + j] += alpha * buffer[i * NR + j];
                }
            }
        }
    }
}

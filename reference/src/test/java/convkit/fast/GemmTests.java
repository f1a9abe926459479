package convkit.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every backend against a triple loop in double, for all four transpose combinations, odd
 * sizes (edge tiles), leading dimensions wider than a row, offsets, alpha and beta.
 * Tolerances: float64 1e-12 relative to the largest |C| (k ≤ 300 products, each rounding
 * 2⁻⁵³; the orders of summation differ); float32 1e-5 relative (same count, 2⁻²⁴ each).
 */
class GemmTests {

    static List<Gemm> backends() {
        return Backends.all();
    }

    private static final int[][] SIZES = {{1, 1, 1}, {7, 5, 3}, {13, 37, 300}, {64, 33, 17}, {6, 32, 257}};

    @ParameterizedTest
    @MethodSource("backends")
    void sgemmMatchesTheTripleLoop(Gemm gemm) {
        Random random = new Random(11);
        for (Transpose ta : Transpose.values()) {
            for (Transpose tb : Transpose.values()) {
                for (int[] size : SIZES) {
                    checkFloat(gemm, 1, random, ta, tb, size[0], size[1], size[2]);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void dgemmMatchesTheTripleLoop(Gemm gemm) {
        Random random = new Random(12);
        for (Transpose ta : Transpose.values()) {
            for (Transpose tb : Transpose.values()) {
                for (int[] size : SIZES) {
                    checkDouble(gemm, 1, random, ta, tb, size[0], size[1], size[2]);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void betaZeroOverwritesNaNInC(Gemm gemm) {
        double[] a = {1, 2};
        double[] b = {3, 4};
        double[] c = {Double.NaN};
        gemm.dgemm(1, Transpose.NO, Transpose.NO, 1, 1, 2, 1, a, 0, 2, b, 0, 1, 0, c, 0, 1);
        assertEquals(11.0, c[0]);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void twoThreadsGiveTheSameProductAsOne(Gemm gemm) {
        Random random = new Random(13);
        int m = 20;
        int n = 300;
        int k = 40;
        double[] a = randoms(random, m * k);
        double[] b = randoms(random, k * n);
        double[] one = new double[m * n];
        double[] two = new double[m * n];
        gemm.dgemm(1, Transpose.NO, Transpose.NO, m, n, k, 1, a, 0, k, b, 0, n, 0, one, 0, n);
        gemm.dgemm(2, Transpose.NO, Transpose.NO, m, n, k, 1, a, 0, k, b, 0, n, 0, two, 0, n);
        for (int i = 0; i < one.length; i++) {
            assertEquals(one[i], two[i], 1e-12 * Math.abs(one[i]) + 1e-12, "element " + i);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void productsSplitOverThreadsMatchTheTripleLoop(Gemm gemm) {
        // big enough to be split (NativeBlas.SPLIT_WORK), wide (column blocks) and tall (row
        // blocks), every transpose, with offsets, padded leading dimensions and beta != 0
        Random random = new Random(14);
        for (int threads : new int[] {2, 3}) {
            for (int[] mnk : new int[][] {{37, 333, 190}, {333, 37, 190}}) {
                if (gemm instanceof NativeBlas blas && blas.hasThreadControl()) {
                    assertEquals(threads, blas.parts(threads, mnk[0], mnk[1], mnk[2]), "the product should be split");
                }
                for (Transpose ta : Transpose.values()) {
                    for (Transpose tb : Transpose.values()) {
                        checkDouble(gemm, threads, random, ta, tb, mnk[0], mnk[1], mnk[2]);
                        checkFloat(gemm, threads, random, ta, tb, mnk[0], mnk[1], mnk[2]);
                    }
                }
            }
        }
    }

    private static void checkDouble(Gemm gemm, int threads, Random random, Transpose ta, Transpose tb, int m, int n, int k) {
        int lda = (ta == Transpose.NO ? k : m) + 3;
        int ldb = (tb == Transpose.NO ? n : k) + 1;
        int ldc = n + 2;
        int offset = 5;
        double[] a = randoms(random, offset + (ta == Transpose.NO ? m : k) * lda);
        double[] b = randoms(random, offset + (tb == Transpose.NO ? k : n) * ldb);
        double[] c = randoms(random, offset + m * ldc);
        double[] expected = c.clone();
        double alpha = 0.75;
        double beta = -0.5;
        reference(ta, tb, m, n, k, alpha, a, offset, lda, b, offset, ldb, beta, expected, offset, ldc);
        gemm.dgemm(threads, ta, tb, m, n, k, alpha, a, offset, lda, b, offset, ldb, beta, c, offset, ldc);
        double scale = maxAbs(expected);
        for (int i = 0; i < c.length; i++) {
            double error = Math.abs(c[i] - expected[i]);
            assertTrue(error <= 1e-12 * scale, gemm.name() + " " + ta + "," + tb + " " + m + "×" + n + "×" + k
                + " differs at " + i + ": expected <" + expected[i] + "> but was <" + c[i] + ">");
        }
    }

    private static void checkFloat(Gemm gemm, int threads, Random random, Transpose ta, Transpose tb, int m, int n, int k) {
        int lda = (ta == Transpose.NO ? k : m) + 2;
        int ldb = (tb == Transpose.NO ? n : k) + 3;
        int ldc = n + 1;
        int offset = 3;
        double[] a = randoms(random, offset + (ta == Transpose.NO ? m : k) * lda);
        double[] b = randoms(random, offset + (tb == Transpose.NO ? k : n) * ldb);
        double[] c = randoms(random, offset + m * ldc);
        float[] af = toFloat(a);
        float[] bf = toFloat(b);
        float[] cf = toFloat(c);
        double[] expected = toDouble(cf);
        reference(ta, tb, m, n, k, 1.5, toDouble(af), offset, lda, toDouble(bf), offset, ldb, 2, expected, offset, ldc);
        gemm.sgemm(threads, ta, tb, m, n, k, 1.5f, af, offset, lda, bf, offset, ldb, 2f, cf, offset, ldc);
        double scale = maxAbs(expected);
        for (int i = 0; i < cf.length; i++) {
            double error = Math.abs(cf[i] - expected[i]);
            assertTrue(error <= 1e-5 * scale, gemm.name() + " " + ta + "," + tb + " " + m + "×" + n + "×" + k
                + " differs at " + i + ": expected <" + expected[i] + "> but was <" + cf[i] + ">");
        }
    }

    /** C = alpha·op(A)·op(B) + beta·C, the definition, in double. */
    static void reference(Transpose ta, Transpose tb, int m, int n, int k, double alpha,
                          double[] a, int ao, int lda, double[] b, int bo, int ldb,
                          double beta, double[] c, int co, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    double aip = ta == Transpose.NO ? a[ao + i * lda + p] : a[ao + p * lda + i];
                    double bpj = tb == Transpose.NO ? b[bo + p * ldb + j] : b[bo + j * ldb + p];
                    sum += aip * bpj;
                }
                c[co + i * ldc + j] = alpha * sum + beta * c[co + i * ldc + j];
            }
        }
    }

    static double[] randoms(Random random, int length) {
        double[] values = new double[length];
        for (int i = 0; i < length; i++) {
            values[i] = random.nextDouble() * 2 - 1;
        }
        return values;
    }

    static float[] toFloat(double[] values) {
        float[] result = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (float) values[i];
        }
        return result;
    }

    static double[] toDouble(float[] values) {
        double[] result = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[i];
        }
        return result;
    }

    static double maxAbs(double[] values) {
        double max = 0;
        for (double v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return Math.max(max, 1e-300);
    }
}

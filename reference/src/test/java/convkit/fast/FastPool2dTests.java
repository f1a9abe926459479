package convkit.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** Pooling against hand-computed cases and against straightforward loops (exact: same operations). */
class FastPool2dTests {

    @Test
    void maxPoolingKeepsTheFirstMaximumOfATie() {
        PoolShape s = new PoolShape(1, 1, 2, 4, 2, 2, 2, 2, 0, 0);
        double[] x = {1, 5, 2, 2, 5, 0, 2, 1};
        double[] y = new double[2];
        int[] argmax = new int[2];
        FastPool2d.maxForward(s, x, y, argmax, 2);
        assertArrayEquals(new double[] {5, 2}, y);
        assertArrayEquals(new int[] {1, 2}, argmax);
        double[] dx = new double[8];
        FastPool2d.maxBackward(s, new double[] {10, 20}, argmax, dx);
        assertArrayEquals(new double[] {0, 10, 20, 0, 0, 0, 0, 0}, dx);
    }

    @Test
    void float32PoolingMatchesFloat64OnTheSameValues() {
        Random random = new Random(32);
        PoolShape s = new PoolShape(2, 3, 7, 6, 3, 2, 2, 1, 1, 1);
        float[] x = GemmTests.toFloat(GemmTests.randoms(random, s.inputSize()));
        double[] y = new double[s.outputSize()];
        int[] argmax = new int[y.length];
        FastPool2d.maxForward(s, GemmTests.toDouble(x), y, argmax, 2);
        float[] yFloat = new float[y.length];
        int[] argmaxFloat = new int[y.length];
        FastPool2d.maxForward(s, x, yFloat, argmaxFloat, 1);
        assertArrayEquals(y, GemmTests.toDouble(yFloat));
        assertArrayEquals(argmax, argmaxFloat);
        float[] dy = GemmTests.toFloat(GemmTests.randoms(random, y.length));
        double[] dx = new double[x.length];
        FastPool2d.maxBackward(s, GemmTests.toDouble(dy), argmax, dx);
        float[] dxFloat = new float[x.length];
        FastPool2d.maxBackward(s, dy, argmaxFloat, dxFloat);
        // overlapping windows add up to two float32 values in float (rounded) or double (exact)
        for (int i = 0; i < dx.length; i++) {
            assertEquals(dx[i], dxFloat[i], 1e-6 * Math.max(1, Math.abs(dx[i])), "dx[" + i + "]");
        }
    }

    @Test
    void halvingMatchesTheGeneralWalkWithTiesAndNaN() {
        Random random = new Random(33);
        PoolShape s = new PoolShape(2, 3, 6, 8, 2, 2, 2, 2, 0, 0);
        assertTrue(FastPool2d.halves(s));
        float[] x = new float[s.inputSize()];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextInt(3); // many ties
        }
        x[9] = Float.NaN;  // plane 0, row 1, column 1: a window whose last pixel is NaN
        x[18] = Float.NaN; // plane 0, row 2, column 2: a first NaN ...
        x[27] = Float.NaN; // ... and a second in the same window
        x[40] = Float.NEGATIVE_INFINITY;
        x[41] = Float.NEGATIVE_INFINITY;
        x[48] = Float.NEGATIVE_INFINITY;
        x[49] = Float.NEGATIVE_INFINITY;
        double[] y = new double[s.outputSize()];
        int[] argmax = new int[y.length];
        FastPool2d.maxForward(s, GemmTests.toDouble(x), y, argmax, 1); // the general walk
        float[] yHalved = new float[y.length];
        int[] argmaxHalved = new int[y.length];
        FastPool2d.maxForward(s, x, yHalved, argmaxHalved, 2);
        assertArrayEquals(argmax, argmaxHalved);
        assertArrayEquals(y, GemmTests.toDouble(yHalved));
    }

    @Test
    void outputSizeIsTheReferencesWithStrideThatLeavesARemainder() {
        // 7 rows, window 3, stride 2, pad 1: floor((7 + 2 - 3) / 2) + 1 = 4; 6 columns, window 2, stride 3: 2
        PoolShape s = new PoolShape(1, 1, 7, 6, 3, 2, 2, 3, 1, 0);
        assertEquals(4, s.oh());
        assertEquals(2, s.ow());
    }

    @Test
    void paddedMaxPoolingMatchesTheLoopsOnRandomInput() {
        Random random = new Random(31);
        PoolShape s = new PoolShape(2, 3, 7, 6, 3, 2, 2, 1, 1, 1);
        double[] x = GemmTests.randoms(random, s.inputSize());
        double[] y = new double[s.outputSize()];
        int[] argmax = new int[y.length];
        FastPool2d.maxForward(s, x, y, argmax, 3);
        int i = 0;
        for (int plane = 0; plane < 6; plane++) {
            for (int oy = 0; oy < s.oh(); oy++) {
                for (int ox = 0; ox < s.ow(); ox++) {
                    double best = Double.NEGATIVE_INFINITY;
                    for (int a = 0; a < 3; a++) {
                        for (int b = 0; b < 2; b++) {
                            int iy = oy * 2 - 1 + a;
                            int ix = ox - 1 + b;
                            if (iy >= 0 && iy < 7 && ix >= 0 && ix < 6) {
                                best = Math.max(best, x[plane * 42 + iy * 6 + ix]);
                            }
                        }
                    }
                    assertEquals(best, y[i], "y[" + i + "]");
                    assertEquals(best, x[argmax[i]], "argmax[" + i + "]");
                    i++;
                }
            }
        }
    }

    @Test
    void zeroThreadsAreRejected() {
        PoolShape s = new PoolShape(1, 1, 2, 2, 2, 2, 2, 2, 0, 0);
        assertThrows(IllegalArgumentException.class, () -> FastPool2d.maxForward(s, new double[4], new double[1],
            new int[1], 0));
    }

    @Test
    void paddingWiderThanHalfTheWindowIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new PoolShape(1, 1, 4, 4, 2, 2, 1, 1, 2, 0));
    }
}

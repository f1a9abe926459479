package convkit.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** Pooling against hand-computed cases and against straightforward loops (exact: same operations). */
class FastPool2dTests {

    @Test
    void maxPoolingKeepsTheFirstMaximumOfATie() {
        PoolShape s = new PoolShape(1, 1, 2, 4, 2, 2, 2, 2, 0, 0);
        float[] x = {1, 5, 2, 2, 5, 0, 2, 1};
        float[] y = new float[2];
        int[] argmax = new int[2];
        FastPool2d.maxForward(s, x, y, argmax);
        assertArrayEquals(new float[] {5, 2}, y);
        assertArrayEquals(new int[] {1, 2}, argmax);
        float[] dx = new float[8];
        FastPool2d.maxBackward(s, new float[] {10, 20}, argmax, dx);
        assertArrayEquals(new float[] {0, 10, 20, 0, 0, 0, 0, 0}, dx);
    }

    @Test
    void averagePoolingCountsPaddingInTheDivisor() {
        // 2×2 input, 2×2 window, stride 2, pad 1: each window holds one real pixel and three zeros
        PoolShape s = new PoolShape(1, 1, 2, 2, 2, 2, 2, 2, 1, 1);
        double[] y = new double[4];
        FastPool2d.avgForward(s, new double[] {4, 8, 12, 16}, y);
        assertArrayEquals(new double[] {1, 2, 3, 4}, y);
    }

    @Test
    void paddedMaxPoolingMatchesTheLoopsOnRandomInput() {
        Random random = new Random(31);
        PoolShape s = new PoolShape(2, 3, 7, 6, 3, 2, 2, 1, 1, 1);
        double[] x = GemmTests.randoms(random, s.inputSize());
        double[] y = new double[s.outputSize()];
        int[] argmax = new int[y.length];
        FastPool2d.maxForward(s, x, y, argmax);
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
    void averageBackwardIsTheAdjointOfAverageForward() {
        Random random = new Random(32);
        PoolShape s = new PoolShape(2, 2, 9, 8, 3, 3, 2, 3, 1, 1);
        double[] x = GemmTests.randoms(random, s.inputSize());
        double[] g = GemmTests.randoms(random, s.outputSize());
        double[] y = new double[g.length];
        double[] dx = new double[x.length];
        FastPool2d.avgForward(s, x, y);
        FastPool2d.avgBackward(s, g, dx);
        double left = 0;
        for (int i = 0; i < g.length; i++) {
            left += y[i] * g[i];
        }
        double right = 0;
        for (int i = 0; i < x.length; i++) {
            right += x[i] * dx[i];
        }
        assertEquals(left, right, 1e-12 * Math.max(1, Math.abs(left)));
    }

    @Test
    void paddingWiderThanHalfTheWindowIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new PoolShape(1, 1, 4, 4, 2, 2, 1, 1, 2, 0));
    }
}

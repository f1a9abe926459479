package convkit.fast;

import java.util.function.IntToDoubleFunction;

/**
 * Max pooling on the fast path, float64 and float32, forward and backward: what {@code Impl.FAST}
 * runs for a network's max-pooling layers (float32 in training, see {@code convkit.train}).
 *
 * <p>The same results as {@code convkit.reference.Pool2d} (windows clipped to the input, padding
 * never the maximum, the first maximum wins ties), with window bounds computed once per output
 * row and column and input planes in units that go to the cores as they come free. Pooling costs
 * O(N·C·OH·OW·KH·KW) with no reduction over channels, so it is a few percent of a conv layer.
 *
 * <pre>
 *   PoolShape s = new PoolShape(8, 64, 56, 56, 3, 3, 2, 2, 1, 1);
 *   int[] argmax = new int[s.outputSize()];
 *   FastPool2d.maxForward(s, x, y, argmax, 2);   // on 2 threads
 *   FastPool2d.maxBackward(s, dy, argmax, dx);
 * </pre>
 */
public final class FastPool2d {

    private FastPool2d() {
    }

    /**
     * Max pooling, float64: y [N][C][OH][OW] and argmax (same shape; the offset in x of the
     * first maximum of each window, like {@code convkit.reference.Pool2d.MaxResult#argmax}), on up
     * to {@code threads} threads (input planes split over them).
     */
    public static void maxForward(PoolShape s, double[] x, double[] y, int[] argmax, int threads) {
        check(s, x.length, y.length, argmax.length);
        argmax(s, i -> x[i], argmax, threads);
        for (int i = 0; i < y.length; i++) {
            y[i] = x[argmax[i]];
        }
    }

    /**
     * Max pooling, float32 (what the float32 training route runs): as the float64 one; 2×2
     * windows of stride 2 without padding take {@link #halve}.
     */
    public static void maxForward(PoolShape s, float[] x, float[] y, int[] argmax, int threads) {
        check(s, x.length, y.length, argmax.length);
        if (halves(s)) {
            halve(s, x, argmax, threads);
        } else {
            argmax(s, i -> x[i], argmax, threads); // float to double is exact: the same comparisons
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = x[argmax[i]];
        }
    }

    /** Whether the windows are 2×2 with stride 2 and no padding: every window is four pixels of the input. */
    static boolean halves(PoolShape s) {
        return s.kh() == 2 && s.kw() == 2 && s.strideH() == 2 && s.strideW() == 2 && s.padH() == 0 && s.padW() == 0;
    }

    /**
     * The argmax of the 2×2, stride-2 max pool of most CNNs (both of LeNet's), written out: the
     * four pixels of each window in the general walk's order, the first maximum kept (the first
     * NaN wins): no short inner loops between clipped bounds (figures in .bench/TRAIN.md).
     */
    private static void halve(PoolShape s, float[] x, int[] argmax, int threads) {
        int oh = s.oh();
        int ow = s.ow();
        int w = s.w();
        int planes = s.n() * s.c();
        int workers = Math.min(threads, planes);
        Parallel.forEachRange(workers, planes, Parallel.units(planes, workers), (p0, p1) -> {
            // input planes of this unit, a pair of input rows per output row
            for (int plane = p0; plane < p1; plane++) {
                for (int oy = 0; oy < oh; oy++) {
                    int top = (plane * s.h() + 2 * oy) * w;
                    int out = (plane * oh + oy) * ow;
                    for (int ox = 0; ox < ow; ox++) {
                        int at = top + 2 * ox;
                        at = better(x, at + 1, at);
                        at = better(x, top + w + 2 * ox, at);
                        at = better(x, top + w + 2 * ox + 1, at);
                        argmax[out + ox] = at;
                    }
                }
            }
        });
    }

    /** {@code candidate} if its value beats the best so far (greater, or the first NaN), else {@code best}. */
    private static int better(float[] x, int candidate, int best) {
        float v = x[candidate];
        float b = x[best];
        return v > b || (Float.isNaN(v) && !Float.isNaN(b)) ? candidate : best;
    }

    /**
     * The offset in x of the first maximum of every window (a NaN wins: the first NaN), x read
     * through {@code x}; every window holds at least one pixel (padding at most half the window).
     */
    private static void argmax(PoolShape s, IntToDoubleFunction x, int[] argmax, int threads) {
        GemmChecks.threads(threads);
        int oh = s.oh();
        int ow = s.ow();
        int planes = s.n() * s.c();
        int workers = Math.min(threads, planes);
        Parallel.forEachRange(workers, planes, Parallel.units(planes, workers), (p0, p1) -> {
            // input planes of this unit
            for (int plane = p0; plane < p1; plane++) {
                int xPlane = plane * s.h() * s.w();
                int yPlane = plane * oh * ow;
                for (int oy = 0; oy < oh; oy++) {
                    int y0 = Math.max(0, oy * s.strideH() - s.padH());
                    int y1 = Math.min(s.h(), oy * s.strideH() - s.padH() + s.kh());
                    for (int ox = 0; ox < ow; ox++) {
                        int x0 = Math.max(0, ox * s.strideW() - s.padW());
                        int x1 = Math.min(s.w(), ox * s.strideW() - s.padW() + s.kw());
                        double best = Double.NEGATIVE_INFINITY;
                        int at = xPlane + y0 * s.w() + x0;
                        // the window, clipped to the input: strict > keeps the first maximum
                        for (int iy = y0; iy < y1; iy++) {
                            int row = xPlane + iy * s.w();
                            for (int ix = x0; ix < x1; ix++) {
                                double v = x.applyAsDouble(row + ix);
                                if (v > best || Double.isNaN(v)) {
                                    best = v;
                                    at = row + ix;
                                    if (Double.isNaN(v)) {
                                        iy = y1;
                                        break;
                                    }
                                }
                            }
                        }
                        argmax[yPlane + oy * ow + ox] = at;
                    }
                }
            }
        });
    }

    /** Max pooling backward, float64: dx (overwritten) gets each dy at its window's argmax. */
    public static void maxBackward(PoolShape s, double[] dy, int[] argmax, double[] dx) {
        check(s, dx.length, dy.length, argmax.length);
        java.util.Arrays.fill(dx, 0);
        // every output value sends its gradient to where its maximum came from
        for (int i = 0; i < dy.length; i++) {
            dx[argmax[i]] += dy[i];
        }
    }

    /** Max pooling backward, float32: as the float64 one. */
    public static void maxBackward(PoolShape s, float[] dy, int[] argmax, float[] dx) {
        check(s, dx.length, dy.length, argmax.length);
        java.util.Arrays.fill(dx, 0);
        for (int i = 0; i < dy.length; i++) {
            dx[argmax[i]] += dy[i];
        }
    }

    private static void check(PoolShape s, int xLength, int yLength, int argmaxLength) {
        checkLength("x", xLength, s.inputSize());
        checkLength("y", yLength, s.outputSize());
        checkLength("argmax", argmaxLength, s.outputSize());
    }

    private static void checkLength(String name, int actual, int expected) {
        if (actual != expected) {
            throw new IllegalArgumentException(name + " must have " + expected + " elements, but has " + actual);
        }
    }
}

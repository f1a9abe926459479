package convkit.fast;

import convkit.reference.PaddingMode;

/**
 * A strided layer as a stride-1 one (space to depth): with stride s, input channel c becomes s·s
 * channels (c, p, q), channel (c, p, q) holding the padded input's rows ≡ p and columns ≡ q
 * (mod s), and kernel tap (i, j) moves to channel (c, i mod s, j mod s), tap (i / s, j / s) of a
 * kernel ⌈KH/s⌉ × ⌈KW/s⌉ (zero where i ≥ KH or j ≥ KW). The two layers give the same output, and,
 * the maps being copies, their gradients map back exactly. alexnet_conv1 (11×11, stride 4, C = 3)
 * becomes 3×3, stride 1, C = 48: a layer {@link Winograd} runs.
 *
 * <p>Channel (c, p, q) is c' = (c·s + p)·s + q; the phased layer has no padding, H' = OH + ⌈KH/s⌉ − 1.
 */
final class SpaceToDepth {

    private SpaceToDepth() {
    }

    /** Whether this layer has a stride > 1 (on either axis) and a space-to-depth layer of {@code kernel} × {@code kernel}. */
    static boolean maps(LayerShape s, int kernel) {
        return (s.strideH() > 1 || s.strideW() > 1) && s.strideH() == s.strideW() && s.dilationH() == 1
            && s.dilationW() == 1 && s.padding() == PaddingMode.ZEROS
            && (s.kh() + s.strideH() - 1) / s.strideH() == kernel && (s.kw() + s.strideW() - 1) / s.strideW() == kernel;
    }

    /** The stride-1 layer of {@code s} (see the class). */
    static LayerShape layer(LayerShape s) {
        int st = s.strideH();
        int kh = (s.kh() + st - 1) / st;
        int kw = (s.kw() + st - 1) / st;
        return new LayerShape(s.n(), s.c() * st * st, s.oh() + kh - 1, s.ow() + kw - 1, s.k(), kh, kw, 1, 1, 0, 0, 1, 1,
            PaddingMode.ZEROS);
    }

    /** x [N][C][H][W] as the phased layer's input, into {@code out} (zero past the padded input). */
    static void input(LayerShape s, LayerShape phased, float[] x, float[] out, int threads) {
        Parallel.forEach(threads, s.n() * s.c(), plane -> planeRows(s, phased, x, plane, out, plane, 0, phased.h()));
    }

    /**
     * Rows [u0, u1) of every phased channel of image {@code image} of x, into {@code out} where
     * {@link #input} puts image {@code outImage}'s.
     */
    static void imageRows(LayerShape s, LayerShape phased, float[] x, int image, float[] out, int outImage, int u0,
                          int u1) {
        for (int c = 0; c < s.c(); c++) {
            planeRows(s, phased, x, image * s.c() + c, out, outImage * s.c() + c, u0, u1);
        }
    }

    /**
     * Rows [u0, u1) of the st·st phased channels of x's plane {@code plane} (image·C + c), into
     * out's {@code outPlane}: input row by input row, each split into its st column phases at
     * once (by vector for st = 2 or 4 where {@link InputRewrite#PHASE_COPIES}), so that x is
     * read once, in order.
     */
    private static void planeRows(LayerShape s, LayerShape phased, float[] x, int plane, float[] out, int outPlane,
                                  int u0, int u1) {
        int st = s.strideH();
        int pw = phased.w();
        int phaseFloats = phased.h() * pw;
        // column st·v + q − padW is inside the input for v in [first[q], last[q])
        int[] first = new int[st];
        int[] last = new int[st];
        int vectorFirst = 0;
        int vectorEnd = 0;
        for (int q = 0; q < st; q++) {
            first[q] = Math.min(pw, Math.max(0, (s.padW() - q + st - 1) / st));
            last[q] = Math.max(first[q], Math.min(pw, (s.w() + s.padW() - q + st - 1) / st));
            vectorFirst = Math.max(vectorFirst, first[q]);
            vectorEnd = Math.max(vectorEnd, last[q]);
        }
        boolean byVector = InputRewrite.PHASE_COPIES && (st == 2 || st == 4);
        for (int u = u0; u < u1; u++) {
            for (int p = 0; p < st; p++) {
                // phase (p, q)'s row u: q·phaseFloats on from phase (p, 0)'s
                int to = ((outPlane * st + p) * st * phased.h() + u) * pw;
                int row = st * u + p - s.padH();
                if (row < 0 || row >= s.h()) {
                    for (int q = 0; q < st; q++) {
                        java.util.Arrays.fill(out, to + q * phaseFloats, to + q * phaseFloats + pw, 0f);
                    }
                    continue;
                }
                // x's index of padded column 0 of this row
                int rowStart = plane * s.h() * s.w() + row * s.w() - s.padW();
                int copied = byVector ? InputRewrite.copyPhases(x, rowStart, st, out, to, phaseFloats, last,
                    vectorFirst, vectorEnd) : vectorFirst;
                for (int q = 0; q < st; q++) {
                    int at = to + q * phaseFloats;
                    java.util.Arrays.fill(out, at, at + first[q], 0f);
                    // what the vectors did not copy: [first, vectorFirst) and [copied, last)
                    for (int v = first[q]; v < Math.min(vectorFirst, last[q]); v++) {
                        out[at + v] = x[rowStart + st * v + q];
                    }
                    for (int v = Math.max(copied, first[q]); v < last[q]; v++) {
                        out[at + v] = x[rowStart + st * v + q];
                    }
                    java.util.Arrays.fill(out, at + last[q], at + pw, 0f);
                }
            }
        }
    }

    /** dX of the layer from dX' of the phased layer: each input element is one element of the phased input. */
    static void inputGradient(LayerShape s, LayerShape phased, float[] phasedDx, float[] dx, int threads) {
        int st = s.strideH();
        Parallel.forEach(threads, s.n() * s.c(), plane -> {
            for (int row = 0; row < s.h(); row++) {
                int to = (plane * s.h() + row) * s.w();
                int u = (row + s.padH()) / st;
                if (u >= phased.h()) {
                    // rows past the phased input are under no window: no gradient
                    java.util.Arrays.fill(dx, to, to + s.w(), 0f);
                    continue;
                }
                int p = (row + s.padH()) % st;
                for (int q = 0; q < st; q++) {
                    // input column st·v + q − padW, for v from the first inside the input row
                    int v = Math.max(0, (s.padW() - q + st - 1) / st);
                    int from = ((plane * st * st + p * st + q) * phased.h() + u) * phased.w();
                    for (int col = st * v + q - s.padW(); col < s.w(); col += st, v++) {
                        dx[to + col] = v < phased.w() ? phasedDx[from + v] : 0f;
                    }
                }
            }
        });
    }

    /** w [K][C][KH][KW] as the phased layer's weights, into {@code out} (zero taps past KH, KW). */
    static void weights(LayerShape s, LayerShape phased, float[] w, float[] out) {
        java.util.Arrays.fill(out, 0, phased.weightSize(), 0f);
        mapTaps(s, phased, w, out, true);
    }

    /** dW of the layer from dW' of the phased layer (its zero taps dropped). */
    static void weightGradient(LayerShape s, LayerShape phased, float[] phasedDw, float[] dw) {
        mapTaps(s, phased, dw, phasedDw, false);
    }

    /**
     * Copies every tap ((k·C + c)·KH + i)·KW + j of w to its place in the phased weights, channel
     * (c, i mod s, j mod s), tap (i / s, j / s) ({@code toPhased}), or back. Taps in order, the
     * phased index kept by steps: this runs once a pass on one thread, where a few divisions a
     * tap showed in alexnet_conv1's forward ({@code .bench/serial-parts-2026-12-04.md}).
     */
    private static void mapTaps(LayerShape s, LayerShape phased, float[] w, float[] phasedW, boolean toPhased) {
        int st = s.strideH();
        int kernel = phased.kh() * phased.kw();
        int tap = 0;
        for (int k = 0; k < s.k(); k++) {
            for (int c = 0; c < s.c(); c++) {
                for (int i = 0; i < s.kh(); i++) {
                    // column j = st·d + q goes to phase channel (c, i mod st, q), tap (i / st, d)
                    int row = (k * phased.c() + (c * st + i % st) * st) * kernel + i / st * phased.kw();
                    int q = 0;
                    int d = 0;
                    for (int j = 0; j < s.kw(); j++, tap++) {
                        int at = row + q * kernel + d;
                        if (toPhased) {
                            phasedW[at] = w[tap];
                        } else {
                            w[tap] = phasedW[at];
                        }
                        if (++q == st) {
                            q = 0;
                            d++;
                        }
                    }
                }
            }
        }
    }
}

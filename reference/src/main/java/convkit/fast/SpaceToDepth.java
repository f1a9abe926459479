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
        int st = s.strideH();
        Parallel.forEach(threads, s.n() * s.c(), plane -> {
            int from = plane * s.h() * s.w();
            for (int p = 0; p < st; p++) {
                for (int q = 0; q < st; q++) {
                    int to = (plane * st * st + p * st + q) * phased.h() * phased.w();
                    // column st·v + q − padW is inside the input for v in [first, last)
                    int first = Math.min(phased.w(), Math.max(0, (s.padW() - q + st - 1) / st));
                    int last = Math.max(first, Math.min(phased.w(), (s.w() + s.padW() - q + st - 1) / st));
                    for (int u = 0; u < phased.h(); u++, to += phased.w()) {
                        int row = st * u + p - s.padH();
                        if (row < 0 || row >= s.h()) {
                            java.util.Arrays.fill(out, to, to + phased.w(), 0f);
                            continue;
                        }
                        java.util.Arrays.fill(out, to, to + first, 0f);
                        int at = from + row * s.w() + st * first + q - s.padW();
                        for (int v = first; v < last; v++, at += st) {
                            out[to + v] = x[at];
                        }
                        java.util.Arrays.fill(out, to + last, to + phased.w(), 0f);
                    }
                }
            }
        });
    }

    /** dX of the layer from dX' of the phased layer: each input element is one element of the phased input. */
    static void inputGradient(LayerShape s, LayerShape phased, float[] phasedDx, float[] dx, int threads) {
        int st = s.strideH();
        Parallel.forEach(threads, s.n() * s.c(), plane -> {
            int to = plane * s.h() * s.w();
            for (int row = 0; row < s.h(); row++) {
                int u = (row + s.padH()) / st;
                int p = (row + s.padH()) % st;
                for (int col = 0; col < s.w(); col++) {
                    int v = (col + s.padW()) / st;
                    int q = (col + s.padW()) % st;
                    // rows and columns past the phased input are under no window: no gradient
                    dx[to + row * s.w() + col] = u < phased.h() && v < phased.w()
                        ? phasedDx[((plane * st * st + p * st + q) * phased.h() + u) * phased.w() + v] : 0f;
                }
            }
        });
    }

    /** w [K][C][KH][KW] as the phased layer's weights, into {@code out} (zero taps past KH, KW). */
    static void weights(LayerShape s, LayerShape phased, float[] w, float[] out) {
        java.util.Arrays.fill(out, 0, phased.weightSize(), 0f);
        for (int tap = 0; tap < s.weightSize(); tap++) {
            out[phasedTap(s, phased, tap)] = w[tap];
        }
    }

    /** dW of the layer from dW' of the phased layer (its zero taps dropped). */
    static void weightGradient(LayerShape s, LayerShape phased, float[] phasedDw, float[] dw) {
        for (int tap = 0; tap < s.weightSize(); tap++) {
            dw[tap] = phasedDw[phasedTap(s, phased, tap)];
        }
    }

    /** Where weight {@code tap} = ((k·C + c)·KH + i)·KW + j goes: channel (c, i mod s, j mod s), tap (i / s, j / s). */
    private static int phasedTap(LayerShape s, LayerShape phased, int tap) {
        int st = s.strideH();
        int j = tap % s.kw();
        int i = tap / s.kw() % s.kh();
        int c = tap / (s.kw() * s.kh()) % s.c();
        int k = tap / (s.kw() * s.kh() * s.c());
        int channel = (c * st + i % st) * st + j % st;
        return ((k * phased.c() + channel) * phased.kh() + i / st) * phased.kw() + j / st;
    }
}

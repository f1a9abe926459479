package convkit.fast;

/**
 * Space to depth by 4 and {@link WinogradTiles#split} in one pass, for the Winograd forward and
 * weight gradient of a layer of stride 4 (alexnet_conv1: 11×11, stride 4, as 3×3 over 48 phased
 * channels, {@link SpaceToDepth}). Phase p of phased channel (c, a, b)'s row u holds x's row
 * 4u + a − padH at columns 16i + 4p + b − padW: the sixteen residues of x's columns mod 16.
 * Instead of a phased copy of the rows written and read back by the split, each x row is read once
 * and its 16·L-column blocks split by two rounds of {@link WinogradTiles#deinterleave}: the first
 * into the four column phases b (in a scratch that stays in L1), the second into the four Winograd
 * phases p of each.
 */
final class StridedSplit {

    /** The stride this split is for. */
    static final int STRIDE = 4;
    private static final int L = WinogradTiles.L;

    private StridedSplit() {
    }

    /** Whether {@link #rows} serves layer {@code s} (strided, the input of a space-to-depth layer). */
    static boolean serves(LayerShape s) {
        return s.strideH() == STRIDE && s.strideW() == STRIDE;
    }

    /**
     * Rows [u0, u0 + rows) of every phased channel of image {@code n} of x, split as
     * {@link WinogradTiles#split} splits {@link SpaceToDepth#imageRows}' rows: phased channel
     * c' = (c·4 + a)·4 + b, row u, phase p at {@code ph[((c'·rows + u − u0)·4 + p)·q + i]} =
     * x[n][c][4u + a − padH][16i + 4p + b − padW], zero outside x, for u ≥ phased.h() and where
     * 4i + p ≥ phased.w().
     */
    static void rows(LayerShape s, LayerShape phased, float[] x, int n, int u0, int rows, float[] ph, int q) {
        // padded columns inside x and under a phased column (4v + b < 4·phased.w()): one range
        int lo = s.padW();
        int hi = Math.min(s.w() + s.padW(), STRIDE * phased.w());
        int whole = q / L * L;
        int channelFloats = rows * 4 * q;
        // the first round's four column phases of four vectors each, [b][group][lane]; after them,
        // a block that reaches past either end of the row, copied with zeros around it
        float[] scratch = DirectBuffer.WINOGRAD_SPLIT.get(32 * L);
        int edge = 16 * L;
        for (int c = 0; c < s.c(); c++) {
            for (int a = 0; a < STRIDE; a++) {
                // phased channel (c, a, 0)'s first row; (c, a, b) is b channels on
                int channel = (c * STRIDE + a) * STRIDE * channelFloats;
                for (int r = 0; r < rows; r++) {
                    int u = u0 + r;
                    int row = STRIDE * u + a - s.padH();
                    int to = channel + r * 4 * q;
                    if (u >= phased.h() || row < 0 || row >= s.h()) {
                        for (int b = 0; b < STRIDE; b++) {
                            java.util.Arrays.fill(ph, to + b * channelFloats, to + b * channelFloats + 4 * q, 0f);
                        }
                        continue;
                    }
                    // x's index of padded column lo (the row's first)
                    int from = ((n * s.c() + c) * s.h() + row) * s.w();
                    for (int i = 0; i < whole; i += L) {
                        // the block's columns 16i .. 16i + 16L − 1, all inside x or copied with zeros
                        // around them: masked loads cost more here than a copy (.bench/emr-2026-12-06e.md)
                        int c0 = 16 * i;
                        float[] src = x;
                        int at = from + c0 - lo;
                        if (c0 < lo || c0 + 16 * L > hi) {
                            java.util.Arrays.fill(scratch, edge, edge + 16 * L, 0f);
                            int a0 = Math.max(c0, lo);
                            int a1 = Math.min(c0 + 16 * L, hi);
                            if (a1 > a0) {
                                System.arraycopy(x, from + a0 - lo, scratch, edge + a0 - c0, a1 - a0);
                            }
                            src = scratch;
                            at = edge;
                        }
                        for (int group = 0; group < 4; group++) {
                            WinogradTiles.deinterleave(src, at, 4 * group * L, 16 * L, scratch, group * L, 4 * L);
                        }
                        for (int b = 0; b < STRIDE; b++) {
                            WinogradTiles.deinterleave(scratch, 4 * b * L, 0, 4 * L, ph, to + b * channelFloats + i, q);
                        }
                    }
                    for (int i = whole; i < q; i++) {
                        for (int b = 0; b < STRIDE; b++) {
                            for (int p = 0; p < 4; p++) {
                                int column = 16 * i + 4 * p + b;
                                ph[to + b * channelFloats + p * q + i] = column >= lo && column < hi
                                    ? x[from + column - lo] : 0f;
                            }
                        }
                    }
                }
            }
        }
    }
}

package convkit.fast;

import jdk.incubator.vector.FloatVector;

/**
 * The products M = U · V of the whole-batch Winograd pass for layers whose transformed kernels
 * are far larger than a cache ({@link WinogradTiling#hugeKernels}: resnet3x3_512's U is 38 MB
 * against 2.4 MB of V), without ever writing U whole. A unit is a block of {@link #BLOCK}
 * output channels: their kernels are transformed a block of input channels at a time into
 * slivers [point][CK output channels at a time][input channel][CK] that stay in L2, and the channel tiles'
 * kernel ({@link #tile}: CK output channels in two vectors × CB tiles
 * broadcast) multiplies each sliver at once with the matching rows of V, which a pass first
 * repacks into panels of CB tiles ([point][tile group][C][CB], {@link #panel}). The sums stay
 * per point and tile group across the blocks of input channels and go into M at the end. dW
 * goes the same way turned round ({@link #weightGradient}): dU = dM · Vᵀ a block at a time, turned
 * into dW (Gᵀ dU G) while in L1, where the GEMMs wrote dU whole (38 MB) and read it back.
 *
 * <p>Cut into GEMMs over blocks of U instead, each transformed kernel went out past the L2 and
 * came back to serve only a few tiles (32 in resnet3x3_512's batch of 8), and BLAS packed both
 * operands of each of the 36 · K / block small products again. Where the vectors are 512 or 256
 * bits ({@link #suits}); elsewhere the GEMMs over blocks of U stay.
 */
final class WinogradKernelBlocks {

    private static final int L = WinogradTiles.L;
    private static final int POINTS = WinogradTiles.POINTS;
    /** Output channels of a tile: two vectors. */
    static final int CK = 2 * L;
    /**
     * Tiles of a forward's tile, or input channels of dW's, broadcast: with 16-lane vectors the
     * channel tiles' own 12 ({@link ChannelTiles#columnTile}); with 8-lane ones 6, so that the 12
     * sums, two weight vectors and a broadcast fit AVX2's 16 registers ({@link #narrowTile}).
     */
    static final int CB = L == VectorDirectConv.L ? VectorDirectConv.CB : 6;
    /** Output channels per unit: two register blocks of CK, which share each panel of V read from memory. */
    static final int BLOCK = 2 * CK;
    /** A start of zero sums for a tile's first block of input channels. */
    private static final float[] ZEROS = new float[CB * CK];

    private WinogradKernelBlocks() {
    }

    /**
     * Whether the vectors suit a tile here: as wide as the channel tiles' (512 bits), or 256 bits
     * ({@link #narrowTile}); with other widths the tiles would run emulated or spill.
     */
    static boolean suits() {
        return L == VectorDirectConv.L || L == 8;
    }

    /**
     * out[o0 + i·CK + lane] = start[s0 + i·CK + lane] + Σ over {@code taps} rows of the sliver (CK
     * lanes each, from w0) times col[c0 + row·CB + i], for the CB columns i: {@link
     * ChannelTiles#columnTile} with 16-lane vectors, {@link #narrowTile} with 8-lane ones.
     */
    private static void tile(float[] col, int c0, int taps, float[] sliver, int w0, float[] start, int s0, float[] out,
                             int o0) {
        if (L == VectorDirectConv.L) {
            ChannelTiles.columnTile(col, c0, taps, sliver, w0, start, s0, out, o0);
        } else {
            narrowTile(col, c0, taps, sliver, w0, start, s0, out, o0);
        }
    }

    /** {@link #tile} on 8-lane vectors: two vectors × 6 columns, 12 sums. */
    private static void narrowTile(float[] col, int c0, int taps, float[] sliver, int w0, float[] start, int s0,
                                   float[] out, int o0) {
        var S = WinogradTiles.S;
        FloatVector a0 = FloatVector.fromArray(S, start, s0);
        FloatVector b0 = FloatVector.fromArray(S, start, s0 + L);
        FloatVector a1 = FloatVector.fromArray(S, start, s0 + CK);
        FloatVector b1 = FloatVector.fromArray(S, start, s0 + CK + L);
        FloatVector a2 = FloatVector.fromArray(S, start, s0 + 2 * CK);
        FloatVector b2 = FloatVector.fromArray(S, start, s0 + 2 * CK + L);
        FloatVector a3 = FloatVector.fromArray(S, start, s0 + 3 * CK);
        FloatVector b3 = FloatVector.fromArray(S, start, s0 + 3 * CK + L);
        FloatVector a4 = FloatVector.fromArray(S, start, s0 + 4 * CK);
        FloatVector b4 = FloatVector.fromArray(S, start, s0 + 4 * CK + L);
        FloatVector a5 = FloatVector.fromArray(S, start, s0 + 5 * CK);
        FloatVector b5 = FloatVector.fromArray(S, start, s0 + 5 * CK + L);
        for (int u = c0, q = w0; u < c0 + taps * CB; u += CB, q += CK) {
            FloatVector v0 = FloatVector.fromArray(S, sliver, q);
            FloatVector v1 = FloatVector.fromArray(S, sliver, q + L);
            FloatVector v = FloatVector.broadcast(S, col[u]);
            a0 = v0.fma(v, a0);
            b0 = v1.fma(v, b0);
            v = FloatVector.broadcast(S, col[u + 1]);
            a1 = v0.fma(v, a1);
            b1 = v1.fma(v, b1);
            v = FloatVector.broadcast(S, col[u + 2]);
            a2 = v0.fma(v, a2);
            b2 = v1.fma(v, b2);
            v = FloatVector.broadcast(S, col[u + 3]);
            a3 = v0.fma(v, a3);
            b3 = v1.fma(v, b3);
            v = FloatVector.broadcast(S, col[u + 4]);
            a4 = v0.fma(v, a4);
            b4 = v1.fma(v, b4);
            v = FloatVector.broadcast(S, col[u + 5]);
            a5 = v0.fma(v, a5);
            b5 = v1.fma(v, b5);
        }
        a0.intoArray(out, o0);
        b0.intoArray(out, o0 + L);
        a1.intoArray(out, o0 + CK);
        b1.intoArray(out, o0 + CK + L);
        a2.intoArray(out, o0 + 2 * CK);
        b2.intoArray(out, o0 + 2 * CK + L);
        a3.intoArray(out, o0 + 3 * CK);
        b3.intoArray(out, o0 + 3 * CK + L);
        a4.intoArray(out, o0 + 4 * CK);
        b4.intoArray(out, o0 + 4 * CK + L);
        a5.intoArray(out, o0 + 5 * CK);
        b5.intoArray(out, o0 + 5 * CK + L);
    }

    /** Groups of CB tiles in a pass of {@code tiles}. */
    static int groups(int tiles) {
        return (tiles + CB - 1) / CB;
    }

    /** Floats of the panels of V for {@code c} input channels and {@code tiles} tiles. */
    static int panelFloats(int c, int tiles) {
        return POINTS * groups(tiles) * c * CB;
    }

    /** Input channels a unit of the input's transform takes: their panels' rows are written as runs of 8·CB floats. */
    static final int PANEL_CHANNELS = 8;

    /**
     * Channels [c0, c1)'s rows of V ({@code v[(c·36 + ξν)·ld + tile]}) into the panels,
     * {@code panels[((ξν·groups + g)·C + c)·CB + i]} = tile g·CB + i, zero past the last tile.
     */
    static void panel(float[] v, int ld, int tiles, int channels, int c0, int c1, float[] panels) {
        int groups = groups(tiles);
        for (int p = 0; p < POINTS; p++) {
            for (int g = 0; g < groups; g++) {
                int n = Math.min(CB, tiles - g * CB);
                for (int c = c0; c < c1; c++) {
                    int to = ((p * groups + g) * channels + c) * CB;
                    System.arraycopy(v, (c * POINTS + p) * ld + g * CB, panels, to, n);
                    java.util.Arrays.fill(panels, to + n, to + CB, 0f);
                }
            }
        }
    }

    /**
     * Input channels per block of a unit: the slivers of a {@link #BLOCK} of output channels
     * (36 · BLOCK floats an input channel) take about {@code bytes}, in whole vectors of channels.
     */
    static int channelBlock(int channels, int bytes) {
        int perChannel = POINTS * BLOCK * Float.BYTES;
        int block = Math.max(1, Math.min(channels, bytes / perChannel));
        return block >= L ? block / L * L : block;
    }

    /**
     * M of output channels [k0, k1) (at most {@link #BLOCK}), {@code m[(k·36 + ξν)·ld + tile]}, from
     * the kernels of w (flipped: see {@link VectorWinograd}) and the panels of V; blocks of
     * {@code cBlock} input channels.
     */
    static void products(WinogradTiling t, float[] w, boolean flipped, float[] panels, int tiles, int k0, int k1,
                         int cBlock, float[] m, int ld) {
        int channels = t.s().c();
        int groups = groups(tiles);
        int regs = (k1 - k0 + CK - 1) / CK;
        int sums = CB * CK;
        float[] sliver = DirectBuffer.WINOGRAD_KERNELS.get(POINTS * pointFloats(regs, cBlock));
        float[] acc = DirectBuffer.WINOGRAD_SUMS.get(POINTS * groups * regs * sums);
        float[] taps = DirectBuffer.WINOGRAD_TAPS.get(9 * L * L);
        float[] tmp = DirectBuffer.WINOGRAD_SCRATCH.get(36 * L);
        int[] rows = new int[L];
        for (int j = 0; j < L; j++) {
            rows[j] = j * channels * 9;
        }
        for (int c0 = 0; c0 < channels; c0 += cBlock) {
            int cn = Math.min(cBlock, channels - c0);
            int ps = pointFloats(regs, cn);
            transform(t, w, flipped, k0, k1, c0, cn, regs, ps, sliver, taps, tmp, rows);
            for (int p = 0; p < POINTS; p++) {
                for (int g = 0; g < groups; g++) {
                    int col = ((p * groups + g) * channels + c0) * CB;
                    for (int r = 0; r < regs; r++) {
                        int at = ((p * groups + g) * regs + r) * sums;
                        tile(panels, col, cn, sliver, p * ps + r * cn * CK,
                            c0 == 0 ? ZEROS : acc, c0 == 0 ? 0 : at, acc, at);
                    }
                }
            }
        }
        for (int k = k0; k < k1; k++) {
            int r = (k - k0) / CK;
            int lane = (k - k0) % CK;
            for (int p = 0; p < POINTS; p++) {
                int row = (k * POINTS + p) * ld;
                for (int g = 0; g < groups; g++) {
                    int from = ((p * groups + g) * regs + r) * sums + lane;
                    int n = Math.min(CB, tiles - g * CB);
                    for (int i = 0; i < n; i++) {
                        m[row + g * CB + i] = acc[from + i * CK];
                    }
                }
            }
        }
    }

    /**
     * Floats of a point's slivers of {@code regs} × CK output channels and {@code cn} input channels,
     * {@link #spaced} apart.
     */
    private static int pointFloats(int regs, int cn) {
        return spaced(regs * cn * CK);
    }

    /**
     * A point's row of {@code floats} and a vector more: the 36 points' rows (slivers, sums) a
     * multiple of 4 KiB apart would fall into the same few sets of the L1 cache and evict each
     * other as each group of kernels writes a vector into each.
     */
    private static int spaced(int floats) {
        return floats + L;
    }

    /**
     * G g Gᵀ of the kernels (k, c), k in [k0, k1), c in [c0, c0 + cn), into the slivers,
     * {@code sliver[ξν·ld + (r·cn + c − c0)·CK + (k − k0) mod CK]} with r = (k − k0) / CK:
     * L output channels (the lanes) × L input channels at a time, their taps brought side by side
     * ({@link #gather}) and transformed input channel by input channel. Lanes past k1 get zero
     * kernels: their sums are never stored.
     */
    private static void transform(WinogradTiling t, float[] w, boolean flipped, int k0, int k1, int c0, int cn,
                                  int regs, int ld, float[] sliver, float[] taps, float[] tmp, int[] rows) {
        for (int kh = k0; kh < k0 + regs * CK; kh += L) {
            int r = (kh - k0) / CK;
            int half = (kh - k0) % CK;
            for (int cc = c0; cc < c0 + cn; cc += L) {
                int count = Math.min(L, c0 + cn - cc);
                gather(t, w, flipped, kh, k1, cc, count, taps, rows);
                for (int j = 0; j < count; j++) {
                    WinogradTiles.kernels(taps, 9 * L * j, (r * cn + cc - c0 + j) * CK + half, ld, sliver, tmp);
                }
            }
        }
    }

    /**
     * The nine taps of kernels (kh + lane, cc + j), lane &lt; L, j &lt; count, side by side:
     * {@code taps[(9j + tap)·L + lane]}, zero for output channels at or past k1. Sixteen whole
     * output channels × sixteen input channels of a forward are nine 16×16 transposes of w's rows
     * ({@link VectorTranspose#transpose16}: w holds the 144 taps of a row's 16 kernels one after
     * the other). A dX's flipped kernels (kh + lane, cc + j) are the forward's (cc + j, kh + lane)
     * turned by 180°: for each j, L kernels of one row of w, 9 apart, so each tap of all L lanes is
     * one gather, read backwards; scalar, each lane's position in w took two divisions, and the
     * gather a few per cent of resnet3x3_512's forward + backward (.bench/emr-2026-12-06g.md). The
     * rest (partial blocks of output channels, narrower vectors in a forward) tap by tap.
     */
    private static void gather(WinogradTiling t, float[] w, boolean flipped, int kh, int k1, int cc, int count,
                               float[] taps, int[] rows) {
        int channels = t.s().c();
        if (!flipped && L == 16 && count == L && kh + L <= k1) {
            int from = (kh * channels + cc) * 9;
            for (int b = 0; b < 9; b++) {
                VectorTranspose.transpose16(w, from + b * L, rows, taps, b * L * L, L);
            }
            return;
        }
        if (flipped && kh + L <= k1) {
            for (int j = 0; j < count; j++) {
                int last = ((cc + j) * t.s().k() + kh) * 9 + 8; // lane 0's last tap, its first once flipped
                for (int tap = 0; tap < 9; tap++) {
                    FloatVector.fromArray(WinogradTiles.S, w, last - tap, WinogradKernels.NINES, 0)
                        .intoArray(taps, (9 * j + tap) * L);
                }
            }
            return;
        }
        for (int j = 0; j < count; j++) {
            for (int lane = 0; lane < L; lane++) {
                int k = kh + lane;
                WinogradKernels.laneTaps(t, w, flipped, k < k1 ? k * channels + cc + j : -1, taps, 9 * L * j + lane);
            }
        }
    }

    /** Groups of CB input channels, the broadcast side of the weight gradient's tiles. */
    static int channelGroups(int channels) {
        return (channels + CB - 1) / CB;
    }

    /** Floats of the weight gradient's panels of V for {@code channels} input channels and {@code tiles} tiles. */
    static int gradientPanelFloats(int channels, int tiles) {
        return POINTS * channelGroups(channels) * tiles * CB;
    }

    /**
     * For the weight gradient, channel group cg's rows of V (CB input channels from cg·CB) into
     * panels of tiles, {@code panels[((ξν·groups + cg)·tiles + tile)·CB + i]} = channel cg·CB + i,
     * zero past the last channel.
     */
    static void gradientPanel(float[] v, int ld, int tiles, int channels, int cg, float[] panels) {
        int groups = channelGroups(channels);
        for (int p = 0; p < POINTS; p++) {
            int to = (p * groups + cg) * tiles * CB;
            for (int i = 0; i < CB; i++) {
                int c = cg * CB + i;
                if (c >= channels) {
                    for (int tile = 0; tile < tiles; tile++) {
                        panels[to + tile * CB + i] = 0f;
                    }
                    continue;
                }
                int from = (c * POINTS + p) * ld;
                for (int tile = 0; tile < tiles; tile++) {
                    panels[to + tile * CB + i] = v[from + tile];
                }
            }
        }
    }

    /**
     * dW of output channels [k0, k1) (at most {@link #BLOCK}) of the layer t.s(): dU = dM · Vᵀ at each
     * point a channel group at a time, CK output channels (lanes, dM's rows turned into slivers
     * [tile][CK]) × CB input channels (broadcast from the panels), the reduction over the tiles;
     * then Gᵀ dU G of those kernels into dw [K][C][3][3], while dU is still in L1. dM at {@code
     * dm[(k·36 + ξν)·ld + tile]}, the panels from {@link #gradientPanel}.
     */
    static void weightGradient(WinogradTiling t, float[] dm, int ld, float[] panels, int tiles, int k0, int k1,
                               float[] dw) {
        int channels = t.s().c();
        int groups = channelGroups(channels);
        int regs = (k1 - k0 + CK - 1) / CK;
        int sums = CB * CK;
        int pointSums = spaced(regs * sums);
        float[] slivers = DirectBuffer.WINOGRAD_KERNELS.get(POINTS * regs * tiles * CK);
        for (int p = 0; p < POINTS; p++) {
            for (int r = 0; r < regs; r++) {
                int to = (p * regs + r) * tiles * CK;
                for (int lane = 0; lane < CK; lane++) {
                    int k = k0 + r * CK + lane;
                    int from = (k * POINTS + p) * ld;
                    for (int tile = 0; tile < tiles; tile++) {
                        slivers[to + tile * CK + lane] = k < k1 ? dm[from + tile] : 0f;
                    }
                }
            }
        }
        float[] du = DirectBuffer.WINOGRAD_SUMS.get(POINTS * pointSums);
        float[] taps = DirectBuffer.WINOGRAD_TAPS.get(9 * pointSums);
        float[] tmp = DirectBuffer.WINOGRAD_SCRATCH.get(36 * L);
        int[][] pairs = pairStarts(pointSums);
        for (int cg = 0; cg < groups; cg++) {
            for (int p = 0; p < POINTS; p++) {
                int col = (p * groups + cg) * tiles * CB;
                for (int r = 0; r < regs; r++) {
                    tile(panels, col, tiles, slivers, (p * regs + r) * tiles * CK, ZEROS, 0, du,
                        p * pointSums + r * sums);
                }
            }
            WinogradTiles.kernelGradients(du, 0, regs * sums, pointSums, taps, tmp);
            int cn = Math.min(CB, channels - cg * CB);
            for (int kh = k0; kh < k1; kh += L) {
                int lanes = (kh - k0) / CK * sums + (kh - k0) % CK;
                int whole = L == 16 && cn == CB && kh + L <= k1 ? WHOLE_PAIRS : 0;
                // 16 (channel, tap) pairs × 16 output channels at a time (16-lane vectors): each
                // output channel's pairs are consecutive in dw; the rest value by value
                for (int q = 0; q < whole; q += L) {
                    VectorTranspose.transpose16(taps, lanes, pairs[q / L], dw, (kh * channels + cg * CB) * 9 + q,
                        channels * 9);
                }
                for (int k = kh; k < Math.min(k1, kh + L); k++) {
                    int lane = lanes + k - kh;
                    int to = (k * channels + cg * CB) * 9;
                    for (int q = whole; q < cn * 9; q++) {
                        dw[to + q] = taps[(q % 9) * pointSums + lane + q / 9 * CK];
                    }
                }
            }
        }
    }

    /** (channel, tap) pairs of a channel group that go into dW by whole 16×16 transposes (of 108). */
    private static final int WHOLE_PAIRS = CB * 9 / 16 * 16;

    /** Where pair q = 9i + tap of a group lies in the taps of dU's transform, in rows of 16 pairs. */
    private static int[][] pairStarts(int pointSums) {
        int[][] starts = new int[WHOLE_PAIRS / 16][16];
        for (int q = 0; q < WHOLE_PAIRS; q++) {
            starts[q / 16][q % 16] = (q % 9) * pointSums + q / 9 * CK;
        }
        return starts;
    }
}

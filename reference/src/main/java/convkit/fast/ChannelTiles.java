package convkit.fast;

import static convkit.fast.Parallel.slice;
import static convkit.fast.VectorDirectConv.CB;
import static convkit.fast.VectorDirectConv.CK;
import static convkit.fast.VectorDirectConv.L;
import static convkit.fast.VectorDirectConv.S;
import static convkit.fast.VectorDirectConv.pointwiseInPlace;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * The direct forward's channel tiles: CK = 2 vectors of output channels × CB = 12 output
 * positions, the weights loaded as vectors from a small sliver packed [tap][CK] per chunk of the
 * reduction, the positions' input values broadcast from a column panel gathered out of t;
 * blocked like a GEMM, so each weight is read from w once per block of tiles. Any 12 outputs
 * make a tile, so no lane is spent between rows; the sums reach y one at a time. Taken for long
 * reductions (see {@link VectorDirectConv#byChannels}), where that store is cheap next to the loop.
 * {@link #columnTile} also serves the weight gradient ({@link DirectWeightGradient}).
 */
final class ChannelTiles {

    /**
     * Fewest output positions in a unit of images: each unit passes over every weight again
     * (packing its slivers), which on layers with large weights and small maps costs more than
     * the late worker's wait it saves (resnet3x3_512, 49 positions an image, 9 MiB of weights,
     * keeps a worker's share as one unit; resnet3x3_256, 196 an image, runs an image a unit).
     */
    private static final int UNIT_POSITIONS = 192;

    private ChannelTiles() {
    }

    /**
     * The forward with the output channels in the vectors and the positions broadcast: a
     * {@link #columnTile} of CK output channels × CB output positions (per tap two vector loads
     * of a channel group's weights and CB values broadcast from the tile's column panel,
     * gathered out of t). Its positions are any CB outputs, taken in order over the batch, so
     * no lane computes a column between rows or past OW: on resnet3x3_256's 14×14 maps (rows of
     * 16 in t) the position tiles waste 12.5% of their lanes, these 0.3%. The price is the
     * gather and the store: a tile's 384 sums go to y one by one, which a short reduction does
     * not pay for.
     *
     * <p>The product is blocked the way a GEMM is. Units go to threads as they come free
     * ({@link Parallel#forEach}): a unit of images (up to {@link Tuning#unitBytes}) is rewritten
     * into the running thread's own t (image m of channel c at c·channelStride + m·plane); with
     * fewer images than workers the batch is rewritten into one t by all of them, and the units
     * are ranges of channel groups (or, where those do not divide evenly over the threads, of
     * positions). A unit runs blocks of tiles through the reduction in chunks of
     * {@link Tuning#chunkTaps} taps: the block's column panels for the chunk are gathered, and then,
     * group by group, the chunk of the group's weights is packed into a small sliver
     * ([tap][CK], in L1) and every tile of the block runs under it, its sums so far kept per
     * tile and group. So each weight is read from w once per block and never written back
     * packed (resnet3x3_512's are 9 MiB: packed whole, they took a large share of its forward,
     * and every group of tiles then streamed them again), while the panels and the sums stay in L2.
     */
    static void forward(LayerShape s, float[] x, float[] w, float[] bias, float[] y, int threads, Tuning tuning,
                        DirectSetups setups) {
        ChannelPass pass = new ChannelPass(s, w, bias, y, threads, tuning, setups);
        if (pass.byImages) {
            Parallel.forEach(pass.workers, pass.units, unit -> pass.run(x, null, unit));
            return;
        }
        float[] t = pass.inPlace ? x : DirectBuffer.INPUT.get(pass.layout.size());
        if (!pass.inPlace) {
            // fewer images than workers: every (image, channel) plane first, in units of planes
            int planes = s.n() * s.c();
            Parallel.forEachRange(threads, planes, Parallel.units(planes, threads), (p0, p1) -> {
                for (int m = p0 / s.c(); m * s.c() < p1; m++) {
                    pass.rewrite.rewrite(x, m, Math.max(p0 - m * s.c(), 0), Math.min(p1 - m * s.c(), s.c()), t,
                        m * pass.plane);
                }
            });
        }
        Parallel.forEach(pass.workers, pass.units, unit -> pass.run(x, t, unit));
    }

    /**
     * Images in a unit of the forward by images: {@link Parallel#units} of them over the batch,
     * but at least {@link #UNIT_POSITIONS} positions, and at most a worker's share.
     */
    private static int imagesPerUnit(int images, int pixels, int threads) {
        int units = Parallel.units(images, threads);
        int least = (UNIT_POSITIONS + pixels - 1) / pixels;
        int share = (images + threads - 1) / threads;
        return Math.min(share, Math.max((images + units - 1) / units, least));
    }

    /** One call of {@link #forward}: the layout of t, the split over workers, the bias as starting sums. */
    private static final class ChannelPass {
        final LayerShape s;
        final float[] w;
        final float[] y;
        final boolean inPlace;
        final DirectLayout layout;
        /** Where each tap reads t, from an output's position. */
        final int[] offsets;
        final int reduction;
        /** How x goes into t; null in place. */
        final InputRewrite rewrite;
        final int pixels;
        /** Where image m starts in each channel of t (in place: in x). */
        final int plane;
        final int positions;
        final int kGroups;
        /**
         * How the work is cut into units: by images (a unit rewritten into the running thread's
         * t and run through every channel group), else by channel groups where they divide evenly
         * over the threads, else by tiles.
         */
        final boolean byImages;
        /** Images in t at a time (see {@link Tuning#unitBytes}), a unit of work when {@link #byImages}. */
        final int unit;
        /** Taps per chunk of the reduction ({@link Tuning#chunkTaps}). */
        final int chunkTaps;
        /** Bytes of sums a block of tiles may keep ({@link Tuning#blockBytes}). */
        final int blockBytes;
        final boolean byGroups;
        final int workers;
        /** The units that {@link #run} takes: of {@link #unit} images, or ranges of channel groups, or of tiles. */
        final int units;
        /** The bias as each channel group's starting sums, [channel group][CB][CK]. */
        final float[] biasRows;
        /** The largest tap offset: a whole-vector copy of a run is safe below t.length − L − maxOffset. */
        final int maxOffset;
        /** Where w's rows of L neighbouring channels start, from the first (for {@link #packSliver}). */
        final int[] weightRows;

        ChannelPass(LayerShape s, float[] w, float[] bias, float[] y, int threads, Tuning tuning, DirectSetups setups) {
            this.s = s;
            chunkTaps = tuning.chunkTaps();
            blockBytes = tuning.blockBytes();
            this.w = w;
            this.y = y;
            inPlace = pointwiseInPlace(s);
            reduction = s.reduction();
            pixels = s.oh() * s.ow();
            byImages = s.n() >= threads;
            // with an image per worker, t holds a unit of images (the running thread's own t, at
            // most unitBytes of it); else the whole (small) batch, shared
            long imageBytes = inPlace ? 1 : (long) s.c() * DirectLayout.forUnits(s, 1).plane() * Float.BYTES;
            unit = !byImages ? s.n() : (int) Math.max(1, Math.min(imagesPerUnit(s.n(), pixels, threads),
                tuning.unitBytes() / imageBytes));
            DirectSetups.Setup setup = setups.of(inPlace ? new DirectLayout.InPlace(s) : DirectLayout.forUnits(s, unit));
            layout = setup.layout();
            offsets = setup.offsets();
            rewrite = setup.rewrite();
            plane = inPlace ? s.c() * pixels : layout.plane();
            positions = s.n() * pixels;
            kGroups = (s.k() + CK - 1) / CK;
            byGroups = !byImages && kGroups % threads == 0;
            workers = byImages || byGroups ? threads : Math.min(threads, (positions + CB - 1) / CB);
            // fewer images than threads: a range of channel groups or of tiles a worker, as before:
            // more, smaller ranges would gather the panels again or pass over every weight again
            units = byImages ? (s.n() + unit - 1) / unit : workers;
            biasRows = new float[kGroups * CB * CK];
            if (bias != null) {
                for (int k = 0; k < s.k(); k++) {
                    for (int i = 0; i < CB; i++) {
                        biasRows[(k / CK * CB + i) * CK + k % CK] = bias[k];
                    }
                }
            }
            maxOffset = setup.maxOffset();
            weightRows = new int[L];
            for (int j = 0; j < L; j++) {
                weightRows[j] = j * s.reduction();
            }
        }

        /**
         * Unit {@code u} of {@link #units} (see {@link #byImages}), in blocks of about equal size:
         * by images, its images rewritten into the running thread's own t (t is null then);
         * else t is the shared, rewritten batch.
         */
        void run(float[] x, float[] t, int u) {
            if (byImages) {
                int first = u * unit;
                int end = Math.min(s.n(), first + unit);
                float[] own = inPlace ? x : DirectBuffer.INPUT.get(layout.size());
                if (!inPlace) {
                    for (int m = first; m < end; m++) {
                        rewrite.rewrite(x, m, 0, s.c(), own, (m - first) * plane);
                    }
                }
                blocks(own, inPlace ? 0 : first, first * pixels, end * pixels, 0, kGroups);
            } else if (byGroups) {
                blocks(t, 0, 0, positions, slice(kGroups, u, units), slice(kGroups, u + 1, units));
            } else {
                int tiles = (positions + CB - 1) / CB;
                blocks(t, 0, slice(tiles, u, units) * CB, Math.min(positions, slice(tiles, u + 1, units) * CB), 0, kGroups);
            }
        }

        /**
         * Positions [p0, p1) of the batch, channel groups [g0, g1), in blocks of about equal size;
         * t holds the images from {@code first} on.
         */
        private void blocks(float[] t, int first, int p0, int p1, int g0, int g1) {
            int tiles = (p1 - p0 + CB - 1) / CB;
            int most = Math.max(1, blockBytes / ((g1 - g0) * CB * CK * Float.BYTES));
            int blocks = (tiles + most - 1) / most;
            ChannelScratch scratch = new ChannelScratch((tiles + blocks - 1) / blocks, g1 - g0, chunkTaps);
            for (int b = 0; b < blocks; b++) {
                block(t, first, p0 + slice(tiles, b, blocks) * CB, Math.min(p1, p0 + slice(tiles, b + 1, blocks) * CB),
                    g0, g1, scratch);
            }
        }

        /**
         * Positions [q0, q1) in tiles of CB, channel groups [g0, g1): chunk by chunk of the
         * reduction, then their sums into y. t holds the images from {@code first} on.
         */
        void block(float[] t, int first, int q0, int q1, int g0, int g1, ChannelScratch scratch) {
            int count = (q1 - q0 + CB - 1) / CB;
            int groups = g1 - g0;
            int sums = CB * CK;
            int[] at = scratch.at;
            int[] to = scratch.to;
            for (int j = 0; j < count * CB; j++) {
                int g = Math.min(q0 + j, q1 - 1); // lanes past the last position repeat it
                int image = g / pixels;
                int pixel = g - image * pixels;
                at[j] = (image - first) * plane + layout.position(pixel);
                to[j] = image * s.k() * pixels + pixel;
            }
            int panel = scratch.panelSize;
            for (int r0 = 0; r0 < reduction; r0 += chunkTaps) {
                int taps = Math.min(chunkTaps, reduction - r0);
                for (int j = 0; j < count; j++) {
                    columnPanel(t, offsets, r0, taps, maxOffset, at, j * CB, scratch.col, j * panel);
                }
                for (int kg = g0; kg < g1; kg++) {
                    packSliver(w, reduction, Math.min(CK, s.k() - kg * CK), kg * CK, r0, taps, scratch.sliver, weightRows);
                    // the first chunk starts from the bias, the others from the sums so far
                    float[] start = r0 == 0 ? biasRows : scratch.acc;
                    for (int j = 0; j < count; j++) {
                        int acc = (j * groups + kg - g0) * sums;
                        columnTile(scratch.col, j * panel, taps, scratch.sliver, 0, start, r0 == 0 ? kg * sums : acc,
                            scratch.acc, acc);
                    }
                }
            }
            for (int j = 0; j < count; j++) {
                int n = Math.min(CB, q1 - q0 - j * CB);
                for (int kg = g0; kg < g1; kg++) {
                    int from = (j * groups + kg - g0) * sums;
                    int channels = Math.min(CK, s.k() - kg * CK);
                    for (int k = 0; k < channels; k++) {
                        int channel = (kg * CK + k) * pixels;
                        for (int i = 0; i < n; i++) {
                            y[to[j * CB + i] + channel] = scratch.acc[from + i * CK + k];
                        }
                    }
                }
            }
        }
    }

    /**
     * Taps [r0, r0 + taps) of channels [k0, k0 + channels) of w ([K][R]) as a sliver
     * [tap][CK], a transpose: with 16-lane vectors 16 taps × 16 channels at a time, in
     * registers ({@link VectorTranspose#transpose16}), and a last partial group of channels or of taps value
     * by value. Lanes past {@code channels} keep what the buffer held: they only feed sums
     * that are never stored. rows[j] = j·reduction (the rows of w a transpose reads).
     */
    private static void packSliver(float[] w, int reduction, int channels, int k0, int r0, int taps, float[] sliver,
                                   int[] rows) {
        int whole = L == 16 && channels == CK ? taps / L * L : 0;
        for (int half = 0; half < CK; half += L) {
            for (int r = 0; r < whole; r += L) {
                VectorTranspose.transpose16(w, (k0 + half) * reduction + r0 + r, rows, sliver, r * CK + half, CK);
            }
        }
        for (int lane = 0; lane < channels; lane++) {
            int from = (k0 + lane) * reduction + r0;
            for (int r = whole, to = whole * CK + lane; r < taps; r++, to += CK) {
                sliver[to] = w[from + r];
            }
        }
    }

    /** A worker's buffers for {@link ChannelPass#block}: a block's column panels for one chunk, its positions in t and y, its sums; a weight sliver. */
    private static final class ChannelScratch {
        final int panelSize;
        final float[] col;
        final float[] acc;
        final float[] sliver;
        final int[] at;
        final int[] to;

        ChannelScratch(int tiles, int groups, int chunkTaps) {
            panelSize = chunkTaps * CB + L;
            col = DirectBuffer.COLUMN_PANELS.get(tiles * panelSize);
            acc = DirectBuffer.BLOCK_SUMS.get(tiles * groups * CB * CK);
            sliver = DirectBuffer.WEIGHT_SLIVER.get(chunkTaps * CK);
            at = new int[tiles * CB];
            to = new int[tiles * CB];
        }
    }

    /**
     * The column panel of CB output positions for taps [r0, r0 + taps), [tap][CB]:
     * col[c0 + (r − r0)·CB + i] = t[at[a0 + i] + offset(r)]. Positions that follow each other in
     * t form a run, copied one vector a tap. Up to three runs (rows of 7 or more) go tap by tap:
     * the first run a whole vector (what spills past it is written again by the later runs of the
     * tap or by the next tap; a panel has L values of slack), the later ones masked to their
     * lanes. Otherwise (narrow rows, the repeated last position of a last tile) run by run, all
     * masked: a whole-vector first run there spills into lanes that the masked runs write much
     * later, which slowed the gather down (resnet3x3_256).
     */
    private static void columnPanel(float[] t, int[] offsets, int r0, int taps, int maxOffset, int[] at, int a0,
                                    float[] col, int c0) {
        int runs = 1;
        int s1 = 0;
        int s2 = 0;
        for (int i = 1; i < CB; i++) {
            if (at[a0 + i] != at[a0 + i - 1] + 1) {
                if (runs == 1) {
                    s1 = i;
                } else if (runs == 2) {
                    s2 = i;
                }
                runs++;
            }
        }
        if (runs <= 3 && at[a0 + CB - 1] + maxOffset + L <= t.length) {
            int f0 = at[a0];
            int f1 = at[a0 + s1];
            int f2 = at[a0 + s2];
            int end = r0 + taps;
            if (runs == 1) {
                for (int r = r0, u = c0; r < end; r++, u += CB) {
                    FloatVector.fromArray(S, t, f0 + offsets[r]).intoArray(col, u);
                }
            } else if (runs == 2) {
                VectorMask<Float> m1 = S.indexInRange(0, CB - s1);
                for (int r = r0, u = c0; r < end; r++, u += CB) {
                    int o = offsets[r];
                    FloatVector.fromArray(S, t, f0 + o).intoArray(col, u);
                    FloatVector.fromArray(S, t, f1 + o).intoArray(col, u + s1, m1);
                }
            } else {
                VectorMask<Float> m1 = S.indexInRange(0, s2 - s1);
                VectorMask<Float> m2 = S.indexInRange(0, CB - s2);
                for (int r = r0, u = c0; r < end; r++, u += CB) {
                    int o = offsets[r];
                    FloatVector.fromArray(S, t, f0 + o).intoArray(col, u);
                    FloatVector.fromArray(S, t, f1 + o).intoArray(col, u + s1, m1);
                    FloatVector.fromArray(S, t, f2 + o).intoArray(col, u + s2, m2);
                }
            }
            return;
        }
        for (int lane = 0; lane < CB; ) {
            int end = lane + 1;
            while (end < CB && at[a0 + end] == at[a0 + end - 1] + 1) {
                end++;
            }
            int from = at[a0 + lane] - lane;
            VectorMask<Float> run = S.indexInRange(-lane, end - lane);
            for (int r = r0, u = c0; r < r0 + taps; r++, u += CB) {
                FloatVector.fromArray(S, t, from + offsets[r], run).intoArray(col, u, run);
            }
            lane = end;
        }
    }

    /**
     * One CK×CB tile of the forward over {@code taps} taps: out[o0 + i·CK + k] = start[s0 + i·CK + k]
     * + Σ over taps r of sliver[w0 + r·CK + k] · col[c0 + r·CB + i], the CB positions' column panel
     * ({@link #columnPanel}) against a channel group's weights. start and out may be the same
     * place: the sums so far, of the earlier chunks of the reduction. The broadcast values sit
     * at fixed distances from one index that moves by CB a tap, so the JIT checks the array
     * bounds once, not per load.
     */
    static void columnTile(float[] col, int c0, int taps, float[] sliver, int w0, float[] start, int s0,
                                   float[] out, int o0) {
        FloatVector a0 = FloatVector.fromArray(S, start, s0);
        FloatVector b0 = FloatVector.fromArray(S, start, s0 + L);
        FloatVector a1 = FloatVector.fromArray(S, start, s0 + 1 * CK);
        FloatVector b1 = FloatVector.fromArray(S, start, s0 + 1 * CK + L);
        FloatVector a2 = FloatVector.fromArray(S, start, s0 + 2 * CK);
        FloatVector b2 = FloatVector.fromArray(S, start, s0 + 2 * CK + L);
        FloatVector a3 = FloatVector.fromArray(S, start, s0 + 3 * CK);
        FloatVector b3 = FloatVector.fromArray(S, start, s0 + 3 * CK + L);
        FloatVector a4 = FloatVector.fromArray(S, start, s0 + 4 * CK);
        FloatVector b4 = FloatVector.fromArray(S, start, s0 + 4 * CK + L);
        FloatVector a5 = FloatVector.fromArray(S, start, s0 + 5 * CK);
        FloatVector b5 = FloatVector.fromArray(S, start, s0 + 5 * CK + L);
        FloatVector a6 = FloatVector.fromArray(S, start, s0 + 6 * CK);
        FloatVector b6 = FloatVector.fromArray(S, start, s0 + 6 * CK + L);
        FloatVector a7 = FloatVector.fromArray(S, start, s0 + 7 * CK);
        FloatVector b7 = FloatVector.fromArray(S, start, s0 + 7 * CK + L);
        FloatVector a8 = FloatVector.fromArray(S, start, s0 + 8 * CK);
        FloatVector b8 = FloatVector.fromArray(S, start, s0 + 8 * CK + L);
        FloatVector a9 = FloatVector.fromArray(S, start, s0 + 9 * CK);
        FloatVector b9 = FloatVector.fromArray(S, start, s0 + 9 * CK + L);
        FloatVector a10 = FloatVector.fromArray(S, start, s0 + 10 * CK);
        FloatVector b10 = FloatVector.fromArray(S, start, s0 + 10 * CK + L);
        FloatVector a11 = FloatVector.fromArray(S, start, s0 + 11 * CK);
        FloatVector b11 = FloatVector.fromArray(S, start, s0 + 11 * CK + L);
        for (int u = c0, q = w0; u < c0 + taps * CB; u += CB, q += CK) {
            FloatVector v0 = FloatVector.fromArray(S, sliver, q);
            FloatVector v1 = FloatVector.fromArray(S, sliver, q + L);
            FloatVector v = FloatVector.broadcast(S, col[u]);
            a0 = v0.fma(v, a0); b0 = v1.fma(v, b0);
            v = FloatVector.broadcast(S, col[u + 1]);
            a1 = v0.fma(v, a1); b1 = v1.fma(v, b1);
            v = FloatVector.broadcast(S, col[u + 2]);
            a2 = v0.fma(v, a2); b2 = v1.fma(v, b2);
            v = FloatVector.broadcast(S, col[u + 3]);
            a3 = v0.fma(v, a3); b3 = v1.fma(v, b3);
            v = FloatVector.broadcast(S, col[u + 4]);
            a4 = v0.fma(v, a4); b4 = v1.fma(v, b4);
            v = FloatVector.broadcast(S, col[u + 5]);
            a5 = v0.fma(v, a5); b5 = v1.fma(v, b5);
            v = FloatVector.broadcast(S, col[u + 6]);
            a6 = v0.fma(v, a6); b6 = v1.fma(v, b6);
            v = FloatVector.broadcast(S, col[u + 7]);
            a7 = v0.fma(v, a7); b7 = v1.fma(v, b7);
            v = FloatVector.broadcast(S, col[u + 8]);
            a8 = v0.fma(v, a8); b8 = v1.fma(v, b8);
            v = FloatVector.broadcast(S, col[u + 9]);
            a9 = v0.fma(v, a9); b9 = v1.fma(v, b9);
            v = FloatVector.broadcast(S, col[u + 10]);
            a10 = v0.fma(v, a10); b10 = v1.fma(v, b10);
            v = FloatVector.broadcast(S, col[u + 11]);
            a11 = v0.fma(v, a11); b11 = v1.fma(v, b11);
        }
        a0.intoArray(out, o0);
        b0.intoArray(out, o0 + L);
        a1.intoArray(out, o0 + 1 * CK);
        b1.intoArray(out, o0 + 1 * CK + L);
        a2.intoArray(out, o0 + 2 * CK);
        b2.intoArray(out, o0 + 2 * CK + L);
        a3.intoArray(out, o0 + 3 * CK);
        b3.intoArray(out, o0 + 3 * CK + L);
        a4.intoArray(out, o0 + 4 * CK);
        b4.intoArray(out, o0 + 4 * CK + L);
        a5.intoArray(out, o0 + 5 * CK);
        b5.intoArray(out, o0 + 5 * CK + L);
        a6.intoArray(out, o0 + 6 * CK);
        b6.intoArray(out, o0 + 6 * CK + L);
        a7.intoArray(out, o0 + 7 * CK);
        b7.intoArray(out, o0 + 7 * CK + L);
        a8.intoArray(out, o0 + 8 * CK);
        b8.intoArray(out, o0 + 8 * CK + L);
        a9.intoArray(out, o0 + 9 * CK);
        b9.intoArray(out, o0 + 9 * CK + L);
        a10.intoArray(out, o0 + 10 * CK);
        b10.intoArray(out, o0 + 10 * CK + L);
        a11.intoArray(out, o0 + 11 * CK);
        b11.intoArray(out, o0 + 11 * CK + L);
    }
}

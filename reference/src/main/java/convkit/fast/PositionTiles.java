package convkit.fast;

import static convkit.fast.VectorDirectConv.L;
import static convkit.fast.VectorDirectConv.MR;
import static convkit.fast.VectorDirectConv.NR;
import static convkit.fast.VectorDirectConv.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * The direct forward's position tiles: {@code MR} = 8 output channels × {@code NR} = 2 vectors
 * of output positions, 16 accumulators. One step of the reduction is two vector loads from t,
 * eight broadcast weights (packed once per call as [panel][tap][MR]) and sixteen fused
 * multiply-adds. The accumulators start from the bias and run the whole reduction before they
 * are stored, through {@link VectorStore}s: where each vector's lanes go in y.
 *
 * <p>Threads: units go to threads as they come free ({@link Parallel#forEach}). With at least one
 * image per worker, a unit is an image, rewritten into the running thread's own t. With fewer
 * images than workers, one image at a time: its rewrite in units of channels, then its output
 * rows in units of a few rows.
 */
final class PositionTiles {

    /** Weights (K·R elements) from which packing is split over the threads. */
    static final long PARALLEL_PACK = 1L << 16;
    /** Taps per block of {@link #packPanels}: the block being written stays in L1 while every lane passes. */
    private static final int PACK_TAPS = 64;

    private PositionTiles() {
    }

    /**
     * y = conv(x, w) + bias for every channel, with weight panels in groups of at most
     * {@code groupBytes} ({@link Tuning#directGroupBytes}).
     */
    static void forward(LayerShape s, float[] x, float[] w, float[] bias, float[] y, int threads, int groupBytes,
                        DirectSetups setups) {
        int workers = Math.max(1, Math.min(threads, s.n() * s.oh()));
        // in place or shifted only when whole images go to workers: the one long row of an image is not split
        boolean wholeImages = s.n() >= workers;
        DirectSetups.Setup setup = setups.of(DirectLayout.forPositions(s, wholeImages));
        DirectLayout layout = setup.layout();
        int kPanels = (s.k() + MR - 1) / MR;
        Pass pass = new Pass(s, layout, setup.offsets(), packWeights(s, w, workers),
            padded(bias, s.k(), kPanels * MR), y, kPanels, groupBytes);
        boolean inPlace = layout instanceof DirectLayout.InPlace;
        InputRewrite rewrite = setup.rewrite();
        if (wholeImages) {
            // an image a unit, as threads come free (a worker that the OS slows down takes
            // fewer), each rewritten into the running thread's own t, or read in place
            Parallel.forEach(workers, s.n(), image -> {
                if (inPlace) {
                    pass.rows(x, image * s.c() * s.h() * s.w(), image, 0, layout.tiledRows());
                    return;
                }
                float[] t = DirectBuffer.INPUT.get(layout.size());
                rewrite.rewrite(x, image, 0, s.c(), t);
                pass.rows(t, 0, image, 0, layout.tiledRows());
            });
            return;
        }
        // fewer images than workers: one image at a time, its rewrite in units of channels, then
        // its output rows in units of a few rows, both as threads come free
        float[] t = DirectBuffer.INPUT.get(layout.size());
        int grab = Math.max(1, s.oh() / (8 * workers));
        int rowUnits = (s.oh() + grab - 1) / grab;
        for (int image = 0; image < s.n(); image++) {
            int img = image;
            Parallel.forEachRange(workers, s.c(), Parallel.units(s.c(), workers),
                (c0, c1) -> rewrite.rewrite(x, img, c0, c1, t));
            Parallel.forEach(workers, rowUnits,
                unit -> pass.rows(t, 0, img, unit * grab, Math.min(s.oh(), (unit + 1) * grab)));
        }
    }

    /** One call's layout of t, tap offsets, packed weights and bias (padded to whole panels), and its output. */
    private record Pass(LayerShape s, DirectLayout layout, int[] offsets, float[] packed, float[] bias, float[] y,
                        int kPanels, int groupBytes) {

        /**
         * Output rows [y0, y1) of one image, every channel; the image starts at {@code tImage} in
         * t. Weight panels go in groups of at most groupBytes, small enough to stay in L2 while
         * every tile of the rows passes under them; the reduction itself is not split, since
         * every extra chunk would cost a pass over y. A tile is NR positions of one tiled row, or
         * (flat) NR positions of t's grid (rows wq wide) from y0·wq on, of which (y, x) is stored
         * when x < OW and y < y1.
         */
        void rows(float[] t, int tImage, int image, int y0, int y1) {
            int reduction = offsets.length;
            int group = Math.max(1, groupBytes / (reduction * MR * Float.BYTES));
            int columns = layout.tiledColumns();
            // where each vector's lanes go, set anew for every tile (allocated here, not per tile)
            VectorStore v0 = new VectorStore();
            VectorStore v1 = new VectorStore();
            for (int kp0 = 0; kp0 < kPanels; kp0 += group) {
                int kp1 = Math.min(kPanels, kp0 + group);
                if (layout instanceof DirectLayout.Flat flat) {
                    int grid = flat.wq();
                    for (int f0 = y0 * grid; f0 < y1 * grid; f0 += NR) {
                        v0.flat(f0, grid, columns, y1);
                        v1.flat(f0 + L, grid, columns, y1);
                        panels(t, tImage + f0, image, v0, v1, kp0, kp1);
                    }
                    continue;
                }
                int rowInT = s.strideH() * layout.rowSize();
                for (int row = y0; row < y1; row++) {
                    for (int x0 = 0; x0 < columns; x0 += NR) {
                        int pixel = row * columns + x0;
                        v0.row(pixel, Math.min(L, columns - x0));
                        v1.row(pixel + L, Math.max(0, Math.min(L, columns - x0 - L)));
                        panels(t, tImage + row * rowInT + x0, image, v0, v1, kp0, kp1);
                    }
                }
            }
        }

        /** One tile position (t at {@code base}, stored by {@code v0} and {@code v1}) through weight panels [kp0, kp1). */
        private void panels(float[] t, int base, int image, VectorStore v0, VectorStore v1, int kp0, int kp1) {
            int reduction = offsets.length;
            int pixels = s.oh() * s.ow();
            for (int kp = kp0; kp < kp1; kp++) {
                int k0 = kp * MR;
                int rows = Math.min(MR, s.k() - k0);
                if (rows <= MR / 2) {
                    halfTile(t, base, offsets, reduction, packed, kp * reduction * MR, y, (image * s.k() + k0) * pixels,
                        v0, v1, pixels, rows, bias, k0);
                } else {
                    tile(t, base, offsets, reduction, packed, kp * reduction * MR, y, (image * s.k() + k0) * pixels,
                        v0, v1, pixels, rows, bias, k0);
                }
            }
        }
    }

    /**
     * Where the lanes of one of a tile's two vectors go in an output plane: lanes [0, count) at
     * {@code pixel + lane} (the rest of an output row), and, for flat tiles whose vector reaches
     * into the next output row, lanes [nextLo, nextHi) at {@code nextBase + lane}. Set for each
     * tile by {@link #row} or {@link #flat}: a worker reuses two of them for all its tiles, since
     * the tile does not inline and would otherwise take two new objects each.
     */
    static final class VectorStore {
        int pixel;
        int count;
        int nextBase;
        int nextLo;
        int nextHi;

        /** A vector of a row tile: lanes [0, n) at {@code pixel}, nothing in the next row. */
        void row(int pixel, int n) {
            this.pixel = n > 0 ? pixel : 0;
            count = n;
            nextBase = 0;
            nextLo = 0;
            nextHi = 0;
        }

        /**
         * The L positions of a flat tile's grid (rows {@code grid} wide) from {@code f}: lanes
         * [0, n) of row f / grid from column f % grid, and lanes [lo, hi) at the start of the next
         * row; rows from y1 on are not stored.
         */
        void flat(int f, int grid, int ow, int y1) {
            int row = f / grid;
            int x = f - row * grid;
            int n = row < y1 ? Math.max(0, Math.min(L, ow - x)) : 0;
            int lo = grid - x;
            int hi = row + 1 < y1 && lo < L ? Math.min(L, lo + ow) : lo;
            pixel = n > 0 ? row * ow + x : 0;
            count = n;
            nextBase = hi > lo ? (row + 1) * ow - lo : 0;
            nextLo = Math.min(lo, L);
            nextHi = Math.max(nextLo, Math.min(hi, L));
        }

        /** Whether some lanes go to the next output row. */
        boolean reachesNextRow() {
            return nextHi > nextLo;
        }
    }

    /**
     * w [K][R] as panels of MR channels, [panel][R][MR], into the calling thread's reused buffer
     * (on several threads for large weights: resnet3x3_256's are 2.3 MiB).
     */
    private static float[] packWeights(LayerShape s, float[] w, int workers) {
        int reduction = s.reduction();
        int panels = (s.k() + MR - 1) / MR;
        float[] packed = DirectBuffer.PACKED_WEIGHTS.get(panels * reduction * MR);
        if ((long) s.k() * reduction < PARALLEL_PACK || workers < 2) {
            packPanels(s, w, packed, 0, panels);
        } else {
            Parallel.forEachRange(workers, panels, Parallel.units(panels, workers),
                (p0, p1) -> packPanels(s, w, packed, p0, p1));
        }
        return packed;
    }

    /**
     * Panels [p0, p1) of w into packed, in blocks of taps. Lanes past K keep whatever the reused
     * buffer held: they only feed accumulator rows that are never stored.
     */
    private static void packPanels(LayerShape s, float[] w, float[] packed, int p0, int p1) {
        int reduction = s.reduction();
        for (int panel = p0; panel < p1; panel++) {
            for (int r0 = 0; r0 < reduction; r0 += PACK_TAPS) {
                int r1 = Math.min(reduction, r0 + PACK_TAPS);
                for (int lane = 0; lane < MR && panel * MR + lane < s.k(); lane++) {
                    int to = panel * reduction * MR + lane;
                    int from = (panel * MR + lane) * reduction;
                    for (int r = r0; r < r1; r++) {
                        packed[to + r * MR] = w[from + r];
                    }
                }
            }
        }
    }

    /** The bias (or zeros where there is none) padded with zeros to {@code length}. */
    private static float[] padded(float[] bias, int k, int length) {
        float[] padded = new float[length];
        if (bias != null) {
            System.arraycopy(bias, 0, padded, 0, k);
        }
        return padded;
    }

    /**
     * One MR×(2 vectors) tile over the whole reduction, straight into y. The two vectors read t
     * at base + offset(tap), side by side; their lanes go to y as {@code v0} and {@code v1} say,
     * in the plane of the tile's first channel at {@code yBase} (later channels {@code ldy}
     * apart, only the first {@code rows} exist). The accumulators start from the bias. The rest
     * of y is untouched.
     *
     * <p>Everything happens in this one method on purpose: vectors handed to a helper that the JIT
     * does not inline are boxed, which costs more than the whole reduction of a small layer. The
     * loop is kept lean on purpose too: with the second vector at a variable distance,
     * accumulators that could also start from y, or the store masks made before the loop, the JIT
     * keeps fewer values in registers and the loop runs markedly slower; the masks are made inline
     * for the same reason ({@code .bench/direct-conv-history.md} has the figures).
     */
    private static void tile(float[] t, int base, int[] offsets, int reduction, float[] packed, int panel,
                             float[] y, int yBase, VectorStore v0, VectorStore v1, int ldy, int rows, float[] bias,
                             int k0) {
        FloatVector c00 = FloatVector.broadcast(S, bias[k0]);
        FloatVector c01 = c00;
        FloatVector c10 = FloatVector.broadcast(S, bias[k0 + 1]);
        FloatVector c11 = c10;
        FloatVector c20 = FloatVector.broadcast(S, bias[k0 + 2]);
        FloatVector c21 = c20;
        FloatVector c30 = FloatVector.broadcast(S, bias[k0 + 3]);
        FloatVector c31 = c30;
        FloatVector c40 = FloatVector.broadcast(S, bias[k0 + 4]);
        FloatVector c41 = c40;
        FloatVector c50 = FloatVector.broadcast(S, bias[k0 + 5]);
        FloatVector c51 = c50;
        FloatVector c60 = FloatVector.broadcast(S, bias[k0 + 6]);
        FloatVector c61 = c60;
        FloatVector c70 = FloatVector.broadcast(S, bias[k0 + 7]);
        FloatVector c71 = c70;
        for (int p = 0; p < reduction; p++) {
            int o = base + offsets[p];
            FloatVector b0 = FloatVector.fromArray(S, t, o);
            FloatVector b1 = FloatVector.fromArray(S, t, o + L);
            int a = panel + p * MR;
            FloatVector w = FloatVector.broadcast(S, packed[a]);
            c00 = b0.fma(w, c00); c01 = b1.fma(w, c01);
            w = FloatVector.broadcast(S, packed[a + 1]);
            c10 = b0.fma(w, c10); c11 = b1.fma(w, c11);
            w = FloatVector.broadcast(S, packed[a + 2]);
            c20 = b0.fma(w, c20); c21 = b1.fma(w, c21);
            w = FloatVector.broadcast(S, packed[a + 3]);
            c30 = b0.fma(w, c30); c31 = b1.fma(w, c31);
            w = FloatVector.broadcast(S, packed[a + 4]);
            c40 = b0.fma(w, c40); c41 = b1.fma(w, c41);
            w = FloatVector.broadcast(S, packed[a + 5]);
            c50 = b0.fma(w, c50); c51 = b1.fma(w, c51);
            w = FloatVector.broadcast(S, packed[a + 6]);
            c60 = b0.fma(w, c60); c61 = b1.fma(w, c61);
            w = FloatVector.broadcast(S, packed[a + 7]);
            c70 = b0.fma(w, c70); c71 = b1.fma(w, c71);
        }
        // each vector's lanes in this output row, then (flat tiles) those that start the next
        for (int piece = 0; piece < 2; piece++) {
            if (piece == 1 && !v0.reachesNextRow() && !v1.reachesNextRow()) {
                break;
            }
            // lanes [lo, hi) of each vector
            int lo0 = piece == 0 ? 0 : v0.nextLo;
            int hi0 = piece == 0 ? v0.count : v0.nextHi;
            int lo1 = piece == 0 ? 0 : v1.nextLo;
            int hi1 = piece == 0 ? v1.count : v1.nextHi;
            VectorMask<Float> m0 = S.indexInRange(0, hi0).andNot(S.indexInRange(0, lo0));
            VectorMask<Float> m1 = S.indexInRange(0, hi1).andNot(S.indexInRange(0, lo1));
            int at0 = yBase + (piece == 0 ? v0.pixel : v0.nextBase);
            int at1 = yBase + (piece == 0 ? v1.pixel : v1.nextBase);
            c00.intoArray(y, at0, m0);
            c01.intoArray(y, at1, m1);
            if (rows > 1) {
                c10.intoArray(y, at0 + ldy, m0);
                c11.intoArray(y, at1 + ldy, m1);
            }
            if (rows > 2) {
                c20.intoArray(y, at0 + 2 * ldy, m0);
                c21.intoArray(y, at1 + 2 * ldy, m1);
            }
            if (rows > 3) {
                c30.intoArray(y, at0 + 3 * ldy, m0);
                c31.intoArray(y, at1 + 3 * ldy, m1);
            }
            if (rows > 4) {
                c40.intoArray(y, at0 + 4 * ldy, m0);
                c41.intoArray(y, at1 + 4 * ldy, m1);
            }
            if (rows > 5) {
                c50.intoArray(y, at0 + 5 * ldy, m0);
                c51.intoArray(y, at1 + 5 * ldy, m1);
            }
            if (rows > 6) {
                c60.intoArray(y, at0 + 6 * ldy, m0);
                c61.intoArray(y, at1 + 6 * ldy, m1);
            }
            if (rows > 7) {
                c70.intoArray(y, at0 + 7 * ldy, m0);
                c71.intoArray(y, at1 + 7 * ldy, m1);
            }
        }
    }

    /**
     * {@link #tile} for a last panel of at most MR / 2 channels (K = 20: channels 16-19 of
     * mnist_5x5), 8 accumulators: per tap the same two loads from t and half the broadcasts and
     * multiply-adds, where the full tile would spend half its work on the panel's zero weights.
     * The panel keeps its packed layout (MR weights a tap, the last MR / 2 of them zeros). A copy
     * of tile's loop and stores with half the accumulators, kept apart on purpose: merged into
     * tile as a second loop behind {@code rows > MR / 2} (both loops in one compiled method),
     * mnist_5x5's forward ran markedly slower (figures in .bench/direct-conv-history.md).
     */
    private static void halfTile(float[] t, int base, int[] offsets, int reduction, float[] packed, int panel,
                                 float[] y, int yBase, VectorStore v0, VectorStore v1, int ldy, int rows,
                                 float[] bias, int k0) {
        FloatVector c00 = FloatVector.broadcast(S, bias[k0]);
        FloatVector c01 = c00;
        FloatVector c10 = FloatVector.broadcast(S, bias[k0 + 1]);
        FloatVector c11 = c10;
        FloatVector c20 = FloatVector.broadcast(S, bias[k0 + 2]);
        FloatVector c21 = c20;
        FloatVector c30 = FloatVector.broadcast(S, bias[k0 + 3]);
        FloatVector c31 = c30;
        for (int p = 0; p < reduction; p++) {
            int o = base + offsets[p];
            FloatVector b0 = FloatVector.fromArray(S, t, o);
            FloatVector b1 = FloatVector.fromArray(S, t, o + L);
            int a = panel + p * MR;
            FloatVector w = FloatVector.broadcast(S, packed[a]);
            c00 = b0.fma(w, c00); c01 = b1.fma(w, c01);
            w = FloatVector.broadcast(S, packed[a + 1]);
            c10 = b0.fma(w, c10); c11 = b1.fma(w, c11);
            w = FloatVector.broadcast(S, packed[a + 2]);
            c20 = b0.fma(w, c20); c21 = b1.fma(w, c21);
            w = FloatVector.broadcast(S, packed[a + 3]);
            c30 = b0.fma(w, c30); c31 = b1.fma(w, c31);
        }
        // each vector's lanes in this output row, then (flat tiles) those that start the next
        for (int piece = 0; piece < 2; piece++) {
            if (piece == 1 && !v0.reachesNextRow() && !v1.reachesNextRow()) {
                break;
            }
            // lanes [lo, hi) of each vector
            int lo0 = piece == 0 ? 0 : v0.nextLo;
            int hi0 = piece == 0 ? v0.count : v0.nextHi;
            int lo1 = piece == 0 ? 0 : v1.nextLo;
            int hi1 = piece == 0 ? v1.count : v1.nextHi;
            VectorMask<Float> m0 = S.indexInRange(0, hi0).andNot(S.indexInRange(0, lo0));
            VectorMask<Float> m1 = S.indexInRange(0, hi1).andNot(S.indexInRange(0, lo1));
            int at0 = yBase + (piece == 0 ? v0.pixel : v0.nextBase);
            int at1 = yBase + (piece == 0 ? v1.pixel : v1.nextBase);
            c00.intoArray(y, at0, m0);
            c01.intoArray(y, at1, m1);
            if (rows > 1) {
                c10.intoArray(y, at0 + ldy, m0);
                c11.intoArray(y, at1 + ldy, m1);
            }
            if (rows > 2) {
                c20.intoArray(y, at0 + 2 * ldy, m0);
                c21.intoArray(y, at1 + 2 * ldy, m1);
            }
            if (rows > 3) {
                c30.intoArray(y, at0 + 3 * ldy, m0);
                c31.intoArray(y, at1 + 3 * ldy, m1);
            }
        }
    }
}

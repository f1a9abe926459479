package convkit.fast;

import java.util.concurrent.atomic.AtomicInteger;

import convkit.reference.Padding;
import convkit.reference.PaddingMode;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 forward convolution without a column matrix, on the Vector API: the
 * {@link DirectConv} of the fast path. Like {@link VectorKernels}, only this class names
 * {@code jdk.incubator.vector}; {@link DirectConv#available} loads it reflectively.
 *
 * <p>The idea. im2col copies every input value KH·KW times into a column matrix and a GEMM then
 * reads that matrix back; here the GEMM's micro-kernel reads the input directly. For one output
 * row y and {@code NR} neighbouring output columns x0 … x0+NR−1, the column-matrix row of tap
 * (c, i, j) is {@code NR} input values that are evenly spaced by the stride. Once the input is
 * rewritten as {@code t} — padded, and with each row split into its stride phases (for stride 2,
 * the even columns, then the odd ones) — those values are contiguous, so each is one vector
 * load from {@code t} at {@code base(y, x0) + offset(c, i, j)}.
 *
 * <pre>
 *   t[c][row][phase][q] = padded input (c, row, q·strideW + phase)
 *   offset(c, i, j)     = c·plane + i·dilationH·rowSize + ((j·dilationW) mod strideW)·wq + (j·dilationW) div strideW
 *   base(y, x0)         = y·strideH·rowSize + x0
 * </pre>
 *
 * <p>The tile: {@code MR} = 8 output channels × {@code NR} = 2 vectors of output columns, 16
 * accumulators; one step of the reduction is two vector loads from {@code t}, eight broadcast
 * weights (packed once per call as [panel][reduction][8]) and sixteen fused multiply-adds. The
 * accumulators start from the bias and run the whole reduction before they are stored.
 *
 * <p>The other tile ({@link #forwardByChannels}): {@code CK} = 2 vectors of output channels ×
 * {@code CB} = 12 output positions, the weights loaded as vectors from a small sliver packed
 * [tap][CK] per chunk of the reduction, the positions' input values broadcast from a column
 * panel gathered out of t; blocked like a GEMM, so each weight is read from w once per block
 * of tiles. Any 12 outputs make a tile, so no lane is spent between rows; the sums reach y one
 * at a time. It is taken for long reductions (see {@link #byChannels}), where that store is
 * cheap next to the loop: resnet3x3_256 (whose 14-wide rows waste 12.5% of a position tile)
 * and resnet3x3_512 (rows of 7, which position tiles cannot serve at all).
 *
 * <p>Edges. Columns past OW are computed and masked off at the store, so layers whose OW is far
 * from a multiple of NR waste work: {@link #suits} declines them. Tiles may instead run flat
 * across rows (see Plan.flat): resnet3x3_64 and alexnet_conv1 then waste 4% of their lanes
 * instead of 14-16% (narrow maps with long reductions take the other tile instead). Short
 * reductions at stride 1 take a third layout, t as KW copies of the input each shifted one
 * column further (see Plan.shifted), in which an image's outputs are one long row: mnist_5x5
 * then wastes no lane instead of a quarter. A 1×1,
 * stride-1, unpadded layer whose H·W is a multiple of NR is read in place: x itself is t, each
 * image one long output row of H·W columns.
 *
 * <p>Cold start: until the JIT has compiled {@code tile} (a few thousand calls), the Vector API
 * runs boxed, about a thousand times slower — the first forward of a large layer takes about a
 * second. The benchmark warms up for that; a one-off call on a large layer pays it. Run the JVM
 * with {@code -XX:Tier3DelayOn=100000} (the launcher, the tests and the JMH forks do): C1 cannot
 * compile {@code tile} with a profile ("out of virtual registers"), and when C2's queue is long
 * early in a run, tiered compilation may otherwise leave it in C1's profile-less code for good,
 * 30-70× slower (seen in two of three JMH forks of a resnet1x1_256 backward).
 *
 * <p>Threads: with at least one image per worker, position tiles take images from a shared
 * counter, each into the worker's own {@code t}, and channel tiles give each worker an equal
 * share of the images. With fewer images than workers, position tiles take one image at a
 * time, its rewrite split by channels and its output rows shared out; channel tiles rewrite
 * the whole batch on all threads and share out the channel groups (or the tiles).
 */
final class VectorDirectConv implements DirectConv {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Output columns per tile: two vectors. */
    static final int NR = 2 * L;
    /** Output channels per tile. */
    static final int MR = 8;
    /**
     * Shortest reduction tiled flat: a flat tile stores each vector in two pieces, which a short
     * reduction does not pay for (mnist_5x5, 25 taps, ran 20-30% slower flat).
     */
    static final int FLAT_MIN_REDUCTION = 128;
    /** Largest accepted ratio of computed to needed output lanes ({@link #rowWaste}, {@link #flatWaste}). */
    static final double MAX_WASTE = 1.34;

    /** Weights (K·R elements) from which packing is split over the threads. */
    static final long PARALLEL_PACK = 1L << 16;
    /** Taps per block of {@link #packPanels}. */
    private static final int PACK_TAPS = 64;

    /** Per thread: the rewritten input t, and the packed weights of the calls it makes. */
    private static final ThreadLocal<float[]> BUFFERS = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<float[]> PACKED = ThreadLocal.withInitial(() -> new float[0]);

    @Override
    public int vectorBits() {
        return S.vectorBitSize();
    }

    /** Its tile choice ({@link Tuning#tiles}: positions tiles of MR × NR, channel tiles of CK × CB) and block sizes. */
    private final Tuning tuning;

    /** The direct conv tuned by {@code tuning} (made by {@link DirectConv#available}, which loads this class reflectively). */
    VectorDirectConv(Tuning tuning) {
        this.tuning = tuning;
    }

    @Override
    public String describe() {
        return "direct conv (Vector API, " + S.vectorBitSize() + "-bit)";
    }

    @Override
    public String describeForward(LayerShape s) {
        return byChannels(s) ? describe(CK + " channels × " + CB + " positions")
            : describe(MR + " channels × " + NR + " positions");
    }

    @Override
    public String describeWeights() {
        return describe(CK + " channels × " + CB + " taps");
    }

    private String describe(String tile) {
        return "direct conv (Vector API, " + S.vectorBitSize() + "-bit, " + tile + " tile)";
    }

    @Override
    public boolean suits(LayerShape s) {
        return byChannels(s) || pointwiseInPlace(s) || Math.min(rowWaste(s.ow()), flatWaste(s)) <= MAX_WASTE;
    }

    /**
     * Stride 1, whatever the width of the output rows: the tiles run over a dense panel of the
     * outputs' positions, and only its gather pays for a short row. resnet3x3_512 (rows of 7)
     * ran its forward + backward in 27.8-27.9 ms with the direct weight gradient, 36.4-37.2
     * with the GEMM's (same JVM).
     */
    @Override
    public boolean suitsWeights(LayerShape s) {
        return s.strideH() == 1 && s.strideW() == 1;
    }

    /**
     * Whether the forward takes {@link #forwardByChannels}: where the choice is AUTO, for K in
     * whole vector pairs and a reduction of at least {@link #BY_CHANNELS_MIN_REDUCTION}.
     */
    boolean byChannels(LayerShape s) {
        return switch (tuning.tiles()) {
            case CHANNELS -> true;
            case POSITIONS -> false;
            case AUTO -> s.k() % CK == 0 && s.reduction() >= BY_CHANNELS_MIN_REDUCTION;
        };
    }

    /**
     * Shortest reduction for {@link #forwardByChannels} where the position tiles also suit:
     * with 576 taps (resnet3x3_64, vgg_conv1_2) or fewer the channel tiles ran 20% slower, their
     * sums going to y one by one and each tap's column panel gathered first; resnet3x3_256
     * (2304) ran 10% faster.
     */
    static final int BY_CHANNELS_MIN_REDUCTION = 1024;

    /** Lanes computed per output column of a row OW wide (1 = no waste), tiled row by row. */
    static double rowWaste(int ow) {
        return (double) ((ow + NR - 1) / NR * NR) / ow;
    }

    /**
     * Lanes computed per output column when tiles run flat over the rows of t (see {@link Plan#flat}):
     * the width of a row of t's grid over OW; infinite where flat tiling does not apply (a
     * reduction shorter than {@link #FLAT_MIN_REDUCTION}, rows under a vector).
     */
    static double flatWaste(LayerShape s) {
        if (s.reduction() < FLAT_MIN_REDUCTION) {
            return Double.POSITIVE_INFINITY;
        }
        int width = s.ow() + (s.kw() - 1) * s.dilationW() / s.strideW();
        return width < L ? Double.POSITIVE_INFINITY : (double) width / s.ow();
    }

    /**
     * Lanes computed per output when tiles run over an image's outputs in order, rows one after
     * the other (see {@link Plan#shifted}): only the last tile of an image is partly unused.
     * Infinite where that layout does not apply: a stride other than 1, or a reduction of
     * {@link #FLAT_MIN_REDUCTION} taps or more (those tile flat, in a layout KW times smaller).
     */
    static double shiftedWaste(LayerShape s) {
        if (s.strideH() != 1 || s.strideW() != 1 || s.reduction() >= FLAT_MIN_REDUCTION) {
            return Double.POSITIVE_INFINITY;
        }
        int outputs = s.oh() * s.ow();
        return (double) roundUp(outputs, NR) / outputs;
    }

    /** Whether x can serve as t: a 1×1, stride-1, unpadded layer whose H·W fills whole tiles. */
    static boolean pointwiseInPlace(LayerShape s) {
        return s.pointwise() && (s.h() * s.w()) % NR == 0;
    }

    /** The per-layer plan: layout of t, the offset of every reduction tap, the tiling. */
    private static final class Plan {
        final LayerShape s;
        /** The output as tiled: OH×OW, or 1×(H·W) when x is read in place. */
        final int oh;
        final int ow;
        /** x is t (see {@link #pointwiseInPlace}). */
        final boolean inPlace;
        /**
         * Whether t holds KW copies of each input channel, copy j shifted left by j·dilationW
         * columns and cut to OW columns: t[c][j][row][x] = padded input (c, row, x + j·dilationW).
         * Output (y, x) of tap (c, i, j) then reads t at (c·KW + j)·plane + i·dilationH·OW + y·OW + x,
         * so the outputs of an image are one long row, y·OW + x: tiles run over it in order with no
         * lane between rows, and only an image's last tile is partly unused. For stride 1 and
         * short reductions (where t, KW times the input, is small and flat tiles do not pay):
         * mnist_5x5's 24-wide rows waste a quarter of a 32-lane row tile, its 576 outputs per image
         * are 18 whole tiles.
         */
        final boolean shifted;
        /**
         * Whether tiles run flat over t (when that wastes no more lanes than row tiles). t is then laid out [c][row phase][column phase][row / strideH][column / strideW],
         * the rows of the input split into their stride phases like the columns, so that output
         * (y, x) of every tap sits at y·wq + x: a vector of 16 neighbouring positions may end one
         * output row and start the next, and the lanes on the few columns between rows are computed
         * and not stored. resnet3x3_64 (OW 56, rows of 58) then wastes 4% of its lanes instead of
         * 14%, alexnet_conv1 (OW 55, rows of 57) 4% instead of 16%. For stride 1 the layout is the
         * row layout.
         */
        final boolean flat;
        /** Rows of t per channel and phase block as the rewrite fills them (flat: rows of the grid per row phase). */
        final int rowsInT;
        /** Flat layout: one (row phase, column phase) block of t, hq·wq. */
        final int block;
        final int hp;
        final int wq;
        final int rowSize;
        final int plane;
        /**
         * Where channel c starts in t: c·channelStride. The forward's t holds one image
         * (channelStride = plane); the weight gradient's holds a unit of images channel by channel,
         * image m of channel c at c·channelStride + m·plane (channelStride = images·plane).
         */
        final int channelStride;
        final int size;
        final int reduction;
        final int[] offsets;
        final int[] rowSource;
        final int[] colSource;
        /** Per stride phase: the q range [firstInside, endInside) that reads inside the input row (zero padding). */
        final int[] firstInside;
        final int[] endInside;
        final int kPanels;

        Plan(LayerShape s, boolean inPlace) {
            this(s, inPlace, false, 0);
        }

        /**
         * images > 0: the weight gradient's layout of t for a unit of that many images (not in
         * place), with a plane of zero slack after the last channel.
         */
        Plan(LayerShape s, boolean inPlace, int images) {
            this(s, inPlace, false, images);
        }

        /**
         * The position tiles' plan. When whole images go to the workers, x is read in place where
         * it can be, and t is {@link #shifted} where that wastes fewer lanes than rows (or flat).
         */
        static Plan forPositions(LayerShape s, boolean wholeImages) {
            boolean inPlace = wholeImages && pointwiseInPlace(s);
            boolean shifted = wholeImages && !inPlace
                && shiftedWaste(s) < Math.min(rowWaste(s.ow()), flatWaste(s));
            return new Plan(s, inPlace, shifted, 0);
        }

        private Plan(LayerShape s, boolean inPlace, boolean shifted, int images) {
            this.s = s;
            this.inPlace = inPlace;
            this.shifted = shifted;
            oh = inPlace || shifted ? 1 : s.oh();
            ow = inPlace ? s.h() * s.w() : shifted ? s.oh() * s.ow() : s.ow();
            int sw = s.strideW();
            flat = !inPlace && !shifted && flatWaste(s) <= rowWaste(ow);
            kPanels = (s.k() + MR - 1) / MR;
            reduction = s.reduction();
            offsets = new int[reduction];
            if (inPlace) {
                hp = 1;
                rowsInT = 1;
                block = 0;
                wq = ow;
                rowSize = ow;
                plane = ow;
                channelStride = plane;
                size = 0;
                for (int c = 0; c < s.c(); c++) {
                    offsets[c] = c * plane;
                }
                rowSource = new int[0];
                colSource = new int[0];
                firstInside = new int[0];
                endInside = new int[0];
                return;
            }
            if (shifted) {
                // KW "phases" per channel, each a copy OW wide; rows as many as the taps read
                block = 0;
                wq = s.ow();
                rowSize = wq;
                hp = s.oh() + (s.kh() - 1) * s.dilationH();
                rowsInT = hp;
                plane = hp * wq;
                channelStride = s.kw() * plane;
                // the last tile of an image reads up to NR lanes past its last output
                size = s.c() * channelStride + NR;
                int r = 0;
                for (int c = 0; c < s.c(); c++) {
                    for (int i = 0; i < s.kh(); i++) {
                        for (int j = 0; j < s.kw(); j++) {
                            offsets[r++] = c * channelStride + j * plane + i * s.dilationH() * wq;
                        }
                    }
                }
                rowSource = rowSources(s, hp);
                colSource = new int[s.kw() * wq];
                firstInside = new int[s.kw()];
                endInside = new int[s.kw()];
                for (int j = 0; j < s.kw(); j++) {
                    insideRange(j, j * s.dilationW(), 1);
                }
                return;
            }
            int sh = s.strideH();
            // rows of t: every row a tile reads; flat tiles up to NR positions past the last output row
            int tiledRows = flat ? (oh + 1) / 2 * 2 : oh;
            hp = (tiledRows - 1) * sh + (s.kh() - 1) * s.dilationH() + 1;
            // every q a tile can read: the last lane of the last tile + (j·dilationW) div strideW;
            // tiles that visit only the outputs (channel tiles, the weight gradient) need no more
            // than OW lanes (resnet3x3_512: rows of 9 in t, not 34)
            int lanes = flat || images > 0 ? ow : (ow + NR - 1) / NR * NR;
            wq = lanes + ((s.kw() - 1) * s.dilationW()) / sw;
            rowSize = sw * wq;
            if (flat) {
                int hq = tiledRows + ((s.kh() - 1) * s.dilationH()) / sh;
                block = hq * wq;
                plane = sh * sw * block;
                rowsInT = hq * sh;
            } else {
                block = 0;
                plane = hp * rowSize;
                rowsInT = hp;
            }
            // flat tiles of the last channel may read up to NR + wq past its plane
            channelStride = images > 0 ? oddLines(images * plane) : plane;
            size = s.c() * channelStride + (images > 0 ? plane + NR : flat ? NR + wq : 0);
            int r = 0;
            for (int c = 0; c < s.c(); c++) {
                for (int i = 0; i < s.kh(); i++) {
                    for (int j = 0; j < s.kw(); j++) {
                        int down = i * s.dilationH();
                        int tap = j * s.dilationW();
                        offsets[r++] = flat
                            ? c * channelStride + (down % sh) * sw * block + (tap % sw) * block + down / sh * wq + tap / sw
                            : c * channelStride + down * rowSize + (tap % sw) * wq + tap / sw;
                    }
                }
            }
            rowSource = rowSources(s, rowsInT);
            colSource = new int[rowSize];
            firstInside = new int[sw];
            endInside = new int[sw];
            for (int phase = 0; phase < sw; phase++) {
                insideRange(phase, phase, sw);
            }
        }

        /** The input row of each of t's first {@code rows} rows (padded coordinates), or −1 for a zero row. */
        private static int[] rowSources(LayerShape s, int rows) {
            int[] sources = new int[rows];
            for (int row = 0; row < rows; row++) {
                sources[row] = source(row - s.padH(), s.h(), s.padding());
            }
            return sources;
        }

        /**
         * Fills colSource for copy m of a row of t (a stride phase, or a shifted copy): q reads
         * padded column q·step + shift; and the q range whose columns lie inside the input.
         */
        private void insideRange(int m, int shift, int step) {
            int first = wq;
            int end = 0;
            for (int q = 0; q < wq; q++) {
                int at = q * step + shift - s.padW();
                colSource[m * wq + q] = source(at, s.w(), s.padding());
                if (at >= 0 && at < s.w()) {
                    first = Math.min(first, q);
                    end = q + 1;
                }
            }
            firstInside[m] = Math.min(first, end);
            endInside[m] = end;
        }

        /**
         * The length rounded up to an odd number of 64-byte lines. Channels a power of two
         * apart (resnet3x3_256: 8 images of 16×16, 8 KiB) fall on the same few cache sets, and
         * a tile reading a few rows of every channel then evicts its own lines from L1 and L2.
         */
        static int oddLines(int length) {
            int lines = (length + 15) / 16;
            return (lines % 2 == 0 ? lines + 1 : lines) * 16;
        }

        /**
         * The input index at padded coordinate {@code at}, or −1 for a zero: the reference's
         * {@link Padding#source}, and −1 (not an error) past one reflection, where a tile's spare
         * columns fall.
         */
        private static int source(int at, int size, PaddingMode mode) {
            boolean withinOneReflection = at > -size && at < 2 * size - 1;
            return withinOneReflection ? Padding.source(at, size, mode) : -1;
        }

        /** Where output pixel (y, x) = (pixel div OW, pixel mod OW) of an image reads t: its tap offsets count from here. */
        int position(int pixel) {
            if (inPlace || shifted) {
                return pixel;
            }
            int oy = pixel / s.ow();
            int ox = pixel - oy * s.ow();
            return flat ? oy * wq + ox : oy * s.strideH() * rowSize + ox;
        }

        /** Where input row {@code row} (padded coordinates) of channel c starts in t, and how far apart its phases are. */
        private int rowStart(int c, int row) {
            return flat ? c * channelStride + (row % s.strideH()) * s.strideW() * block + row / s.strideH() * wq
                : c * channelStride + row * rowSize;
        }

        /**
         * Output pixels [p0, p1) of dy[image], transposed and cut into channel groups: channel k of
         * pixel p at d[((k / CK)·positions + at + p)·CK + k mod CK], so that a group's CK channels of
         * consecutive pixels are one contiguous run (lanes k >= K are left as they are: they only
         * feed sums that are never stored). Blocks of L pixels, so that the rows of d being
         * written stay in L1 while every channel passes.
         */
        void grid(float[] dy, int image, float[] d, int at, int positions, int p0, int p1) {
            int pixels = s.oh() * s.ow();
            for (int b0 = p0; b0 < p1; b0 += L) {
                int b1 = Math.min(p1, b0 + L);
                for (int k = 0; k < s.k(); k++) {
                    int from = (image * s.k() + k) * pixels;
                    for (int p = b0, to = ((k / CK) * positions + at + b0) * CK + k % CK; p < b1; p++, to += CK) {
                        d[to] = dy[from + p];
                    }
                }
            }
        }

        /**
         * {@link #rewrite} where a row of t is one vector (zero padding, stride 1: channel tiles
         * on resnet3x3_256's 14×14 maps, rows of 16 in t): one load of x's row masked to the
         * inside lanes (the others read as zeros), one store. Same-JVM A/B, resnet3x3_256
         * forward: 7.15 -> 6.96 ms. (Rows shorter than a vector, stored masked, ran slower
         * than the loops below: resnet3x3_512, 7.84 -> 8.04.)
         */
        private void rewriteVectorRows(float[] x, int image, int c0, int c1, float[] t, int at) {
            int hw = s.h() * s.w();
            int lo = firstInside[0];
            VectorMask<Float> inside = S.indexInRange(-lo, endInside[0] - lo);
            FloatVector zero = FloatVector.zero(S);
            for (int c = c0; c < c1; c++) {
                int xPlane = (image * s.c() + c) * hw - s.padW();
                for (int r = 0; r < rowsInT; r++) {
                    int ih = rowSource[r];
                    (ih < 0 ? zero : FloatVector.fromArray(S, x, xPlane + ih * s.w(), inside)).intoArray(t,
                        at + rowStart(c, r));
                }
            }
        }

        /**
         * {@link #rewrite} of a {@link #shifted} t with zero padding, a vector at a time, copy by
         * copy and row by row in the order of t, so that a vector that runs past the end of a
         * row of t only writes lanes that the next row (or the next copy, or t's slack) then
         * overwrites. Where a copy's row lies wholly inside the input row, plain vector loads;
         * else loads masked to the lanes inside it (the others read as zeros). mnist_5x5 writes
         * 140 rows of 24 per image: one element at a time (the loops of {@link #rewrite}) took
         * 137 us a call on one thread, System.arraycopy per row 105, these vectors 50, next to
         * 300 for its tiles.
         */
        private void rewriteShifted(float[] x, int image, int c0, int c1, float[] t, int at) {
            int hw = s.h() * s.w();
            int whole = roundUp(wq, L);
            for (int c = c0; c < c1; c++) {
                int xPlane = (image * s.c() + c) * hw;
                for (int j = 0; j < s.kw(); j++) {
                    int lo = firstInside[j];
                    int hi = endInside[j];
                    int to = at + c * channelStride + j * plane;
                    for (int row = 0; row < rowsInT; row++, to += wq) {
                        int ih = rowSource[row];
                        if (ih < 0) {
                            java.util.Arrays.fill(t, to, to + wq, 0f);
                            continue;
                        }
                        // the x index of q = 0 in this copy of the row; q in [lo, hi) lies inside the input
                        int from = xPlane + ih * s.w() + j * s.dilationW() - s.padW();
                        if (lo == 0 && hi == wq && from + whole <= x.length) {
                            for (int q = 0; q < wq; q += L) {
                                FloatVector.fromArray(S, x, from + q).intoArray(t, to + q);
                            }
                        } else {
                            for (int q = 0; q < wq; q += L) {
                                FloatVector.fromArray(S, x, from + q, S.indexInRange(q - lo, hi - lo))
                                    .intoArray(t, to + q);
                            }
                        }
                    }
                }
            }
        }

        /**
         * Copies every sw-th value of x from {@code from} on to t[to + q], q = lo, lo+1, ...,
         * for sw = 2 or 4, L values a step (the last step masked), as long as whole vectors of
         * x can be read; returns the first q not copied. Stride 2: two vectors of x, the even lanes of the pair picked
         * by one two-vector permute; stride 4: two such permutes each yield half a vector, a
         * third joins the halves. The stride phases of resnet_conv1 (stride 2) and
         * alexnet_conv1 (stride 4) took 0.73 and 0.9-1.1 ms a call on one thread one value at
         * a time.
         */
        private static int copyPhase(float[] x, int from, int sw, float[] t, int to, int lo, int hi) {
            int q = lo;
            for (int f = from; q < hi && f + sw * L <= x.length; q += L, f += sw * L) {
                FloatVector a = FloatVector.fromArray(S, x, f);
                FloatVector b = FloatVector.fromArray(S, x, f + L);
                FloatVector v;
                if (sw == 2) {
                    v = EVENS.selectFrom(a, b);
                } else {
                    FloatVector c = FloatVector.fromArray(S, x, f + 2 * L);
                    FloatVector d = FloatVector.fromArray(S, x, f + 3 * L);
                    v = HALVES.selectFrom(FOURTHS.selectFrom(a, b), FOURTHS.selectFrom(c, d));
                }
                if (q + L <= hi) {
                    v.intoArray(t, to + q);
                } else {
                    v.intoArray(t, to + q, S.indexInRange(q, hi));
                }
            }
            return Math.min(q, hi);
        }

        /**
         * Rows of t up to this long are rewritten by plain loops: Arrays.fill and arraycopy cost a
         * call each, and resnet3x3_512's rows are 9 long (same JVM, its forward 6.53 / 6.27 ms
         * with the calls, 6.42 / 6.07 with the loops).
         */
        static final int SHORT_ROW = 32;

        /** Rewrites channels [c0, c1) of x[image] into t. */
        void rewrite(float[] x, int image, int c0, int c1, float[] t) {
            rewrite(x, image, c0, c1, t, 0);
        }

        /** Rewrites channels [c0, c1) of x[image] into t from {@code at} on. */
        void rewrite(float[] x, int image, int c0, int c1, float[] t, int at) {
            int hw = s.h() * s.w();
            // copies of each row: its stride phases, or (shifted) KW copies each one column further on
            int copies = shifted ? s.kw() : s.strideW();
            int sw = shifted ? 1 : s.strideW();
            int phaseStride = flat ? block : shifted ? plane : wq;
            boolean zeros = s.padding() == PaddingMode.ZEROS;
            if (zeros && shifted) {
                rewriteShifted(x, image, c0, c1, t, at);
                return;
            }
            if (zeros && sw == 1 && wq == L) {
                rewriteVectorRows(x, image, c0, c1, t, at);
                return;
            }
            for (int c = c0; c < c1; c++) {
                int xPlane = (image * s.c() + c) * hw;
                for (int row = 0; row < rowsInT; row++) {
                    int dst = at + rowStart(c, row);
                    int ih = rowSource[row];
                    int src = xPlane + ih * s.w();
                    for (int phase = 0; phase < copies; phase++) {
                        int to = dst + phase * phaseStride;
                        if (ih < 0) {
                            java.util.Arrays.fill(t, to, to + wq, 0f);
                        } else if (zeros) {
                            // zeros | every strideW-th input value from this phase on | zeros
                            int lo = firstInside[phase];
                            int hi = endInside[phase];
                            int from = src + lo * sw + (shifted ? phase * s.dilationW() : phase) - s.padW();
                            if (wq <= SHORT_ROW) {
                                // short rows (resnet3x3_512: 9 of t, 7 of x): one loop, no calls
                                for (int q = 0; q < lo; q++) {
                                    t[to + q] = 0f;
                                }
                                for (int q = lo; q < hi; q++, from += sw) {
                                    t[to + q] = x[from];
                                }
                                for (int q = hi; q < wq; q++) {
                                    t[to + q] = 0f;
                                }
                                continue;
                            }
                            java.util.Arrays.fill(t, to, to + lo, 0f);
                            if (sw == 1) {
                                System.arraycopy(x, from, t, to + lo, hi - lo);
                            } else {
                                int q = lo;
                                if (sw == 2 || sw == 4) {
                                    q = copyPhase(x, from, sw, t, to, lo, hi);
                                    from += (q - lo) * sw;
                                }
                                for (; q < hi; q++, from += sw) {
                                    t[to + q] = x[from];
                                }
                            }
                            java.util.Arrays.fill(t, to + hi, to + wq, 0f);
                        } else {
                            for (int q = 0; q < wq; q++) {
                                int iw = colSource[phase * wq + q];
                                t[to + q] = iw < 0 ? 0f : x[src + iw];
                            }
                        }
                    }
                }
            }
        }
    }

    @Override
    public void forward(LayerShape s, float[] x, float[] w, float[] bias, float[] y, int threads) {
        if (byChannels(s)) {
            forwardByChannels(s, x, w, bias, y, threads, tuning);
            return;
        }
        int workers = Math.max(1, Math.min(threads, s.n() * s.oh()));
        // in place only when whole images go to workers: the one long row of an image is not split
        Plan plan = Plan.forPositions(s, s.n() >= workers);
        float[] packed = packWeights(s, plan.reduction, w, MR, workers);
        float[] paddedBias = padded(bias, s.k(), plan.kPanels * MR);
        if (s.n() >= workers) {
            // images from a shared counter (a worker that the OS slows down takes fewer), each
            // rewritten into the worker's own t, or read in place
            AtomicInteger next = new AtomicInteger();
            Parallel.run(workers, worker -> {
                float[] t = plan.inPlace ? x : buffer(plan.size);
                for (int image = next.getAndIncrement(); image < s.n(); image = next.getAndIncrement()) {
                    int tImage = 0;
                    if (plan.inPlace) {
                        tImage = image * s.c() * s.h() * s.w();
                    } else {
                        plan.rewrite(x, image, 0, s.c(), t);
                    }
                    rows(plan, t, tImage, packed, paddedBias, y, image, 0, plan.oh, tuning.directGroupBytes());
                }
            });
            return;
        }
        // fewer images than workers: one image at a time, its rewrite split by channels, then its
        // output rows from a shared counter, a few rows per grab
        float[] t = buffer(plan.size);
        int grab = Math.max(1, s.oh() / (8 * workers));
        for (int image = 0; image < s.n(); image++) {
            int img = image;
            Parallel.run(workers, worker -> plan.rewrite(x, img, slice(s.c(), worker, workers),
                slice(s.c(), worker + 1, workers), t));
            AtomicInteger next = new AtomicInteger();
            Parallel.run(workers, worker -> {
                for (int y0 = next.getAndAdd(grab); y0 < s.oh(); y0 = next.getAndAdd(grab)) {
                    rows(plan, t, 0, packed, paddedBias, y, img, y0, Math.min(s.oh(), y0 + grab),
                        tuning.directGroupBytes());
                }
            });
        }
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
     * <p>The product is blocked the way a GEMM is. Each worker rewrites its share of the images
     * into its own t, a unit of up to {@link Tuning#unitBytes} at a time (image m of channel c at
     * c·channelStride + m·plane); with fewer images than workers the batch is rewritten into
     * one t by all of them, and they share out the channel groups (or, where those do not
     * divide evenly, the positions). A worker runs blocks of tiles through the reduction in chunks of
     * {@link Tuning#chunkTaps} taps: the block's column panels for the chunk are gathered, and then,
     * group by group, the chunk of the group's weights is packed into a small sliver
     * ([tap][CK], in L1) and every tile of the block runs under it, its sums so far kept per
     * tile and group. So each weight is read from w once per block and never written back
     * packed (resnet3x3_512's are 9 MiB: packing them whole took a fifth of its forward, and
     * every group of tiles then streamed them again), while the panels and the sums stay in L2.
     */
    private static void forwardByChannels(LayerShape s, float[] x, float[] w, float[] bias, float[] y, int threads,
                                          Tuning tuning) {
        ChannelPass pass = new ChannelPass(s, w, bias, y, threads, tuning);
        if (pass.byImages) {
            Parallel.run(pass.workers, worker -> pass.run(x, pass.inPlace ? x : buffer(pass.plan.size), worker));
            return;
        }
        float[] t = pass.inPlace ? x : buffer(pass.plan.size);
        if (!pass.inPlace) {
            // fewer images than workers: every (image, channel) plane first, split evenly
            int planes = s.n() * s.c();
            int workers = Math.min(threads, planes);
            Parallel.run(workers, worker -> {
                int p0 = slice(planes, worker, workers);
                int p1 = slice(planes, worker + 1, workers);
                for (int m = p0 / s.c(); m * s.c() < p1; m++) {
                    pass.plan.rewrite(x, m, Math.max(p0 - m * s.c(), 0), Math.min(p1 - m * s.c(), s.c()), t,
                        m * pass.plane);
                }
            });
        }
        Parallel.run(pass.workers, worker -> pass.run(x, t, worker));
    }

    /** One call of {@link #forwardByChannels}: the layout of t, the split over workers, the bias as starting sums. */
    private static final class ChannelPass {
        final LayerShape s;
        final float[] w;
        final float[] y;
        final boolean inPlace;
        final Plan plan;
        final int pixels;
        /** Where image m starts in each channel of t (in place: in x). */
        final int plane;
        final int positions;
        final int kGroups;
        /**
         * How the workers share the work: by images (each rewrites its own into t and runs them
         * through every channel group), else by channel groups where they divide evenly, else by
         * tiles.
         */
        final boolean byImages;
        /** Images in t at a time (see {@link Tuning#unitBytes}). */
        final int unit;
        /** Taps per chunk of the reduction ({@link Tuning#chunkTaps}). */
        final int chunkTaps;
        /** Bytes of sums a block of tiles may keep ({@link Tuning#blockBytes}). */
        final int blockBytes;
        final boolean byGroups;
        final int workers;
        /** The bias as each channel group's starting sums, [channel group][CB][CK]. */
        final float[] biasRows;
        /** The largest tap offset: a whole-vector copy of a run is safe below t.length − L − maxOffset. */
        final int maxOffset;
        /** Where w's rows of L neighbouring channels start, from the first (for {@link #packSliver}). */
        final int[] weightRows;

        ChannelPass(LayerShape s, float[] w, float[] bias, float[] y, int threads, Tuning tuning) {
            this.s = s;
            chunkTaps = tuning.chunkTaps();
            blockBytes = tuning.blockBytes();
            this.w = w;
            this.y = y;
            inPlace = pointwiseInPlace(s);
            pixels = s.oh() * s.ow();
            byImages = s.n() >= threads;
            // with an image per worker, t holds one worker's unit of images (its own t, at most
            // unitBytes of it); else the whole (small) batch, shared
            long imageBytes = inPlace ? 1 : (long) s.c() * new Plan(s, false, 1).plane * Float.BYTES;
            int share = (s.n() + threads - 1) / threads;
            unit = !byImages ? s.n() : (int) Math.max(1, Math.min(share, tuning.unitBytes() / imageBytes));
            plan = inPlace ? new Plan(s, true) : new Plan(s, false, unit);
            plane = inPlace ? s.c() * pixels : plan.plane;
            positions = s.n() * pixels;
            kGroups = (s.k() + CK - 1) / CK;
            byGroups = !byImages && kGroups % threads == 0;
            workers = byImages || byGroups ? threads : Math.min(threads, (positions + CB - 1) / CB);
            biasRows = new float[kGroups * CB * CK];
            if (bias != null) {
                for (int k = 0; k < s.k(); k++) {
                    for (int i = 0; i < CB; i++) {
                        biasRows[(k / CK * CB + i) * CK + k % CK] = bias[k];
                    }
                }
            }
            maxOffset = java.util.Arrays.stream(plan.offsets).max().orElse(0);
            weightRows = new int[L];
            for (int j = 0; j < L; j++) {
                weightRows[j] = j * s.reduction();
            }
        }

        /** A worker's share (see {@link #byImages}), in blocks of about equal size. */
        void run(float[] x, float[] t, int worker) {
            if (byImages) {
                int m0 = slice(s.n(), worker, workers);
                int m1 = slice(s.n(), worker + 1, workers);
                for (int first = m0; first < m1; first += unit) {
                    int end = Math.min(m1, first + unit);
                    if (!inPlace) {
                        for (int m = first; m < end; m++) {
                            plan.rewrite(x, m, 0, s.c(), t, (m - first) * plane);
                        }
                    }
                    blocks(t, inPlace ? 0 : first, first * pixels, end * pixels, 0, kGroups);
                }
            } else if (byGroups) {
                blocks(t, 0, 0, positions, slice(kGroups, worker, workers), slice(kGroups, worker + 1, workers));
            } else {
                int tiles = (positions + CB - 1) / CB;
                blocks(t, 0, slice(tiles, worker, workers) * CB,
                    Math.min(positions, slice(tiles, worker + 1, workers) * CB), 0, kGroups);
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
                at[j] = (image - first) * plane + plan.position(pixel);
                to[j] = image * s.k() * pixels + pixel;
            }
            int panel = scratch.panelSize;
            for (int r0 = 0; r0 < plan.reduction; r0 += chunkTaps) {
                int taps = Math.min(chunkTaps, plan.reduction - r0);
                for (int j = 0; j < count; j++) {
                    columnPanel(t, plan.offsets, r0, taps, maxOffset, at, j * CB, scratch.col, j * panel);
                }
                for (int kg = g0; kg < g1; kg++) {
                    packSliver(w, plan.reduction, Math.min(CK, s.k() - kg * CK), kg * CK, r0, taps, scratch.sliver, weightRows);
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
     * registers ({@link #transpose16}), and a last partial group of channels or of taps value
     * by value. Lanes past {@code channels} keep what the buffer held: they only feed sums
     * that are never stored. rows[j] = j·reduction (the rows of w a transpose reads).
     */
    private static void packSliver(float[] w, int reduction, int channels, int k0, int r0, int taps, float[] sliver,
                                   int[] rows) {
        int whole = L == 16 && channels == CK ? taps / L * L : 0;
        for (int half = 0; half < CK; half += L) {
            for (int r = 0; r < whole; r += L) {
                transpose16(w, (k0 + half) * reduction + r0 + r, rows, sliver, r * CK + half, CK);
            }
        }
        for (int lane = 0; lane < channels; lane++) {
            int from = (k0 + lane) * reduction + r0;
            for (int r = whole, to = whole * CK + lane; r < taps; r++, to += CK) {
                sliver[to] = w[from + r];
            }
        }
    }

    /** Index vectors of {@link Plan#copyPhase}: lanes 0, 2, 4, ... of two vectors; lanes 0, 4, 8, ... (the first half); both first halves. */
    private static final FloatVector EVENS = indices(2, L);
    private static final FloatVector FOURTHS = indices(4, L / 2);
    private static final FloatVector HALVES = FloatVector.fromArray(S, halves(), 0);

    /** Lane l < n holds step·l (a lane of a vector pair), the others 0. */
    private static FloatVector indices(int step, int n) {
        float[] index = new float[L];
        for (int l = 0; l < n; l++) {
            index[l] = step * l;
        }
        return FloatVector.fromArray(S, index, 0);
    }

    /** The first half of the first vector of a pair, then the first half of the second. */
    private static float[] halves() {
        float[] index = new float[L];
        for (int l = 0; l < L; l++) {
            index[l] = l < L / 2 ? l : L + l - L / 2;
        }
        return index;
    }

    /** Index vectors of {@link #transpose16}'s rounds (see {@link #swapIndices}). */
    private static final FloatVector LOW_1 = swapIndices(1, false);
    private static final FloatVector HIGH_1 = swapIndices(1, true);
    private static final FloatVector LOW_2 = swapIndices(2, false);
    private static final FloatVector HIGH_2 = swapIndices(2, true);
    private static final FloatVector LOW_4 = swapIndices(4, false);
    private static final FloatVector HIGH_4 = swapIndices(4, true);
    private static final FloatVector LOW_8 = swapIndices(8, false);
    private static final FloatVector HIGH_8 = swapIndices(8, true);

    /**
     * For a two-vector select from rows (i, i + b), i without bit b: the new row i keeps its
     * lanes without bit b and takes row i + b's lanes l − b for the others; the new row i + b
     * takes row i's lanes l + b for those without bit b and keeps its own.
     */
    private static FloatVector swapIndices(int b, boolean high) {
        float[] index = new float[L];
        for (int l = 0; l < L; l++) {
            boolean lower = (l & b) == 0;
            index[l] = high ? (lower ? l + b : L + l) : (lower ? l : L + l - b);
        }
        return FloatVector.fromArray(S, index, 0);
    }

    /**
     * A 16×16 block: out[to + i·outStride + j] = w[from + starts[j] + i] (16-lane vectors only).
     * Round b swaps the b×b blocks off the diagonal of every 2b×2b block; after b = 1, 2, 4, 8
     * lane i of row j has gone to lane j of row i. The rows are stored in order, each a whole
     * vector: with an outStride under 16, a row's last lanes are overwritten by the next row.
     */
    private static void transpose16(float[] w, int from, int[] starts, float[] out, int to, int outStride) {
        FloatVector a0 = FloatVector.fromArray(S, w, from + starts[0]);
        FloatVector a1 = FloatVector.fromArray(S, w, from + starts[1]);
        FloatVector a2 = FloatVector.fromArray(S, w, from + starts[2]);
        FloatVector a3 = FloatVector.fromArray(S, w, from + starts[3]);
        FloatVector a4 = FloatVector.fromArray(S, w, from + starts[4]);
        FloatVector a5 = FloatVector.fromArray(S, w, from + starts[5]);
        FloatVector a6 = FloatVector.fromArray(S, w, from + starts[6]);
        FloatVector a7 = FloatVector.fromArray(S, w, from + starts[7]);
        FloatVector a8 = FloatVector.fromArray(S, w, from + starts[8]);
        FloatVector a9 = FloatVector.fromArray(S, w, from + starts[9]);
        FloatVector a10 = FloatVector.fromArray(S, w, from + starts[10]);
        FloatVector a11 = FloatVector.fromArray(S, w, from + starts[11]);
        FloatVector a12 = FloatVector.fromArray(S, w, from + starts[12]);
        FloatVector a13 = FloatVector.fromArray(S, w, from + starts[13]);
        FloatVector a14 = FloatVector.fromArray(S, w, from + starts[14]);
        FloatVector a15 = FloatVector.fromArray(S, w, from + starts[15]);
        FloatVector b0 = LOW_1.selectFrom(a0, a1);
        FloatVector b1 = HIGH_1.selectFrom(a0, a1);
        FloatVector b2 = LOW_1.selectFrom(a2, a3);
        FloatVector b3 = HIGH_1.selectFrom(a2, a3);
        FloatVector b4 = LOW_1.selectFrom(a4, a5);
        FloatVector b5 = HIGH_1.selectFrom(a4, a5);
        FloatVector b6 = LOW_1.selectFrom(a6, a7);
        FloatVector b7 = HIGH_1.selectFrom(a6, a7);
        FloatVector b8 = LOW_1.selectFrom(a8, a9);
        FloatVector b9 = HIGH_1.selectFrom(a8, a9);
        FloatVector b10 = LOW_1.selectFrom(a10, a11);
        FloatVector b11 = HIGH_1.selectFrom(a10, a11);
        FloatVector b12 = LOW_1.selectFrom(a12, a13);
        FloatVector b13 = HIGH_1.selectFrom(a12, a13);
        FloatVector b14 = LOW_1.selectFrom(a14, a15);
        FloatVector b15 = HIGH_1.selectFrom(a14, a15);
        FloatVector c0 = LOW_2.selectFrom(b0, b2);
        FloatVector c2 = HIGH_2.selectFrom(b0, b2);
        FloatVector c1 = LOW_2.selectFrom(b1, b3);
        FloatVector c3 = HIGH_2.selectFrom(b1, b3);
        FloatVector c4 = LOW_2.selectFrom(b4, b6);
        FloatVector c6 = HIGH_2.selectFrom(b4, b6);
        FloatVector c5 = LOW_2.selectFrom(b5, b7);
        FloatVector c7 = HIGH_2.selectFrom(b5, b7);
        FloatVector c8 = LOW_2.selectFrom(b8, b10);
        FloatVector c10 = HIGH_2.selectFrom(b8, b10);
        FloatVector c9 = LOW_2.selectFrom(b9, b11);
        FloatVector c11 = HIGH_2.selectFrom(b9, b11);
        FloatVector c12 = LOW_2.selectFrom(b12, b14);
        FloatVector c14 = HIGH_2.selectFrom(b12, b14);
        FloatVector c13 = LOW_2.selectFrom(b13, b15);
        FloatVector c15 = HIGH_2.selectFrom(b13, b15);
        FloatVector d0 = LOW_4.selectFrom(c0, c4);
        FloatVector d4 = HIGH_4.selectFrom(c0, c4);
        FloatVector d1 = LOW_4.selectFrom(c1, c5);
        FloatVector d5 = HIGH_4.selectFrom(c1, c5);
        FloatVector d2 = LOW_4.selectFrom(c2, c6);
        FloatVector d6 = HIGH_4.selectFrom(c2, c6);
        FloatVector d3 = LOW_4.selectFrom(c3, c7);
        FloatVector d7 = HIGH_4.selectFrom(c3, c7);
        FloatVector d8 = LOW_4.selectFrom(c8, c12);
        FloatVector d12 = HIGH_4.selectFrom(c8, c12);
        FloatVector d9 = LOW_4.selectFrom(c9, c13);
        FloatVector d13 = HIGH_4.selectFrom(c9, c13);
        FloatVector d10 = LOW_4.selectFrom(c10, c14);
        FloatVector d14 = HIGH_4.selectFrom(c10, c14);
        FloatVector d11 = LOW_4.selectFrom(c11, c15);
        FloatVector d15 = HIGH_4.selectFrom(c11, c15);
        FloatVector e0 = LOW_8.selectFrom(d0, d8);
        FloatVector e8 = HIGH_8.selectFrom(d0, d8);
        FloatVector e1 = LOW_8.selectFrom(d1, d9);
        FloatVector e9 = HIGH_8.selectFrom(d1, d9);
        FloatVector e2 = LOW_8.selectFrom(d2, d10);
        FloatVector e10 = HIGH_8.selectFrom(d2, d10);
        FloatVector e3 = LOW_8.selectFrom(d3, d11);
        FloatVector e11 = HIGH_8.selectFrom(d3, d11);
        FloatVector e4 = LOW_8.selectFrom(d4, d12);
        FloatVector e12 = HIGH_8.selectFrom(d4, d12);
        FloatVector e5 = LOW_8.selectFrom(d5, d13);
        FloatVector e13 = HIGH_8.selectFrom(d5, d13);
        FloatVector e6 = LOW_8.selectFrom(d6, d14);
        FloatVector e14 = HIGH_8.selectFrom(d6, d14);
        FloatVector e7 = LOW_8.selectFrom(d7, d15);
        FloatVector e15 = HIGH_8.selectFrom(d7, d15);
        e0.intoArray(out, to);
        e1.intoArray(out, to + outStride);
        e2.intoArray(out, to + 2 * outStride);
        e3.intoArray(out, to + 3 * outStride);
        e4.intoArray(out, to + 4 * outStride);
        e5.intoArray(out, to + 5 * outStride);
        e6.intoArray(out, to + 6 * outStride);
        e7.intoArray(out, to + 7 * outStride);
        e8.intoArray(out, to + 8 * outStride);
        e9.intoArray(out, to + 9 * outStride);
        e10.intoArray(out, to + 10 * outStride);
        e11.intoArray(out, to + 11 * outStride);
        e12.intoArray(out, to + 12 * outStride);
        e13.intoArray(out, to + 13 * outStride);
        e14.intoArray(out, to + 14 * outStride);
        e15.intoArray(out, to + 15 * outStride);
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
            col = reused(COLUMNS, tiles * panelSize);
            acc = reused(BLOCK_SUMS, tiles * groups * CB * CK);
            sliver = reused(SLIVERS, chunkTaps * CK);
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
     * later, and with that the gather ran 50% slower (resnet3x3_256).
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

    /** Per thread: the column panels, the sums and the weight sliver of {@link #forwardByChannels}. */
    private static final ThreadLocal<float[]> COLUMNS = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<float[]> BLOCK_SUMS = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<float[]> SLIVERS = ThreadLocal.withInitial(() -> new float[0]);

    /** Output channels (two vectors) × taps of a weight-gradient tile: 24 accumulators. */
    static final int CK = 2 * L;
    static final int CB = 12;
    /** Per thread: dY transposed in channel groups, [group][output][CK] (the weight gradient's other operand). */
    private static final ThreadLocal<float[]> GRIDS = ThreadLocal.withInitial(() -> new float[0]);
    /** Per thread: the weight gradient's sums of a call, [tap group][channel group][CB][CK]. */
    private static final ThreadLocal<float[]> WEIGHT_SUMS = ThreadLocal.withInitial(() -> new float[0]);
    /** Starting sums of a tile: zeros. */
    private static final float[] ZERO_SUMS = new float[CB * CK];
    /** Per thread: a tap group's column panel of a unit's positions (see {@link #tapPanel}). */
    private static final ThreadLocal<float[]> TAP_PANELS = ThreadLocal.withInitial(() -> new float[0]);

    /**
     * The weight gradient the same way, for stride-1 layers: dw[k][tap] = Σ over positions p of
     * dy[k][p] · t[p + offset(tap)], a product of dY with the column matrix, blocked like the
     * forward's channel tiles. A unit of images is rewritten channel by channel (image m of
     * channel c at c·channelStride + m·plane; 1×1 layers read x in place), and dY is copied
     * transposed and cut into groups of CK channels ([group][position][CK]). Then the workers
     * take groups of CB taps from a counter: for each, the unit's column panel [position][CB] is
     * gathered out of t ({@link #tapPanel}, in 16×16 transposes), and every channel group runs
     * one {@link #columnTile} over all the unit's positions — the forward's tile, with dY's
     * channels in the vectors and the panel's taps broadcast — into sums kept per (tap group,
     * channel group) across units, [tap group][channel group][CB][CK]; they reach dw at the end.
     * The panel is gathered once for all channel groups. (Before, each tile broadcast t at 12
     * offsets of its own, with the offsets spilled from registers: half the forward tile's
     * speed.) Units of at least {@link Tuning#unitPositions} positions run one after the other.
     */
    @Override
    public void backwardWeights(LayerShape s, float[] x, float[] dy, float[] dw, int threads) {
        if (s.strideH() != 1 || s.strideW() != 1) {
            throw new IllegalArgumentException("the direct weight gradient takes stride-1 layers, but the stride was ("
                + s.strideH() + ", " + s.strideW() + ") for " + s.describe());
        }
        boolean inPlace = pointwiseInPlace(s);
        int pixels = s.oh() * s.ow();
        // units of at least unitPositions positions and of about the same size: resnet3x3_256
        // (196 positions an image, so at least 6) runs one unit of 8 images, not 6 + 2
        int least = (int) Math.min(s.n(), Math.max(1, (tuning.unitPositions() + pixels - 1) / pixels));
        int units = s.n() / least;
        int group = (s.n() + units - 1) / units;
        Plan plan = inPlace ? new Plan(s, true) : new Plan(s, false, group);
        int plane = plan.plane;
        int positions = group * pixels;
        int kGroups = (s.k() + CK - 1) / CK;
        int tapGroups = (plan.reduction + CB - 1) / CB;
        float[] t = inPlace ? x : buffer(plan.size);
        float[] d = reused(GRIDS, kGroups * positions * CK);
        // the sums (resnet3x3_512: 9.4 MB) are not zeroed: the first block starts from zeros
        float[] sums = reused(WEIGHT_SUMS, tapGroups * kGroups * CB * CK);
        for (int n0 = 0; n0 < s.n(); n0 += group) {
            int first = n0;
            int count = Math.min(group, s.n() - n0);
            // each image of the unit: its rewrite and its dY transposed, each in two halves
            AtomicInteger item = new AtomicInteger();
            Parallel.run(Math.min(threads, 4 * count), worker -> {
                for (int i = item.getAndIncrement(); i < 4 * count; i = item.getAndIncrement()) {
                    int image = i / 4;
                    int half = i % 2;
                    if (i % 4 >= 2) {
                        plan.grid(dy, first + image, d, image * pixels, positions, slice(pixels, half, 2),
                            slice(pixels, half + 1, 2));
                    } else if (!inPlace) {
                        plan.rewrite(x, first + image, slice(s.c(), half, 2), slice(s.c(), half + 1, 2), t,
                            image * plane);
                    }
                }
            });
            // the outputs' positions in t: in place, one run of H·W per image, x's images C·H·W
            // apart; else a run of OW per output row, rows rowSize apart, images a plane apart
            Runs runs = inPlace ? new Runs(first * s.c() * pixels, s.c() * pixels, 1, 0, pixels)
                : new Runs(0, plane, s.oh(), plan.rowSize, s.ow());
            // blocks of whole runs, about weightBlockPositions positions each, one after the other
            int runsPerBlock = Math.max(1, tuning.weightBlockPositions() / runs.run());
            int unitRuns = count * runs.rows();
            for (int f0 = 0; f0 < unitRuns; f0 += runsPerBlock) {
                int from = f0;
                int to = Math.min(unitRuns, f0 + runsPerBlock);
                int blockPositions = (to - from) * runs.run();
                boolean firstBlock = first == 0 && from == 0;
                AtomicInteger next = new AtomicInteger();
                Parallel.run(Math.min(threads, tapGroups), worker -> {
                    float[] panel = reused(TAP_PANELS, (blockPositions + L) * CB + L);
                    int[] starts = new int[L];
                    for (int tg = next.getAndIncrement(); tg < tapGroups; tg = next.getAndIncrement()) {
                        int r0 = tg * CB;
                        int taps = Math.min(CB, plan.reduction - r0);
                        for (int j = 0; j < L; j++) {
                            starts[j] = plan.offsets[r0 + Math.min(j, taps - 1)];
                        }
                        tapPanel(t, runs, from, to, starts, panel);
                        for (int kg = 0; kg < kGroups; kg++) {
                            int at = (tg * kGroups + kg) * CB * CK;
                            columnTile(panel, 0, blockPositions, d, (kg * positions + from * runs.run()) * CK,
                                firstBlock ? ZERO_SUMS : sums, firstBlock ? 0 : at, sums, at);
                        }
                    }
                });
            }
        }
        // sums [tap group][channel group][tap][channel] into dw [K][R]
        int workers = Math.min(threads, tapGroups);
        Parallel.run(workers, worker -> {
            for (int tg = slice(tapGroups, worker, workers); tg < slice(tapGroups, worker + 1, workers); tg++) {
                int r0 = tg * CB;
                int taps = Math.min(CB, plan.reduction - r0);
                for (int k = 0; k < s.k(); k++) {
                    int from = ((tg * kGroups + k / CK) * CB) * CK + k % CK;
                    for (int j = 0, to = k * plan.reduction + r0; j < taps; j++) {
                        dw[to + j] = sums[from + j * CK];
                    }
                }
            }
        });
    }

    /**
     * Where a unit's outputs sit in t: per image {@code rows} runs of {@code run} positions, run
     * number f = image·rows + row from start + image·imageStride + row·rowStride.
     */
    private record Runs(int start, int imageStride, int rows, int rowStride, int run) {
        /** Where run f starts in t. */
        int at(int f) {
            return start + f / rows * imageStride + f % rows * rowStride;
        }
    }

    /**
     * The column panel of runs [f0, f1) for CB taps, [position][CB]: panel[q·CB + j] =
     * t[p + starts[j]] for the q-th position p of those runs. Sixteen positions of a run at a time,
     * a 16×16 transpose of the 16 rows t[p + starts[j] ...] ({@link #transpose16}); starts[j] for
     * j >= CB only fill lanes the next position overwrites, and the positions past a run's end
     * the next run's. The panel holds L positions and L values of slack.
     */
    private static void tapPanel(float[] t, Runs runs, int f0, int f1, int[] starts, float[] panel) {
        for (int f = f0, q = 0; f < f1; f++, q += runs.run()) {
            int p = runs.at(f);
            for (int x0 = 0; x0 < runs.run(); x0 += L) {
                transpose16(t, p + x0, starts, panel, (q + x0) * CB, CB);
            }
        }
    }

    private static int roundUp(int value, int multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }

    /**
     * One CK×CB tile of the forward over {@code taps} taps: out[o0 + i·CK + k] = start[s0 + i·CK + k]
     * + Σ over taps r of sliver[w0 + r·CK + k] · col[c0 + r·CB + i], the CB positions' column panel
     * ({@link #columnPanel}) against a channel group's weights. start and out may be the same
     * place: the sums so far, of the earlier chunks of the reduction. The broadcast values sit
     * at fixed distances from one index that moves by CB a tap, so the JIT checks the array
     * bounds once, not per load.
     */
    private static void columnTile(float[] col, int c0, int taps, float[] sliver, int w0, float[] start, int s0,
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

    private static int slice(int total, int part, int parts) {
        return (int) ((long) total * part / parts);
    }

    private static float[] buffer(int length) {
        return reused(BUFFERS, length);
    }

    /** The thread's array of at least {@code length} elements (grown, never shrunk; contents stale). */
    private static float[] reused(ThreadLocal<float[]> slot, int length) {
        float[] buffer = slot.get();
        if (buffer.length < length) {
            buffer = new float[length];
            slot.set(buffer);
        }
        return buffer;
    }

    /**
     * w [K][R] as panels of {@code width} channels, [panel][R][width] (MR for the position tile,
     * CK for the channel tile), into the calling thread's reused buffer.
     */
    private static float[] packWeights(LayerShape s, int reduction, float[] w, int width, int workers) {
        int panels = (s.k() + width - 1) / width;
        float[] packed = reused(PACKED, panels * reduction * width);
        if ((long) s.k() * reduction < PARALLEL_PACK || workers < 2) {
            packPanels(s, reduction, w, packed, 0, panels, width);
        } else {
            // resnet3x3_256's weights are 2.3 MiB: packing them on one thread took a tenth of its forward
            Parallel.run(workers, worker -> packPanels(s, reduction, w, packed,
                slice(panels, worker, workers), slice(panels, worker + 1, workers), width));
        }
        return packed;
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
     * Panels [p0, p1) of w into packed. Lanes past K keep whatever the reused buffer held: they
     * only feed accumulator rows that are never stored.
     */
    private static void packPanels(LayerShape s, int reduction, float[] w, float[] packed, int p0, int p1, int width) {
        // in blocks of taps, so that the block being written stays in L1 while every lane passes
        for (int panel = p0; panel < p1; panel++) {
            for (int r0 = 0; r0 < reduction; r0 += PACK_TAPS) {
                int r1 = Math.min(reduction, r0 + PACK_TAPS);
                for (int lane = 0; lane < width && panel * width + lane < s.k(); lane++) {
                    int to = panel * reduction * width + lane;
                    int from = (panel * width + lane) * reduction;
                    for (int r = r0; r < r1; r++) {
                        packed[to + r * width] = w[from + r];
                    }
                }
            }
        }
    }

    /**
     * Output rows [y0, y1) of one image, every channel; the image starts at {@code tImage} in t.
     * Weight panels go in groups of at most {@code groupBytes} ({@link Tuning#directGroupBytes}),
     * small enough to stay in L2 while every tile of the rows passes under them; the reduction
     * itself is not split, since every extra chunk would cost a pass over y. A tile is NR positions
     * of one output row, or (flat) NR positions of t's grid (rows wq wide) from y0·wq on, of which
     * (y, x) is stored when x < OW and y < y1.
     */
    private static void rows(Plan plan, float[] t, int tImage, float[] packed, float[] bias, float[] y, int image,
                             int y0, int y1, int groupBytes) {
        LayerShape s = plan.s;
        int group = Math.max(1, groupBytes / (plan.reduction * MR * Float.BYTES));
        int rowInT = s.strideH() * plan.rowSize;
        int[] pieces = new int[10];
        for (int kp0 = 0; kp0 < plan.kPanels; kp0 += group) {
            int kp1 = Math.min(plan.kPanels, kp0 + group);
            if (plan.flat) {
                for (int f0 = y0 * plan.wq; f0 < y1 * plan.wq; f0 += NR) {
                    flatPieces(plan, f0, y1, pieces, 0);
                    flatPieces(plan, f0 + L, y1, pieces, 5);
                    panels(plan, t, tImage + f0, packed, bias, y, image, pieces, kp0, kp1);
                }
                continue;
            }
            for (int row = y0; row < y1; row++) {
                for (int x0 = 0; x0 < plan.ow; x0 += NR) {
                    int pixel = row * plan.ow + x0;
                    rowPieces(pixel, Math.min(L, plan.ow - x0), pieces, 0);
                    rowPieces(pixel + L, Math.max(0, Math.min(L, plan.ow - x0 - L)), pieces, 5);
                    panels(plan, t, tImage + row * rowInT + x0, packed, bias, y, image, pieces, kp0, kp1);
                }
            }
        }
    }

    /** One tile position (t at {@code base}, stored as {@code pieces}) through weight panels [kp0, kp1). */
    private static void panels(Plan plan, float[] t, int base, float[] packed, float[] bias, float[] y, int image,
                               int[] pieces, int kp0, int kp1) {
        LayerShape s = plan.s;
        int pixels = s.oh() * s.ow();
        for (int kp = kp0; kp < kp1; kp++) {
            int k0 = kp * MR;
            int rows = Math.min(MR, s.k() - k0);
            if (rows <= MR / 2) {
                halfTile(t, base, plan.offsets, plan.reduction, packed, kp * plan.reduction * MR, y,
                    (image * s.k() + k0) * pixels, pieces, pixels, rows, bias, k0);
            } else {
                tile(t, base, plan.offsets, plan.reduction, packed, kp * plan.reduction * MR, y,
                    (image * s.k() + k0) * pixels, pieces, pixels, rows, bias, k0);
            }
        }
    }

    /** A vector of a row tile: lanes [0, n) at {@code pixel}, no piece B. Written to pieces[at .. at+5). */
    private static void rowPieces(int pixel, int n, int[] pieces, int at) {
        pieces[at] = n > 0 ? pixel : 0;
        pieces[at + 1] = n;
        pieces[at + 2] = 0;
        pieces[at + 3] = 0;
        pieces[at + 4] = 0;
    }

    /**
     * Where the L positions of t's grid from {@code f} go in an output plane: piece A, lanes
     * [0, n) of row f / wq from column f % wq; piece B, lanes [lo, hi) at the start of
     * the next row. Written to pieces[at .. at+5) as {pixel A, n, pixel B − lo, lo, hi}.
     */
    private static void flatPieces(Plan plan, int f, int y1, int[] pieces, int at) {
        int grid = plan.wq;
        int row = f / grid;
        int x = f - row * grid;
        int n = row < y1 ? Math.max(0, Math.min(L, plan.ow - x)) : 0;
        int lo = grid - x;
        int hi = row + 1 < y1 && lo < L ? Math.min(L, lo + plan.ow) : lo;
        int pixelA = row * plan.ow + x;
        pieces[at] = n > 0 ? pixelA : 0;
        pieces[at + 1] = n;
        pieces[at + 2] = hi > lo ? (row + 1) * plan.ow - lo : 0;
        pieces[at + 3] = Math.min(lo, L);
        pieces[at + 4] = Math.max(Math.min(lo, L), Math.min(hi, L));
    }

    /**
     * One MR×(2 vectors) tile over the whole reduction, straight into y. The two vectors read t
     * at base + offset(tap), side by side. Each vector's lanes
     * go to y as two pieces, both in the plane of the tile's first channel at {@code yBase}
     * (later rows {@code ldy} apart, only the first {@code rows} exist):
     * {@code pieces = {pixel A, n, pixel B, lo, hi}} for the first vector, then the same for the
     * second — lanes [0, n) at pixel A + lane, lanes [lo, hi) at pixel B + lane. The accumulators
     * start from the bias. The rest of y is untouched.
     *
     * <p>Everything happens in this one method on purpose: vectors handed to a helper that the
     * JIT does not inline are boxed, which costs more than the whole reduction of a small layer.
     * The loop is kept lean on purpose too: with the second vector at a variable distance,
     * accumulators that could also start from y, or the store masks made before it, the JIT
     * keeps fewer values in registers and the loop ran 15-25% slower each (resnet3x3_256's
     * tile alone on one core: 130-165 GFLOP/s instead of 198).
     */
    private static void tile(float[] t, int base, int[] offsets, int reduction, float[] packed, int panel,
                             float[] y, int yBase, int[] pieces, int ldy, int rows, float[] bias, int k0) {
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
        // each vector's piece A, then (flat tiles) its piece B: the lanes that start the next
        // output row. The masks only now: made before the loop, they stay live across it and
        // cost it 15%.
        for (int piece = 0; piece < 2; piece++) {
            if (piece == 1 && pieces[4] <= pieces[3] && pieces[9] <= pieces[8]) {
                break;
            }
            // lanes [lo, hi) of each vector: piece A is [0, n), piece B [lo, hi)
            int lo0 = piece == 0 ? 0 : pieces[3];
            int hi0 = pieces[piece == 0 ? 1 : 4];
            int lo1 = piece == 0 ? 0 : pieces[8];
            int hi1 = pieces[piece == 0 ? 6 : 9];
            VectorMask<Float> m0 = S.indexInRange(0, hi0).andNot(S.indexInRange(0, lo0));
            VectorMask<Float> m1 = S.indexInRange(0, hi1).andNot(S.indexInRange(0, lo1));
            int at0 = yBase + pieces[piece == 0 ? 0 : 2];
            int at1 = yBase + pieces[piece == 0 ? 5 : 7];
            c00.intoArray(y, at0, m0);
            c01.intoArray(y, at1, m1);
            if (rows > 1) {
                c10.intoArray(y, at0 + 1 * ldy, m0);
                c11.intoArray(y, at1 + 1 * ldy, m1);
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
     * The panel keeps its packed layout (MR weights a tap, the last MR / 2 of them zeros).
     * Same-JVM A/B, mnist_5x5 forward: one thread 0.39 -> 0.35 ms, two after a backward 0.43
     * -> 0.41. A copy of tile's loop and stores with half the accumulators, not a flag in
     * tile: its loop keeps everything in registers only while it stays this plain (see tile).
     * The store masks are made inline in both on purpose: made by small shared helpers, the
     * tiles ran slower (same JVM, 2 threads: alexnet_conv1 5.8 -> 6.5 ms, mnist_5x5 0.25 ->
     * 0.29, resnet3x3_64 7.0 -> 7.3).
     */
    private static void halfTile(float[] t, int base, int[] offsets, int reduction, float[] packed, int panel,
                                 float[] y, int yBase, int[] pieces, int ldy, int rows, float[] bias, int k0) {
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
        for (int piece = 0; piece < 2; piece++) {
            if (piece == 1 && pieces[4] <= pieces[3] && pieces[9] <= pieces[8]) {
                break;
            }
            // lanes [lo, hi) of each vector: piece A is [0, n), piece B [lo, hi)
            int lo0 = piece == 0 ? 0 : pieces[3];
            int hi0 = pieces[piece == 0 ? 1 : 4];
            int lo1 = piece == 0 ? 0 : pieces[8];
            int hi1 = pieces[piece == 0 ? 6 : 9];
            VectorMask<Float> m0 = S.indexInRange(0, hi0).andNot(S.indexInRange(0, lo0));
            VectorMask<Float> m1 = S.indexInRange(0, hi1).andNot(S.indexInRange(0, lo1));
            int at0 = yBase + pieces[piece == 0 ? 0 : 2];
            int at1 = yBase + pieces[piece == 0 ? 5 : 7];
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

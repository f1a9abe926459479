package convkit.fast;

import static convkit.fast.VectorFewChannelConv.L;
import static convkit.fast.VectorFewChannelConv.S;

import convkit.reference.Padding;
import jdk.incubator.vector.FloatVector;

/**
 * {@link FewChannelConv}'s kernel: a float32 forward that reads the input rows (a copy of those a
 * unit needs) in place of im2col's column matrix. For a layer strided along W (resnet's first
 * layer: 3 channels, 7×7, stride 2), consecutive outputs of a row read inputs {@code strideW}
 * apart, so each input row is split into its strideW column phases (phase p holds the padded
 * row's columns p, p + strideW, p + 2·strideW, …), and tap (c, i, j) of output position ox then
 * reads phase (j·dilationW) mod strideW at column ox + (j·dilationW) div strideW: consecutive
 * again. With stride 1 there is one phase, the padded row itself. The copy is one pass over the
 * input; im2col writes and reads a column matrix C·KH·KW / strideW² times its size.
 *
 * <p>The tile is {@link #CK} = 4 output channels × {@link #NV} = 2 vectors of consecutive
 * positions of one output row: eight accumulators, two input vectors and the broadcast weights,
 * at most 14 of AVX2's 16 registers even where the JIT loads all four weights at once. The taps
 * are one flat loop over a table of their offsets in the phased rows (a nest of channel, row and
 * column loops ran its short inner loops with more overhead than work). Weights are packed as
 * [channel block][tap][CK], the bias after them, as the accumulators' start.
 *
 * <p>Rows: a row at least a tile wide is covered by whole tiles, the last one moved left to end
 * at the row's end (shared positions are computed and stored twice, with the same values); a
 * narrower row takes one tile, stored into a small array whose first OW values of each channel
 * go to y. Units (whole images, or parts of an image's rows when images are few: {@link #rowParts})
 * go to threads as they come free; each copies the phased rows it reads into its thread's
 * {@link DirectBuffer#FEW_CHANNEL_ROWS}, [channel][row][phase][column], each phase row long
 * enough for a tile at every output position.
 */
final class PhasedRows {

    /** Output channels of a tile. */
    static final int CK = 4;
    /** Vectors of output positions of a tile. */
    static final int NV = 2;
    /** Output positions of a tile. */
    static final int TILE = NV * L;
    /** Units a worker is offered when images are few (as {@link Parallel#units}). */
    private static final int UNITS_PER_WORKER = 4;

    private PhasedRows() {
    }

    /** One line for reports: its tile. */
    static String describe() {
        return "rows by column phases, " + CK + " channels × " + TILE + " positions tile";
    }

    /** y = conv(x, w) + bias (bias may be null), on up to {@code threads} threads. */
    static void forward(LayerShape s, float[] x, float[] w, float[] bias, float[] y, int threads) {
        int taps = s.c() * s.kh() * s.kw();
        int blocks = (s.k() + CK - 1) / CK;
        float[] packed = DirectBuffer.FEW_CHANNEL_WEIGHTS.get(blocks * CK * (taps + 1));
        pack(s, w, bias, packed, blocks);
        int stride = s.strideW();
        int reach = (s.kw() - 1) * s.dilationW() / stride;
        int phaseWidth = Math.max(Math.ceilDiv(s.w() + 2 * s.padW(), stride), Math.max(s.ow(), TILE) + reach);
        int workers = Math.max(1, Math.min(threads, s.n() * s.oh()));
        int rowParts = rowParts(s, workers);
        // every unit's channels the same distance apart, so that one table of tap offsets serves all
        int height = (Math.ceilDiv(s.oh(), rowParts) - 1) * s.strideH() + (s.kh() - 1) * s.dilationH() + 1;
        int rowStride = stride * phaseWidth;
        int[] offsets = new int[taps];
        for (int c = 0, t = 0; c < s.c(); c++) {
            for (int i = 0; i < s.kh(); i++) {
                for (int j = 0; j < s.kw(); j++, t++) {
                    int column = j * s.dilationW();
                    offsets[t] = (c * height + i * s.dilationH()) * rowStride + column % stride * phaseWidth
                        + column / stride;
                }
            }
        }
        Parallel.forEach(workers, s.n() * rowParts, unit -> {
            int image = unit / rowParts;
            int part = unit % rowParts;
            int oy0 = Parallel.slice(s.oh(), part, rowParts);
            int oy1 = Parallel.slice(s.oh(), part + 1, rowParts);
            if (oy0 == oy1) {
                return;
            }
            int rows = (oy1 - 1 - oy0) * s.strideH() + (s.kh() - 1) * s.dilationH() + 1;
            float[] phased = DirectBuffer.FEW_CHANNEL_ROWS.get(s.c() * height * rowStride);
            copyPhases(s, x, image, oy0 * s.strideH() - s.padH(), rows, height, phaseWidth, phased);
            rows(s, phased, rowStride, offsets, packed, blocks, y, image, oy0, oy1);
        });
    }

    /**
     * Parts of an image's output rows a unit takes: 1 (whole images) when there are enough images
     * for {@link #UNITS_PER_WORKER} units a worker, else enough parts to make that many.
     */
    private static int rowParts(LayerShape s, int workers) {
        return s.n() >= UNITS_PER_WORKER * workers ? 1
            : Math.min(s.oh(), (UNITS_PER_WORKER * workers + s.n() - 1) / s.n());
    }

    /**
     * packed [block][tap][CK] = w [block·CK + lane][tap], zero for channels past K; then the bias
     * for every channel of the blocks (zero past K, or everywhere without a bias).
     */
    private static void pack(LayerShape s, float[] w, float[] bias, float[] packed, int blocks) {
        int taps = s.c() * s.kh() * s.kw();
        for (int b = 0; b < blocks; b++) {
            for (int lane = 0; lane < CK; lane++) {
                int k = b * CK + lane;
                for (int t = 0; t < taps; t++) {
                    packed[(b * taps + t) * CK + lane] = k < s.k() ? w[k * taps + t] : 0;
                }
                packed[blocks * CK * taps + k] = k < s.k() && bias != null ? bias[k] : 0;
            }
        }
    }

    /**
     * phased [c][row][p][q] = the padded input of image {@code image} at row {@code firstRow} + row
     * and padded column q·strideW + p (column q·strideW + p − padW of x): zeros or the mirror image
     * where the padding falls, as {@link Padding#source} says, and zeros past the padded row (columns
     * only a tile's positions beyond OW read). Channels are {@code height} rows apart; {@code rows}
     * rows are written.
     */
    private static void copyPhases(LayerShape s, float[] x, int image, int firstRow, int rows, int height,
                                   int phaseWidth, float[] phased) {
        int stride = s.strideW();
        int inner = s.w();
        int padW = s.padW();
        for (int c = 0; c < s.c(); c++) {
            int plane = (image * s.c() + c) * s.h() * inner;
            for (int row = 0; row < rows; row++) {
                int to = (c * height + row) * stride * phaseWidth;
                int from = Padding.source(firstRow + row, s.h(), s.padding());
                if (from < 0) {
                    java.util.Arrays.fill(phased, to, to + stride * phaseWidth, 0);
                    continue;
                }
                int source = plane + from * inner;
                for (int p = 0; p < stride; p++, to += phaseWidth) {
                    // q in [first, last) reads x's row itself: padW <= q·stride + p < inner + padW
                    int first = Math.min(phaseWidth, Math.max(0, Math.ceilDiv(padW - p, stride)));
                    int last = Math.min(phaseWidth, Math.max(first, Math.ceilDiv(inner + padW - p, stride)));
                    for (int q = 0; q < first; q++) {
                        phased[to + q] = padded(x, source, q * stride + p - padW, s);
                    }
                    for (int q = first, at = source + first * stride + p - padW; q < last; q++, at += stride) {
                        phased[to + q] = x[at];
                    }
                    for (int q = last; q < phaseWidth; q++) {
                        int column = q * stride + p - padW;
                        phased[to + q] = column < inner + padW ? padded(x, source, column, s) : 0;
                    }
                }
            }
        }
    }

    /** The value padding puts at {@code column} (outside [0, W)) of the row starting at x[source]. */
    private static float padded(float[] x, int source, int column, LayerShape s) {
        int from = Padding.source(column, s.w(), s.padding());
        return from < 0 ? 0 : x[source + from];
    }

    /**
     * Output rows [oy0, oy1) of one image, every channel, from its phased rows, output row oy0's
     * first input row at 0 and rows {@code rowStride} apart. Channel blocks outer, so that a
     * block's four output planes are written row after row (the input rows are read again for
     * each block, from L1 or L2); the tile in its own method ({@link #tile}: within the row loop,
     * the JIT kept the arrays' bases on the stack and reloaded them every tap).
     */
    private static void rows(LayerShape s, float[] src, int rowStride, int[] offsets, float[] packed, int blocks,
                             float[] y, int image, int oy0, int oy1) {
        int ow = s.ow();
        int plane = s.oh() * ow;
        int taps = offsets.length;
        float[] narrow = ow < TILE ? new float[CK * TILE] : null;
        float[] dst = narrow == null ? y : narrow;
        int width = narrow == null ? ow : TILE;
        int dstPlane = narrow == null ? plane : TILE;
        int rowStep = s.strideH() * rowStride;
        for (int b = 0; b < blocks; b++) {
            int channels = Math.min(CK, s.k() - b * CK);
            int biases = blocks * CK * taps + b * CK;
            int weights = b * taps * CK;
            for (int oy = oy0; oy < oy1; oy++) {
                int row = (oy - oy0) * rowStep;
                int out = (image * s.k() + b * CK) * plane + oy * ow;
                int dstOut = narrow == null ? out : 0;
                for (int x0 = 0; x0 < width; x0 += TILE) {
                    int at = Math.min(x0, width - TILE);
                    tile(src, row + at, offsets, packed, weights, biases, dst, dstOut + at, dstPlane, channels);
                }
                if (narrow != null) {
                    for (int lane = 0; lane < channels; lane++) {
                        System.arraycopy(narrow, lane * TILE, y, out + lane * plane, ow);
                    }
                }
            }
        }
    }

    /** One tile: CK channels × TILE positions from src[base + offsets[t] ...], stored at dst[o + lane·dstPlane]. */
    private static void tile(float[] src, int base, int[] offsets, float[] packed, int weights, int biases, float[] dst,
                             int o, int dstPlane, int channels) {
        int taps = offsets.length;
        FloatVector a00 = FloatVector.broadcast(S, packed[biases]);
        FloatVector a01 = a00;
        FloatVector a10 = FloatVector.broadcast(S, packed[biases + 1]);
        FloatVector a11 = a10;
        FloatVector a20 = FloatVector.broadcast(S, packed[biases + 2]);
        FloatVector a21 = a20;
        FloatVector a30 = FloatVector.broadcast(S, packed[biases + 3]);
        FloatVector a31 = a30;
        for (int t = 0; t < taps; t++) {
            int p = base + offsets[t];
            FloatVector v0 = FloatVector.fromArray(S, src, p);
            FloatVector v1 = FloatVector.fromArray(S, src, p + L);
            int wt = weights + t * CK;
            FloatVector w0 = FloatVector.broadcast(S, packed[wt]);
            a00 = v0.fma(w0, a00);
            a01 = v1.fma(w0, a01);
            FloatVector w1 = FloatVector.broadcast(S, packed[wt + 1]);
            a10 = v0.fma(w1, a10);
            a11 = v1.fma(w1, a11);
            FloatVector w2 = FloatVector.broadcast(S, packed[wt + 2]);
            a20 = v0.fma(w2, a20);
            a21 = v1.fma(w2, a21);
            FloatVector w3 = FloatVector.broadcast(S, packed[wt + 3]);
            a30 = v0.fma(w3, a30);
            a31 = v1.fma(w3, a31);
        }
        a00.intoArray(dst, o);
        a01.intoArray(dst, o + L);
        if (channels > 1) {
            a10.intoArray(dst, o + dstPlane);
            a11.intoArray(dst, o + dstPlane + L);
        }
        if (channels > 2) {
            a20.intoArray(dst, o + 2 * dstPlane);
            a21.intoArray(dst, o + 2 * dstPlane + L);
        }
        if (channels > 3) {
            a30.intoArray(dst, o + 3 * dstPlane);
            a31.intoArray(dst, o + 3 * dstPlane + L);
        }
    }
}

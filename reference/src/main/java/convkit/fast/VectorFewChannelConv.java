package convkit.fast;

import convkit.reference.Padding;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FewChannelConv} on the Vector API's preferred vectors. Its tile is {@link #CK} = 3
 * output channels × {@link #NV} = 3 vectors of consecutive positions along one output row: nine
 * accumulators, three input vectors and one broadcast weight, 13 registers (AVX2 has 16). One
 * step of the reduction, tap (c, i, j), loads three vectors of input row c, oy·strideH + i·dilationH
 * from column j·dilationW on, broadcasts the three channels' weights of that tap (packed once a
 * call as [channel block][tap][CK]) and does nine fused multiply-adds. The accumulators start
 * from the bias and are stored once, after the last tap.
 *
 * <p>Rows: a row at least a tile wide is covered by whole tiles, the last one moved left to end
 * at the row's end (the positions it shares with the tile before it are computed twice and stored
 * twice, with the same values); a narrower row takes one tile, stored into a small array
 * from which its OW values of each channel are copied.
 *
 * <p>This tile serves stride 1 along W; {@link #forward} hands a layer strided along W to
 * {@link PhasedRows}, which packs its weights with {@link #pack} too.
 *
 * <p>Threads: units go to threads as they come free ({@link Parallel#forEach}): whole images,
 * or ranges of an image's output rows when the images are fewer than the units the threads
 * want. A unit reads x in place when the layer has no padding and its rows are a tile wide or
 * wider (no load then leaves the input row it starts in); else it reads a padded copy of the
 * input rows it needs, made in the running thread's {@link DirectBuffer#FEW_CHANNEL_ROWS}, with a
 * tile of slack after the last row for the positions of a narrow row's tile past OW.
 */
final class VectorFewChannelConv implements FewChannelConv {

    /** The vectors of this kernel and of {@link PhasedRows}. */
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Lanes of a vector. */
    static final int L = S.length();
    /** Output channels of a tile. */
    static final int CK = 3;
    /** Vectors of output positions of a tile. */
    static final int NV = 3;
    /** Output positions of a tile. */
    static final int TILE = NV * L;
    /** Units a worker is offered when images are few (as {@link Parallel#units}). */
    private static final int UNITS_PER_WORKER = 4;

    @Override
    public String describe() {
        return "few-channel direct conv (Vector API, " + S.vectorBitSize() + "-bit, " + CK + " channels × " + TILE
            + " positions tile; " + PhasedRows.describe() + ")";
    }

    @Override
    public String describe(LayerShape s) {
        return "few-channel direct conv (Vector API, " + S.vectorBitSize() + "-bit, "
            + (s.strideW() > 1 ? PhasedRows.describe() : CK + " channels × " + TILE + " positions tile") + ")";
    }

    @Override
    public int tile() {
        return TILE;
    }

    @Override
    public void forward(LayerShape s, float[] x, float[] w, float[] bias, float[] y, int threads) {
        if (!FewChannelConv.suits(s)) {
            throw new IllegalArgumentException("the few-channel conv needs C·KH·KW <= " + MAX_TAPS
                + " (strideW = 1) or <= " + MAX_STRIDED_TAPS + " (strideW > 1), but the layer is " + s.describe());
        }
        if (s.strideW() > 1) {
            PhasedRows.forward(s, x, w, bias, y, threads);
            return;
        }
        int taps = s.c() * s.kh() * s.kw();
        int blocks = (s.k() + CK - 1) / CK;
        float[] packed = DirectBuffer.FEW_CHANNEL_WEIGHTS.get(blocks * CK * (taps + 1));
        pack(s, w, bias, packed, blocks, CK);
        int workers = workers(s, threads);
        int rowParts = rowParts(s, workers);
        boolean inPlace = s.padH() == 0 && s.padW() == 0 && s.ow() >= TILE;
        forEachUnit(s, workers, rowParts, (image, oy0, oy1) -> {
            if (inPlace) {
                rows(s, x, image * s.c() * s.h() * s.w() + oy0 * s.strideH() * s.w(), s.w(), s.h() * s.w(), packed,
                    blocks, y, image, oy0, oy1);
                return;
            }
            int width = s.w() + 2 * s.padW();
            int height = (oy1 - 1 - oy0) * s.strideH() + (s.kh() - 1) * s.dilationH() + 1;
            float[] t = DirectBuffer.FEW_CHANNEL_ROWS.get(s.c() * height * width + TILE);
            copyRows(s, x, image, oy0 * s.strideH() - s.padH(), height, width, t);
            rows(s, t, 0, width, height * width, packed, blocks, y, image, oy0, oy1);
        });
    }

    /** Threads a layer's units go to: at most one per output row of the batch. */
    static int workers(LayerShape s, int threads) {
        return Math.max(1, Math.min(threads, s.n() * s.oh()));
    }

    /**
     * Parts of an image's output rows a unit takes: 1 (whole images) when there are enough images
     * for {@link #UNITS_PER_WORKER} units a worker, else enough parts to make that many.
     */
    static int rowParts(LayerShape s, int workers) {
        return s.n() >= UNITS_PER_WORKER * workers ? 1
            : Math.min(s.oh(), (UNITS_PER_WORKER * workers + s.n() - 1) / s.n());
    }

    /** A unit of work: output rows [oy0, oy1) of one image. */
    interface Unit {
        void run(int image, int oy0, int oy1);
    }

    /**
     * Runs {@code body} on every unit (an image's output rows in {@code rowParts} parts) as threads
     * come free, skipping empty parts.
     */
    static void forEachUnit(LayerShape s, int workers, int rowParts, Unit body) {
        Parallel.forEach(workers, s.n() * rowParts, unit -> {
            int part = unit % rowParts;
            int oy0 = Parallel.slice(s.oh(), part, rowParts);
            int oy1 = Parallel.slice(s.oh(), part + 1, rowParts);
            if (oy0 < oy1) {
                body.run(unit / rowParts, oy0, oy1);
            }
        });
    }

    /**
     * packed [block][tap][ck] = w [block·ck + lane][tap], zero for channels past K; then the bias
     * for every channel of the blocks (zero past K, or everywhere without a bias).
     */
    static void pack(LayerShape s, float[] w, float[] bias, float[] packed, int blocks, int ck) {
        int taps = s.c() * s.kh() * s.kw();
        for (int b = 0; b < blocks; b++) {
            for (int lane = 0; lane < ck; lane++) {
                int k = b * ck + lane;
                for (int t = 0; t < taps; t++) {
                    packed[(b * taps + t) * ck + lane] = k < s.k() ? w[k * taps + t] : 0;
                }
                packed[blocks * ck * taps + k] = k < s.k() && bias != null ? bias[k] : 0;
            }
        }
    }

    /**
     * t [c][row][col] = the padded input of image {@code image} at row {@code firstRow} + row and
     * column col − padW, for {@code height} rows of {@code width} columns: zeros or the mirror
     * image where the padding falls, as {@link Padding#source} says.
     */
    private static void copyRows(LayerShape s, float[] x, int image, int firstRow, int height, int width, float[] t) {
        int inner = s.w();
        for (int c = 0; c < s.c(); c++) {
            int plane = (image * s.c() + c) * s.h() * s.w();
            for (int row = 0; row < height; row++) {
                int to = (c * height + row) * width;
                int from = Padding.source(firstRow + row, s.h(), s.padding());
                if (from < 0) {
                    java.util.Arrays.fill(t, to, to + width, 0);
                    continue;
                }
                int source = plane + from * inner;
                System.arraycopy(x, source, t, to + s.padW(), inner);
                for (int p = 0; p < s.padW(); p++) {
                    int left = Padding.source(p - s.padW(), inner, s.padding());
                    int right = Padding.source(inner + p, inner, s.padding());
                    t[to + p] = left < 0 ? 0 : x[source + left];
                    t[to + s.padW() + inner + p] = right < 0 ? 0 : x[source + right];
                }
            }
        }
    }

    /**
     * Output rows [oy0, oy1) of one image, every channel, from {@code src}, where the first input
     * row of output row oy0 starts at {@code start}, rows are {@code rowStride} apart and channels
     * {@code channelStride}. A row narrower than a tile goes into {@code narrow} (a tile's sums of
     * CK channels), then its OW values of each channel into y. The tiles' loads, fused
     * multiply-adds and stores are all in this one method: split into a helper per row or per
     * tile that the JIT did not inline, the same tiles ran markedly slower. Channel blocks are the
     * outer loop, so that a block's three output planes are written row after row (with the blocks
     * inside the rows, every plane of the image at once, two threads ran slower); the input rows
     * are read again for each block, from L1 or L2 (a few channels of an image).
     */
    private static void rows(LayerShape s, float[] src, int start, int rowStride, int channelStride, float[] packed,
                             int blocks, float[] y, int image, int oy0, int oy1) {
        int ow = s.ow();
        int plane = s.oh() * ow;
        int c = s.c();
        int kh = s.kh();
        int kw = s.kw();
        int taps = c * kh * kw;
        int rowStep = s.dilationH() * rowStride;
        int dw = s.dilationW();
        float[] narrow = ow < TILE ? new float[CK * TILE] : null;
        float[] dst = narrow == null ? y : narrow;
        int width = narrow == null ? ow : TILE;
        int dstPlane = narrow == null ? plane : TILE;
        for (int b = 0; b < blocks; b++) {
            for (int oy = oy0; oy < oy1; oy++) {
                int row = start + (oy - oy0) * s.strideH() * rowStride;
                int channels = Math.min(CK, s.k() - b * CK);
                int out = (image * s.k() + b * CK) * plane + oy * ow;
                int dstOut = narrow == null ? out : 0;
                int biases = blocks * CK * taps + b * CK;
                for (int x0 = 0; x0 < width; x0 += TILE) {
                    int at = Math.min(x0, width - TILE);
                    FloatVector a00 = FloatVector.broadcast(S, packed[biases]);
                    FloatVector a01 = a00;
                    FloatVector a02 = a00;
                    FloatVector a10 = FloatVector.broadcast(S, packed[biases + 1]);
                    FloatVector a11 = a10;
                    FloatVector a12 = a10;
                    FloatVector a20 = FloatVector.broadcast(S, packed[biases + 2]);
                    FloatVector a21 = a20;
                    FloatVector a22 = a20;
                    int t = b * taps * CK;
                    for (int channel = 0; channel < c; channel++) {
                        for (int i = 0; i < kh; i++) {
                            int p = row + at + channel * channelStride + i * rowStep;
                            for (int j = 0; j < kw; j++, p += dw, t += CK) {
                                FloatVector v0 = FloatVector.fromArray(S, src, p);
                                FloatVector v1 = FloatVector.fromArray(S, src, p + L);
                                FloatVector v2 = FloatVector.fromArray(S, src, p + 2 * L);
                                FloatVector w0 = FloatVector.broadcast(S, packed[t]);
                                a00 = v0.fma(w0, a00);
                                a01 = v1.fma(w0, a01);
                                a02 = v2.fma(w0, a02);
                                FloatVector w1 = FloatVector.broadcast(S, packed[t + 1]);
                                a10 = v0.fma(w1, a10);
                                a11 = v1.fma(w1, a11);
                                a12 = v2.fma(w1, a12);
                                FloatVector w2 = FloatVector.broadcast(S, packed[t + 2]);
                                a20 = v0.fma(w2, a20);
                                a21 = v1.fma(w2, a21);
                                a22 = v2.fma(w2, a22);
                            }
                        }
                    }
                    int o = dstOut + at;
                    a00.intoArray(dst, o);
                    a01.intoArray(dst, o + L);
                    a02.intoArray(dst, o + 2 * L);
                    if (channels > 1) {
                        a10.intoArray(dst, o + dstPlane);
                        a11.intoArray(dst, o + dstPlane + L);
                        a12.intoArray(dst, o + dstPlane + 2 * L);
                    }
                    if (channels > 2) {
                        a20.intoArray(dst, o + 2 * dstPlane);
                        a21.intoArray(dst, o + 2 * dstPlane + L);
                        a22.intoArray(dst, o + 2 * dstPlane + 2 * L);
                    }
                }
                if (narrow != null) {
                    for (int lane = 0; lane < channels; lane++) {
                        System.arraycopy(narrow, lane * TILE, y, out + lane * plane, ow);
                    }
                }
            }
        }
    }
}

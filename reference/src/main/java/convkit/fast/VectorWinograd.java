package convkit.fast;

import convkit.fast.WinogradTiling.Outputs;
import convkit.fast.WinogradTiling.Patches;
import jdk.incubator.vector.FloatVector;

/**
 * {@link Winograd} on the Vector API: the transforms of {@link WinogradTiles} and 36 GEMMs a pass.
 *
 * <p>Tiles are numbered image by image, row of tiles by row of tiles: tile t = (n·tilesY + ty)·tilesX
 * + tx. The transformed input V is laid out [C][36][tiles] and the products M [K][36][tiles], so
 * that a channel's 36 rows are side by side for the transforms, the GEMMs reading and writing
 * them with a row stride of 36 rows; the kernels' U is 36 matrices K × C. Two ways to share the threads:
 * <ul>
 *   <li><b>By chunks of tile rows</b>, when the tiles' data outweighs the kernels' (early layers:
 *   resnet3x3_64, vgg_conv1_2): each thread takes the next chunk of tile rows as it comes free
 *   ({@link Tuning#winogradBytes} of V and M), transforms, runs the 36 GEMMs on one thread and
 *   transforms back; dW keeps each chunk's dU and adds them in chunk order, so that its sums do
 *   not depend on which thread ran which chunk.</li>
 *   <li><b>Whole batch, by phases</b>, when the kernels are the larger part (late layers:
 *   resnet3x3_256, resnet3x3_512): all tiles are transformed at once (by channel), the 36 GEMMs
 *   are handed out by point, so each thread reads only its points' U, and the transforms back
 *   are handed out by channel. Where U would be far larger than a cache ({@link
 *   WinogradTiling#hugeKernels}: resnet3x3_512) and the vectors are 512 or 256 bits, the units
 *   are blocks of output channels, whose kernels {@link WinogradKernelBlocks} transforms and
 *   multiplies in cache, and dW goes the same way; with narrower vectors, blocks of U and
 *   their 36 GEMMs.</li>
 * </ul>
 * Units go to threads as they come free ({@link Parallel#forEach}): on a 2-core machine a core
 * taken away for a while by anything else would otherwise leave the other waiting at the end.
 */
final class VectorWinograd implements Winograd {

    private static final int L = WinogradTiles.L;
    private static final int POINTS = WinogradTiles.POINTS;

    /** Floats of per-chunk dU sums the weight gradient may hold (64 MiB). */
    private static final long MAX_CHUNK_SUMS = 16L << 20;

    private final int chunkBytes;

    VectorWinograd(Tuning tuning) {
        this.chunkBytes = tuning.winogradBytes();
    }

    @Override
    public String describe() {
        return "Winograd F(4×4, 3×3) (Vector API, " + FloatVector.SPECIES_PREFERRED.vectorBitSize()
            + "-bit transforms) + 36 GEMMs";
    }

    @Override
    public String describe(LayerShape s, Pass pass, String gemm) {
        LayerShape layer = s.strideH() == 1 ? s : SpaceToDepth.layer(s);
        WinogradTiling t = WinogradTiling.of(pass == Pass.DATA ? DirectDataGradient.transposedLayer(layer) : layer);
        if (!inBlocks(t)) {
            return describe() + " on " + gemm;
        }
        String transforms = "Winograd F(4×4, 3×3) (Vector API, " + WinogradTiles.S.vectorBitSize() + "-bit transforms), ";
        int block = WinogradKernelBlocks.BLOCK;
        return pass == Pass.WEIGHTS
            ? transforms + "dU by channel tiles (" + WinogradKernelBlocks.CK + " output × " + WinogradKernelBlocks.CB
                + " input channels), " + block + " output channels at a time, and turned into dW in cache"
            : transforms + "kernels transformed " + block
                + " output channels at a time and multiplied by channel tiles ("
                + WinogradKernelBlocks.CK + " channels × " + WinogradKernelBlocks.CB + " tiles)";
    }

    /**
     * Whether the passes of t.s() go by {@link WinogradKernelBlocks}: whole batch, kernels too large
     * to transform whole, 512- or 256-bit vectors. The one test the passes and {@link #describe} ask.
     */
    private boolean inBlocks(WinogradTiling t) {
        return t.wholeBatch() && t.hugeKernels(chunkBytes) && WinogradKernelBlocks.suits();
    }

    @Override
    public void forward(LayerShape s, float[] x, float[] w, float[] bias, float[] y, Gemm gemm, int threads) {
        if (s.strideH() == 1) {
            run(WinogradTiling.of(s), x, null, w, false, bias, y, gemm, threads);
            return;
        }
        LayerShape phased = SpaceToDepth.layer(s);
        float[] phasedW = DirectBuffer.WINOGRAD_PHASED_WEIGHTS.get(phased.weightSize());
        SpaceToDepth.weights(s, phased, w, phasedW);
        run(WinogradTiling.of(phased), x, s, phasedW, false, bias, y, gemm, threads);
    }

    @Override
    public void backwardData(LayerShape s, float[] dy, float[] w, float[] dx, Gemm gemm, int threads) {
        if (s.strideH() == 1) {
            run(WinogradTiling.of(DirectDataGradient.transposedLayer(s)), dy, null, w, true, null, dx, gemm, threads);
            return;
        }
        LayerShape phased = SpaceToDepth.layer(s);
        float[] phasedDx = DirectBuffer.WINOGRAD_PHASED.get(phased.inputSize());
        float[] phasedW = DirectBuffer.WINOGRAD_PHASED_WEIGHTS.get(phased.weightSize());
        SpaceToDepth.weights(s, phased, w, phasedW);
        run(WinogradTiling.of(DirectDataGradient.transposedLayer(phased)), dy, null, phasedW, true, null, phasedDx,
            gemm, threads);
        SpaceToDepth.inputGradient(s, phased, phasedDx, dx, threads);
    }

    /**
     * The forward of {@code t.s()}; its kernels are w's, or (flipped) w's transposed and turned by
     * 180°. Its input is x, or, when {@code strided} is not null, x is the input of that strided
     * layer and t.s() its space-to-depth layer ({@link #input}).
     */
    private void run(WinogradTiling t, float[] x, LayerShape strided, float[] w, boolean flipped, float[] bias,
                     float[] y, Gemm gemm, int threads) {
        LayerShape s = t.s();
        // every step below hands out units (channels, blocks of output channels, chunks) to threads as they come free
        if (t.wholeBatch()) {
            float[] in = input(t, x, strided, threads);
            int tiles = t.rows() * t.tilesX();
            int ld = tiles + L;
            float[] v = DirectBuffer.WINOGRAD_TILES.get(POINTS * s.c() * ld);
            float[] m = DirectBuffer.WINOGRAD_PRODUCTS.get(POINTS * s.k() * ld);
            if (!t.hugeKernels(chunkBytes)) {
                float[] u = DirectBuffer.WINOGRAD_KERNELS.get(POINTS * t.kcPadded());
                int blocks = t.kcPadded() / L;
                int kernelUnits = Math.min(blocks, 8 * threads);
                Patches inputs = Patches.whole(t, false);
                Parallel.forEach(threads, kernelUnits + s.c(), unit -> {
                    if (unit < kernelUnits) {
                        WinogradKernels.kernels(t, w, flipped, Parallel.slice(blocks, unit, kernelUnits) * L,
                            Parallel.slice(blocks, unit + 1, kernelUnits) * L, u, 0, t.kcPadded());
                    } else {
                        inputRows(t, in, 0, unit - kernelUnits, unit - kernelUnits + 1, 0, t.rows(), inputs, v, ld);
                    }
                });
                Parallel.forEach(threads, POINTS, p -> products(t, u, v, m, ld, tiles, gemm, p, p + 1));
                Outputs outputs = Outputs.whole(t);
                Parallel.forEach(threads, s.k(), k -> outputRows(t, m, ld, k, k + 1, 0, t.rows(), outputs, bias, y));
                return;
            }
            Patches inputs = Patches.whole(t, false);
            Outputs outputs = Outputs.whole(t);
            if (inBlocks(t)) {
                // U never whole: blocks of kernels transformed into slivers that the channel tiles' kernel uses at once
                float[] panels = DirectBuffer.WINOGRAD_PANELS.get(WinogradKernelBlocks.panelFloats(s.c(), tiles));
                int step = WinogradKernelBlocks.PANEL_CHANNELS;
                Parallel.forEach(threads, (s.c() + step - 1) / step, unit -> {
                    int c0 = unit * step;
                    int c1 = Math.min(s.c(), c0 + step);
                    inputRows(t, in, 0, c0, c1, 0, t.rows(), inputs, v, ld);
                    WinogradKernelBlocks.panel(v, ld, tiles, s.c(), c0, c1, panels);
                });
                int block = WinogradKernelBlocks.BLOCK;
                int cBlock = WinogradKernelBlocks.channelBlock(s.c(), chunkBytes / 4);
                Parallel.forEach(threads, (s.k() + block - 1) / block, unit -> {
                    int k0 = unit * block;
                    int k1 = Math.min(s.k(), k0 + block);
                    WinogradKernelBlocks.products(t, w, flipped, panels, tiles, k0, k1, cBlock, m, ld);
                    outputRows(t, m, ld, k0, k1, 0, t.rows(), outputs, bias, y);
                });
                return;
            }
            Parallel.forEach(threads, s.c(), c -> inputRows(t, in, 0, c, c + 1, 0, t.rows(), inputs, v, ld));
            int block = t.kernelBlock(chunkBytes, threads);
            Parallel.forEach(threads, (s.k() + block - 1) / block, unit -> {
                // this block's kernels transformed into a per-thread U that stays in cache for its 36 GEMMs
                int k0 = unit * block;
                int k1 = Math.min(s.k(), k0 + block);
                int uld = ((k1 - k0) * s.c() + L - 1) / L * L;
                float[] u = DirectBuffer.WINOGRAD_KERNELS.get(POINTS * uld);
                WinogradKernels.kernels(t, w, flipped, k0 * s.c(), k1 * s.c(), u, k0 * s.c(), uld);
                for (int p = 0; p < POINTS; p++) {
                    gemm.sgemm(1, Transpose.NO, Transpose.NO, k1 - k0, tiles, s.c(), 1f, u, p * uld, s.c(),
                        v, p * ld, POINTS * ld, 0f, m, (k0 * POINTS + p) * ld, POINTS * ld);
                }
                outputRows(t, m, ld, k0, k1, 0, t.rows(), outputs, bias, y);
            });
            return;
        }
        float[] u = DirectBuffer.WINOGRAD_KERNELS.get(POINTS * t.kcPadded());
        int kernelUnits = Math.min(t.kcPadded() / L, 8 * threads);
        Parallel.forEach(threads, kernelUnits, unit -> {
            int blocks = t.kcPadded() / L;
            WinogradKernels.kernels(t, w, flipped, Parallel.slice(blocks, unit, kernelUnits) * L,
                Parallel.slice(blocks, unit + 1, kernelUnits) * L, u, 0, t.kcPadded());
        });
        int chunk = t.chunkRows(chunkBytes);
        Parallel.forEach(threads, (t.rows() + chunk - 1) / chunk, unit -> {
            int g0 = unit * chunk;
            int g1 = Math.min(t.rows(), g0 + chunk);
            int ld = (g1 - g0) * t.tilesX() + L;
            float[] v = DirectBuffer.WINOGRAD_TILES.get(POINTS * s.c() * ld);
            float[] m = DirectBuffer.WINOGRAD_PRODUCTS.get(POINTS * s.k() * ld);
            chunkInputRows(t, x, strided, g0, g1, v, ld);
            products(t, u, v, m, ld, (g1 - g0) * t.tilesX(), gemm, 0, POINTS);
            outputRows(t, m, ld, 0, s.k(), g0, g1, t.byPatches() ? Outputs.of(t, g0, g1) : null, bias, y);
        });
    }

    @Override
    public void backwardWeights(LayerShape s, float[] x, float[] dy, float[] dw, Gemm gemm, int threads) {
        if (s.strideH() == 1) {
            weightGradient(WinogradTiling.of(s), x, null, dy, dw, gemm, threads);
            return;
        }
        LayerShape phased = SpaceToDepth.layer(s);
        float[] phasedDw = DirectBuffer.WINOGRAD_PHASED_WEIGHTS.get(phased.weightSize());
        weightGradient(WinogradTiling.of(phased), x, s, dy, phasedDw, gemm, threads);
        SpaceToDepth.weightGradient(s, phased, phasedDw, dw);
    }

    /** dW of the layer t.s(), its input x or, when {@code strided} is not null, that layer's (see {@link #run}). */
    private void weightGradient(WinogradTiling t, float[] x, LayerShape strided, float[] dy, float[] dw, Gemm gemm,
                                int threads) {
        LayerShape s = t.s();
        if (t.wholeBatch()) {
            float[] in = input(t, x, strided, threads);
            int tiles = t.rows() * t.tilesX();
            int ld = tiles + L;
            float[] v = DirectBuffer.WINOGRAD_TILES.get(POINTS * s.c() * ld);
            float[] dm = DirectBuffer.WINOGRAD_PRODUCTS.get(POINTS * s.k() * ld);
            Patches inputs = Patches.whole(t, false);
            Patches gradients = Patches.whole(t, true);
            if (inBlocks(t)) {
                // dU never whole: a block of it at a time, turned into dW while in cache
                int groups = WinogradKernelBlocks.channelGroups(s.c());
                float[] panels = DirectBuffer.WINOGRAD_PANELS.get(
                    WinogradKernelBlocks.gradientPanelFloats(s.c(), tiles));
                Parallel.forEach(threads, groups + s.k(), unit -> {
                    if (unit < groups) {
                        int c0 = unit * WinogradKernelBlocks.CB;
                        inputRows(t, in, 0, c0, Math.min(s.c(), c0 + WinogradKernelBlocks.CB), 0, t.rows(), inputs, v, ld);
                        WinogradKernelBlocks.gradientPanel(v, ld, tiles, s.c(), unit, panels);
                    } else {
                        gradientRows(t, dy, unit - groups, unit - groups + 1, 0, t.rows(), gradients, dm, ld);
                    }
                });
                int block = WinogradKernelBlocks.BLOCK;
                Parallel.forEach(threads, (s.k() + block - 1) / block, unit -> WinogradKernelBlocks.weightGradient(
                    t, dm, ld, panels, tiles, unit * block, Math.min(s.k(), unit * block + block), dw));
                return;
            }
            Parallel.forEach(threads, s.c() + s.k(), unit -> {
                if (unit < s.c()) {
                    inputRows(t, in, 0, unit, unit + 1, 0, t.rows(), inputs, v, ld);
                } else {
                    gradientRows(t, dy, unit - s.c(), unit - s.c() + 1, 0, t.rows(), gradients, dm, ld);
                }
            });
            float[] du = DirectBuffer.WINOGRAD_KERNELS.get(POINTS * t.kcPadded());
            Parallel.forEach(threads, POINTS, p -> gemm.sgemm(1, Transpose.NO, Transpose.YES, s.k(), s.c(), tiles, 1f,
                dm, p * ld, POINTS * ld, v, p * ld, POINTS * ld, 0f, du, p * t.kcPadded(), s.c()));
            WinogradKernels.kernelGradients(t, du, 1, dw, threads);
            return;
        }
        int kernelFloats = POINTS * t.kcPadded();
        // as many chunks as the sums' cap allows (more chunks: finer sharing between the threads);
        // each chunk's dU is kept and they are added in chunk order (the same sums on any thread count)
        int chunk = Math.max(t.chunkRows(chunkBytes),
            (int) ((t.rows() * (long) kernelFloats + MAX_CHUNK_SUMS - 1) / MAX_CHUNK_SUMS));
        int chunks = (t.rows() + chunk - 1) / chunk;
        float[] sums = DirectBuffer.WINOGRAD_KERNELS.get(chunks * kernelFloats);
        Parallel.forEach(threads, chunks, unit -> {
            int g0 = unit * chunk;
            int g1 = Math.min(t.rows(), g0 + chunk);
            int tiles = (g1 - g0) * t.tilesX();
            int ld = tiles + L;
            float[] v = DirectBuffer.WINOGRAD_TILES.get(POINTS * s.c() * ld);
            float[] dm = DirectBuffer.WINOGRAD_PRODUCTS.get(POINTS * s.k() * ld);
            chunkInputRows(t, x, strided, g0, g1, v, ld);
            gradientRows(t, dy, 0, s.k(), g0, g1, Patches.of(t, true, g0, g1), dm, ld);
            for (int p = 0; p < POINTS; p++) {
                gemm.sgemm(1, Transpose.NO, Transpose.YES, s.k(), s.c(), tiles, 1f, dm, p * ld, POINTS * ld,
                    v, p * ld, POINTS * ld, 0f, sums, unit * kernelFloats + p * t.kcPadded(), s.c());
            }
        });
        WinogradKernels.kernelGradients(t, sums, chunks, dw, threads);
    }

    /**
     * The input of t.s(): x, or, for a {@code strided} layer, x as its space-to-depth layer's
     * input (in this thread's buffer, for a pass that reads the whole batch).
     */
    private static float[] input(WinogradTiling t, float[] x, LayerShape strided, int threads) {
        if (strided == null) {
            return x;
        }
        float[] phasedX = DirectBuffer.WINOGRAD_PHASED.get(t.s().inputSize());
        SpaceToDepth.input(strided, t.s(), x, phasedX, threads);
        return phasedX;
    }

    /**
     * {@link #inputRows} of every channel of tile rows [g0, g1), from x, or, for a {@code
     * strided} layer, from the rows those tiles read of its space-to-depth layer's input, copied
     * just before they are transformed into this thread's buffer, which holds the images of those
     * rows from image g0 / tilesY on (other rows stale). Reused chunk after chunk, the buffer stays in cache:
     * alexnet_conv1's chunk is 30 rows of 48 channels, 330 KB, its whole phased input 5 MB. At
     * stride 4 the buffer holds instead those rows already split into phases, every phased channel's
     * at once ({@link StridedSplit}), and each channel's tiles are transformed from there.
     */
    private static void chunkInputRows(WinogradTiling t, float[] x, LayerShape strided, int g0, int g1, float[] v,
                                       int ld) {
        Patches patches = Patches.of(t, false, g0, g1);
        if (strided == null) {
            inputRows(t, x, 0, 0, t.s().c(), g0, g1, patches, v, ld);
            return;
        }
        LayerShape phased = t.s();
        if (StridedSplit.serves(strided) && !t.byPatches()) {
            // each image's rows of the chunk split for all phased channels at once, then transformed
            float[] tmp = DirectBuffer.WINOGRAD_SCRATCH.get(36 * L);
            for (int g = g0; g < g1; ) {
                int ty0 = g % t.tilesY();
                int ty1 = Math.min(t.tilesY(), ty0 + g1 - g);
                int rows = 4 * (ty1 - ty0) + 2;
                float[] ph = DirectBuffer.WINOGRAD_PHASED.get(phased.c() * rows * 4 * t.q());
                StridedSplit.rows(strided, phased, x, g / t.tilesY(), 4 * ty0, rows, ph, t.q());
                for (int ch = 0; ch < phased.c(); ch++) {
                    for (int ty = ty0; ty < ty1; ty++) {
                        WinogradTiles.input(ph, ch * rows + 4 * (ty - ty0), t.q(), t.tilesX(), v,
                            ch * POINTS * ld + (g + ty - ty0 - g0) * t.tilesX(), ld, tmp);
                    }
                }
                g += ty1 - ty0;
            }
            return;
        }
        int firstImage = g0 / t.tilesY();
        int images = (g1 - 1) / t.tilesY() - firstImage + 1;
        float[] phasedX = DirectBuffer.WINOGRAD_PHASED.get(images * phased.c() * phased.h() * phased.w());
        for (int g = g0; g < g1; ) {
            int ty0 = g % t.tilesY();
            int ty1 = Math.min(t.tilesY(), ty0 + g1 - g);
            // a row of tiles reads 6 rows from 4·ty on (the phased layer has no padding)
            SpaceToDepth.imageRows(strided, phased, x, g / t.tilesY(), phasedX, g / t.tilesY() - firstImage, 4 * ty0,
                Math.min(phased.h(), 4 * ty1 + 2));
            g += ty1 - ty0;
        }
        inputRows(t, phasedX, firstImage, 0, phased.c(), g0, g1, patches, v, ld);
    }

    /** Bᵀ d B of channels [c0, c1) and tile rows [g0, g1), into v (ld per channel row). */
    private static void inputRows(WinogradTiling t, float[] x, int xImage, int c0, int c1, int g0, int g1,
                                  Patches patches, float[] v, int ld) {
        transformRows(t, x, xImage, false, c0, c1, g0, g1, patches, v, ld);
    }

    /** A dY Aᵀ of output channels [k0, k1) and tile rows [g0, g1), into dm (ld per channel row). */
    private static void gradientRows(WinogradTiling t, float[] dy, int k0, int k1, int g0, int g1, Patches patches,
                                     float[] dm, int ld) {
        transformRows(t, dy, 0, true, k0, k1, g0, g1, patches, dm, ld);
    }

    /**
     * The input's 6×6 tiles (Bᵀ d B) or, for {@code gradient}, dY's 4×4 tiles (A dY Aᵀ) of
     * channels [ch0, ch1) and tile rows [g0, g1), into {@code out[(ch·36 + ξν)·ld + tile]}: along
     * rows of tiles split into phases, or, for rows of few tiles, as gathered patches ({@code
     * patches}: where those rows' patches are, made once a pass; null unless by patches).
     */
    private static void transformRows(WinogradTiling t, float[] src, int srcImage, boolean gradient, int ch0,
                                      int ch1, int g0, int g1, Patches patches, float[] out, int ld) {
        LayerShape s = t.s();
        int channels = gradient ? s.k() : s.c();
        int height = gradient ? s.oh() : s.h();
        int width = gradient ? s.ow() : s.w();
        int padH = gradient ? 0 : s.padH();
        int padW = gradient ? 0 : s.padW();
        int size = gradient ? 4 : 6; // rows and columns of a tile's block
        float[] tmp = DirectBuffer.WINOGRAD_SCRATCH.get(36 * L);
        if (t.byPatches()) {
            int tiles = (g1 - g0) * t.tilesX();
            int p = (tiles + L - 1) / L * L;
            float[] gathered = DirectBuffer.WINOGRAD_PHASES.get(size * size * p);
            float[] planes = patches.zeroedPlanes();
            for (int ch = ch0; ch < ch1; ch++) {
                patches.gather(planes, src, srcImage, channels, ch, height, width, padH, padW, gathered);
                if (gradient) {
                    WinogradTiles.outputGradientPatches(gathered, p, tiles, out, ch * POINTS * ld, ld, tmp);
                } else {
                    WinogradTiles.inputPatches(gathered, p, tiles, out, ch * POINTS * ld, ld, tmp);
                }
            }
            return;
        }
        float[] ph = DirectBuffer.WINOGRAD_PHASES.get(t.phaseFloats());
        for (int ch = ch0; ch < ch1; ch++) {
            for (int g = g0; g < g1; ) {
                int n = g / t.tilesY();
                int ty0 = g % t.tilesY();
                int ty1 = Math.min(t.tilesY(), ty0 + g1 - g);
                WinogradTiles.split(src, ((n - srcImage) * channels + ch) * height * width, height, width, padH, padW,
                    4 * ty0, 4 * (ty1 - ty0) + size - 4, ph, t.q());
                for (int ty = ty0; ty < ty1; ty++) {
                    int at = ch * POINTS * ld + (g + ty - ty0 - g0) * t.tilesX();
                    if (gradient) {
                        WinogradTiles.outputGradient(ph, 4 * (ty - ty0), t.q(), t.tilesX(), out, at, ld, tmp);
                    } else {
                        WinogradTiles.input(ph, 4 * (ty - ty0), t.q(), t.tilesX(), out, at, ld, tmp);
                    }
                }
                g += ty1 - ty0;
            }
        }
    }

    /** M = U · V at points [p0, p1), each a K × C by C × tiles GEMM on one thread. */
    private static void products(WinogradTiling t, float[] u, float[] v, float[] m, int ld, int tiles, Gemm gemm,
                                 int p0, int p1) {
        LayerShape s = t.s();
        for (int p = p0; p < p1; p++) {
            gemm.sgemm(1, Transpose.NO, Transpose.NO, s.k(), tiles, s.c(), 1f, u, p * t.kcPadded(), s.c(),
                v, p * ld, POINTS * ld, 0f, m, p * ld, POINTS * ld);
        }
    }

    /**
     * Aᵀ M A of output channels [k0, k1) and tile rows [g0, g1), plus the bias, into y; {@code
     * outputs}: where those rows' outputs go when the layer's tiles go {@linkplain WinogradTiling#byPatches
     * by patches} (made once a pass, not once a channel), else null.
     */
    private static void outputRows(WinogradTiling t, float[] m, int ld, int k0, int k1, int g0, int g1, Outputs outputs,
                                   float[] bias, float[] y) {
        LayerShape s = t.s();
        float[] tmp = DirectBuffer.WINOGRAD_SCRATCH.get(36 * L);
        if (t.byPatches()) {
            int tiles = (g1 - g0) * t.tilesX();
            int p = (tiles + L - 1) / L * L;
            float[] out = DirectBuffer.WINOGRAD_PHASES.get(16 * p);
            for (int k = k0; k < k1; k++) {
                WinogradTiles.output(m, k * POINTS * ld, ld, tiles, out, p, tmp);
                outputs.store(out, bias == null ? 0f : bias[k], k, y);
            }
            return;
        }
        int q = (t.tilesX() + L - 1) / L * L;
        float[] out = DirectBuffer.WINOGRAD_PHASES.get(16 * q);
        for (int k = k0; k < k1; k++) {
            float b = bias == null ? 0f : bias[k];
            for (int g = g0; g < g1; g++) {
                int n = g / t.tilesY();
                int ty = g % t.tilesY();
                WinogradTiles.output(m, k * POINTS * ld + (g - g0) * t.tilesX(), ld, t.tilesX(), out, q, tmp);
                int plane = (n * s.k() + k) * s.oh() * s.ow();
                for (int i = 0; i < 4 && 4 * ty + i < s.oh(); i++) {
                    int row = plane + (4 * ty + i) * s.ow();
                    int from = 4 * i * q;
                    // L tiles at a time; the row's last ones (the last maybe cut by its end) through tmp
                    for (int tx = 0; tx < t.tilesX(); tx += L) {
                        WinogradTiles.interleave(out, from + tx, q, b, y, row + 4 * tx, Math.min(4 * L, s.ow() - 4 * tx),
                            tmp);
                    }
                }
            }
        }
    }
}

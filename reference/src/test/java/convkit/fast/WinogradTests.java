package convkit.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.reference.PaddingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Winograd's F(4×4, 3×3) ({@link VectorWinograd}, {@link WinogradTiles}): the matrices against
 * the definition of correlation in exact arithmetic, the hand-written transforms against the
 * matrices, and every pass against the textbook loops on every small size, padding and edge of
 * the tiling, in both ways of sharing the threads.
 */
class WinogradTests {

    // the matrices of Lavin and Gray's F(4, 3), as printed (points 0, 1, -1, 2, -2 and infinity)
    private static final double[][] BT = {
        {4, 0, -5, 0, 1, 0}, {0, -4, -4, 1, 1, 0}, {0, 4, -4, -1, 1, 0},
        {0, -2, -1, 2, 1, 0}, {0, 2, -1, -2, 1, 0}, {0, 4, 0, -5, 0, 1}};
    private static final double[][] G = {
        {1 / 4.0, 0, 0}, {-1 / 6.0, -1 / 6.0, -1 / 6.0}, {-1 / 6.0, 1 / 6.0, -1 / 6.0},
        {1 / 24.0, 1 / 12.0, 1 / 6.0}, {1 / 24.0, -1 / 12.0, 1 / 6.0}, {0, 0, 1}};
    private static final double[][] AT = {
        {1, 1, 1, 1, 1, 0}, {0, 1, -1, 2, -2, 0}, {0, 1, 1, 4, 4, 0}, {0, 1, -1, 8, -8, 1}};

    private static Winograd winograd(String tuning) {
        return Winograd.available(Tuning.DEFAULTS.with(tuning)).orElseThrow(() ->
            new AssertionError("the Winograd route should load: the tests run with jdk.incubator.vector"));
    }

    /**
     * {@link WinogradTiles#interleave} for every count 1..4·L, at the very end of y (a store past
     * the count throws) and inside a larger y (nothing past the count is written): out[at + j·q + t]
     * + bias lands at y[to + 4t + j].
     */
    @Test
    void interleaveStoresEachCountAndNothingPastIt() {
        int l = WinogradTiles.L;
        int q = l + 3;
        int at = 2;
        float[] out = new float[at + 4 * q];
        for (int i = 0; i < out.length; i++) {
            out[i] = i * 0.5f - 7;
        }
        float[] spill = new float[4 * l];
        for (int count = 1; count <= 4 * l; count++) {
            for (int slack : new int[] {0, 5 * l}) {
                int to = 3;
                float[] y = new float[to + count + slack];
                java.util.Arrays.fill(y, Float.NaN);
                WinogradTiles.interleave(out, at, q, 0.25f, y, to, count, spill);
                for (int i = 0; i < y.length; i++) {
                    int k = i - to;
                    if (k >= 0 && k < count) {
                        assertEquals(out[at + (k % 4) * q + k / 4] + 0.25f, y[i], "count " + count + ", output " + k);
                    } else {
                        assertTrue(Float.isNaN(y[i]), "count " + count + " wrote y[" + i + "]");
                    }
                }
            }
        }
    }

    @Test
    void theMatricesGiveTheCorrelationOfFourOutputs() {
        Random random = new Random(1);
        for (int trial = 0; trial < 100; trial++) {
            double[] d = new double[6];
            double[] g = new double[3];
            for (int i = 0; i < 6; i++) {
                d[i] = random.nextInt(21) - 10;
            }
            for (int i = 0; i < 3; i++) {
                g[i] = random.nextInt(21) - 10;
            }
            double[] gg = times(G, g);
            double[] bd = times(BT, d);
            double[] m = new double[6];
            for (int i = 0; i < 6; i++) {
                m[i] = gg[i] * bd[i];
            }
            double[] y = times(AT, m);
            for (int i = 0; i < 4; i++) {
                double expected = g[0] * d[i] + g[1] * d[i + 1] + g[2] * d[i + 2];
                assertEquals(expected, y[i], 1e-9, "output " + i + " of trial " + trial);
            }
        }
    }

    @Test
    void eachHandWrittenTransformIsItsMatrix() {
        int l = WinogradTiles.L;
        // bt's six vectors in an order of their own (the phase rows' order), the others' by a step
        checkMap("Bᵀ", BT, (in, out) -> WinogradTiles.bt(in, 0, l, 2 * l, 3 * l, 4 * l, 5 * l, out, 0, 1), 6);
        checkMap("Bᵀ", BT, (in, out) -> {
            float[] shuffled = new float[in.length];
            int[] at = {3, 0, 5, 1, 4, 2};
            for (int i = 0; i < 6; i++) {
                System.arraycopy(in, i * l, shuffled, at[i] * l, l);
            }
            WinogradTiles.bt(shuffled, at[0] * l, at[1] * l, at[2] * l, at[3] * l, at[4] * l, at[5] * l, out, 0, 1);
        }, 6);
        checkMap("Aᵀ", AT, (in, out) -> WinogradTiles.at(in, 0, l, out, 0, 1), 4);
        checkMap("G", G, (in, out) -> WinogradTiles.g(in, 0, l, out, 0, 1), 6);
        checkMap("A", transpose(AT), (in, out) -> WinogradTiles.a(in, 0, l, out, 0, 1), 6);
        checkMap("Gᵀ", transpose(G), (in, out) -> WinogradTiles.gt(in, 0, l, out, 0, 1), 3);
    }

    private interface VectorMap {
        /** The map of the inputs, vector i at in[i·L], its outputs at out[i]. */
        void apply(float[] in, float[] out);
    }

    /** Column j of the map's matrix is the map of the j-th unit vector (lane 0 of each output). */
    private static void checkMap(String name, double[][] matrix, VectorMap map, int outputs) {
        int inputs = matrix[0].length;
        assertEquals(outputs, matrix.length);
        for (int j = 0; j < inputs; j++) {
            float[] in = new float[inputs * WinogradTiles.L];
            java.util.Arrays.fill(in, j * WinogradTiles.L, (j + 1) * WinogradTiles.L, 1f);
            float[] out = new float[outputs + WinogradTiles.L];
            map.apply(in, out);
            for (int i = 0; i < outputs; i++) {
                assertEquals(matrix[i][j], out[i], 1e-7, name + "[" + i + "][" + j + "]");
            }
        }
    }

    @Test
    void everyPassAgreesWithTheLoopsOnEverySmallLayer() {
        Random random = new Random(4);
        Winograd byChunks = winograd("winogradBytes=1"); // one row of tiles per chunk
        Winograd defaults = winograd("winograd=auto");
        int checked = 0;
        for (LayerShape s : smallLayers()) {
            for (int threads : new int[] {1, 2, 3}) {
                check(byChunks, s, threads, random);
                check(defaults, s, threads, random);
                checked++;
            }
        }
        assertTrue(checked > 300, "layers checked: " + checked);
    }

    @Test
    void wideLayersAgreeInBothWaysOfSharingTheThreads() {
        Random random = new Random(5);
        Winograd winograd = winograd("winograd=auto");
        // 4 KiB blocks: the late layers' kernels count as huge (transformed a block of output
        // channels at a time), the early layers' chunks are a row of tiles
        Winograd smallBlocks = winograd("winogradBytes=4096");
        // late layers (kernels outweigh tiles: whole batch by phases) and early ones (by chunks)
        for (LayerShape s : List.of(LayerShape.of(2, 64, 7, 7, 48, 3, 1, 1), LayerShape.of(3, 40, 6, 9, 72, 3, 1, 0),
                LayerShape.of(2, 8, 30, 37, 16, 3, 1, 1), LayerShape.of(1, 16, 57, 21, 8, 3, 1, 2),
                LayerShape.of(2, 4, 9, 75, 5, 3, 1, 1), LayerShape.of(1, 3, 6, 130, 4, 3, 1, 0))) {
            for (int threads : new int[] {1, 2}) {
                check(winograd, s, threads, random);
                check(smallBlocks, s, threads, random);
            }
        }
    }

    /**
     * Kernels that count as huge with blocks of 640 KiB: with 512-bit vectors they go through
     * {@link WinogradKernelBlocks} in blocks of 16 input channels, whole blocks of 16 × 16 kernels
     * transposed, the last block of input channels (8) and of output channels (8 of a unit of 64,
     * lanes past K) tap by tap, dX's flipped kernels by gathers (a last partial block of output
     * channels tap by tap), tile groups of 12 with the last
     * one partly empty; with 256-bit vectors by its narrow tile (2 vectors × 6), in blocks of 32
     * input channels (units of 32 output channels: 200 = 6 · 32 + 8), tile groups of 6; with
     * 128-bit vectors they take the GEMMs over blocks of U.
     */
    @Test
    void hugeKernelsAgreeWhenTransformedABlockAtATime() {
        Random random = new Random(12);
        Winograd blocks = winograd("winogradBytes=655360");
        // 655360 / 4 floats over 36 · BLOCK floats an input channel, in whole vectors of channels
        int expected = switch (WinogradTiles.L) {
            case 16 -> 16; // BLOCK 64: 17 channels, 16 in whole vectors
            case 8 -> 32; // BLOCK 32: 35, 32
            default -> 68; // 4 lanes, BLOCK 16: 71, 68
        };
        assertEquals(expected, WinogradKernelBlocks.channelBlock(200, 655360 / 4));
        assertEquals(WinogradTiles.L >= 8, WinogradKernelBlocks.suits(), "kernel blocks where the vectors are 256 or 512 bits");
        for (LayerShape s : List.of(LayerShape.of(2, 200, 7, 7, 200, 3, 1, 1),
                LayerShape.of(3, 200, 11, 9, 200, 3, 1, 0),
                LayerShape.of(1, 40, 6, 6, 1000, 3, 1, 1))) {
            assertTrue(WinogradTiling.of(s).wholeBatch() && WinogradTiling.of(s).hugeKernels(655360), s.describe());
            for (int threads : new int[] {1, 2}) {
                check(blocks, s, threads, random);
            }
        }
    }

    /**
     * Every row width up to two blocks of 4·L columns, with every padding: a row's ends fall in
     * each of the four vectors a block of the input's split loads (masked there) and a row's
     * last output tiles in each lane of the masked stores.
     */
    @Test
    void everyRowWidthIsSplitAndStoredRight() {
        Random random = new Random(11);
        Winograd byChunks = winograd("winogradBytes=1");
        Winograd defaults = winograd("winograd=auto");
        for (int w = 1; w <= 8 * WinogradTiles.L + 8; w++) {
            for (int pad = 0; pad <= 2; pad++) {
                if (w + 2 * pad < 3) {
                    continue;
                }
                LayerShape s = new LayerShape(1 + w % 2, 1, 5, w, 2, 3, 3, 1, 1, pad, pad, 1, 1, PaddingMode.ZEROS);
                check(byChunks, s, 1 + w % 2, random);
                check(defaults, s, 2, random);
            }
        }
    }

    @Test
    void stridedLayersGoThroughTheirSpaceToDepthLayer() {
        Random random = new Random(7);
        Winograd winograd = winograd("winograd=auto");
        int checked = 0;
        // kernels with ⌈K/stride⌉ = 3: 5×5 and 6×6 at stride 2, 7-9 at stride 3, 9-12 at stride 4
        int[][] kernelStrides = {{5, 2}, {6, 2}, {7, 3}, {9, 3}, {9, 4}, {11, 4}, {12, 4}};
        for (int[] ks : kernelStrides) {
            for (int pad = 0; pad <= 3; pad++) {
                for (int size = Math.max(1, ks[0] - 2 * pad); size <= ks[0] + 2 * ks[1] + 1; size += 2) {
                    LayerShape s = new LayerShape(1 + size % 2, 2, size, size + 1, 3, ks[0], ks[0], ks[1], ks[1], pad,
                        pad, 1, 1, PaddingMode.ZEROS);
                    assertTrue(Winograd.suits(s) && Winograd.suitsData(s), s.describe());
                    check(winograd, s, 1 + size % 2, random);
                    checked++;
                }
            }
        }
        assertTrue(checked > 50, "layers checked: " + checked);
        // alexnet_conv1's kernel and stride on a smaller image
        check(winograd, LayerShape.of(2, 3, 47, 47, 20, 11, 4, 0), 2, random);
        // rows of several whole vectors per stride phase, padded (the phases are copied a vector at a time)
        check(winograd, LayerShape.of(1, 2, 61, 150, 4, 11, 4, 1), 2, random);
        check(winograd, LayerShape.of(1, 2, 41, 133, 4, 5, 2, 2), 1, random);
        // by chunks of one row of tiles: each chunk copies only the phased rows its tiles read
        Winograd byChunks = winograd("winogradBytes=1");
        check(byChunks, LayerShape.of(3, 3, 47, 47, 20, 11, 4, 0), 2, random);
        check(byChunks, LayerShape.of(2, 2, 41, 133, 4, 5, 2, 2), 3, random);
        // stride 4 by chunks: each chunk splits its rows of x in one pass (StridedSplit), padded or not
        for (int pad = 0; pad <= 3; pad++) {
            check(byChunks, LayerShape.of(2, 3, 39 + pad, 23 + 16 * pad, 5, 9 + pad, 4, pad), 2, random);
        }
    }

    /**
     * The one-pass split of a stride-4 layer's rows ({@link StridedSplit}) against space to depth
     * then the split of each phased channel, element for element: every row width up to two blocks
     * of 16·L columns, so that a row's end falls in each of a block's sixteen vectors, every padding
     * and every kernel that becomes 3×3, rows past the phased input's end too.
     */
    @Test
    void aStride4LayersRowsAreSplitInOnePassAsInTwo() {
        Random random = new Random(13);
        int checked = 0;
        for (int kernel = 9; kernel <= 12; kernel++) {
            for (int pad = 0; pad <= 3; pad++) {
                for (int w = Math.max(1, kernel - 2 * pad); w <= 32 * WinogradTiles.L + 20; w += 1 + w / 40) {
                    LayerShape s = new LayerShape(2, 2, Math.max(1, kernel - 2 * pad) + 5, w, 1, kernel, kernel, 4, 4, pad,
                        pad, 1, 1, PaddingMode.ZEROS);
                    LayerShape phased = SpaceToDepth.layer(s);
                    int q = WinogradTiles.phaseLength((phased.ow() + 3) / 4);
                    float[] x = GemmTests.toFloat(GemmTests.randoms(random, s.inputSize()));
                    int plane = phased.h() * phased.w();
                    float[] phasedX = new float[phased.c() * plane];
                    SpaceToDepth.imageRows(s, phased, x, 1, phasedX, 0, 0, phased.h());
                    for (int[] span : new int[][] {{0, phased.h() + 3}, {4, 6}}) {
                        int rows = span[1];
                        float[] expected = new float[phased.c() * rows * 4 * q];
                        for (int c = 0; c < phased.c(); c++) {
                            float[] one = new float[rows * 4 * q];
                            WinogradTiles.split(phasedX, c * plane, phased.h(), phased.w(), 0, 0, span[0], rows, one, q);
                            System.arraycopy(one, 0, expected, c * one.length, one.length);
                        }
                        float[] actual = new float[expected.length];
                        java.util.Arrays.fill(actual, Float.NaN);
                        StridedSplit.rows(s, phased, x, 1, span[0], rows, actual, q);
                        assertArrayEquals(expected, actual, s.describe() + ", rows " + span[0] + " on");
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked > 500, "layers checked: " + checked);
    }

    @Test
    void roundingStaysWithinTheFastPathsToleranceOnAResNetLayer() {
        // resnet3x3_256 with two images: 2,304 products summed per output, values in [-1, 1)
        LayerShape s = LayerShape.of(2, 256, 14, 14, 256, 3, 1, 1);
        check(winograd("winograd=auto"), s, 2, new Random(6));
    }

    @Test
    void suitsOnly3x3Stride1ZeroPaddedLayers() {
        assertTrue(Winograd.suits(LayerShape.of(1, 4, 8, 8, 4, 3, 1, 1)));
        assertFalse(Winograd.suits(LayerShape.of(1, 4, 8, 8, 4, 3, 2, 1)), "stride 2");
        assertFalse(Winograd.suits(LayerShape.of(1, 4, 8, 8, 4, 5, 1, 2)), "5×5");
        assertFalse(Winograd.suits(new LayerShape(1, 4, 8, 8, 4, 3, 3, 1, 1, 2, 2, 2, 2, PaddingMode.ZEROS)),
            "dilation 2");
        assertFalse(Winograd.suits(new LayerShape(1, 4, 8, 8, 4, 3, 3, 1, 1, 1, 1, 1, 1, PaddingMode.REFLECT)),
            "reflect padding");
        assertFalse(Winograd.suitsData(LayerShape.of(1, 4, 9, 9, 4, 3, 1, 3)), "pad 3: no transposed layer");
        assertTrue(Winograd.suits(LayerShape.of(8, 3, 227, 227, 96, 11, 4, 0)), "alexnet_conv1: 11×11/4 is 3×3");
        assertFalse(Winograd.suits(LayerShape.of(8, 3, 224, 224, 64, 7, 2, 3)), "resnet_conv1: 7×7/2 is 4×4");
        assertFalse(Winograd.suits(new LayerShape(1, 4, 20, 20, 4, 5, 5, 2, 3, 0, 0, 1, 1, PaddingMode.ZEROS)),
            "unequal strides");
    }

    /** Every height and width 1..9 that gives an output, pads 0..2, a few channel counts and batches. */
    private static List<LayerShape> smallLayers() {
        List<LayerShape> shapes = new ArrayList<>();
        int[][] channels = {{1, 1}, {3, 2}, {2, 5}};
        int i = 0;
        for (int h = 1; h <= 9; h++) {
            for (int w = 1; w <= 9; w++) {
                for (int pad = 0; pad <= 2; pad++) {
                    if (h + 2 * pad < 3 || w + 2 * pad < 3) {
                        continue;
                    }
                    int[] ck = channels[i % channels.length];
                    shapes.add(new LayerShape(1 + i % 2, ck[0], h, w, ck[1], 3, 3, 1, 1, pad, pad, 1, 1,
                        PaddingMode.ZEROS));
                    i++;
                }
            }
        }
        shapes.add(new LayerShape(2, 2, 7, 6, 3, 3, 3, 1, 1, 0, 2, 1, 1, PaddingMode.ZEROS)); // unequal pads
        // rows of 9-10 tiles: transformed along the rows (a row of tiles fills more than half a 512-bit vector)
        for (int h = 1; h <= 9; h++) {
            for (int pad = 0; pad <= 2; pad++) {
                if (h + 2 * pad >= 3) {
                    shapes.add(new LayerShape(1 + h % 2, 2, h, 36 + h % 3, 3, 3, 3, 1, 1, pad, pad, 1, 1,
                        PaddingMode.ZEROS));
                }
            }
        }
        return shapes;
    }

    private static void check(Winograd winograd, LayerShape s, int threads, Random random) {
        double[] x = GemmTests.randoms(random, s.inputSize());
        double[] w = GemmTests.randoms(random, s.weightSize());
        double[] b = GemmTests.randoms(random, s.k());
        double[] dy = GemmTests.randoms(random, s.outputSize());
        float[] y = new float[s.outputSize()];
        java.util.Arrays.fill(y, Float.NaN); // every element must be written
        winograd.forward(s, GemmTests.toFloat(x), GemmTests.toFloat(w), GemmTests.toFloat(b), y, JavaGemm.create(),
            threads);
        String what = s.describe() + " on " + threads + " threads";
        FastConv2dTests.assertClose("y " + what, ConvOracle.forward(s, x, w, b), GemmTests.toDouble(y),
            FastConv2dTests.float32Tolerance(s.reduction()));
        double[][] expected = ConvOracle.backward(s, x, w, dy);
        float[] dw = new float[s.weightSize()];
        java.util.Arrays.fill(dw, Float.NaN);
        winograd.backwardWeights(s, GemmTests.toFloat(x), GemmTests.toFloat(dy), dw, JavaGemm.create(), threads);
        FastConv2dTests.assertClose("dw " + what, expected[1], GemmTests.toDouble(dw),
            FastConv2dTests.float32Tolerance(s.n() * s.oh() * s.ow()));
        if (Winograd.suitsData(s)) {
            float[] dx = new float[s.inputSize()];
            java.util.Arrays.fill(dx, Float.NaN);
            winograd.backwardData(s, GemmTests.toFloat(dy), GemmTests.toFloat(w), dx, JavaGemm.create(), threads);
            FastConv2dTests.assertClose("dx " + what, expected[0], GemmTests.toDouble(dx),
                FastConv2dTests.float32Tolerance(s.k() * 9));
        }
    }

    private static double[] times(double[][] matrix, double[] v) {
        double[] out = new double[matrix.length];
        for (int i = 0; i < matrix.length; i++) {
            for (int j = 0; j < v.length; j++) {
                out[i] += matrix[i][j] * v[j];
            }
        }
        return out;
    }

    private static double[][] transpose(double[][] matrix) {
        double[][] out = new double[matrix[0].length][matrix.length];
        for (int i = 0; i < matrix.length; i++) {
            for (int j = 0; j < matrix[0].length; j++) {
                out[j][i] = matrix[i][j];
            }
        }
        return out;
    }
}

package convkit.fast;

import convkit.reference.PaddingMode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The direct float32 forward ({@link VectorDirectConv}) against the textbook loops, called
 * directly so that layers it would decline are checked too, and through {@link FastConv2d}.
 * The tests run with the Vector API loaded (the build's argLine), so the direct conv must exist:
 * a missing one fails here rather than skipping.
 */
class DirectConvTests {

    /** The kernel whatever this machine's vector width, so that it is checked everywhere. */
    private static DirectConv direct() {
        return DirectConv.anyWidth(Tuning.DEFAULTS).orElseThrow(() ->
            new AssertionError("the direct conv should load: the tests run with jdk.incubator.vector"));
    }

    /** The default tuning with this tile choice. */
    private static Tuning tiled(Tuning.Tiles tiles) {
        return Tuning.DEFAULTS.with("tiles=" + tiles);
    }

    /** Layers that reach every edge of the tiles, the threads and the rewrite of the input. */
    static List<LayerShape> shapes() {
        List<LayerShape> shapes = new ArrayList<>(FastConv2dTests.shapes());
        int nr = VectorDirectConv.NR;
        // several column panels, the last one partial; K not a multiple of the 8-channel panel
        shapes.add(LayerShape.of(2, 3, 2 * nr + 5, 2 * nr + 5, 11, 3, 1, 1));
        // one image, two threads: the rewrite split by channels, rows taken from a counter
        shapes.add(LayerShape.of(1, 5, 20, 3 * nr, 16, 3, 1, 1));
        // three images on two threads (uneven)
        shapes.add(LayerShape.of(3, 2, 12, nr + 1, 9, 5, 1, 2));
        // strides 2 and 4 (the stride phases of the rewrite), large kernels, as in the first layers of ImageNet nets
        shapes.add(LayerShape.of(2, 3, 45, 46, 10, 7, 2, 3));
        shapes.add(LayerShape.of(2, 3, 47, 47, 7, 11, 4, 0));
        // dilation with stride, reflect padding with stride
        shapes.add(new LayerShape(2, 2, 23, 41, 5, 3, 3, 2, 3, 2, 1, 2, 3, PaddingMode.ZEROS));
        shapes.add(new LayerShape(2, 3, 17, 40, 6, 3, 3, 2, 2, 2, 2, 1, 1, PaddingMode.REFLECT));
        // a long reduction (resnet3x3_256 has 2304 taps) on narrow maps tiled flat: two rows per tile
        shapes.add(LayerShape.of(2, 260, 14, 14, 9, 3, 1, 1));
        // flat tiles over strided layers (rows and columns split into stride phases): stride 4 with a
        // large kernel, stride 2 with dilation 2, reflect padding with stride 2 (reductions of 128+ taps)
        shapes.add(LayerShape.of(2, 3, 99, 99, 10, 11, 4, 0));
        // stride 4 where the last row of some phase blocks is still an input row, rows of t over
        // 32 wide (vectors, not loops): a vector of a stride phase that overran its row there
        // would reach into the next block's first row, written long before
        shapes.add(LayerShape.of(2, 3, 134, 134, 7, 11, 4, 0));
        shapes.add(new LayerShape(2, 16, 40, 60, 6, 3, 3, 2, 2, 1, 1, 2, 2, PaddingMode.ZEROS));
        shapes.add(new LayerShape(1, 16, 30, 40, 5, 3, 3, 2, 2, 1, 1, 1, 1, PaddingMode.REFLECT));
        // weights big enough to be packed on several threads, K not a multiple of 8
        shapes.add(LayerShape.of(2, 64, 6, nr, 131, 3, 1, 1));
        // 1×1: H·W not a multiple of NR (rewritten), and a multiple (read in place, except on 3 threads)
        shapes.add(LayerShape.of(2, 17, 9, nr + 3, 12, 1, 1, 0));
        shapes.add(LayerShape.of(2, 17, 3, nr, 12, 1, 1, 0));
        // narrow outputs (OW <= one vector) and partial last tiles: row tiles for short reductions,
        // flat tiles for long ones (rows of t one vector wide), odd and even OH, one image and several
        int l = nr / 2;
        shapes.add(LayerShape.of(1, 16, 13, l - 2, 10, 3, 1, 1));
        shapes.add(LayerShape.of(3, 20, l - 2, l - 2, 9, 3, 1, 1));
        shapes.add(LayerShape.of(2, 3, 9, nr + l + 3, 5, 3, 1, 1));
        shapes.add(LayerShape.of(1, 3, 21, nr + 4, 6, 3, 1, 1));
        shapes.add(LayerShape.of(3, 6, l, l, 10, 3, 1, 1));
        shapes.add(LayerShape.of(1, 4, l - 1, l, 9, 3, 1, 1));
        shapes.add(LayerShape.of(2, 3, 2 * l + 1, 2 * l - 1, 8, 3, 2, 1));
        // short reductions, stride 1, whole images per worker: t as KW shifted copies, the outputs
        // of an image one long row. Like mnist_5x5 (576 outputs, whole tiles; K = 20); outputs
        // that end in a partial tile; zero padding (copies partly outside the input), dilation,
        // reflect padding; 4 images on 3 threads
        shapes.add(LayerShape.of(4, 1, 28, 28, 20, 5, 1, 0));
        shapes.add(LayerShape.of(3, 2, 13, 17, 12, 3, 1, 0));
        shapes.add(LayerShape.of(4, 3, 11, 2 * l + 3, 7, 3, 1, 2));
        shapes.add(new LayerShape(3, 2, 19, 23, 6, 3, 3, 1, 1, 2, 3, 2, 3, PaddingMode.ZEROS));
        shapes.add(new LayerShape(3, 3, 12, 15, 5, 3, 5, 1, 1, 1, 2, 1, 1, PaddingMode.REFLECT));
        return shapes;
    }

    /** Layers for the channel tiles in particular (they also run every layer of {@link #shapes}). */
    static List<LayerShape> channelTileShapes() {
        return List.of(
            // like resnet3x3_512: rows of 7 (a tile of 12 positions spans up to three rows and two
            // images), K a multiple of 32; and K not one (the last channel group partly unused)
            LayerShape.of(5, 40, 7, 7, 64, 3, 1, 1),
            LayerShape.of(3, 20, 7, 7, 40, 3, 1, 1),
            // a reduction past 1024 taps with K = 64: the automatic choice takes the channel tiles
            LayerShape.of(4, 120, 6, 9, 64, 3, 1, 1),
            // 1×1 read in place with a last tile across images, and one image on several threads
            // (2 threads share out its 2 channel groups, 3 threads its tiles)
            LayerShape.of(3, 24, 5, 5, 32, 1, 1, 0),
            LayerShape.of(1, 24, 10, 10, 33, 3, 1, 1),
            // seven images: shares of unequal size and a last partial tile
            LayerShape.of(7, 9, 5, 6, 32, 3, 1, 1),
            // 400 tiles on one thread: two blocks; 180 taps: a chunk of 128 and one of 52
            LayerShape.of(2, 20, 40, 60, 32, 3, 1, 1));
    }

    static List<Arguments> forwardCases() {
        List<Arguments> cases = new ArrayList<>();
        for (Tuning.Tiles tiles : Tuning.Tiles.values()) {
            cases.add(Arguments.of(tiles, true));
            cases.add(Arguments.of(tiles, false));
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} tiles, bias {1}")
    @MethodSource("forwardCases")
    void forwardMatchesTheLoops(Tuning.Tiles tiles, boolean withBias) {
        DirectConv direct = new VectorDirectConv(tiled(tiles));
        Random random = new Random(withBias ? 11 : 12);
        List<LayerShape> shapes = new ArrayList<>(shapes());
        shapes.addAll(channelTileShapes());
        for (LayerShape s : shapes) {
            float[] x = GemmTests.toFloat(GemmTests.randoms(random, s.inputSize()));
            float[] w = GemmTests.toFloat(GemmTests.randoms(random, s.weightSize()));
            float[] b = withBias ? GemmTests.toFloat(GemmTests.randoms(random, s.k())) : null;
            double[] expected = ConvOracle.forward(s, GemmTests.toDouble(x), GemmTests.toDouble(w),
                b == null ? null : GemmTests.toDouble(b));
            // several threads first: the packed weights live in a reused buffer, and a call on one
            // thread must not hide a panel that a split packing left out
            for (int threads : new int[] {2, 3, 1}) {
                float[] y = new float[s.outputSize()];
                java.util.Arrays.fill(y, Float.NaN); // every element must be written
                direct.forward(s, x, w, b, y, threads);
                FastConv2dTests.assertClose("y " + s.describe() + " on " + threads + " threads", expected,
                    GemmTests.toDouble(y), FastConv2dTests.float32Tolerance(s.reduction()));
            }
        }
    }

    @Test
    void eachLayoutsSetUpIsMadeOnceAndServesEveryPassOfEveryKernel() {
        // the tap offsets and input rewrite of each layout, kept by the direct conv between passes:
        // a strided layer by position tiles, a stride-1 one by channel tiles and by the weight gradient
        Random random = new Random(17);
        DirectSetups setups = new DirectSetups();
        LayerShape strided = LayerShape.of(2, 3, 45, 46, 10, 7, 2, 3);
        LayerShape dense = LayerShape.of(3, 40, 9, 9, 32, 3, 1, 1);
        Tuning tuning = tiled(Tuning.Tiles.CHANNELS);
        int madeByTheFirst = 0;
        for (int pass = 0; pass < 3; pass++) {
            float[] x = GemmTests.toFloat(GemmTests.randoms(random, strided.inputSize()));
            float[] w = GemmTests.toFloat(GemmTests.randoms(random, strided.weightSize()));
            float[] b = GemmTests.toFloat(GemmTests.randoms(random, strided.k()));
            float[] y = new float[strided.outputSize()];
            PositionTiles.forward(strided, x, w, b, y, 2, Tuning.DEFAULTS.directGroupBytes(), setups);
            FastConv2dTests.assertClose("position tiles' y of pass " + pass, ConvOracle.forward(strided,
                GemmTests.toDouble(x), GemmTests.toDouble(w), GemmTests.toDouble(b)), GemmTests.toDouble(y),
                FastConv2dTests.float32Tolerance(strided.reduction()));
            float[] dx = GemmTests.toFloat(GemmTests.randoms(random, dense.inputSize()));
            float[] dw = GemmTests.toFloat(GemmTests.randoms(random, dense.weightSize()));
            float[] dyOut = new float[dense.outputSize()];
            ChannelTiles.forward(dense, dx, dw, null, dyOut, 2, tuning, setups);
            FastConv2dTests.assertClose("channel tiles' y of pass " + pass, ConvOracle.forward(dense,
                GemmTests.toDouble(dx), GemmTests.toDouble(dw), null), GemmTests.toDouble(dyOut),
                FastConv2dTests.float32Tolerance(dense.reduction()));
            float[] gradient = new float[dense.weightSize()];
            DirectWeightGradient.backwardWeights(dense, dx, dyOut, gradient, 2, tuning, setups);
            FastConv2dTests.assertClose("dw of pass " + pass, ConvOracle.backward(dense, GemmTests.toDouble(dx),
                new double[dense.weightSize()], GemmTests.toDouble(dyOut))[1], GemmTests.toDouble(gradient),
                FastConv2dTests.float32Tolerance(dense.n() * dense.oh() * dense.ow()));
            if (pass == 0) {
                madeByTheFirst = setups.made();
                assertTrue(madeByTheFirst >= 2, "a set-up per layout: " + madeByTheFirst);
            } else {
                assertEquals(madeByTheFirst, setups.made(), "pass " + pass + " made set-ups of its own");
            }
        }
        // a kept set-up is the same as one made afresh
        DirectLayout layout = DirectLayout.forPositions(strided, true);
        DirectSetups.Setup kept = setups.of(layout);
        DirectSetups.Setup fresh = DirectSetups.Setup.of(layout);
        assertEquals(madeByTheFirst, setups.made());
        org.junit.jupiter.api.Assertions.assertArrayEquals(fresh.offsets(), kept.offsets());
        assertEquals(fresh.maxOffset(), kept.maxOffset());
        assertEquals(fresh.rewrite() == null, kept.rewrite() == null);
    }

    @Test
    void atMostTheLimitOfSetUpsIsKept() {
        DirectSetups setups = new DirectSetups();
        for (int h = 3; h < 3 + DirectSetups.MOST + 10; h++) {
            setups.of(DirectLayout.forPositions(LayerShape.of(1, 1, h, 8, 1, 3, 1, 1), true));
        }
        int made = setups.made();
        setups.of(DirectLayout.forPositions(LayerShape.of(1, 1, 3 + DirectSetups.MOST + 9, 8, 1, 3, 1, 1), true));
        assertEquals(made, setups.made(), "the latest is still kept");
        setups.of(DirectLayout.forPositions(LayerShape.of(1, 1, 3, 8, 1, 3, 1, 1), true));
        assertEquals(made + 1, setups.made(), "the first was let go");
    }

    @Test
    void weightGradientMatchesTheLoops() {
        DirectConv direct = direct();
        Random random = new Random(15);
        List<LayerShape> shapes = new ArrayList<>(shapes());
        shapes.addAll(backwardDataShapes());
        // units of several images (small maps; 7 images: a last unit not full), and K and the
        // reduction not multiples of the 32-channel × 12-tap tile
        shapes.add(LayerShape.of(7, 1, 12, 12, 5, 5, 1, 0));
        shapes.add(LayerShape.of(7, 3, 5, 9, 6, 3, 1, 1));
        // 25 images of 100 positions: units of 13 and 12 (at least 11 images a unit)
        shapes.add(LayerShape.of(25, 2, 10, 10, 4, 3, 1, 1));
        // one image of 70×70 outputs: two blocks of whole rows (58 and 12 rows of 70); 1×1 read in
        // place, 6400 positions an image: a run longer than a block, one block per image
        shapes.add(LayerShape.of(1, 3, 72, 72, 5, 3, 1, 0));
        shapes.add(LayerShape.of(2, 4, 80, 80, 6, 1, 1, 0));
        // stride-1 only; reflect padding and dilation included
        shapes.removeIf(s -> s.strideH() != 1 || s.strideW() != 1);
        for (LayerShape s : shapes) {
            float[] x = GemmTests.toFloat(GemmTests.randoms(random, s.inputSize()));
            float[] dy = GemmTests.toFloat(GemmTests.randoms(random, s.outputSize()));
            double[] expected = ConvOracle.backward(s, GemmTests.toDouble(x), new double[s.weightSize()],
                GemmTests.toDouble(dy))[1];
            for (int threads : new int[] {2, 3, 1}) {
                float[] dw = new float[s.weightSize()];
                java.util.Arrays.fill(dw, Float.NaN); // every element must be written
                direct.backwardWeights(s, x, dy, dw, threads);
                FastConv2dTests.assertClose("dw " + s.describe() + " on " + threads + " threads", expected,
                    GemmTests.toDouble(dw), FastConv2dTests.float32Tolerance(s.n() * s.oh() * s.ow()));
            }
        }
    }

    @Test
    void theWeightGradientRejectsStridedLayers() {
        LayerShape strided = LayerShape.of(2, 16, 20, 40, 16, 3, 2, 1);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> direct().backwardWeights(strided, new float[strided.inputSize()], new float[strided.outputSize()],
                new float[strided.weightSize()], 1));
        assertTrue(e.getMessage().contains("stride was (2, 2)"), e.getMessage());
        assertFalse(FastConv2d.withDirect(FastBackend.gemm(), 2, direct()).directBackwardWeights(strided));
    }

    @Test
    void aNaNLeftInTheReusedBuffersByAnEarlierCallDoesNotReachTheWeightGradient() {
        DirectConv direct = direct();
        Random random = new Random(16);
        // flat tiles: t has slack past the last channel that the rewrite does not fill
        LayerShape s = LayerShape.of(2, 16, 14, 14, 8, 3, 1, 1);
        float[] poisoned = new float[s.inputSize()];
        java.util.Arrays.fill(poisoned, Float.NaN);
        float[] dy = GemmTests.toFloat(GemmTests.randoms(random, s.outputSize()));
        direct.backwardWeights(s, poisoned, dy, new float[s.weightSize()], 1);
        float[] x = GemmTests.toFloat(GemmTests.randoms(random, s.inputSize()));
        float[] dw = new float[s.weightSize()];
        direct.backwardWeights(s, x, dy, dw, 1);
        double[] expected = ConvOracle.backward(s, GemmTests.toDouble(x), new double[s.weightSize()],
            GemmTests.toDouble(dy))[1];
        FastConv2dTests.assertClose("dw after a NaN input", expected, GemmTests.toDouble(dw),
            FastConv2dTests.float32Tolerance(s.n() * s.oh() * s.ow()));
    }

    @Test
    void fastConvTakesTheDirectPathWhereItSuitsAndAgrees() {
        Random random = new Random(13);
        FastConv2d conv = new FastConv2d(FastBackend.gemm(), 2);
        LayerShape wide = LayerShape.of(2, 4, 30, 2 * VectorDirectConv.NR, 6, 3, 1, 1);
        if (DirectConv.available(Tuning.DEFAULTS).isPresent()) {
            assertTrue(conv.direct(wide), conv.plan(wide).describeForward());
            assertTrue(conv.plan(wide).describeForward().startsWith("direct conv (Vector API"),
                conv.plan(wide).describeForward());
        } else {
            // vectors narrower than 512 bits: this layer of 4 channels goes to the few-channel conv,
            // one of 17 channels to im2col + GEMM (the faster route there)
            assertEquals(ConvPlan.Route.FEW_CHANNEL, conv.plan(wide).forward(), conv.plan(wide).describeForward());
            LayerShape wider = LayerShape.of(2, 17, 30, 2 * VectorDirectConv.NR, 6, 3, 1, 1);
            assertEquals(ConvPlan.Route.IM2COL_GEMM, conv.plan(wider).forward());
            assertTrue(conv.plan(wider).describeForward().endsWith(" + " + conv.gemm().name()),
                conv.plan(wider).describeForward());
        }
        float[] x = GemmTests.toFloat(GemmTests.randoms(random, wide.inputSize()));
        float[] w = GemmTests.toFloat(GemmTests.randoms(random, wide.weightSize()));
        double[] expected = ConvOracle.forward(wide, GemmTests.toDouble(x), GemmTests.toDouble(w), null);
        FastConv2dTests.assertClose("y", expected, GemmTests.toDouble(conv.forward(wide, x, w, null)),
            FastConv2dTests.float32Tolerance(wide.reduction()));
    }

    /** Stride-1, zero-padded layers with enough input channels: their dX runs on the direct path. */
    static List<LayerShape> backwardDataShapes() {
        int nr = VectorDirectConv.NR;
        return List.of(
            // "same" 3×3 like resnet3x3_64, several images and one (the per-image split)
            LayerShape.of(3, 16, 9, nr + 5, 24, 3, 1, 1),
            LayerShape.of(1, 20, 14, 14, 32, 3, 1, 1),
            // "valid" (pad 0: dY padded by 2), a 5×5 with pad 1, and K not a multiple of 8
            LayerShape.of(2, 16, 12, nr, 13, 3, 1, 0),
            LayerShape.of(2, 17, 11, nr + 3, 9, 5, 1, 1),
            // dilation 2 with a different padding per axis, and rectangular kernels
            new LayerShape(2, 16, 13, nr + 2, 16, 3, 3, 1, 1, 2, 1, 2, 2, PaddingMode.ZEROS),
            new LayerShape(2, 16, 10, nr, 8, 2, 3, 1, 1, 0, 1, 1, 1, PaddingMode.ZEROS),
            // 1×1 like resnet1x1_256 (dY read in place)
            LayerShape.of(2, 32, 4, nr / 2, 16, 1, 1, 0),
            // weights of 2^18+ elements (like resnet3x3_256/512): turned and transposed on several threads
            LayerShape.of(2, 128, 6, 6, 256, 3, 1, 1));
    }

    @Test
    void backwardDataOnTheDirectPathMatchesTheLoops() {
        Random random = new Random(14);
        for (LayerShape s : backwardDataShapes()) {
            FastConv2d conv = FastConv2d.withDirect(FastBackend.gemm(), 2, direct());
            assertTrue(conv.directBackwardData(s), s.describe() + " should take the direct path for dX");
            float[] x = GemmTests.toFloat(GemmTests.randoms(random, s.inputSize()));
            float[] w = GemmTests.toFloat(GemmTests.randoms(random, s.weightSize()));
            float[] dy = GemmTests.toFloat(GemmTests.randoms(random, s.outputSize()));
            float[] dx = new float[x.length];
            java.util.Arrays.fill(dx, Float.NaN); // every element must be written
            float[] dw = new float[w.length];
            float[] db = new float[s.k()];
            conv.backward(s, x, w, dy, dx, dw, db);
            double[][] expected = ConvOracle.backward(s, GemmTests.toDouble(x), GemmTests.toDouble(w),
                GemmTests.toDouble(dy));
            int taps = s.kh() * s.kw();
            int pixels = s.n() * s.oh() * s.ow();
            FastConv2dTests.assertClose("dx " + s.describe(), expected[0], GemmTests.toDouble(dx),
                FastConv2dTests.float32Tolerance(s.k() * taps));
            FastConv2dTests.assertClose("dw " + s.describe(), expected[1], GemmTests.toDouble(dw),
                FastConv2dTests.float32Tolerance(pixels));
            FastConv2dTests.assertClose("db " + s.describe(), expected[2], GemmTests.toDouble(db),
                FastConv2dTests.float32Tolerance(pixels));
        }
    }

    @Test
    void backwardDataStaysOnTheGemmWhereTheTransposedLayerDoesNotFit() {
        FastConv2d conv = FastConv2d.withDirect(FastBackend.gemm(), 2, direct(), Tuning.DEFAULTS.with("winograd=off"),
            PlanCache.inMemory());
        // stride 2, reflect padding, padding past the kernel's reach, too few input channels
        assertFalse(conv.directBackwardData(LayerShape.of(2, 16, 20, 40, 16, 3, 2, 1)));
        assertFalse(conv.directBackwardData(new LayerShape(2, 16, 20, 40, 16, 3, 3, 1, 1, 1, 1, 1, 1,
            PaddingMode.REFLECT)));
        assertFalse(conv.directBackwardData(LayerShape.of(2, 16, 20, 40, 16, 3, 1, 3)));
        assertFalse(conv.directBackwardData(LayerShape.of(2, 3, 20, 40, 16, 3, 1, 1)));
        String firstLayer = conv.plan(LayerShape.of(2, 3, 20, 40, 16, 3, 1, 1)).describeBackwardData();
        assertTrue(firstLayer.startsWith("im2col in strips of ") && firstLayer.endsWith(" + col2im"), firstLayer);
        if (DirectConv.available(Tuning.DEFAULTS).isPresent()) {
            String wideData = conv.plan(LayerShape.of(2, 16, 20, 40, 16, 3, 1, 1)).describeBackwardData();
            assertTrue(wideData.startsWith("direct conv"), wideData);
        }
    }

    @Test
    void theDirectConvIsOfferedOnlyWithWideEnoughVectors() {
        boolean wideEnough = direct().vectorBits() >= DirectConv.MIN_VECTOR_BITS;
        assertEquals(wideEnough, DirectConv.available(Tuning.DEFAULTS).isPresent(), direct().vectorBits() + "-bit vectors");
    }

    @Test
    void narrowOutputsWithShortReductionsAreLeftToTheGemm() {
        // 7 output columns: position tiles would waste three quarters of their width, and 144 taps
        // are too few for channel tiles
        int ow = VectorDirectConv.NR / 4;
        LayerShape narrow = LayerShape.of(2, 16, ow, ow, 32, 3, 1, 1);
        assertFalse(direct().suits(narrow));
        FastConv2d conv = new FastConv2d(FastBackend.gemm(), 2, Tuning.DEFAULTS.with("winograd=off"));
        String forward = conv.plan(narrow).describeForward();
        assertFalse(conv.plan(narrow).forward().direct(), forward);
        // to im2col and the GEMM; with 128-bit vectors (an ARM64 machine) the few-channel conv's
        // tile is 8 positions, which 7 columns fill, and its rule takes the layer
        boolean fewChannel = FewChannelConv.available(Tuning.DEFAULTS).orElseThrow().preferred(narrow);
        assertEquals(fewChannel, FloatVector.SPECIES_PREFERRED.vectorBitSize() < 256, forward);
        assertTrue(fewChannel ? forward.startsWith("few-channel direct conv") : forward.endsWith(" + " + conv.gemm().name()),
            forward);
        assertTrue(direct().suits(LayerShape.of(8, 64, 56, 56, 64, 3, 1, 1)), "resnet3x3_64 should suit");
    }

    @Test
    void longReductionsTakeTheChannelTilesAndShortOnesThePositionTiles() {
        VectorDirectConv direct = new VectorDirectConv(Tuning.DEFAULTS);
        LayerShape resnet3x3x256 = LayerShape.of(8, 256, 14, 14, 256, 3, 1, 1);
        LayerShape resnet3x3x512 = LayerShape.of(8, 512, 7, 7, 512, 3, 1, 1);
        LayerShape resnet3x3x64 = LayerShape.of(8, 64, 56, 56, 64, 3, 1, 1);
        assertTrue(direct.byChannels(resnet3x3x256));
        assertTrue(direct.byChannels(resnet3x3x512));
        assertTrue(direct.suits(resnet3x3x512), "7×7 maps with 4608 taps suit the channel tiles");
        assertFalse(direct.byChannels(resnet3x3x64));
        // K = 40 would leave most of a second 32-channel group unused
        assertFalse(direct.byChannels(LayerShape.of(8, 256, 14, 14, 40, 3, 1, 1)));
        assertTrue(direct.describeForward(resnet3x3x256).endsWith(VectorDirectConv.CK + " channels × "
            + VectorDirectConv.CB + " positions tile)"), direct.describeForward(resnet3x3x256));
        assertTrue(direct.describeForward(resnet3x3x64).endsWith(VectorDirectConv.MR + " channels × "
            + VectorDirectConv.NR + " positions tile)"), direct.describeForward(resnet3x3x64));
        assertTrue(new VectorDirectConv(tiled(Tuning.Tiles.POSITIONS)).describeForward(resnet3x3x256)
            .contains(VectorDirectConv.MR + " channels"));
    }

    @Test
    void channelTilesTakeALargeBatchInUnitsOfImages() {
        // an image of t past unitBytes (600 channels of 42×42): a worker rewrites and tiles its
        // share one image at a time, t holding only the current one
        LayerShape s = LayerShape.of(2, 600, 40, 40, 32, 3, 1, 1);
        assertTrue((long) s.c() * 42 * 42 * Float.BYTES > Tuning.DEFAULTS.unitBytes());
        DirectConv direct = new VectorDirectConv(tiled(Tuning.Tiles.CHANNELS));
        Random random = new Random(17);
        float[] x = GemmTests.toFloat(GemmTests.randoms(random, s.inputSize()));
        float[] w = GemmTests.toFloat(GemmTests.randoms(random, s.weightSize()));
        float[] b = GemmTests.toFloat(GemmTests.randoms(random, s.k()));
        double[] expected = ConvOracle.forward(s, GemmTests.toDouble(x), GemmTests.toDouble(w), GemmTests.toDouble(b));
        for (int threads : new int[] {1, 2}) {
            float[] y = new float[s.outputSize()];
            java.util.Arrays.fill(y, Float.NaN);
            direct.forward(s, x, w, b, y, threads);
            FastConv2dTests.assertClose("y on " + threads + " threads", expected, GemmTests.toDouble(y),
                FastConv2dTests.float32Tolerance(s.reduction()));
        }
    }

    @Test
    void aNaNLeftInTheReusedBuffersByAnEarlierCallDoesNotReachTheChannelTiles() {
        // the first call leaves NaN in this thread's column panels, weight sliver, sums (K = 64) and t;
        // the second (K = 40, fewer positions) must not read any of them into what it stores
        VectorDirectConv direct = new VectorDirectConv(tiled(Tuning.Tiles.CHANNELS));
        Random random = new Random(16);
        LayerShape big = LayerShape.of(2, 20, 9, 9, 64, 3, 1, 1);
        float[] nan = new float[big.inputSize()];
        java.util.Arrays.fill(nan, Float.NaN);
        float[] nanWeights = new float[big.weightSize()];
        java.util.Arrays.fill(nanWeights, Float.NaN);
        direct.forward(big, nan, nanWeights, null, new float[big.outputSize()], 1);
        LayerShape s = LayerShape.of(1, 20, 5, 5, 40, 3, 1, 1);
        float[] x = GemmTests.toFloat(GemmTests.randoms(random, s.inputSize()));
        float[] w = GemmTests.toFloat(GemmTests.randoms(random, s.weightSize()));
        float[] y = new float[s.outputSize()];
        direct.forward(s, x, w, null, y, 1);
        FastConv2dTests.assertClose("y", ConvOracle.forward(s, GemmTests.toDouble(x), GemmTests.toDouble(w), null),
            GemmTests.toDouble(y), FastConv2dTests.float32Tolerance(s.reduction()));
    }
}

package convkit.fast;

import convkit.reference.PaddingMode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fast conv layer against the textbook loops ({@link ConvOracle}), on every backend, on
 * random shapes covering stride, padding, dilation, reflect padding, 1×1 and non-square kernels.
 *
 * <p>Tolerances. float64: 1e-10 relative to the largest |value| of the expected tensor — both
 * sides round each of the C·KH·KW products at 2⁻⁵³ and only the order of summation differs,
 * so the difference is many orders below 1e-10. float32: 1e-4 relative, times max(1, L/256)
 * for a reduction of length L (L = C·KH·KW forward and dX; N·OH·OW for dW): each float32 add
 * rounds at 2⁻²⁴ ≈ 6e-8, and the worst-case error of an L-term sum grows like L·2⁻²⁴.
 */
class FastConv2dTests {

    static List<Gemm> backends() {
        return Backends.all();
    }

    /** Random layers; the seed makes every run the same. */
    static List<LayerShape> shapes() {
        Random random = new Random(2026);
        List<LayerShape> shapes = new ArrayList<>();
        shapes.add(LayerShape.of(2, 3, 5, 5, 4, 3, 1, 1));
        shapes.add(LayerShape.of(3, 4, 6, 6, 5, 1, 1, 0)); // pointwise: no im2col
        shapes.add(new LayerShape(2, 2, 7, 9, 3, 2, 3, 2, 1, 1, 2, 1, 1, PaddingMode.ZEROS));
        shapes.add(new LayerShape(1, 3, 9, 8, 2, 3, 3, 1, 1, 2, 2, 2, 2, PaddingMode.ZEROS));
        shapes.add(new LayerShape(2, 2, 6, 7, 3, 3, 3, 1, 2, 2, 1, 1, 1, PaddingMode.REFLECT));
        shapes.add(new LayerShape(1, 2, 5, 5, 2, 1, 1, 2, 2, 0, 0, 1, 1, PaddingMode.ZEROS));
        for (int i = 0; i < 6; i++) {
            int kh = 1 + random.nextInt(4);
            int kw = 1 + random.nextInt(4);
            int dh = 1 + random.nextInt(2);
            int dw = 1 + random.nextInt(2);
            int ph = random.nextInt(3);
            int pw = random.nextInt(3);
            int h = dh * (kh - 1) + 1 + random.nextInt(8) + Math.max(0, ph - 1);
            int w = dw * (kw - 1) + 1 + random.nextInt(8) + Math.max(0, pw - 1);
            PaddingMode padding = i % 3 == 2 ? PaddingMode.REFLECT : PaddingMode.ZEROS;
            shapes.add(new LayerShape(1 + random.nextInt(3), 1 + random.nextInt(4), h, w, 1 + random.nextInt(5),
                kh, kw, 1 + random.nextInt(3), 1 + random.nextInt(3), ph, pw, dh, dw, padding));
        }
        return shapes;
    }

    @ParameterizedTest
    @MethodSource("backends")
    void float64ForwardMatchesTheLoops(Gemm gemm) {
        Random random = new Random(1);
        for (LayerShape s : shapes()) {
            double[] x = GemmTests.randoms(random, s.inputSize());
            double[] w = GemmTests.randoms(random, s.weightSize());
            double[] b = GemmTests.randoms(random, s.k());
            double[] y = new FastConv2d(gemm, 2).forward(s, x, w, b);
            assertClose("y " + s.describe(), ConvOracle.forward(s, x, w, b), y, 1e-10);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void float32ForwardMatchesTheLoops(Gemm gemm) {
        Random random = new Random(2);
        for (LayerShape s : shapes()) {
            float[] x = GemmTests.toFloat(GemmTests.randoms(random, s.inputSize()));
            float[] w = GemmTests.toFloat(GemmTests.randoms(random, s.weightSize()));
            float[] b = GemmTests.toFloat(GemmTests.randoms(random, s.k()));
            float[] y = FastConv2d.gemmOnly(gemm, 2).forward(s, x, w, b);
            double[] expected = ConvOracle.forward(s, GemmTests.toDouble(x), GemmTests.toDouble(w), GemmTests.toDouble(b));
            assertClose("y " + s.describe(), expected, GemmTests.toDouble(y), float32Tolerance(s.reduction()));
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void float64BackwardMatchesTheLoops(Gemm gemm) {
        Random random = new Random(3);
        for (LayerShape s : shapes()) {
            double[] x = GemmTests.randoms(random, s.inputSize());
            double[] w = GemmTests.randoms(random, s.weightSize());
            double[] dy = GemmTests.randoms(random, s.outputSize());
            double[] dx = new double[x.length];
            double[] dw = new double[w.length];
            double[] db = new double[s.k()];
            new FastConv2d(gemm, 2).backward(s, x, w, dy, dx, dw, db);
            double[][] expected = ConvOracle.backward(s, x, w, dy);
            assertClose("dx " + s.describe(), expected[0], dx, 1e-10);
            assertClose("dw " + s.describe(), expected[1], dw, 1e-10);
            assertClose("db " + s.describe(), expected[2], db, 1e-10);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void float32BackwardMatchesTheLoops(Gemm gemm) {
        Random random = new Random(4);
        for (LayerShape s : shapes()) {
            float[] x = GemmTests.toFloat(GemmTests.randoms(random, s.inputSize()));
            float[] w = GemmTests.toFloat(GemmTests.randoms(random, s.weightSize()));
            float[] dy = GemmTests.toFloat(GemmTests.randoms(random, s.outputSize()));
            float[] dx = new float[x.length];
            float[] dw = new float[w.length];
            float[] db = new float[s.k()];
            new FastConv2d(gemm, 2).backward(s, x, w, dy, dx, dw, db);
            double[][] expected = ConvOracle.backward(s, GemmTests.toDouble(x), GemmTests.toDouble(w), GemmTests.toDouble(dy));
            int pixels = s.n() * s.oh() * s.ow();
            assertClose("dx " + s.describe(), expected[0], GemmTests.toDouble(dx), float32Tolerance(s.reduction()));
            assertClose("dw " + s.describe(), expected[1], GemmTests.toDouble(dw), float32Tolerance(pixels));
            assertClose("db " + s.describe(), expected[2], GemmTests.toDouble(db), float32Tolerance(pixels));
        }
    }

    @Test
    void float32BackwardWithoutDxGivesTheSameWeightGradients() {
        Random random = new Random(41);
        List<LayerShape> layers = new ArrayList<>(shapes());
        layers.add(LayerShape.of(4, 1, 28, 28, 6, 5, 1, 2));  // LeNet's conv1: the direct forward where available
        layers.add(LayerShape.of(4, 16, 12, 12, 8, 3, 1, 1)); // C >= 16: the direct dX and dW where available
        FastConv2d conv = new FastConv2d(FastBackend.gemm(), 2);
        for (LayerShape s : layers) {
            float[] x = GemmTests.toFloat(GemmTests.randoms(random, s.inputSize()));
            float[] w = GemmTests.toFloat(GemmTests.randoms(random, s.weightSize()));
            float[] dy = GemmTests.toFloat(GemmTests.randoms(random, s.outputSize()));
            float[] dw = new float[w.length];
            float[] db = new float[s.k()];
            conv.backward(s, x, w, dy, new float[x.length], dw, db);
            float[] dwAlone = new float[w.length];
            float[] dbAlone = new float[s.k()];
            conv.backward(s, x, w, dy, null, dwAlone, dbAlone);
            assertArrayEquals(dw, dwAlone, "dw " + s.describe());
            assertArrayEquals(db, dbAlone, "db " + s.describe());
        }
    }

    @Test
    void float32GradientsAreTheSameOnEveryCallWhicheverThreadRanWhichUnit() {
        // units go to threads as they come free, so each call shares them out differently; the
        // sums over the batch must not depend on that (per-unit shares added in unit order)
        Random random = new Random(42);
        List<LayerShape> layers = List.of(
            LayerShape.of(8, 3, 31, 31, 8, 5, 2, 2),    // strided: dW on the GEMM, in units of images
            LayerShape.of(8, 16, 12, 12, 24, 3, 1, 1)); // stride 1, C >= 16: the direct dW where available
        FastConv2d conv = new FastConv2d(FastBackend.gemm(), 2);
        for (LayerShape s : layers) {
            float[] x = GemmTests.toFloat(GemmTests.randoms(random, s.inputSize()));
            float[] w = GemmTests.toFloat(GemmTests.randoms(random, s.weightSize()));
            float[] dy = GemmTests.toFloat(GemmTests.randoms(random, s.outputSize()));
            float[] first = null;
            for (int call = 0; call < 30; call++) {
                float[] dw = new float[w.length];
                conv.backward(s, x, w, dy, new float[x.length], dw, new float[s.k()]);
                if (first == null) {
                    first = dw;
                }
                assertArrayEquals(first, dw, "dw of call " + call + ", " + s.describe());
            }
        }
    }

    @Test
    void backwardOverwritesWhateverDxHeldOnEveryRoute() {
        // the GEMM routes zero each image of dX on the thread that adds into it; a dX full of
        // NaN must come out as it does from zeros, per image and grouped, both precisions
        Random random = new Random(11);
        for (int groupPixels : new int[] {0, Integer.MAX_VALUE}) {
            FastConv2d conv = new FastConv2d(FastBackend.gemm(), 2, groupPixels);
            for (LayerShape s : shapes()) {
                double[] x = GemmTests.randoms(random, s.inputSize());
                double[] w = GemmTests.randoms(random, s.weightSize());
                double[] dy = GemmTests.randoms(random, s.outputSize());
                float[] zeroed = new float[x.length];
                conv.backward(s, GemmTests.toFloat(x), GemmTests.toFloat(w), GemmTests.toFloat(dy), zeroed,
                    new float[w.length], null);
                float[] dirty = new float[x.length];
                java.util.Arrays.fill(dirty, Float.NaN);
                conv.backward(s, GemmTests.toFloat(x), GemmTests.toFloat(w), GemmTests.toFloat(dy), dirty,
                    new float[w.length], null);
                assertArrayEquals(zeroed, dirty, "dx of " + s.describe() + ", groupPixels " + groupPixels);
                double[] zeroed64 = new double[x.length];
                conv.backward(s, x, w, dy, zeroed64, new double[w.length], null);
                double[] dirty64 = new double[x.length];
                java.util.Arrays.fill(dirty64, Double.NaN);
                conv.backward(s, x, w, dy, dirty64, new double[w.length], null);
                assertArrayEquals(zeroed64, dirty64, "float64 dx of " + s.describe() + ", groupPixels " + groupPixels);
            }
        }
    }

    @Test
    void biasGradientIsTheExactSumOnAnyThreadsInBothPrecisions() {
        // dY of multiples of 1/64 in [-4, 4): every partial sum is exact in double, so db must be
        // the exact sum rounded once to float32 (or the exact sum, float64), whatever the threads
        // and whatever the pixel count does to the eight running sums (7, 8, 9, 35 pixels a plane)
        Random random = new Random(5);
        for (int pixelsSide : new int[] {1, 2, 3, 5}) {
            for (int oddColumn = 0; oddColumn < 2; oddColumn++) {
                LayerShape s = LayerShape.of(3, 2, pixelsSide + 2, pixelsSide + 2 + oddColumn * 4, 5, 3, 1, 0);
                float[] dy = new float[s.outputSize()];
                for (int i = 0; i < dy.length; i++) {
                    dy[i] = (random.nextInt(512) - 256) / 64f;
                }
                double[] exact = new double[s.k()];
                int pixels = s.oh() * s.ow();
                for (int i = 0; i < dy.length; i++) {
                    exact[i / pixels % s.k()] += dy[i];
                }
                for (int threads = 1; threads <= 3; threads++) {
                    FastConv2d conv = new FastConv2d(FastBackend.gemm(), threads);
                    float[] x = new float[s.inputSize()];
                    float[] w = new float[s.weightSize()];
                    float[] db = new float[s.k()];
                    conv.backward(s, x, w, dy, new float[x.length], new float[w.length], db);
                    double[] db64 = new double[s.k()];
                    conv.backward(s, GemmTests.toDouble(x), GemmTests.toDouble(w), GemmTests.toDouble(dy),
                        new double[x.length], new double[w.length], db64);
                    for (int k = 0; k < s.k(); k++) {
                        String where = "db[" + k + "] of " + s.describe() + " on " + threads + " threads";
                        assertEquals((float) exact[k], db[k], where);
                        assertEquals(exact[k], db64[k], where + ", float64");
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void float64PerImagePathMatchesTheLoops(Gemm gemm) {
        checkBothPasses(new FastConv2d(gemm, 2, 0), new Random(8));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void float64GroupedPathMatchesTheLoops(Gemm gemm) {
        checkBothPasses(new FastConv2d(gemm, 2, Integer.MAX_VALUE), new Random(9));
    }

    private static void checkBothPasses(FastConv2d conv, Random random) {
        for (LayerShape s : shapes()) {
            double[] x = GemmTests.randoms(random, s.inputSize());
            double[] w = GemmTests.randoms(random, s.weightSize());
            double[] b = GemmTests.randoms(random, s.k());
            double[] dy = GemmTests.randoms(random, s.outputSize());
            assertClose("y " + s.describe(), ConvOracle.forward(s, x, w, b), conv.forward(s, x, w, b), 1e-10);
            double[] dx = new double[x.length];
            double[] dw = new double[w.length];
            double[] db = new double[s.k()];
            conv.backward(s, x, w, dy, dx, dw, db);
            double[][] expected = ConvOracle.backward(s, x, w, dy);
            assertClose("dx " + s.describe(), expected[0], dx, 1e-10);
            assertClose("dw " + s.describe(), expected[1], dw, 1e-10);
            assertClose("db " + s.describe(), expected[2], db, 1e-10);
        }
    }

    @Test
    void float32GroupedPathMatchesTheLoops() {
        Random random = new Random(10);
        FastConv2d conv = new FastConv2d(JavaGemm.create(), 2, Integer.MAX_VALUE);
        for (LayerShape s : shapes()) {
            float[] x = GemmTests.toFloat(GemmTests.randoms(random, s.inputSize()));
            float[] w = GemmTests.toFloat(GemmTests.randoms(random, s.weightSize()));
            float[] dy = GemmTests.toFloat(GemmTests.randoms(random, s.outputSize()));
            double[] expectedY = ConvOracle.forward(s, GemmTests.toDouble(x), GemmTests.toDouble(w), null);
            assertClose("y " + s.describe(), expectedY, GemmTests.toDouble(conv.forward(s, x, w, null)),
                float32Tolerance(s.reduction()));
            float[] dx = new float[x.length];
            float[] dw = new float[w.length];
            conv.backward(s, x, w, dy, dx, dw, null);
            double[][] expected = ConvOracle.backward(s, GemmTests.toDouble(x), GemmTests.toDouble(w), GemmTests.toDouble(dy));
            assertClose("dx " + s.describe(), expected[0], GemmTests.toDouble(dx), float32Tolerance(s.reduction()));
            assertClose("dw " + s.describe(), expected[1], GemmTests.toDouble(dw),
                float32Tolerance(s.n() * s.oh() * s.ow()));
        }
    }

    @Test
    void batchParallelAndThreadedGemmGiveTheSameResult() {
        Random random = new Random(5);
        LayerShape s = LayerShape.of(3, 4, 9, 9, 6, 3, 1, 1);
        double[] x = GemmTests.randoms(random, s.inputSize());
        double[] w = GemmTests.randoms(random, s.weightSize());
        // 2 threads, 3 images: batch-parallel; 4 threads, 3 images: one threaded GEMM per image
        double[] batchParallel = new FastConv2d(JavaGemm.create(), 2, 0).forward(s, x, w, null);
        double[] threadedGemm = new FastConv2d(JavaGemm.create(), 4, 0).forward(s, x, w, null);
        assertClose("y", batchParallel, threadedGemm, 1e-12);
    }

    @Test
    void stripsSmallerThanTheImageGiveTheSameResult() {
        // 64 channels × 3×3 × 40 columns = 23,040 elements per output row: strips of several rows
        Random random = new Random(6);
        LayerShape s = LayerShape.of(1, 64, 40, 40, 3, 3, 1, 1);
        assertTrue(new FastConv2d(JavaGemm.create(), 1).stripRows(s) < s.oh(), "the layer should need several strips");
        double[] x = GemmTests.randoms(random, s.inputSize());
        double[] w = GemmTests.randoms(random, s.weightSize());
        double[] dy = GemmTests.randoms(random, s.outputSize());
        FastConv2d conv = new FastConv2d(JavaGemm.create(), 1);
        assertClose("y", ConvOracle.forward(s, x, w, null), conv.forward(s, x, w, null), 1e-10);
        double[] dx = new double[x.length];
        double[] dw = new double[w.length];
        conv.backward(s, x, w, dy, dx, dw, null);
        double[][] expected = ConvOracle.backward(s, x, w, dy);
        assertClose("dx", expected[0], dx, 1e-10);
        assertClose("dw", expected[1], dw, 1e-10);
    }

    @Test
    void inputOfTheWrongLengthIsRejectedWithTheLayer() {
        LayerShape s = LayerShape.of(1, 2, 4, 4, 3, 3, 1, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
            new FastConv2d(JavaGemm.scalar(), 1).forward(s, new float[31], new float[54], null));
        assertTrue(e.getMessage().contains("x must have 32 elements for layer 1,2,4,4 K3 3×3 s1 p1, but has 31"),
            e.getMessage());
    }

    @Test
    void kernelLargerThanThePaddedInputIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
            LayerShape.of(1, 1, 3, 3, 1, 5, 1, 0));
        assertTrue(e.getMessage().contains("kernel 5 (dilation 1, spans 5) does not fit in 3 + 2·0 = 3 pixels"),
            e.getMessage());
    }

    @Test
    void reflectPaddingAsWideAsTheInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () ->
            new LayerShape(1, 1, 3, 3, 1, 3, 3, 1, 1, 3, 3, 1, 1, PaddingMode.REFLECT));
    }

    static double float32Tolerance(int reduction) {
        return 1e-4 * Math.max(1, reduction / 256.0);
    }

    /** JUnit-style message: the first differing element, expected, actual, tolerance. */
    static void assertClose(String what, double[] expected, double[] actual, double relative) {
        if (expected.length != actual.length) {
            throw new AssertionError(what + ": expected " + expected.length + " elements but was " + actual.length);
        }
        double scale = Math.max(GemmTests.maxAbs(expected), 1e-30);
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(expected[i] - actual[i]) <= relative * scale)) {
                throw new AssertionError(what + " differs at [" + i + "]: expected <" + expected[i] + "> but was <"
                    + actual[i] + "> (tolerance " + relative + " × " + scale + ")");
            }
        }
    }
}

package convkit.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.reference.PaddingMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The few-channel direct conv ({@link VectorFewChannelConv}, kernel {@link PhasedRows}) against
 * the textbook loops on a grid of small layers whose output rows are narrower than its tile, a
 * tile wide, a little wider and two tiles and some wide (every way a row ends), with padding of
 * both modes, dilation, strides 1-2 along H and 1-3 along W, channel counts that leave the last
 * block of four part-empty, and batches smaller and larger than the threads; at this JVM's vector
 * width and, in child JVMs, at 128 and 256 bits. Then where the plans take it.
 */
class FewChannelConvTests {

    private static FewChannelConv conv() {
        return FewChannelConv.available(Tuning.DEFAULTS).orElseThrow(() ->
            new AssertionError("the few-channel conv should load: the tests run with jdk.incubator.vector"));
    }

    /** Output widths that end a row in each way: narrower than a tile, one tile, one more, two tiles and some. */
    private static int[] outputWidths() {
        int tile = PhasedRows.TILE;
        return new int[] {1, tile - 1, tile, tile + 1, 2 * tile + 3};
    }

    /**
     * Runs every layer of the grid through {@code conv} and compares y with {@link ConvOracle};
     * throws AssertionError naming the first layer and element that differ. The count of layers run.
     */
    static int checkGrid(FewChannelConv conv) {
        Random random = new Random(15);
        int[][] kernels = {{1, 1}, {3, 3}, {5, 5}, {2, 3}, {3, 1}};
        int count = 0;
        for (int c : new int[] {1, 3}) {
            for (int[] kernel : kernels) {
                for (int pad = 0; pad <= 2; pad++) {
                    for (PaddingMode mode : PaddingMode.values()) {
                        for (int dilation = 1; dilation <= 2; dilation++) {
                            for (int strideH = 1; strideH <= 2; strideH++) {
                              for (int strideW = 1; strideW <= 3; strideW++) {
                                for (int ow : outputWidths()) {
                                    int oh = new int[] {1, 2, 5, 9}[count % 4];
                                    int w = (ow - 1) * strideW + (kernel[1] - 1) * dilation + 1 - 2 * pad;
                                    int h = (oh - 1) * strideH + (kernel[0] - 1) * dilation + 1 - 2 * pad;
                                    if (w < 1 || h < 1 || mode == PaddingMode.REFLECT && (pad >= w || pad >= h)) {
                                        continue;
                                    }
                                    int k = new int[] {1, 5, 4, 2, 7, 3, 6, 8}[count % 8]; // every count in a last block of four
                                    // whole images a unit (9 images), or rows of an image a unit
                                    int n = new int[] {1, 9, 2}[count % 3];
                                    int threads = 1 + count % 3;
                                    boolean bias = count % 5 != 0;
                                    LayerShape s = new LayerShape(n, c, h, w, k, kernel[0], kernel[1], strideH, strideW,
                                        pad, pad, dilation, dilation, mode);
                                    check(conv, s, random, bias, threads);
                                    count++;
                                }
                              }
                            }
                        }
                    }
                }
            }
        }
        return count;
    }

    /** One layer: y (filled with NaN first, so that an element left unwritten fails) against the oracle. */
    private static void check(FewChannelConv conv, LayerShape s, Random random, boolean withBias, int threads) {
        float[] x = random(s.inputSize(), random);
        float[] w = random(s.weightSize(), random);
        float[] bias = withBias ? random(s.k(), random) : null;
        float[] y = new float[s.outputSize()];
        Arrays.fill(y, Float.NaN);
        conv.forward(s, x, w, bias, y, threads);
        FastConv2dTests.assertClose("y of " + s.describe() + (withBias ? "" : " without bias") + " on " + threads
                + " threads, " + VectorFewChannelConv.L + " lanes",
            ConvOracle.forward(s, GemmTests.toDouble(x), GemmTests.toDouble(w), bias == null ? null
                : GemmTests.toDouble(bias)), GemmTests.toDouble(y), FastConv2dTests.float32Tolerance(s.reduction()));
    }

    private static float[] random(int length, Random random) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = random.nextFloat() * 2 - 1;
        }
        return values;
    }

    @Test
    void everyLayerOfTheGridMatchesTheTextbookLoops() {
        assertTrue(checkGrid(conv()) > 500, "the grid should hold hundreds of layers");
    }

    @Test
    void narrowerVectorsGiveTheSameResults() throws IOException, InterruptedException {
        for (int bytes : new int[] {16, 32}) {
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.add("--add-modules=jdk.incubator.vector");
            command.add("-XX:MaxVectorSize=" + bytes);
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(FewChannelConvProbe.class.getName());
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the child JVM did not finish: " + out);
            assertEquals(0, process.exitValue(), out);
            int lanes = Integer.parseInt(out.replaceAll("(?s).*lanes (\\d+).*", "$1"));
            assertTrue(lanes <= bytes / 4, "MaxVectorSize=" + bytes + " should give at most " + bytes / 4
                + " lanes: " + out);
        }
    }

    @Test
    void itSuitsLayersOfUpTo363Taps() {
        assertTrue(FewChannelConv.suits(LayerShape.of(64, 1, 28, 28, 20, 5, 1, 0)));
        assertTrue(FewChannelConv.suits(LayerShape.of(8, 3, 224, 224, 64, 7, 2, 3)), "resnet_conv1: 147 taps, stride 2");
        assertTrue(FewChannelConv.suits(LayerShape.of(8, 3, 227, 227, 96, 11, 4, 0)), "alexnet_conv1: 363 taps, stride 4");
        assertTrue(FewChannelConv.suits(LayerShape.of(1, 40, 9, 9, 8, 3, 1, 1)), "40·3·3 = 360 taps");
        assertFalse(FewChannelConv.suits(LayerShape.of(1, 41, 9, 9, 8, 3, 1, 1)), "41·3·3 = 369 taps");
        assertFalse(FewChannelConv.suits(LayerShape.of(8, 4, 227, 227, 96, 11, 4, 0)), "4·11·11 = 484 taps");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> conv().forward(LayerShape.of(1, 41, 9, 9, 8, 3, 1, 1), new float[41 * 81], new float[8 * 369], null,
                new float[8 * 81], 1));
        assertTrue(e.getMessage().contains("C·KH·KW <= 363") && e.getMessage().contains("1,41,9,9"), e.getMessage());
    }

    @Test
    void withDirectOffItIsNotOffered() {
        assertTrue(FewChannelConv.available(Tuning.DEFAULTS.with("direct=off")).isEmpty());
    }

    @Test
    void theRulesTakeItForFewInputChannelsAndRowsTheTilesCoverAndMeasuredPlansTimeIt() {
        int tile = PhasedRows.TILE;
        // mnist_5x5's kind of layer: rows of a tile and a half (a third of the tiles' outputs computed twice)
        LayerShape first = LayerShape.of(4, 1, tile * 3 / 2 + 4, tile * 3 / 2 + 4, 20, 5, 1, 0);
        FastConv2d noDirect = FastConv2d.withDirect(JavaGemm.create(), 2, null);
        ConvPlan plan = noDirect.plan(first);
        assertEquals(ConvPlan.Route.FEW_CHANNEL, plan.forward(), plan.describe());
        assertTrue(plan.describeForward().startsWith("few-channel direct conv"), plan.describeForward());
        assertEquals(ConvPlan.Route.IM2COL_GEMM, plan.backwardData(), "the backward keeps its GEMM routes");
        assertTrue(noDirect.forwardCandidates(first).stream().anyMatch(p -> p.forward() == ConvPlan.Route.IM2COL_GEMM),
            "a measured plan times im2col against it");
        check(noDirect, first);
        // more input channels than the rules' bound, rows far narrower than a tile: the rules keep
        // a GEMM route, a measured plan still times the few-channel conv
        for (LayerShape other : List.of(LayerShape.of(4, 17, tile + 2, tile + 2, 8, 3, 1, 0),
                LayerShape.of(4, 1, tile / 2 + 4, tile / 2 + 4, 20, 5, 1, 0))) {
            assertNotEquals(ConvPlan.Route.FEW_CHANNEL, noDirect.plan(other).forward(), other.describe());
            assertTrue(noDirect.forwardCandidates(other).stream()
                .anyMatch(p -> p.forward() == ConvPlan.Route.FEW_CHANNEL), other.describe());
        }
        // 1×1 layers stay on the GEMM (x is its own column matrix)
        assertEquals(ConvPlan.Route.POINTWISE_GEMM, noDirect.plan(LayerShape.of(2, 3, 8, 8, 4, 1, 1, 0)).forward());
        // where the direct conv takes the layer, the few-channel conv is a candidate, not the rules' choice
        DirectConv direct = DirectConv.anyWidth(Tuning.DEFAULTS).orElseThrow();
        FastConv2d withDirect = FastConv2d.withDirect(JavaGemm.create(), 2, direct);
        if (withDirect.direct(first)) {
            assertTrue(withDirect.plan(first).forward().direct());
            assertTrue(withDirect.forwardCandidates(first).stream()
                .anyMatch(p -> p.forward() == ConvPlan.Route.FEW_CHANNEL));
        }
    }

    @Test
    void theRulesTakeItForStridedLayersWithFewChannelsAndAKernelLargerThanOne() {
        FastConv2d noDirect = FastConv2d.withDirect(JavaGemm.create(), 2, null);
        // resnet_conv1's kind of layer: 3 channels, 7×7, stride 2, padding 3
        LayerShape first = LayerShape.of(2, 3, 60, 60, 16, 7, 2, 3);
        ConvPlan plan = noDirect.plan(first);
        assertEquals(ConvPlan.Route.FEW_CHANNEL, plan.forward(), plan.describe());
        assertTrue(plan.describeForward().contains("column phases"), plan.describeForward());
        assertTrue(noDirect.forwardCandidates(first).stream().anyMatch(p -> p.forward() == ConvPlan.Route.IM2COL_GEMM),
            "a measured plan times im2col against it");
        check(noDirect, first);
        check(noDirect, new LayerShape(3, 2, 23, 31, 5, 3, 5, 3, 2, 1, 2, 1, 2, PaddingMode.REFLECT));
        // many channels, or 1×1 (a strided 1×1 layer only subsamples x for the GEMM): the rules keep
        // the GEMM and a measured plan still times the kernel where it suits
        for (LayerShape other : List.of(LayerShape.of(2, 32, 20, 20, 16, 3, 2, 1), LayerShape.of(2, 64, 20, 20, 32, 1, 2, 0))) {
            assertTrue(FewChannelConv.suits(other), other.describe());
            ConvPlan.Route route = noDirect.plan(other).forward();
            assertTrue(route == ConvPlan.Route.IM2COL_GEMM || route == ConvPlan.Route.GROUPED_GEMM,
                other.describe() + ": " + route);
            assertTrue(noDirect.forwardCandidates(other).stream()
                .anyMatch(p -> p.forward() == ConvPlan.Route.FEW_CHANNEL), other.describe());
        }
    }

    private static void check(FastConv2d conv, LayerShape s) {
        Random random = new Random(3);
        float[] x = random(s.inputSize(), random);
        float[] w = random(s.weightSize(), random);
        float[] bias = random(s.k(), random);
        float[] y = conv.forward(s, x, w, bias);
        FastConv2dTests.assertClose("y of " + s.describe(), ConvOracle.forward(s, GemmTests.toDouble(x),
            GemmTests.toDouble(w), GemmTests.toDouble(bias)), GemmTests.toDouble(y),
            FastConv2dTests.float32Tolerance(s.reduction()));
    }
}

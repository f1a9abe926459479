package convkit.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The plan of a layer: each pass's route and the threads, decided by FastConv2d.plan. */
class ConvPlanTests {

    private static final LayerShape RESNET3X3_64 = LayerShape.of(8, 64, 56, 56, 64, 3, 1, 1);
    private static final Tuning GEMM_ONLY = Tuning.DEFAULTS.with("direct=off,winograd=off");

    /**
     * With the direct conv whatever this machine's vector width (the tests load the Vector API),
     * and without Winograd, so that the direct conv's rules decide.
     */
    private static FastConv2d withDirect(int threads) {
        return FastConv2d.withDirect(JavaGemm.create(), threads, DirectConv.anyWidth(Tuning.DEFAULTS).orElseThrow(),
            Tuning.DEFAULTS.with("winograd=off"), PlanCache.inMemory());
    }

    @Test
    void theRulesTakeWinogradForEveryPassOf3x3LayersWithEnoughChannels() {
        FastConv2d conv = new FastConv2d(JavaGemm.create(), 2, Tuning.DEFAULTS, PlanCache.inMemory());
        for (LayerShape s : java.util.List.of(RESNET3X3_64, LayerShape.of(8, 512, 7, 7, 512, 3, 1, 1),
                LayerShape.of(8, 3, 227, 227, 96, 11, 4, 0))) {
            ConvPlan plan = conv.plan(s);
            assertEquals(java.util.List.of(ConvPlan.Route.WINOGRAD, ConvPlan.Route.WINOGRAD, ConvPlan.Route.WINOGRAD),
                java.util.List.of(plan.forward(), plan.backwardData(), plan.backwardWeights()), s.describe());
            assertTrue(plan.describe().startsWith("forward: Winograd F(4×4, 3×3)"), plan.describe());
        }
        // resnet3x3_512's kernels are too large to transform whole: blocks of them, where the vectors allow
        ConvPlan late = conv.plan(LayerShape.of(8, 512, 7, 7, 512, 3, 1, 1));
        String blocks = "kernels transformed " + WinogradKernelBlocks.BLOCK
            + " output channels at a time and multiplied by channel tiles";
        assertEquals(WinogradKernelBlocks.suits(), late.describeForward().contains(blocks), late.describe());
        assertEquals(WinogradKernelBlocks.suits(), late.describeBackwardData().contains(blocks), late.describe());
        assertEquals(WinogradKernelBlocks.suits(),
            late.describeBackwardWeights().contains("and turned into dW in cache"),
            late.describe());
        assertTrue(conv.plan(RESNET3X3_64).describeForward().endsWith("36 GEMMs on " + conv.gemm().name()));
        // a first layer (3 input channels at stride 1) and a 5×5 layer: not Winograd's
        assertTrue(conv.plan(LayerShape.of(2, 3, 32, 32, 64, 3, 1, 1)).forward() != ConvPlan.Route.WINOGRAD);
        assertTrue(conv.plan(LayerShape.of(2, 32, 32, 32, 64, 5, 1, 2)).forward() != ConvPlan.Route.WINOGRAD);
    }

    @Test
    void aPointwiseLayerGoesToNativeBlasForEveryPassButToTheDirectConvWithTheJavaGemm() {
        LayerShape resnet1x1 = LayerShape.of(8, 256, 56, 56, 64, 1, 1, 0);
        ConvPlan onJava = withDirect(2).plan(resnet1x1);
        assertTrue(onJava.forward().direct(), onJava.describe());
        NativeBlas blas = BlasLibraries.discover().blas().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(blas != null, "no native BLAS on this machine");
        ConvPlan nativePlan = FastConv2d.withDirect(blas, 2, DirectConv.anyWidth(Tuning.DEFAULTS).orElseThrow(),
            Tuning.DEFAULTS.with("winograd=off"), PlanCache.inMemory()).plan(resnet1x1);
        assertEquals(java.util.List.of(ConvPlan.Route.POINTWISE_GEMM, ConvPlan.Route.POINTWISE_GEMM,
                ConvPlan.Route.POINTWISE_GEMM),
            java.util.List.of(nativePlan.forward(), nativePlan.backwardData(), nativePlan.backwardWeights()),
            nativePlan.describe());
        // a 3×3 layer on the same BLAS keeps the direct conv
        assertTrue(FastConv2d.withDirect(blas, 2, DirectConv.anyWidth(Tuning.DEFAULTS).orElseThrow(),
            Tuning.DEFAULTS.with("winograd=off"), PlanCache.inMemory()).plan(RESNET3X3_64).forward().direct());
    }

    @Test
    void aWideStrideOneLayerRunsEveryPassDirectWithImagesOverTheThreads() {
        ConvPlan plan = withDirect(2).plan(RESNET3X3_64);
        assertEquals(ConvPlan.Route.DIRECT, plan.forward());
        assertEquals(ConvPlan.Route.DIRECT, plan.backwardData());
        assertEquals(ConvPlan.Route.DIRECT, plan.backwardWeights());
        assertEquals(2, plan.workers());
        assertEquals(1, plan.gemmThreads());
        assertTrue(plan.describe().startsWith("forward: direct conv (Vector API"), plan.describe());
        assertTrue(plan.describe().endsWith("; 2 images at a time, GEMMs on 1 thread"), plan.describe());
    }

    @Test
    void withDirectOffTheSameLayerRunsIm2colInStrips() {
        ConvPlan plan = new FastConv2d(JavaGemm.create(), 2, GEMM_ONLY).plan(RESNET3X3_64);
        assertEquals(ConvPlan.Route.IM2COL_GEMM, plan.forward());
        assertEquals(ConvPlan.Route.IM2COL_GEMM, plan.backwardData());
        assertEquals(ConvPlan.Route.IM2COL_GEMM, plan.backwardWeights());
        assertTrue(plan.describe().startsWith("forward: im2col in strips of " + plan.stripRows() + " rows + Java GEMM"),
            plan.describe());
        assertTrue(plan.describe().contains(" + col2im; dW: im2col in strips of "), plan.describe());
    }

    @Test
    void fewOutputPixelsGroupImagesIntoOneGemm() {
        // resnet3x3_512: 7×7 = 49 output pixels per image, at most groupPixels (256)
        ConvPlan plan = new FastConv2d(JavaGemm.create(), 2, GEMM_ONLY).plan(LayerShape.of(8, 512, 7, 7, 512, 3, 1, 1));
        assertEquals(ConvPlan.Route.GROUPED_GEMM, plan.forward());
        assertTrue(plan.describe().startsWith("forward: im2col of image groups + "), plan.describe());
    }

    @Test
    void aPointwiseLayerSkipsIm2col() {
        ConvPlan plan = new FastConv2d(JavaGemm.create(), 2, GEMM_ONLY).plan(LayerShape.of(8, 256, 56, 56, 64, 1, 1, 0));
        assertEquals(ConvPlan.Route.POINTWISE_GEMM, plan.forward());
        assertEquals(ConvPlan.Route.POINTWISE_GEMM, plan.backwardData());
    }

    @Test
    void oneImageGivesEveryThreadToEachGemm() {
        ConvPlan plan = new FastConv2d(JavaGemm.create(), 2, GEMM_ONLY).plan(RESNET3X3_64.withBatch(1));
        assertEquals(1, plan.workers());
        assertEquals(2, plan.gemmThreads());
        assertTrue(plan.describe().endsWith("; one image at a time, GEMMs on 2 threads"), plan.describe());
    }

    @Test
    void twoInputChannelsKeepTheBackwardOnTheGemm() {
        // fewer than 16 input channels: most of the transposed layer's channel panels would be empty
        ConvPlan plan = withDirect(2).plan(LayerShape.of(2, 3, 20, 64, 16, 3, 1, 1));
        assertEquals(ConvPlan.Route.DIRECT, plan.forward());
        assertEquals(ConvPlan.Route.IM2COL_GEMM, plan.backwardData());
        assertEquals(ConvPlan.Route.IM2COL_GEMM, plan.backwardWeights());
    }

    @Test
    void aPlanOfAnotherInstanceIsRejected() {
        ConvPlan plan = new FastConv2d(JavaGemm.create(), 1, GEMM_ONLY).plan(RESNET3X3_64.withBatch(1));
        FastConv2d other = new FastConv2d(JavaGemm.create(), 2, GEMM_ONLY);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> other.forward(plan,
            new float[plan.shape().inputSize()], new float[plan.shape().weightSize()], null,
            new float[plan.shape().outputSize()]));
        assertTrue(e.getMessage().contains("was made by another FastConv2d (threads 1)"), e.getMessage());
    }
}

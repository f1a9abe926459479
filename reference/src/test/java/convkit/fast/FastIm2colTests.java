package convkit.fast;

import convkit.reference.PaddingMode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** im2col and col2im as adjoints: ⟨im2col(x), c⟩ = ⟨x, col2im(c)⟩ (float64, 1e-12: the same products summed in another order). */
class FastIm2colTests {

    @Test
    void col2imIsTheAdjointOfIm2colForEveryTestLayer() {
        Random random = new Random(7);
        for (LayerShape s : FastConv2dTests.shapes()) {
            LayerShape one = s.withBatch(1);
            FastIm2col.Plan plan = FastIm2col.plan(one);
            double[] x = GemmTests.randoms(random, one.inputSize());
            double[] c = GemmTests.randoms(random, one.reduction() * one.oh() * one.ow());
            double[] col = new double[c.length];
            FastIm2col.im2col(one, plan, x, 0, 0, one.oh(), col);
            double[] back = new double[x.length];
            FastIm2col.col2im(one, plan, c, 0, one.oh(), back, 0);
            assertEquals(dot(col, c), dot(x, back), 1e-12 * Math.max(1, Math.abs(dot(col, c))), one.describe());
        }
    }

    @Test
    void stridedReflectColumnsReadTheMirroredPixels() {
        // 1 channel, 1×4 input [10, 11, 12, 13], 1×3 kernel, stride 2, pad 1 reflect:
        // padded row is [11, 10, 11, 12, 13, 12]; windows start at 0 and 2
        LayerShape s = new LayerShape(1, 1, 1, 4, 1, 1, 3, 1, 2, 0, 1, 1, 1, PaddingMode.REFLECT);
        float[] x = {10, 11, 12, 13};
        float[] col = new float[3 * 2];
        FastIm2col.im2col(s, FastIm2col.plan(s), x, 0, 0, 1, col);
        assertEquals("[11.0, 11.0, 10.0, 12.0, 11.0, 13.0]", java.util.Arrays.toString(col));
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}

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
            DoubleIm2col.im2col(one, plan, x, 0, 0, one.oh(), col);
            double[] back = new double[x.length];
            DoubleIm2col.col2im(one, plan, c, 0, one.oh(), back, 0);
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
        FloatIm2col.im2col(s, FastIm2col.plan(s), x, 0, 0, 1, col);
        assertEquals("[11.0, 11.0, 10.0, 12.0, 11.0, 13.0]", java.util.Arrays.toString(col));
    }

    @Test
    void stridedFloat32ColumnsMatchTheReferenceIm2col() {
        checkStridedColumns((s, plan, x, image, oh0, oh1) -> {
            float[] single = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                single[i] = (float) x[i];
            }
            float[] col = new float[s.reduction() * (oh1 - oh0) * s.ow()];
            FloatIm2col.im2col(s, plan, single, image, oh0, oh1, col);
            return GemmTests.toDouble(col);
        });
    }

    @Test
    void stridedFloat64ColumnsMatchTheReferenceIm2col() {
        // the generated float64 twin has the shifted copies too (the hand-written one had only the strided loop)
        checkStridedColumns((s, plan, x, image, oh0, oh1) -> {
            double[] col = new double[s.reduction() * (oh1 - oh0) * s.ow()];
            DoubleIm2col.im2col(s, plan, x, image, oh0, oh1, col);
            return col;
        });
    }

    /** The columns of output rows [oh0, oh1) of one image, in one precision, as doubles. */
    private interface Strip {
        double[] columns(LayerShape s, FastIm2col.Plan plan, double[] x, int image, int oh0, int oh1);
    }

    /**
     * Stride 2 and 4 without dilation take the shifted-copy path (row j = row j − S moved by one);
     * the shapes put the right edge both inside and outside the input (hi = OW and hi < OW). Each
     * image is built in two strips, the second starting mid-image, as FastConv2d does; the input
     * values are floats, so both precisions must match the reference exactly.
     */
    private static void checkStridedColumns(Strip strip) {
        LayerShape[] shapes = {
            LayerShape.of(2, 3, 23, 23, 2, 7, 2, 3),  // resnet_conv1 in small
            LayerShape.of(2, 2, 27, 27, 2, 11, 4, 0), // alexnet_conv1 in small
            LayerShape.of(1, 2, 12, 13, 1, 5, 3, 2),
            LayerShape.of(1, 1, 9, 10, 1, 4, 2, 1),
        };
        Random random = new Random(11);
        for (LayerShape s : shapes) {
            double[] x = GemmTests.randoms(random, s.inputSize());
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) x[i];
            }
            convkit.reference.Tensor tensor = convkit.reference.Tensor.of(x, s.n(), s.c(), s.h(), s.w());
            FastIm2col.Plan plan = FastIm2col.plan(s);
            int pixels = s.oh() * s.ow();
            for (int image = 0; image < s.n(); image++) {
                double[] expected = convkit.reference.Im2col.im2col(tensor, image, s.kh(), s.kw(), s.spec()).data();
                int split = s.oh() / 2;
                double[] top = strip.columns(s, plan, x, image, 0, split);
                double[] bottom = strip.columns(s, plan, x, image, split, s.oh());
                // rows of col: the two strips side by side
                double[] col = new double[s.reduction() * pixels];
                for (int r = 0; r < s.reduction(); r++) {
                    System.arraycopy(top, r * top.length / s.reduction(), col, r * pixels, top.length / s.reduction());
                    System.arraycopy(bottom, r * bottom.length / s.reduction(), col, r * pixels + split * s.ow(),
                        bottom.length / s.reduction());
                }
                for (int i = 0; i < col.length; i++) {
                    assertEquals(expected[i], col[i], 0, s.describe() + " image " + image + " element " + i);
                }
            }
        }
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}

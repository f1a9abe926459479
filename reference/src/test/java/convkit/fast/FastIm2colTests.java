package convkit.fast;

import convkit.reference.PaddingMode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
            DoubleIm2col.col2im(one, plan, c.clone(), 0, one.oh(), back, 0); // col2im uses its col as scratch
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

    /**
     * Every strip [oh0, oh1) of every layer of a grid (strides 1-3 along H and 1-2 along W,
     * dilation 1-2 both ways, kernels with more rows than the stride and fewer, both padding
     * modes) written into columns [colOffset, colOffset + strip) of a col with longer rows, as the
     * grouped route does, in both precisions: the values of the reference im2col, exactly (moved
     * up from the kernel row a stride earlier, or read from x), and nothing outside the strip's columns.
     */
    @Test
    void everyStripOfASmallGridMatchesTheReferenceIm2col() {
        assertTrue(forEachGridLayer(FastIm2colTests::checkEveryStrip) > 200);
    }

    /**
     * col2im of every strip of the same grid, written from columns [colOffset, colOffset + strip)
     * of a col with longer rows, added over dx strip by strip, against the reference col2im of the
     * whole image: the same sums in another order, and exact, as every value is a small integer.
     */
    @Test
    void col2imOfEveryStripOfASmallGridMatchesTheReferenceCol2im() {
        assertTrue(forEachGridLayer(FastIm2colTests::checkCol2imStrips) > 200);
    }

    /** Runs {@code check} on every layer of the grid (random values from one seed); the count of layers. */
    private static int forEachGridLayer(java.util.function.BiConsumer<LayerShape, Random> check) {
        Random random = new Random(5);
        int[][] kernels = {{3, 3}, {5, 2}, {1, 3}, {4, 4}};
        int layers = 0;
        for (int[] kernel : kernels) {
            for (int strideH = 1; strideH <= 3; strideH++) {
                for (int strideW = 1; strideW <= 2; strideW++) {
                    for (int dilation = 1; dilation <= 2; dilation++) {
                        for (int pad = 0; pad <= 2; pad++) {
                            for (PaddingMode mode : PaddingMode.values()) {
                                int h = 9 + layers % 3;
                                int w = 8 + layers % 2;
                                if (mode == PaddingMode.REFLECT && pad >= Math.min(h, w)
                                    || (kernel[0] - 1) * dilation + 1 > h + 2 * pad
                                    || (kernel[1] - 1) * dilation + 1 > w + 2 * pad) {
                                    continue;
                                }
                                LayerShape s = new LayerShape(2, 2, h, w, 1, kernel[0], kernel[1], strideH, strideW, pad,
                                    pad, dilation, dilation, mode);
                                check.accept(s, random);
                                layers++;
                            }
                        }
                    }
                }
            }
        }
        return layers;
    }

    private static void checkCol2imStrips(LayerShape s, Random random) {
        int pixels = s.oh() * s.ow();
        double[] values = new double[s.reduction() * pixels];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextInt(17) - 8;
        }
        int image = 1;
        int plane = s.c() * s.h() * s.w();
        double[] expected = convkit.reference.Im2col.col2im(
            convkit.reference.Tensor.of(values, s.reduction(), pixels), s.c(), s.h(), s.w(), s.kh(), s.kw(), s.spec())
            .data();
        FastIm2col.Plan plan = FastIm2col.plan(s);
        // strips as the routes cut them: every strip length, the last one shorter
        for (int strip = 1; strip <= s.oh(); strip++) {
            float[] dx32 = new float[s.n() * plane];
            double[] dx64 = new double[s.n() * plane];
            for (int oh0 = 0; oh0 < s.oh(); oh0 += strip) {
                int oh1 = Math.min(s.oh(), oh0 + strip);
                int length = (oh1 - oh0) * s.ow();
                int offset = 2;
                int ld = length + 3;
                float[] col32 = new float[s.reduction() * ld];
                double[] col64 = new double[s.reduction() * ld];
                for (int r = 0; r < s.reduction(); r++) {
                    for (int e = 0; e < length; e++) {
                        col64[r * ld + offset + e] = values[r * pixels + oh0 * s.ow() + e];
                        col32[r * ld + offset + e] = (float) col64[r * ld + offset + e];
                    }
                }
                FloatIm2col.col2im(s, plan, col32, offset, ld, oh0, oh1, dx32, image);
                DoubleIm2col.col2im(s, plan, col64, offset, ld, oh0, oh1, dx64, image);
            }
            for (int i = 0; i < dx64.length; i++) {
                boolean inImage = i / plane == image;
                double want = inImage ? expected[i - image * plane] : 0;
                String where = s.describe() + " strips of " + strip + " rows, dx element " + i;
                assertEquals(want, dx32[i], 0, "float32 " + where);
                assertEquals(want, dx64[i], 0, "float64 " + where);
            }
        }
    }

    private static void checkEveryStrip(LayerShape s, Random random) {
        double[] x = GemmTests.randoms(random, s.inputSize());
        float[] single = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            single[i] = (float) x[i];
            x[i] = single[i];
        }
        convkit.reference.Tensor tensor = convkit.reference.Tensor.of(x, s.n(), s.c(), s.h(), s.w());
        FastIm2col.Plan plan = FastIm2col.plan(s);
        int pixels = s.oh() * s.ow();
        int image = 1;
        double[] expected = convkit.reference.Im2col.im2col(tensor, image, s.kh(), s.kw(), s.spec()).data();
        for (int oh0 = 0; oh0 < s.oh(); oh0++) {
            for (int oh1 = oh0 + 1; oh1 <= s.oh(); oh1++) {
                int length = (oh1 - oh0) * s.ow();
                int offset = 3;
                int ld = length + 5;
                float[] single32 = new float[s.reduction() * ld];
                double[] double64 = new double[s.reduction() * ld];
                java.util.Arrays.fill(single32, Float.NaN);
                java.util.Arrays.fill(double64, Double.NaN);
                FloatIm2col.im2col(s, plan, single, image, oh0, oh1, single32, offset, ld);
                DoubleIm2col.im2col(s, plan, x, image, oh0, oh1, double64, offset, ld);
                for (int r = 0; r < s.reduction(); r++) {
                    for (int e = 0; e < ld; e++) {
                        String where = s.describe() + " strip [" + oh0 + ", " + oh1 + ") row " + r + " column " + e;
                        boolean inside = e >= offset && e < offset + length;
                        double want = inside ? expected[r * pixels + oh0 * s.ow() + e - offset] : Double.NaN;
                        assertEquals(want, single32[r * ld + e], 0, "float32 " + where);
                        assertEquals(want, double64[r * ld + e], 0, "float64 " + where);
                    }
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

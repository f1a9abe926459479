package convkit.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import convkit.reference.Padding;
import org.junit.jupiter.api.Test;

/**
 * The layouts of the direct conv's rewritten input on their own: which layout a layer gets,
 * and, for every layout, that the value an output's tap reads from t (at the output's
 * {@code position} + the tap's {@code offset}, after {@link InputRewrite}) is the padded input
 * value the textbook loops multiply there. The tiles rely on nothing else of t.
 */
class DirectLayoutTests {

    private static final LayerShape RESNET3X3_64 = LayerShape.of(8, 64, 56, 56, 64, 3, 1, 1);
    private static final LayerShape MNIST_5X5 = LayerShape.of(64, 1, 28, 28, 20, 5, 1, 0);

    @Test
    void eachLayerGetsTheLayoutThatWastesFewestLanes() {
        // OW 56 in rows of 58: flat tiles waste 4% of their lanes, row tiles 14%
        assertInstanceOf(DirectLayout.Flat.class, DirectLayout.forPositions(RESNET3X3_64, true));
        // 25 taps, 576 outputs an image: one long row of whole tiles
        assertInstanceOf(DirectLayout.Shifted.class, DirectLayout.forPositions(MNIST_5X5, true));
        // 1×1, stride 1, unpadded, H·W a multiple of NR: x itself
        int nr = VectorDirectConv.NR;
        assertInstanceOf(DirectLayout.InPlace.class, DirectLayout.forPositions(LayerShape.of(2, 16, 4, nr, 8, 1, 1, 0), true));
        // a short reduction at stride 2: neither flat (under 128 taps) nor shifted (stride 1 only)
        assertInstanceOf(DirectLayout.Rows.class, DirectLayout.forPositions(LayerShape.of(2, 3, 45, 46, 10, 3, 2, 1), true));
    }

    @Test
    void anImageSharedByWorkersIsNeverReadInPlaceOrShifted() {
        // its output rows go to several workers: the one long row of those two layouts cannot be split
        assertInstanceOf(DirectLayout.StridePhases.class, DirectLayout.forPositions(MNIST_5X5, false));
        int nr = VectorDirectConv.NR;
        assertInstanceOf(DirectLayout.StridePhases.class,
            DirectLayout.forPositions(LayerShape.of(1, 16, 4, nr, 8, 1, 1, 0), false));
    }

    @Test
    void aUnitHoldsAtLeastOneImage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> DirectLayout.forUnits(RESNET3X3_64, 0));
        assertTrue(e.getMessage().contains("images was 0"), e.getMessage());
    }

    @Test
    void theChannelsOfAUnitAreAnOddNumberOfCacheLinesApart() {
        DirectLayout unit = DirectLayout.forUnits(LayerShape.of(8, 256, 14, 14, 256, 3, 1, 1), 8);
        assertEquals(1, unit.channelStride() / 16 % 2, "channel stride " + unit.channelStride());
        assertTrue(unit.channelStride() >= 8 * unit.plane());
    }

    @Test
    void xIsNotRewrittenWhereItIsReadInPlace() {
        DirectLayout inPlace = new DirectLayout.InPlace(LayerShape.of(2, 16, 4, VectorDirectConv.NR, 8, 1, 1, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new InputRewrite(inPlace));
        assertTrue(e.getMessage().contains("in place"), e.getMessage());
    }

    @Test
    void everyTapOfEveryOutputReadsItsPaddedInputValue() {
        List<LayerShape> shapes = new ArrayList<>(DirectConvTests.shapes());
        shapes.addAll(DirectConvTests.channelTileShapes());
        Random random = new Random(21);
        int checked = 0;
        for (LayerShape s : shapes) {
            float[] x = GemmTests.toFloat(GemmTests.randoms(random, s.inputSize()));
            // one image's t for the position tiles (whole images or shared), a unit of every image for the others
            for (Object[] layoutImages : new Object[][] {{DirectLayout.forPositions(s, true), 1},
                {DirectLayout.forPositions(s, false), 1}, {DirectLayout.forUnits(s, s.n()), s.n()}}) {
                DirectLayout layout = (DirectLayout) layoutImages[0];
                int images = (int) layoutImages[1];
                if (layout instanceof DirectLayout.InPlace) {
                    // t is x: image m at m·C·H·W
                    for (int image = 0; image < s.n(); image++) {
                        checked += checkTaps(layout, x, image * s.c() * s.h() * s.w(), x, image);
                    }
                    continue;
                }
                // NaN wherever the rewrite writes nothing: a tap that reads there fails
                float[] t = new float[layout.size()];
                java.util.Arrays.fill(t, Float.NaN);
                InputRewrite rewrite = new InputRewrite(layout);
                for (int image = 0; image < images; image++) {
                    rewrite.rewrite(x, image, 0, s.c(), t, image * layout.plane());
                }
                for (int image = 0; image < images; image++) {
                    checked += checkTaps(layout, t, image * layout.plane(), x, image);
                }
            }
        }
        assertTrue(checked > 1_000_000, "only " + checked + " taps checked");
    }

    /** Checks every tap of every output of {@code image}, whose t starts at {@code at}; returns how many. */
    private static int checkTaps(DirectLayout layout, float[] t, int at, float[] x, int image) {
        LayerShape s = layout.shape();
        int count = 0;
        for (int c = 0; c < s.c(); c++) {
            for (int i = 0; i < s.kh(); i++) {
                for (int j = 0; j < s.kw(); j++) {
                    int offset = layout.offset(c, i, j);
                    for (int oy = 0; oy < s.oh(); oy++) {
                        int row = Padding.source(oy * s.strideH() + i * s.dilationH() - s.padH(), s.h(), s.padding());
                        for (int ox = 0; ox < s.ow(); ox++) {
                            int col = Padding.source(ox * s.strideW() + j * s.dilationW() - s.padW(), s.w(),
                                s.padding());
                            float expected = row < 0 || col < 0 ? 0f
                                : x[((image * s.c() + c) * s.h() + row) * s.w() + col];
                            float actual = t[at + layout.position(oy * s.ow() + ox) + offset];
                            if (Float.compare(expected, actual) != 0) {
                                throw new AssertionError(layout.getClass().getSimpleName() + " of " + s.describe()
                                    + ": output (n=" + image + ", y=" + oy + ", x=" + ox + ") tap (c=" + c + ", i=" + i
                                    + ", j=" + j + ") read <" + actual + "> but the padded input is <" + expected + ">");
                            }
                            count++;
                        }
                    }
                }
            }
        }
        return count;
    }
}

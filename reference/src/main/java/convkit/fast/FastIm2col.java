package convkit.fast;

import convkit.reference.Padding;
import convkit.reference.PaddingMode;

/**
 * im2col and col2im for the fast path: the coordinate {@link Plan} of a layer, shared by
 * {@link FloatIm2col} (float32) and its generated twin {@code DoubleIm2col} (float64), which
 * build the column matrix a strip of output rows at a time (so that of a large layer fits in cache).
 *
 * <p>Same results as the readable {@code convkit.reference.Im2col}, organised for speed: the
 * input coordinate of every (kernel tap, output row/column) is computed once in a {@link Plan}
 * (−1 where the tap reads padding).
 *
 * <pre>
 *   LayerShape s = LayerShape.of(1, 1, 4, 4, 1, 3, 1, 1);
 *   FastIm2col.Plan plan = FastIm2col.plan(s);
 *   float[] col = new float[9 * 16];          // [C·KH·KW][OH·OW]
 *   FloatIm2col.im2col(s, plan, x, 0, 0, s.oh(), col);
 * </pre>
 */
public final class FastIm2col {

    private FastIm2col() {
    }

    /** Precomputed input coordinates of one layer. */
    public static final class Plan {
        final int oh;
        final int ow;
        /** [KH][OH]: input row read by kernel row i at output row y ({@link Padding#source}), or −1 (zero padding). */
        final int[] rowIndex;
        /** [KW][OW]: input column read by kernel column j at output column x, or −1. */
        final int[] colIndex;
        /** Zero padding: tap j reads input column x·strideW + shift[j] for x in [lo[j], hi[j]), zeros elsewhere. */
        final boolean zeros;
        /** The stride along W. */
        final int strideW;
        final int[] lo;
        final int[] hi;
        final int[] shift;

        private Plan(LayerShape s) {
            oh = s.oh();
            ow = s.ow();
            boolean reflect = s.padding() == PaddingMode.REFLECT;
            rowIndex = new int[s.kh() * oh];
            for (int i = 0; i < s.kh(); i++) {
                for (int y = 0; y < oh; y++) {
                    rowIndex[i * oh + y] = Padding.source(y * s.strideH() - s.padH() + i * s.dilationH(), s.h(), s.padding());
                }
            }
            colIndex = new int[s.kw() * ow];
            lo = new int[s.kw()];
            hi = new int[s.kw()];
            shift = new int[s.kw()];
            for (int j = 0; j < s.kw(); j++) {
                int first = ow;
                int last = -1;
                for (int x = 0; x < ow; x++) {
                    int iw = Padding.source(x * s.strideW() - s.padW() + j * s.dilationW(), s.w(), s.padding());
                    colIndex[j * ow + x] = iw;
                    if (iw >= 0) {
                        first = Math.min(first, x);
                        last = Math.max(last, x);
                    }
                }
                lo[j] = Math.min(first, last + 1);
                hi[j] = last + 1;
                shift[j] = j * s.dilationW() - s.padW();
            }
            zeros = !reflect;
            strideW = s.strideW();
        }
    }

    /** The coordinate plan of a layer (cheap: KH·OH + KW·OW ints). */
    public static Plan plan(LayerShape s) {
        return new Plan(s);
    }
}

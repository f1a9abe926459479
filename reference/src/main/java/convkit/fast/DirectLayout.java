package convkit.fast;

import static convkit.fast.VectorDirectConv.NR;
import static convkit.fast.VectorDirectConv.roundUp;

/**
 * How t, the direct conv's rewrite of the input, is laid out: one record per layout. In every
 * layout the value that tap (c, i, j) of the output at {@code position(p)} multiplies sits at
 * {@code position(p) + offset(c, i, j)} of an image's t, and NR outputs that follow each other
 * in a tiled row read NR neighbouring values, so a tile reads them as vector loads.
 *
 * <pre>
 *   InPlace  x itself: a 1×1, stride-1, unpadded layer; an image's outputs are one row of H·W
 *   Shifted  KW copies of each channel, copy j shifted j·dilationW columns left and cut to OW:
 *            an image's outputs are one long row, y·OW + x (short reductions at stride 1)
 *   Rows     each padded input row split into its stride phases, [c][row][phase][q]: tiles run
 *            along one output row, and a row's last tile computes lanes past OW that are not stored
 *   Flat     the rows split into stride phases too, [c][row phase][column phase][row][q]: output
 *            (y, x) at y·wq + x, so a tile may end one row and start the next, and only the few
 *            columns between rows are computed and not stored
 * </pre>
 *
 * Rows and Flat are the {@link StridePhases} layouts.
 * {@link #forPositions} chooses for the position tiles, {@link #forUnits} for the channel tiles and
 * the weight gradient (whose t holds a unit of images, channel by channel). {@link VectorDirectConv}
 * explains the waste each layout avoids.
 */
sealed interface DirectLayout permits DirectLayout.InPlace, DirectLayout.Shifted, DirectLayout.StridePhases {

    /** The layer. */
    LayerShape shape();

    /** Output rows as the position tiles run over them: OH, or 1 where an image's outputs are one long row. */
    int tiledRows();

    /** Outputs per tiled row: OW, or an image's outputs (H·W in place, OH·OW shifted). */
    int tiledColumns();

    /** Length of one copy of a row of t (a stride phase, or a shifted copy). */
    int wq();

    /** Distance between two rows of t within a copy block (stride phases side by side: strideW·wq). */
    int rowSize();

    /** Rows of t per channel (flat: per column phase) that the rewrite fills. */
    int rowsInT();

    /** One image's channel of t. */
    int plane();

    /** Where channel c starts in t: c·channelStride (a unit of images: image m of channel c at c·channelStride + m·plane). */
    int channelStride();

    /** Floats of t, slack included (0 in place). */
    int size();

    /** Copies of each input row in t: its stride phases, or (shifted) KW copies. */
    int copies();

    /** Distance between two copies of a row in t. */
    int copyStride();

    /** Padded input columns between neighbours of a copy: strideW, or 1 for shifted copies. */
    int copyStep();

    /** The padded input column of copy m's first value: m (a stride phase), or m·dilationW (a shifted copy). */
    int copyShift(int copy);

    /** Where tap (c, i, j) reads t, from the position of the output it serves. */
    int offset(int c, int i, int j);

    /** Where input row {@code row} (padded coordinates) of channel c starts in t. */
    int rowStart(int c, int row);

    /** Where output pixel (y, x) = (pixel div OW, pixel mod OW) of an image reads t: its tap offsets count from here. */
    int position(int pixel);

    /** {@link #offset} of every tap, in the order of w's reduction (c, i, j). */
    default int[] tapOffsets() {
        LayerShape s = shape();
        int[] offsets = new int[s.reduction()];
        int r = 0;
        for (int c = 0; c < s.c(); c++) {
            for (int i = 0; i < s.kh(); i++) {
                for (int j = 0; j < s.kw(); j++) {
                    offsets[r++] = offset(c, i, j);
                }
            }
        }
        return offsets;
    }

    /**
     * The position tiles' layout of one image. With whole images per worker, x is read in place
     * where it can be, and t is shifted where that wastes fewer lanes than rows or flat tiles
     * (an image's outputs are not split over workers in those two); otherwise flat where that
     * wastes no more lanes than rows.
     */
    static DirectLayout forPositions(LayerShape s, boolean wholeImages) {
        if (wholeImages && VectorDirectConv.pointwiseInPlace(s)) {
            return new InPlace(s);
        }
        if (wholeImages && VectorDirectConv.shiftedWaste(s)
            < Math.min(VectorDirectConv.rowWaste(s.ow()), VectorDirectConv.flatWaste(s))) {
            return Shifted.of(s);
        }
        return rowsOrFlat(s, 0);
    }

    /**
     * The layout of a unit of {@code images} images, channel by channel (the channel tiles, the
     * weight gradient): flat where that wastes no more lanes than rows. Never in place: the
     * callers read x directly where {@link VectorDirectConv#pointwiseInPlace} allows.
     */
    static DirectLayout forUnits(LayerShape s, int images) {
        if (images < 1) {
            throw new IllegalArgumentException("a unit of t holds at least one image, but images was " + images
                + " for " + s.describe());
        }
        return rowsOrFlat(s, images);
    }

    private static DirectLayout rowsOrFlat(LayerShape s, int images) {
        return VectorDirectConv.flatWaste(s) <= VectorDirectConv.rowWaste(s.ow()) ? Flat.of(s, images)
            : Rows.of(s, images);
    }

    /**
     * The channel stride of a unit of {@code images} images (an odd number of 64-byte lines, see
     * {@link #oddLines}), or the plane for one image's t (images = 0).
     */
    private static int unitStride(int plane, int images) {
        return images > 0 ? oddLines(images * plane) : plane;
    }

    /**
     * The length rounded up to an odd number of 64-byte lines. Channels a power of two apart
     * (resnet3x3_256: 8 images of 16×16, 8 KiB) fall on the same few cache sets, and a tile
     * reading a few rows of every channel then evicts its own lines from L1 and L2.
     */
    static int oddLines(int length) {
        int lines = (length + 15) / 16;
        return (lines % 2 == 0 ? lines + 1 : lines) * 16;
    }

    /** x is t: a 1×1, stride-1, unpadded layer, each image one long output row of H·W columns. */
    record InPlace(LayerShape shape) implements DirectLayout {

        // equality written out, as for every layout: layouts are keys looked up on every pass
        // (DirectSetups), and a record's own equality, built at run time from method handles, was
        // compiled inside a suite's timed runs (.bench/emr-2026-12-06g.md)
        @Override public boolean equals(Object o) { return o instanceof InPlace l && shape.equals(l.shape); }
        @Override public int hashCode() { return shape.hashCode(); }
        @Override public int tiledRows() { return 1; }
        @Override public int tiledColumns() { return shape.h() * shape.w(); }
        @Override public int wq() { return tiledColumns(); }
        @Override public int rowSize() { return wq(); }
        @Override public int rowsInT() { return 1; }
        @Override public int plane() { return wq(); }
        @Override public int channelStride() { return plane(); }
        @Override public int size() { return 0; }
        @Override public int copies() { return 1; }
        @Override public int copyStride() { return wq(); }
        @Override public int copyStep() { return 1; }
        @Override public int copyShift(int copy) { return 0; }
        @Override public int offset(int c, int i, int j) { return c * plane(); }
        @Override public int rowStart(int c, int row) { return c * channelStride() + row * wq(); }
        @Override public int position(int pixel) { return pixel; }
    }

    /**
     * KW copies of each input channel, copy j shifted left by j·dilationW columns and cut to OW
     * columns: t[c][j][row][x] = padded input (c, row, x + j·dilationW). Output (y, x) of tap
     * (c, i, j) reads t at (c·KW + j)·plane + i·dilationH·OW + y·OW + x, so the outputs of an image
     * are one long row, y·OW + x: tiles run over it in order with no lane between rows, and only
     * an image's last tile is partly unused. For stride 1 and short reductions, where t (KW times
     * the input) is small and flat tiles do not pay.
     *
     * @param rows rows of t per copy: every row a tap reads, OH + (KH − 1)·dilationH
     */
    record Shifted(LayerShape shape, int rows) implements DirectLayout {

        @Override public boolean equals(Object o) {
            return o instanceof Shifted l && rows == l.rows && shape.equals(l.shape);
        }
        @Override public int hashCode() { return 31 * shape.hashCode() + rows; }

        static Shifted of(LayerShape s) {
            return new Shifted(s, s.oh() + (s.kh() - 1) * s.dilationH());
        }

        @Override public int tiledRows() { return 1; }
        @Override public int tiledColumns() { return shape.oh() * shape.ow(); }
        @Override public int wq() { return shape.ow(); }
        @Override public int rowSize() { return wq(); }
        @Override public int rowsInT() { return rows; }
        @Override public int plane() { return rows * wq(); }
        @Override public int channelStride() { return shape.kw() * plane(); }
        /** The last tile of an image reads up to NR lanes past its last output. */
        @Override public int size() { return shape.c() * channelStride() + NR; }
        @Override public int copies() { return shape.kw(); }
        @Override public int copyStride() { return plane(); }
        @Override public int copyStep() { return 1; }
        @Override public int copyShift(int copy) { return copy * shape.dilationW(); }

        @Override
        public int offset(int c, int i, int j) {
            return c * channelStride() + j * plane() + i * shape.dilationH() * wq();
        }

        @Override public int rowStart(int c, int row) { return c * channelStride() + row * wq(); }
        @Override public int position(int pixel) { return pixel; }
    }

    /**
     * The two layouts whose rows are split into stride phases, side by side: copy m of a row of
     * t is phase m, the padded input columns m, m + strideW, m + 2·strideW, ...; the tiles run
     * over OH rows of OW outputs.
     */
    sealed interface StridePhases extends DirectLayout permits Rows, Flat {
        @Override default int tiledRows() { return shape().oh(); }
        @Override default int tiledColumns() { return shape().ow(); }
        @Override default int rowSize() { return shape().strideW() * wq(); }
        @Override default int copies() { return shape().strideW(); }
        @Override default int copyStep() { return shape().strideW(); }
        @Override default int copyShift(int copy) { return copy; }

        /** Two layouts of stride phases of one kind alike: shape, row width, rows of t, channel stride, size. */
        static boolean alike(StridePhases a, Object o) {
            return o instanceof StridePhases b && a.getClass() == b.getClass() && a.wq() == b.wq()
                && a.rowsInT() == b.rowsInT() && a.channelStride() == b.channelStride() && a.size() == b.size()
                && a.shape().equals(b.shape());
        }

        /** A hash of what {@link #alike} compares. */
        static int hash(StridePhases a) {
            return (((a.shape().hashCode() * 31 + a.wq()) * 31 + a.rowsInT()) * 31 + a.channelStride()) * 31 + a.size();
        }
    }

    /**
     * Each padded input row split into its stride phases (for stride 2, the even columns, then
     * the odd ones): t[c][row][phase][q] = padded input (c, row, q·strideW + phase). Output (y, x)
     * reads t at y·strideH·rowSize + x, tap (c, i, j) at
     * c·channelStride + i·dilationH·rowSize + ((j·dilationW) mod strideW)·wq + (j·dilationW) div strideW.
     *
     * @param wq            a phase of a row: every q a tile can read, the last lane of a row's
     *                      last tile (OW rounded up to NR for one image's position tiles, OW for
     *                      a unit, whose tiles visit only the outputs) + (KW − 1)·dilationW div strideW
     * @param rows          rows of t per channel: every row a tile reads
     * @param channelStride see {@link DirectLayout#channelStride}
     * @param size          floats of t; a unit has a plane of zero slack after its last channel
     */
    record Rows(LayerShape shape, int wq, int rows, int channelStride, int size) implements StridePhases {

        @Override public boolean equals(Object o) { return StridePhases.alike(this, o); }
        @Override public int hashCode() { return StridePhases.hash(this); }

        /** For one image's position tiles (images = 0), or for a unit of that many images. */
        static Rows of(LayerShape s, int images) {
            int lanes = images > 0 ? s.ow() : roundUp(s.ow(), NR);
            int wq = lanes + (s.kw() - 1) * s.dilationW() / s.strideW();
            int rows = (s.oh() - 1) * s.strideH() + (s.kh() - 1) * s.dilationH() + 1;
            int plane = rows * s.strideW() * wq;
            int channelStride = unitStride(plane, images);
            return new Rows(s, wq, rows, channelStride, s.c() * channelStride + (images > 0 ? plane + NR : 0));
        }

        @Override public int rowsInT() { return rows; }
        @Override public int plane() { return rows * rowSize(); }
        @Override public int copyStride() { return wq; }

        @Override
        public int offset(int c, int i, int j) {
            int down = i * shape.dilationH();
            int tap = j * shape.dilationW();
            int sw = shape.strideW();
            return c * channelStride + down * rowSize() + (tap % sw) * wq + tap / sw;
        }

        @Override public int rowStart(int c, int row) { return c * channelStride + row * rowSize(); }

        @Override
        public int position(int pixel) {
            int oy = pixel / shape.ow();
            return oy * shape.strideH() * rowSize() + pixel - oy * shape.ow();
        }
    }

    /**
     * The rows of the input split into their stride phases like the columns,
     * t[c][row phase][column phase][row / strideH][column / strideW], so that output (y, x) of
     * every tap sits at y·wq + x: a vector of neighbouring positions may end one output row and
     * start the next, and the lanes on the few columns between rows are computed and not
     * stored. For stride 1 the layout is {@link Rows}' with rows OW + (KW − 1)·dilationW wide.
     *
     * @param wq            a row of the grid: OW + (KW − 1)·dilationW div strideW
     * @param gridRows      rows of the grid per (row phase, column phase) block: OH rounded up
     *                      to even (a flat tile reads up to NR positions past the last output row)
     *                      + (KH − 1)·dilationH div strideH
     * @param channelStride see {@link DirectLayout#channelStride}
     * @param size          floats of t; flat tiles of the last channel read up to NR + wq past its plane
     */
    record Flat(LayerShape shape, int wq, int gridRows, int channelStride, int size) implements StridePhases {

        @Override public boolean equals(Object o) { return StridePhases.alike(this, o); }
        @Override public int hashCode() { return StridePhases.hash(this); }

        /** For one image's position tiles (images = 0), or for a unit of that many images. */
        static Flat of(LayerShape s, int images) {
            int wq = s.ow() + (s.kw() - 1) * s.dilationW() / s.strideW();
            int gridRows = (s.oh() + 1) / 2 * 2 + (s.kh() - 1) * s.dilationH() / s.strideH();
            int plane = s.strideH() * s.strideW() * gridRows * wq;
            int channelStride = unitStride(plane, images);
            return new Flat(s, wq, gridRows, channelStride,
                s.c() * channelStride + (images > 0 ? plane + NR : NR + wq));
        }

        /** One (row phase, column phase) block of t. */
        int block() {
            return gridRows * wq;
        }

        @Override public int rowsInT() { return gridRows * shape.strideH(); }
        @Override public int plane() { return shape.strideH() * shape.strideW() * block(); }
        @Override public int copyStride() { return block(); }

        @Override
        public int offset(int c, int i, int j) {
            int down = i * shape.dilationH();
            int tap = j * shape.dilationW();
            int sh = shape.strideH();
            int sw = shape.strideW();
            return c * channelStride + (down % sh) * sw * block() + (tap % sw) * block() + down / sh * wq + tap / sw;
        }

        @Override
        public int rowStart(int c, int row) {
            int sh = shape.strideH();
            return c * channelStride + (row % sh) * shape.strideW() * block() + row / sh * wq;
        }

        @Override
        public int position(int pixel) {
            int oy = pixel / shape.ow();
            return oy * wq + pixel - oy * shape.ow();
        }
    }
}

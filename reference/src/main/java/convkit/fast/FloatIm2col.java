package convkit.fast;

/**
 * im2col and col2im on float32 arrays, a strip of output rows at a time, following a
 * {@link FastIm2col.Plan} (the input coordinates of every tap, computed once per layer).
 *
 * <p>With zero padding each row of col is a run of zeros, a copy of one input row (a block copy
 * at stride 1, a strided loop otherwise), and zeros. Strided taps past the first S of a kernel
 * row (S: the stride along W over the dilation) are block copies of the row S taps earlier
 * shifted by one output column (see {@code copyShifted}). Kernel rows past the first S (the same
 * along H) are the row S taps earlier moved up by one output row: all but the strip's last output
 * row are one block copy of col. col2im runs the same relations backwards: it first adds each moved row into
 * the row it was moved from (runs of col the JIT vectorises), then scatters only what is left.
 *
 * <pre>
 *   LayerShape s = LayerShape.of(1, 1, 4, 4, 1, 3, 1, 1);
 *   float[] col = new float[9 * 16];          // [C·KH·KW][OH·OW]
 *   FloatIm2col.im2col(s, FastIm2col.plan(s), x, 0, 0, s.oh(), col);
 * </pre>
 *
 * <p>One source for both precisions: only this single-precision file is written by hand; the
 * build generates its 64-bit twin from it (reference/src/build/java/DoubleTwins.java).
 */
public final class FloatIm2col {

    private FloatIm2col() {
    }

    /**
     * Gathers output rows [oh0, oh1) of image {@code image}: col [C·KH·KW][(oh1−oh0)·OW].
     * Row (c, i, j) of col holds x[c][ih][iw] for every output pixel, where ih, iw are the
     * input coordinates tap (i, j) reads (0 outside the input with zero padding).
     */
    public static void im2col(LayerShape s, FastIm2col.Plan plan, float[] x, int image, int oh0, int oh1, float[] col) {
        im2col(s, plan, x, image, oh0, oh1, col, 0, (oh1 - oh0) * plan.ow);
    }

    /** As above, into the columns [colOffset, colOffset + (oh1−oh0)·OW) of a col whose rows are ldCol long. */
    public static void im2col(LayerShape s, FastIm2col.Plan plan, float[] x, int image, int oh0, int oh1, float[] col,
                              int colOffset, int ldCol) {
        int oh = plan.oh;
        int ow = plan.ow;
        int xImage = image * s.c() * s.h() * s.w();
        int rowShift = shift(s.strideH(), s.dilationH(), oh1 - oh0);
        int columnShift = shift(s.strideW(), s.dilationW(), ow);
        // rows of col: input channel, kernel row, kernel column
        for (int c = 0; c < s.c(); c++) {
            int xPlane = xImage + c * s.h() * s.w();
            for (int i = 0; i < s.kh(); i++) {
                for (int j = 0; j < s.kw(); j++) {
                    int row = colOffset + ((c * s.kh() + i) * s.kw() + j) * ldCol;
                    int lo = plan.lo[j];
                    int hi = plan.hi[j];
                    int shift = plan.shift[j];
                    int first = oh0;
                    if (i >= rowShift) {
                        // the strip's output rows but its last: row (c, i − rowShift, j) from its second output row on
                        System.arraycopy(col, row - rowShift * s.kw() * ldCol + ow, col, row, (oh1 - oh0 - 1) * ow);
                        first = oh1 - 1;
                    }
                    // output rows of the strip (its last only, when moved up)
                    for (int y = first; y < oh1; y++) {
                        int ih = plan.rowIndex[i * oh + y];
                        int dst = row + (y - oh0) * ow;
                        if (ih < 0) {
                            java.util.Arrays.fill(col, dst, dst + ow, 0);
                        } else if (plan.zeros) {
                            int src = xPlane + ih * s.w() + shift;
                            if (lo > 0) {
                                java.util.Arrays.fill(col, dst, dst + lo, 0);
                            }
                            if (plan.strideW == 1) {
                                System.arraycopy(x, src + lo, col, dst + lo, hi - lo);
                            } else if (j >= columnShift) {
                                copyShifted(plan, x, src, col, dst, dst - columnShift * ldCol, lo, hi);
                            } else {
                                int stride = plan.strideW;
                                for (int xo = lo; xo < hi; xo++) {
                                    col[dst + xo] = x[src + xo * stride];
                                }
                            }
                            if (hi < ow) {
                                java.util.Arrays.fill(col, dst + hi, dst + ow, 0);
                            }
                        } else {
                            int src = xPlane + ih * s.w();
                            int[] colIndex = plan.colIndex;
                            int base = j * ow;
                            for (int xo = 0; xo < ow; xo++) {
                                int iw = colIndex[base + xo];
                                col[dst + xo] = iw < 0 ? 0 : x[src + iw];
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Strided rows without a strided gather (the path of the big stride-2 and stride-4 first
     * layers, resnet_conv1 and alexnet_conv1). With stride S and dilation D dividing it, tap j
     * reads input column xo·S + j·D − padW, which is what tap j − S/D reads at output column
     * xo + 1 ({@link #shift}): so row j of col is row j − S/D (already filled, S/D rows of col
     * earlier) shifted left by one element, a block copy instead of a scalar strided loop. Only
     * the last output column has no right neighbour in row j − S/D; it is read from x. Fills
     * [lo, hi) of the output row starting at dst; prev is where the same output row starts in
     * row j − S/D.
     */
    private static void copyShifted(FastIm2col.Plan plan, float[] x, int src, float[] col, int dst, int prev, int lo, int hi) {
        // xo in [lo, hi) with xo + 1 < OW: in row j − S/D at xo + 1, inside its [lo, hi) since the input column is the same
        int copied = Math.min(hi, plan.ow - 1);
        if (copied > lo) {
            System.arraycopy(col, prev + lo + 1, col, dst + lo, copied - lo);
        }
        for (int xo = Math.max(lo, copied); xo < hi; xo++) {
            col[dst + xo] = x[src + xo * plan.strideW];
        }
    }

    /**
     * The adjoint of {@link #im2col}: scatter-adds col [C·KH·KW][(oh1−oh0)·OW] into image
     * {@code image} of dx (reads that fell on padding are dropped; reflected reads go back to
     * the pixel they mirrored). col is scratch: its rows are summed into one another first
     * ({@link #fold}), so it holds other values afterwards.
     */
    public static void col2im(LayerShape s, FastIm2col.Plan plan, float[] col, int oh0, int oh1, float[] dx, int image) {
        col2im(s, plan, col, 0, (oh1 - oh0) * plan.ow, oh0, oh1, dx, image);
    }

    /** As above, from the columns [colOffset, colOffset + (oh1−oh0)·OW) of a col whose rows are ldCol long. */
    public static void col2im(LayerShape s, FastIm2col.Plan plan, float[] col, int colOffset, int ldCol, int oh0, int oh1,
                              float[] dx, int image) {
        int oh = plan.oh;
        int ow = plan.ow;
        int rowShift = shift(s.strideH(), s.dilationH(), oh1 - oh0);
        int columnShift = shift(s.strideW(), s.dilationW(), ow);
        fold(s, col, colOffset, ldCol, oh1 - oh0, ow, rowShift, columnShift);
        int xImage = image * s.c() * s.h() * s.w();
        // rows of col: input channel, kernel row, kernel column
        for (int c = 0; c < s.c(); c++) {
            int xPlane = xImage + c * s.h() * s.w();
            for (int i = 0; i < s.kh(); i++) {
                for (int j = 0; j < s.kw(); j++) {
                    int row = colOffset + ((c * s.kh() + i) * s.kw() + j) * ldCol;
                    // what fold left to scatter: the last output row of a moved kernel row, the last column of a moved kernel column
                    int first = i >= rowShift ? oh1 - 1 : oh0;
                    int from = j >= columnShift ? ow - 1 : 0;
                    int lo = Math.max(from, plan.lo[j]);
                    int hi = plan.hi[j];
                    int shift = plan.shift[j];
                    // output rows of the strip
                    for (int y = first; y < oh1; y++) {
                        int ih = plan.rowIndex[i * oh + y];
                        if (ih < 0) {
                            continue;
                        }
                        int src = row + (y - oh0) * ow;
                        int dst = xPlane + ih * s.w();
                        if (plan.zeros) {
                            int d = dst + shift;
                            int stride = plan.strideW;
                            for (int xo = lo; xo < hi; xo++) {
                                dx[d + xo * stride] += col[src + xo];
                            }
                        } else {
                            int[] colIndex = plan.colIndex;
                            int base = j * ow;
                            for (int xo = from; xo < ow; xo++) {
                                int iw = colIndex[base + xo];
                                if (iw >= 0) {
                                    dx[dst + iw] += col[src + xo];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Along one axis, kernel tap i reads at output position p what tap i − shift reads at p + 1:
     * shift is the stride over the dilation, when the dilation divides the stride (kernel rows
     * along H, kernel columns along W). MAX_VALUE when no tap is moved: {@code outputs} (the
     * strip's output rows, or OW) is 1, or the dilation does not divide the stride.
     */
    private static int shift(int stride, int dilation, int outputs) {
        return outputs > 1 && stride % dilation == 0 ? stride / dilation : Integer.MAX_VALUE;
    }

    /**
     * Sums col's rows into the rows that write to the same input pixels, so that col2im scatters
     * few of them: tap (c, i, j) at output row y goes where tap (c, i − rowShift, j) goes at y + 1,
     * so its values but the strip's last output row are added there (kernel rows from the last
     * down, each carrying what the rows below it added); then, in what is left to scatter, tap
     * (c, i, j) at output column x goes where tap (c, i, j − columnShift) goes at x + 1 (the same
     * for kernel columns). Each value keeps its input pixel, padding included (dropped or
     * mirrored at the scatter as it would have been); strided scatters remain only for the first
     * rowShift kernel rows and columnShift kernel columns. The adds are over runs of col, which
     * the JIT vectorises.
     */
    private static void fold(LayerShape s, float[] col, int colOffset, int ldCol, int rows, int ow, int rowShift,
                             int columnShift) {
        int kh = s.kh();
        int kw = s.kw();
        for (int c = 0; c < s.c(); c++) {
            for (int i = kh - 1; i >= rowShift; i--) {
                for (int j = 0; j < kw; j++) {
                    int from = colOffset + ((c * kh + i) * kw + j) * ldCol;
                    add(col, from, from - rowShift * kw * ldCol + ow, (rows - 1) * ow);
                }
            }
            for (int i = 0; i < kh; i++) {
                int y0 = i >= rowShift ? rows - 1 : 0;
                for (int j = kw - 1; j >= columnShift; j--) {
                    int from = colOffset + ((c * kh + i) * kw + j) * ldCol;
                    int to = from - columnShift * ldCol + 1;
                    for (int y = y0; y < rows; y++) {
                        add(col, from + y * ow, to + y * ow, ow - 1);
                    }
                }
            }
        }
    }

    /** col [to, to + length) += col [from, from + length), two runs in different rows of col. */
    private static void add(float[] col, int from, int to, int length) {
        for (int e = 0; e < length; e++) {
            col[to + e] += col[from + e];
        }
    }
}

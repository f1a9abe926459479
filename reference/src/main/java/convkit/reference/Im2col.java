package convkit.reference;

/**
 * Im2col: lays every receptive field of one image out as a column, so that a whole convolution
 * layer becomes one matrix product (see {@link Im2colConv}); col2im is its mirror image.
 *
 * <pre>
 *   cols[(c·KH + ky)·KW + kx][oy·OW + ox] = x[n][c][oy·SH - PH + ky·DH][ox·SW - PW + kx·DW]
 * </pre>
 * rows {@code C·KH·KW} (one per kernel tap), columns {@code OH·OW} (one per output pixel);
 * padding is a bounds-checked read ({@link Padding#source}), not a padded copy.
 *
 * <p>{@code im2col} gathers, {@code col2im} scatter-adds the columns back onto the pixels they
 * came from; they are adjoint: ⟨im2col(x), y⟩ = ⟨x, col2im(y)⟩ for every x and y. That is why
 * col2im turns the gradient of the columns into the gradient of the image.
 *
 * <p>Sample run ({@code java convkit.reference.Im2col}): a 3×3 image 1..9, a 2×2 kernel:
 * <pre>
 * cols [4, 4] = [[1, 2, 4, 5], [2, 3, 5, 6], [4, 5, 7, 8], [5, 6, 8, 9]]
 * col2im(ones) = [[1, 2, 1], [2, 4, 2], [1, 2, 1]]   (how many windows cover each pixel)
 * </pre>
 *
 * <p>Limits: one image per call; the column matrix repeats each pixel up to KH·KW times.
 */
public final class Im2col {

    private Im2col() {
    }

    /** The columns {@code [C·KH·KW][OH·OW]} of image {@code n} of {@code x [N][C][H][W]}. */
    public static Tensor im2col(Tensor x, int n, int kh, int kw, ConvSpec spec) {
        x.requireRank("input x", 4, "[N][C][H][W]");
        if (n < 0 || n >= x.dim(0)) {
            throw new IllegalArgumentException("image index n: expected 0.." + (x.dim(0) - 1) + " for input x "
                + x.shapeString() + " but was " + n);
        }
        int c = x.dim(1);
        int h = x.dim(2);
        int w = x.dim(3);
        int oh = OutputSize.of(h, kh, spec.padH(), spec.strideH(), spec.dilationH());
        int ow = OutputSize.of(w, kw, spec.padW(), spec.strideW(), spec.dilationW());
        Tensor cols = Tensor.zeros(c * kh * kw, oh * ow);
        // one row per (channel, kernel row, kernel column)
        for (int ci = 0; ci < c; ci++) {
            for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++) {
                    int row = (ci * kh + ky) * kw + kx;
                    // one column per output pixel
                    for (int oy = 0; oy < oh; oy++) {
                        int iy = Padding.source(oy * spec.strideH() - spec.padH() + ky * spec.dilationH(), h,
                            spec.paddingMode());
                        for (int ox = 0; ox < ow; ox++) {
                            int ix = Padding.source(ox * spec.strideW() - spec.padW() + kx * spec.dilationW(), w,
                                spec.paddingMode());
                            if (iy >= 0 && ix >= 0) {
                                cols.set(x.get(n, ci, iy, ix), row, oy * ow + ox);
                            }
                        }
                    }
                }
            }
        }
        return cols;
    }

    /**
     * The adjoint of {@link #im2col}: adds every entry of {@code cols [C·KH·KW][OH·OW]} onto the
     * pixel of a {@code [C][H][W]} image it was read from (padding reads are dropped, reflected
     * reads go to the mirrored pixel).
     */
    public static Tensor col2im(Tensor cols, int c, int h, int w, int kh, int kw, ConvSpec spec) {
        int oh = OutputSize.of(h, kh, spec.padH(), spec.strideH(), spec.dilationH());
        int ow = OutputSize.of(w, kw, spec.padW(), spec.strideW(), spec.dilationW());
        if (cols.rank() != 2 || cols.dim(0) != c * kh * kw || cols.dim(1) != oh * ow) {
            throw new IllegalArgumentException("columns cols: expected shape [" + c * kh * kw + ", " + oh * ow
                + "] (C·KH·KW, OH·OW) but was " + cols.shapeString());
        }
        Tensor image = Tensor.zeros(c, h, w);
        // the same loops as im2col, with the assignment turned around into +=
        for (int ci = 0; ci < c; ci++) {
            for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++) {
                    int row = (ci * kh + ky) * kw + kx;
                    for (int oy = 0; oy < oh; oy++) {
                        int iy = Padding.source(oy * spec.strideH() - spec.padH() + ky * spec.dilationH(), h,
                            spec.paddingMode());
                        for (int ox = 0; ox < ow; ox++) {
                            int ix = Padding.source(ox * spec.strideW() - spec.padW() + kx * spec.dilationW(), w,
                                spec.paddingMode());
                            if (iy >= 0 && ix >= 0) {
                                image.data()[image.offset(ci, iy, ix)] += cols.get(row, oy * ow + ox);
                            }
                        }
                    }
                }
            }
        }
        return image;
    }

    /** Demo: the sample run of the card. */
    public static void main(String[] args) {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3);
        Tensor cols = im2col(x, 0, 2, 2, ConvSpec.DEFAULT);
        System.out.println("cols " + cols.shapeString() + " = " + Format.matrix(cols.reshape(1, 1, 4, 4), 0, 0));
        Tensor ones = Tensor.of(new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, 4, 4);
        Tensor back = col2im(ones, 1, 3, 3, 2, 2, ConvSpec.DEFAULT);
        System.out.println("col2im(ones) = " + Format.matrix(back.reshape(1, 1, 3, 3), 0, 0)
            + "   (how many windows cover each pixel)");
    }
}

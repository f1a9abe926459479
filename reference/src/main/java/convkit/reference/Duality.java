package convkit.reference;

/**
 * Duality: the backward pass of a cross-correlation layer is made of convolutions, and the
 * other way round. For stride 1, dilation 1, zero padding P:
 * <pre>
 *   forward  y[k]     = Σ_c crossCorrelate(pad(x[c], P), w[k][c], VALID)
 *   backward dx[c]    = crop_P( Σ_k convolve(dy[k], w[k][c], FULL) )        a FULL convolution: the kernel flipped
 *            dw[k][c] = crossCorrelate(pad(x[c], P), dy[k], VALID)           a cross-correlation with dy as kernel
 * </pre>
 * Each input pixel received {@code w[ky][kx]} from the outputs {@code oy = iy + P - ky}; summing
 * {@code dy[oy]·w[iy + P - oy]} walks w backwards as oy walks forward: exactly {@link Convolution}.
 * The tests check both lines against {@link Conv2d#backward}.
 *
 * <p>Sample run ({@code java convkit.reference.Duality}): x 4×4 = 0..15, w = [[1, 2], [3, 4]], dy = ones 3×3:
 * <pre>
 * dx by full convolution = [[1, 3, 3, 2], [4, 10, 10, 6], [4, 10, 10, 6], [3, 7, 7, 4]]
 * dx by Conv2d.backward  = [[1, 3, 3, 2], [4, 10, 10, 6], [4, 10, 10, 6], [3, 7, 7, 4]]
 * </pre>
 *
 * <p>Limits: one image (N = 1), stride 1, dilation 1, zero padding: the case the notes discuss.
 */
public final class Duality {

    private Duality() {
    }

    /** dx {@code [1][C][H][W]} as cropped full convolutions of dy {@code [1][K][OH][OW]} with the kernels. */
    public static Tensor inputGradient(Tensor w, Tensor dy, int pad, int h, int wid) {
        w.requireRank("weight w", 4, "[K][C][KH][KW]");
        dy.requireRank("grad output dy", 4, "[1][K][OH][OW]");
        int kernels = w.dim(0);
        int channels = w.dim(1);
        Tensor dx = Tensor.zeros(1, channels, h, wid);
        // each input channel collects from every kernel
        for (int c = 0; c < channels; c++) {
            for (int k = 0; k < kernels; k++) {
                double[][] full = Convolution.convolve(plane(dy, 0, k), plane(w, k, c), Range.FULL); // [H+2P][W+2P]
                // crop the padding away
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < wid; j++) {
                        dx.data()[dx.offset(0, c, i, j)] += full[i + pad][j + pad];
                    }
                }
            }
        }
        return dx;
    }

    /** dw {@code [K][C][KH][KW]} as valid cross-correlations of the padded input with dy. */
    public static Tensor weightGradient(Tensor x, Tensor dy, int pad) {
        x.requireRank("input x", 4, "[1][C][H][W]");
        dy.requireRank("grad output dy", 4, "[1][K][OH][OW]");
        int channels = x.dim(1);
        int kernels = dy.dim(1);
        int kh = x.dim(2) + 2 * pad - dy.dim(2) + 1;
        int kw = x.dim(3) + 2 * pad - dy.dim(3) + 1;
        Tensor dw = Tensor.zeros(kernels, channels, kh, kw);
        // each (kernel, channel) pair is one cross-correlation
        for (int k = 0; k < kernels; k++) {
            for (int c = 0; c < channels; c++) {
                double[][] g = CrossCorrelation.crossCorrelate(padded(plane(x, 0, c), pad), plane(dy, 0, k), Range.VALID);
                for (int i = 0; i < kh; i++) {
                    for (int j = 0; j < kw; j++) {
                        dw.set(g[i][j], k, c, i, j);
                    }
                }
            }
        }
        return dw;
    }

    /** Plane {@code [a][b]} of a rank-4 tensor as a matrix (a copy). */
    public static double[][] plane(Tensor t, int a, int b) {
        double[][] m = new double[t.dim(2)][t.dim(3)];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[i].length; j++) {
                m[i][j] = t.get(a, b, i, j);
            }
        }
        return m;
    }

    private static double[][] padded(double[][] m, int pad) {
        double[][] p = new double[m.length + 2 * pad][m[0].length + 2 * pad];
        for (int i = 0; i < m.length; i++) {
            System.arraycopy(m[i], 0, p[i + pad], pad, m[i].length);
        }
        return p;
    }

    /** Demo: the sample run of the card. */
    public static void main(String[] args) {
        double[] pixels = new double[16]; // [1][1][4][4]
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = i;
        }
        Tensor x = Tensor.of(pixels, 1, 1, 4, 4);
        Tensor w = Tensor.of(new double[] {1, 2, 3, 4}, 1, 1, 2, 2);
        Tensor dy = Tensor.of(new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1}, 1, 1, 3, 3);
        System.out.println("dx by full convolution = " + Format.matrix(inputGradient(w, dy, 0, 4, 4), 0, 0));
        System.out.println("dx by Conv2d.backward  = "
            + Format.matrix(Conv2d.backward(x, w, dy, ConvSpec.DEFAULT).dx(), 0, 0));
    }
}

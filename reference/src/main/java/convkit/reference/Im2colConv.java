package convkit.reference;

/**
 * Im2colConv: the convolution layer as one matrix product per image, the way fast libraries do it.
 *
 * <pre>
 *   forward   Y_n [K][OH·OW]     = W [K][C·KH·KW] · cols_n [C·KH·KW][OH·OW]   (+ b[k] on row k)
 *   backward  dW [K][C·KH·KW]   += dY_n · cols_nᵀ
 *             dcols_n            = Wᵀ · dY_n,   dx_n = col2im(dcols_n)
 *             db[k]             += Σ dY_n[k][.]
 * </pre>
 * where {@code cols_n = im2col(x, n)} and W is the weight tensor seen as a matrix (same data).
 *
 * <p>Sample run ({@code java convkit.reference.Im2colConv}): the same layer as the {@link Conv2d}
 * demo, so the same numbers:
 * <pre>
 * y = [[45.5, 54.5], [81.5, 90.5]]
 * </pre>
 *
 * <p>Limits: the naive {@link Matmul}; memory for one column matrix per image.
 */
public final class Im2colConv {

    private Im2colConv() {
    }

    /** The layer output {@code [N][K][OH][OW]}; the same contract as {@link Conv2d#forward}. */
    public static Tensor forward(Tensor x, Tensor w, Tensor bias, ConvSpec spec) {
        ConvShape s = ConvShape.check(x, w, bias, spec);
        Tensor weights = w.reshape(s.k(), s.c() * s.kh() * s.kw()); // [K][C·KH·KW], same data
        Tensor y = Tensor.zeros(s.outputShape());
        int plane = s.oh() * s.ow();
        // one matrix product per image
        for (int n = 0; n < s.n(); n++) {
            Tensor cols = Im2col.im2col(x, n, s.kh(), s.kw(), spec);
            Tensor product = Matmul.multiply(weights, cols, Transpose.NONE); // [K][OH·OW]
            // copy row k into output channel k, adding the bias
            for (int k = 0; k < s.k(); k++) {
                double b = bias == null ? 0.0 : bias.get(k);
                for (int p = 0; p < plane; p++) {
                    y.data()[(n * s.k() + k) * plane + p] = product.get(k, p) + b;
                }
            }
        }
        return y;
    }

    /** The gradients; the same contract as {@link Conv2d#backward}. */
    public static Conv2d.Gradients backward(Tensor x, Tensor w, Tensor dy, ConvSpec spec) {
        ConvShape s = ConvShape.check(x, w, null, spec);
        s.requireGradOutput(dy);
        int taps = s.c() * s.kh() * s.kw();
        int plane = s.oh() * s.ow();
        Tensor weights = w.reshape(s.k(), taps);
        Tensor dx = Tensor.zeros(x.shape());
        Tensor dw = Tensor.zeros(s.k(), taps);
        Tensor db = Tensor.zeros(s.k());
        int imageSize = s.c() * s.h() * s.w();
        // each image adds its share to dW and db and gets its own dx
        for (int n = 0; n < s.n(); n++) {
            Tensor cols = Im2col.im2col(x, n, s.kh(), s.kw(), spec);
            Tensor dyN = Tensor.zeros(s.k(), plane); // [K][OH·OW]
            System.arraycopy(dy.data(), n * s.k() * plane, dyN.data(), 0, s.k() * plane);
            Tensor dwN = Matmul.multiply(dyN, cols, Transpose.B);
            for (int i = 0; i < dw.size(); i++) {
                dw.data()[i] += dwN.data()[i];
            }
            // db sums each row of dY
            for (int k = 0; k < s.k(); k++) {
                for (int p = 0; p < plane; p++) {
                    db.data()[k] += dyN.get(k, p);
                }
            }
            Tensor dcols = Matmul.multiply(weights, dyN, Transpose.A); // [C·KH·KW][OH·OW]
            Tensor dxN = Im2col.col2im(dcols, s.c(), s.h(), s.w(), s.kh(), s.kw(), spec);
            System.arraycopy(dxN.data(), 0, dx.data(), n * imageSize, imageSize);
        }
        return new Conv2d.Gradients(dx, dw.reshape(w.shape()), db);
    }

    /** Demo: the sample run of the card. */
    public static void main(String[] args) {
        double[] pixels = new double[16]; // [1][1][4][4]
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = i;
        }
        Tensor x = Tensor.of(pixels, 1, 1, 4, 4);
        Tensor w = Tensor.of(new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1}, 1, 1, 3, 3);
        Tensor y = forward(x, w, Tensor.of(new double[] {0.5}, 1), ConvSpec.DEFAULT);
        System.out.println("y = " + Format.matrix(y, 0, 0));
    }
}

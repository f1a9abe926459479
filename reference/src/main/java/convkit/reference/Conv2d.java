package convkit.reference;

/**
 * Conv2d: the convolution layer of a CNN, forward and backward, as plain loops.
 *
 * <p>Like PyTorch's {@code conv2d} it is a cross-correlation (the kernel is not flipped; see
 * {@link Convolution} for the flipped, textbook operation):
 * <pre>
 *   y[n][k][oy][ox] = b[k] + Σ_c Σ_ky Σ_kx  x[n][c][oy·SH - PH + ky·DH][ox·SW - PW + kx·DW] · w[k][c][ky][kx]
 * </pre>
 * reading the padding through {@link Padding#source} (zeros or the mirrored image).
 *
 * <p>Sample run ({@code java convkit.reference.Conv2d}): a 4×4 input 0..15, a 3×3 kernel of ones,
 * bias 0.5, stride 1, no padding:
 * <pre>
 * y = [[45.5, 54.5], [81.5, 90.5]]
 * dx for dy = ones: [[1, 2, 2, 1], [2, 4, 4, 2], [2, 4, 4, 2], [1, 2, 2, 1]]
 * </pre>
 *
 * <p>Backward, for a loss L with dy = ∂L/∂y: every output position (n,k,oy,ox) that read
 * x[..][iy][ix] with weight w[k][c][ky][kx] sends dy·w back to dx at that pixel and dy·x to dw;
 * db[k] sums dy[.][k]. For stride 1 and zero padding, dx is exactly the full (true, flipped)
 * convolution of dy with the kernel, the duality {@link Duality} shows.
 *
 * <p>Limits: float64, seven nested loops, no groups: clarity over performance.
 */
public final class Conv2d {

    /** The gradients of a loss with respect to the layer's input, weight and bias. */
    public record Gradients(Tensor dx, Tensor dw, Tensor db) {

        /** For a layer of a network: dw and db into its parameters' gradients; dx, for the layer before, returned. */
        public Tensor storeInto(Parameter weight, Parameter bias) {
            weight.setGrad(dw);
            bias.setGrad(db);
            return dx;
        }
    }

    private Conv2d() {
    }

    /**
     * The layer's output {@code [N][K][OH][OW]} for input {@code x [N][C][H][W]}, weight
     * {@code w [K][C][KH][KW]} and bias {@code [K]} (or null for none).
     */
    public static Tensor forward(Tensor x, Tensor w, Tensor bias, ConvSpec spec) {
        ConvShape s = ConvShape.check(x, w, bias, spec);
        Tensor y = Tensor.zeros(s.outputShape());
        // each image, each kernel, each output pixel
        for (int n = 0; n < s.n(); n++) {
            for (int k = 0; k < s.k(); k++) {
                for (int oy = 0; oy < s.oh(); oy++) {
                    for (int ox = 0; ox < s.ow(); ox++) {
                        double sum = bias == null ? 0.0 : bias.get(k);
                        // sum over input channels and the kernel window
                        for (int c = 0; c < s.c(); c++) {
                            for (int ky = 0; ky < s.kh(); ky++) {
                                int iy = Padding.source(oy * spec.strideH() - spec.padH() + ky * spec.dilationH(),
                                    s.h(), spec.paddingMode());
                                if (iy < 0) {
                                    continue; // a row of zero padding
                                }
                                for (int kx = 0; kx < s.kw(); kx++) {
                                    int ix = Padding.source(ox * spec.strideW() - spec.padW() + kx * spec.dilationW(),
                                        s.w(), spec.paddingMode());
                                    if (ix >= 0) {
                                        sum += x.get(n, c, iy, ix) * w.get(k, c, ky, kx);
                                    }
                                }
                            }
                        }
                        y.set(sum, n, k, oy, ox);
                    }
                }
            }
        }
        return y;
    }

    /**
     * The gradients for upstream gradient {@code dy [N][K][OH][OW]}: {@code dx} like {@code x},
     * {@code dw} like {@code w}, {@code db [K]}.
     */
    public static Gradients backward(Tensor x, Tensor w, Tensor dy, ConvSpec spec) {
        ConvShape s = ConvShape.check(x, w, null, spec);
        s.requireGradOutput(dy);
        Tensor dx = Tensor.zeros(x.shape());
        Tensor dw = Tensor.zeros(w.shape());
        Tensor db = Tensor.zeros(s.k());
        // each output pixel sends its gradient back along the products it was made of
        for (int n = 0; n < s.n(); n++) {
            for (int k = 0; k < s.k(); k++) {
                for (int oy = 0; oy < s.oh(); oy++) {
                    for (int ox = 0; ox < s.ow(); ox++) {
                        double g = dy.get(n, k, oy, ox);
                        db.data()[k] += g;
                        // the same window as forward
                        for (int c = 0; c < s.c(); c++) {
                            for (int ky = 0; ky < s.kh(); ky++) {
                                int iy = Padding.source(oy * spec.strideH() - spec.padH() + ky * spec.dilationH(),
                                    s.h(), spec.paddingMode());
                                if (iy < 0) {
                                    continue; // zero padding: no input, no gradient
                                }
                                for (int kx = 0; kx < s.kw(); kx++) {
                                    int ix = Padding.source(ox * spec.strideW() - spec.padW() + kx * spec.dilationW(),
                                        s.w(), spec.paddingMode());
                                    if (ix >= 0) {
                                        int xi = x.offset(n, c, iy, ix);
                                        int wi = w.offset(k, c, ky, kx);
                                        dx.data()[xi] += g * w.data()[wi];
                                        dw.data()[wi] += g * x.data()[xi];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return new Gradients(dx, dw, db);
    }

    /** Demo: the sample run of the card. */
    public static void main(String[] args) {
        double[] pixels = new double[16]; // [1][1][4][4]
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = i;
        }
        Tensor x = Tensor.of(pixels, 1, 1, 4, 4);
        Tensor w = Tensor.of(new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1}, 1, 1, 3, 3);
        Tensor b = Tensor.of(new double[] {0.5}, 1);
        Tensor y = forward(x, w, b, ConvSpec.DEFAULT);
        System.out.println("y = " + Format.matrix(y, 0, 0));
        Tensor dy = Tensor.of(new double[] {1, 1, 1, 1}, 1, 1, 2, 2);
        System.out.println("dx for dy = ones: " + Format.matrix(backward(x, w, dy, ConvSpec.DEFAULT).dx(), 0, 0));
    }
}

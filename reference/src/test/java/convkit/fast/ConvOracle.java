package convkit.fast;

import convkit.reference.PaddingMode;

/**
 * The textbook conv layer in double, loops in index order: the oracle the fast path is
 * compared with (zero or reflect padding, stride, dilation). Test-only.
 */
final class ConvOracle {

    private ConvOracle() {
    }

    /** y[n][k][oy][ox] = bias[k] + Σ_c Σ_i Σ_j x[n][c][oy·sH − pH + i·dH][ox·sW − pW + j·dW] · w[k][c][i][j]. */
    static double[] forward(LayerShape s, double[] x, double[] w, double[] bias) {
        int oh = s.oh();
        int ow = s.ow();
        double[] y = new double[s.outputSize()];
        for (int n = 0; n < s.n(); n++) {
            for (int k = 0; k < s.k(); k++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double sum = bias == null ? 0 : bias[k];
                        for (int c = 0; c < s.c(); c++) {
                            for (int i = 0; i < s.kh(); i++) {
                                for (int j = 0; j < s.kw(); j++) {
                                    int ih = source(oy * s.strideH() - s.padH() + i * s.dilationH(), s.h(), s);
                                    int iw = source(ox * s.strideW() - s.padW() + j * s.dilationW(), s.w(), s);
                                    if (ih >= 0 && iw >= 0) {
                                        sum += x[((n * s.c() + c) * s.h() + ih) * s.w() + iw]
                                            * w[((k * s.c() + c) * s.kh() + i) * s.kw() + j];
                                    }
                                }
                            }
                        }
                        y[((n * s.k() + k) * oh + oy) * ow + ox] = sum;
                    }
                }
            }
        }
        return y;
    }

    /** dx, dw, db by differentiating the loops of {@link #forward} term by term. */
    static double[][] backward(LayerShape s, double[] x, double[] w, double[] dy) {
        int oh = s.oh();
        int ow = s.ow();
        double[] dx = new double[s.inputSize()];
        double[] dw = new double[s.weightSize()];
        double[] db = new double[s.k()];
        for (int n = 0; n < s.n(); n++) {
            for (int k = 0; k < s.k(); k++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double g = dy[((n * s.k() + k) * oh + oy) * ow + ox];
                        db[k] += g;
                        for (int c = 0; c < s.c(); c++) {
                            for (int i = 0; i < s.kh(); i++) {
                                for (int j = 0; j < s.kw(); j++) {
                                    int ih = source(oy * s.strideH() - s.padH() + i * s.dilationH(), s.h(), s);
                                    int iw = source(ox * s.strideW() - s.padW() + j * s.dilationW(), s.w(), s);
                                    if (ih >= 0 && iw >= 0) {
                                        int xi = ((n * s.c() + c) * s.h() + ih) * s.w() + iw;
                                        int wi = ((k * s.c() + c) * s.kh() + i) * s.kw() + j;
                                        dx[xi] += g * w[wi];
                                        dw[wi] += g * x[xi];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return new double[][] {dx, dw, db};
    }

    private static int source(int at, int size, LayerShape s) {
        if (at >= 0 && at < size) {
            return at;
        }
        if (s.padding() == PaddingMode.ZEROS) {
            return -1;
        }
        return at < 0 ? -at : 2 * (size - 1) - at;
    }
}

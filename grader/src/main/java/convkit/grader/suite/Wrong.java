package convkit.grader.suite;

import java.util.function.Supplier;

import convkit.grader.check.Mistake;
import convkit.reference.Tensor;

/**
 * Known wrong variants that the reference does not compute, written out here so the mistake
 * detectors can recognise them, plus a guard for variants the reference rejects on a given input.
 */
final class Wrong {

    private Wrong() {
    }

    /** A mistake whose wrong value is computed by {@code wrong}; none when that input makes no sense for the variant. */
    static Mistake attempt(String hint, Supplier<Object> wrong) {
        try {
            return new Mistake(hint, wrong.get());
        } catch (IllegalArgumentException | ArithmeticException | IndexOutOfBoundsException e) {
            return new Mistake(hint, null);
        }
    }

    /** Which maxima of a window receive its gradient. */
    enum Routing { EVERY_MAXIMUM, LAST_MAXIMUM, FIRST_MAXIMUM_ASSIGNED }

    /** Max-pool backward with a wrong routing rule; {@code x [N][C][H][W]}, {@code dy [N][C][OH][OW]}. */
    static Tensor maxBackward(Tensor x, Tensor dy, int kernel, int stride, Routing routing) {
        Tensor dx = Tensor.zeros(x.shape());
        int oh = dy.dim(2);
        int ow = dy.dim(3);
        // every window of every channel of every image
        for (int n = 0; n < x.dim(0); n++) {
            for (int c = 0; c < x.dim(1); c++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double max = Double.NEGATIVE_INFINITY;
                        int lastY = 0;
                        int lastX = 0;
                        int firstY = -1;
                        int firstX = -1;
                        for (int u = 0; u < kernel; u++) {
                            for (int v = 0; v < kernel; v++) {
                                double value = x.get(n, c, oy * stride + u, ox * stride + v);
                                if (value > max) {
                                    max = value;
                                    firstY = oy * stride + u;
                                    firstX = ox * stride + v;
                                }
                                if (value >= max) {
                                    lastY = oy * stride + u;
                                    lastX = ox * stride + v;
                                }
                            }
                        }
                        double g = dy.get(n, c, oy, ox);
                        switch (routing) {
                            case LAST_MAXIMUM -> dx.set(dx.get(n, c, lastY, lastX) + g, n, c, lastY, lastX);
                            case FIRST_MAXIMUM_ASSIGNED -> dx.set(g, n, c, firstY, firstX);
                            case EVERY_MAXIMUM -> {
                                for (int u = 0; u < kernel; u++) {
                                    for (int v = 0; v < kernel; v++) {
                                        int y = oy * stride + u;
                                        int xx = ox * stride + v;
                                        if (x.get(n, c, y, xx) == max) {
                                            dx.set(dx.get(n, c, y, xx) + g, n, c, y, xx);
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return dx;
    }

    /** Average-pool backward that assigns ({@code =}) instead of accumulating where windows overlap. */
    static Tensor avgBackwardAssigned(Tensor x, Tensor dy, int kernel, int stride) {
        Tensor dx = Tensor.zeros(x.shape());
        double share = 1.0 / (kernel * kernel);
        // every window of every channel of every image
        for (int n = 0; n < x.dim(0); n++) {
            for (int c = 0; c < x.dim(1); c++) {
                for (int oy = 0; oy < dy.dim(2); oy++) {
                    for (int ox = 0; ox < dy.dim(3); ox++) {
                        for (int u = 0; u < kernel; u++) {
                            for (int v = 0; v < kernel; v++) {
                                dx.set(dy.get(n, c, oy, ox) * share, n, c, oy * stride + u, ox * stride + v);
                            }
                        }
                    }
                }
            }
        }
        return dx;
    }

    /** Conv backward dx that assigns ({@code =}) instead of accumulating; zero padding {@code pad}. */
    static Tensor convGradInputAssigned(Tensor x, Tensor w, Tensor dy, int stride, int pad) {
        Tensor dx = Tensor.zeros(x.shape());
        int h = x.dim(2);
        int wd = x.dim(3);
        // every output gradient, every kernel tap
        for (int n = 0; n < x.dim(0); n++) {
            for (int k = 0; k < w.dim(0); k++) {
                for (int oy = 0; oy < dy.dim(2); oy++) {
                    for (int ox = 0; ox < dy.dim(3); ox++) {
                        for (int c = 0; c < w.dim(1); c++) {
                            for (int u = 0; u < w.dim(2); u++) {
                                for (int v = 0; v < w.dim(3); v++) {
                                    int y = oy * stride + u - pad;
                                    int xx = ox * stride + v - pad;
                                    if (y >= 0 && y < h && xx >= 0 && xx < wd) {
                                        dx.set(w.get(k, c, u, v) * dy.get(n, k, oy, ox), n, c, y, xx);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return dx;
    }

    /** Every element times {@code factor}. */
    static Tensor scaled(Tensor t, double factor) {
        Tensor s = t.copy();
        double[] data = s.data();
        for (int i = 0; i < data.length; i++) {
            data[i] *= factor;
        }
        return s;
    }
}

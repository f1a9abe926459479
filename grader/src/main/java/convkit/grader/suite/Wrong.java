package convkit.grader.suite;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

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

    /**
     * The answers of code that mixes up rows and columns on a non-square image; none for a square
     * one, where the mix-up gives the right answer. The image is {@code x}'s last two axes,
     * {@code [..][H][W]}; {@code op} is the right computation. Each wrong answer is {@code op} on an
     * altered input, which is what the wrong loops read:
     * <ul>
     *   <li>the output width computed from H: the image cut, or zero-extended, to H×H;
     *   <li>the output height computed from W: the image cut or zero-extended to W×W;
     *   <li>the image read as {@code x[column][row]}: {@code op} of the transposed image;
     *   <li>the result stored as {@code y[ox][oy]}: the right output, transposed.
     * </ul>
     */
    static List<Mistake> rowsAndColumnsMixedUp(Tensor x, UnaryOperator<Tensor> op) {
        int h = x.dim(x.rank() - 2);
        int w = x.dim(x.rank() - 1);
        if (h == w) {
            return List.of();
        }
        String sizes = " (this image is H×W = " + h + "×" + w + ")";
        Mistake read = attempt("rows and columns are swapped when reading the image: x[..][row][column] has the row"
            + " (y) first" + sizes, () -> nested(op.apply(Data.transposeSlices(x))));
        Mistake stored = attempt("rows and columns are swapped in the output: y[..][oy][ox] has the output row first"
            + sizes, () -> nested(Data.transposeSlices(op.apply(x))));
        List<Mistake> swapped = java.util.Objects.deepEquals(read.wrong(), stored.wrong())
            ? List.of(new Mistake("rows and columns are swapped: x[..][row][column] and y[..][oy][ox] have the row (y)"
                + " first" + sizes, read.wrong())) // e.g. pooling, where both swaps give the same answer
            : List.of(read, stored);
        List<Mistake> all = new java.util.ArrayList<>(List.of(
            attempt("the output width is computed from H, the number of rows: it comes from W, the number of columns"
                + sizes, () -> nested(op.apply(resized(x, h, h)))),
            attempt("the output height is computed from W, the number of columns: it comes from H, the number of rows"
                + sizes, () -> nested(op.apply(resized(x, w, w))))));
        all.addAll(swapped);
        return all;
    }

    /**
     * The gradient of backward code whose loops over {@code dy [..][OH][OW]} take one of its sizes
     * for both ({@code int ow = dy[0][0].length}): with OH &lt; OW the columns past OH are never
     * visited, with OW &lt; OH the rows past OW (the other way round such loops read past dy and
     * throw). That is the right gradient, {@code gradient}, of dy with those entries zeroed; none
     * for a square dy.
     */
    static List<Mistake> dyLoopsMixedUp(Tensor dy, Function<Tensor, Object> gradient) {
        int oh = dy.dim(dy.rank() - 2);
        int ow = dy.dim(dy.rank() - 1);
        if (oh == ow) {
            return List.of();
        }
        int both = Math.min(oh, ow);
        Tensor visited = resized(resized(dy, both, both), oh, ow);
        return List.of(attempt("the loops over dy take one size for both axes: oy runs to OH = dy[0][0].length, ox to"
            + " OW = dy[0][0][0].length (this dy is OH×OW = " + oh + "×" + ow + ")", () -> gradient.apply(visited)));
    }

    /** {@link #rowsAndColumnsMixedUp(Tensor, UnaryOperator)} for an operation on one image {@code [H][W]}. */
    static List<Mistake> rowsAndColumnsMixedUp(double[][] x, UnaryOperator<double[][]> op) {
        return rowsAndColumnsMixedUp(Data.tensor(x), t -> Data.tensor(op.apply(Data.nested2(t))));
    }

    /** {@code x [..][H][W]} cut or zero-extended to {@code [..][rows][columns]}, from the top-left corner. */
    static Tensor resized(Tensor x, int rows, int columns) {
        int h = x.dim(x.rank() - 2);
        int w = x.dim(x.rank() - 1);
        Tensor r = Data.zerosWithSlices(x, rows, columns);
        int images = x.size() / (h * w);
        // every image, the rows and columns both have
        for (int i = 0; i < images; i++) {
            for (int y = 0; y < Math.min(h, rows); y++) {
                System.arraycopy(x.data(), (i * h + y) * w, r.data(), (i * rows + y) * columns, Math.min(w, columns));
            }
        }
        return r;
    }

    /** A tensor of rank 2 or 4 as the nested array the exercises return. */
    private static Object nested(Tensor t) {
        return switch (t.rank()) {
            case 2 -> Data.nested2(t);
            case 4 -> Data.nested4(t);
            default -> throw new IllegalArgumentException("expected a tensor of rank 2 or 4, got shape "
                + java.util.Arrays.toString(t.shape()));
        };
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

package convkit.reference;

import java.util.Arrays;

/**
 * Pool2d: max and average pooling over a sliding window, forward and backward, per channel.
 *
 * <pre>
 *   max: y[n][c][oy][ox] = max over the window of x[n][c][oy·SH - PH + i][ox·SW - PW + j]
 *   avg: y[n][c][oy][ox] = (1 / (KH·KW)) · Σ over the window (padding counts as 0)
 * </pre>
 * Max pooling remembers where each maximum came from ({@link MaxResult#argmax}); backward
 * sends dy there and nowhere else. Average pooling sends {@code dy / (KH·KW)} to every pixel of
 * the window. Neither has parameters.
 *
 * <p>Tie rule: when a window holds the maximum more than once, the first one in row-major window
 * order (top row first, left to right) wins, and only it receives the gradient, as in PyTorch.
 * Padding is never the maximum (it reads as -∞); average pooling divides by KH·KW including
 * padded zeros, as PyTorch's default {@code count_include_pad=True}.
 *
 * <p>Sample run ({@code java convkit.reference.Pool2d}): the notes' patch, one 3×3 window:
 * <pre>
 * max = 200 (argmax 0), avg = 90
 * </pre>
 *
 * <p>Limits: floor output size (no ceil mode), no dilation.
 */
public final class Pool2d {

    /**
     * The max-pooled output and, for each of its elements, the offset in {@code x.data()} of the
     * input element it copied.
     *
     * @param y      the output {@code [N][C][OH][OW]}
     * @param argmax {@code [N·C·OH·OW]}, row-major like y: offsets into the input's data
     */
    public record MaxResult(Tensor y, int[] argmax) {
    }

    private Pool2d() {
    }

    /** Max pooling of {@code x [N][C][H][W]}, keeping the argmax (first maximum on ties). */
    public static MaxResult maxForward(Tensor x, PoolSpec spec) {
        int[] out = outputShape(x, spec);
        Tensor y = Tensor.zeros(out);
        int[] argmax = new int[y.size()];
        int o = 0; // position in y, row-major
        // each image, channel and output pixel
        for (int n = 0; n < out[0]; n++) {
            for (int c = 0; c < out[1]; c++) {
                for (int oy = 0; oy < out[2]; oy++) {
                    for (int ox = 0; ox < out[3]; ox++) {
                        double best = Double.NEGATIVE_INFINITY;
                        int bestAt = -1;
                        // the window, row-major: a later equal value does not replace the first
                        for (int i = 0; i < spec.kernelH(); i++) {
                            int iy = oy * spec.strideH() - spec.padH() + i;
                            for (int j = 0; j < spec.kernelW(); j++) {
                                int ix = ox * spec.strideW() - spec.padW() + j;
                                if (iy < 0 || iy >= x.dim(2) || ix < 0 || ix >= x.dim(3)) {
                                    continue; // padding: never the maximum
                                }
                                int at = x.offset(n, c, iy, ix);
                                double v = x.data()[at];
                                if (bestAt < 0 || v > best || Double.isNaN(v)) { // NaN propagates, as in PyTorch
                                    best = v;
                                    bestAt = at;
                                }
                            }
                        }
                        y.data()[o] = best;
                        argmax[o] = bestAt;
                        o++;
                    }
                }
            }
        }
        return new MaxResult(y, argmax);
    }

    /** Average pooling of {@code x [N][C][H][W]}; the divisor is always KH·KW. */
    public static Tensor avgForward(Tensor x, PoolSpec spec) {
        int[] out = outputShape(x, spec);
        Tensor y = Tensor.zeros(out);
        double area = spec.kernelH() * spec.kernelW();
        // each image, channel and output pixel
        for (int n = 0; n < out[0]; n++) {
            for (int c = 0; c < out[1]; c++) {
                for (int oy = 0; oy < out[2]; oy++) {
                    for (int ox = 0; ox < out[3]; ox++) {
                        double sum = 0.0;
                        // the window; padding adds nothing
                        for (int i = 0; i < spec.kernelH(); i++) {
                            int iy = oy * spec.strideH() - spec.padH() + i;
                            for (int j = 0; j < spec.kernelW(); j++) {
                                int ix = ox * spec.strideW() - spec.padW() + j;
                                if (iy >= 0 && iy < x.dim(2) && ix >= 0 && ix < x.dim(3)) {
                                    sum += x.get(n, c, iy, ix);
                                }
                            }
                        }
                        y.set(sum / area, n, c, oy, ox);
                    }
                }
            }
        }
        return y;
    }

    /** dx of max pooling: each dy goes to the input element its maximum came from. */
    public static Tensor maxBackward(Tensor x, Tensor dy, PoolSpec spec) {
        MaxResult forward = maxForward(x, spec);
        requireGradOutput(dy, forward.y().shape());
        return maxBackward(forward.argmax(), dy, x.shape());
    }

    /** dx of max pooling from a saved argmax: {@code dx.data()[argmax[i]] += dy.data()[i]}. */
    public static Tensor maxBackward(int[] argmax, Tensor dy, int... inputShape) {
        if (argmax.length != dy.size()) {
            throw new IllegalArgumentException("argmax: expected one entry per element of grad output dy "
                + dy.shapeString() + " (" + dy.size() + ") but was " + argmax.length);
        }
        Tensor dx = Tensor.zeros(inputShape);
        // route each gradient to the winner of its window
        for (int i = 0; i < argmax.length; i++) {
            dx.data()[argmax[i]] += dy.data()[i];
        }
        return dx;
    }

    /** dx of average pooling: each dy is shared equally by the KH·KW positions of its window. */
    public static Tensor avgBackward(Tensor x, Tensor dy, PoolSpec spec) {
        int[] out = outputShape(x, spec);
        requireGradOutput(dy, out);
        Tensor dx = Tensor.zeros(x.shape());
        double area = spec.kernelH() * spec.kernelW();
        // each output pixel spreads its gradient over its window
        for (int n = 0; n < out[0]; n++) {
            for (int c = 0; c < out[1]; c++) {
                for (int oy = 0; oy < out[2]; oy++) {
                    for (int ox = 0; ox < out[3]; ox++) {
                        double share = dy.get(n, c, oy, ox) / area;
                        for (int i = 0; i < spec.kernelH(); i++) {
                            int iy = oy * spec.strideH() - spec.padH() + i;
                            for (int j = 0; j < spec.kernelW(); j++) {
                                int ix = ox * spec.strideW() - spec.padW() + j;
                                if (iy >= 0 && iy < x.dim(2) && ix >= 0 && ix < x.dim(3)) {
                                    dx.data()[dx.offset(n, c, iy, ix)] += share;
                                }
                            }
                        }
                    }
                }
            }
        }
        return dx;
    }

    /** The output shape {@code [N][C][OH][OW]}; warns when no window reads some input pixels ({@link OutputSize#unread}). */
    public static int[] outputShape(Tensor x, PoolSpec spec) {
        if (spec == null) {
            throw new IllegalArgumentException("spec: expected a PoolSpec but was null");
        }
        x.requireRank("input x", 4, "[N][C][H][W]");
        int[] s = x.shape();
        int oh;
        int ow;
        try {
            oh = OutputSize.of(s[2], spec.kernelH(), spec.padH(), spec.strideH(), 1);
            ow = OutputSize.of(s[3], spec.kernelW(), spec.padW(), spec.strideW(), 1);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("pool window (" + spec.kernelH() + ", " + spec.kernelW()
                + ") with padding (" + spec.padH() + ", " + spec.padW() + ") on input x " + x.shapeString()
                + ": " + e.getMessage(), e);
        }
        ConvShape.warnIfSkipping("rows", s[2], spec.kernelH(), spec.padH(), spec.strideH(), 1, PaddingMode.ZEROS);
        ConvShape.warnIfSkipping("columns", s[3], spec.kernelW(), spec.padW(), spec.strideW(), 1, PaddingMode.ZEROS);
        return new int[] {s[0], s[1], oh, ow};
    }

    private static void requireGradOutput(Tensor dy, int[] expected) {
        if (!Arrays.equals(dy.shape(), expected)) {
            throw new IllegalArgumentException("grad output dy: expected shape " + Arrays.toString(expected)
                + " (the pooled output shape) but was " + dy.shapeString());
        }
    }

    /** Demo: the sample run of the card. */
    public static void main(String[] args) {
        Tensor x = Tensor.of(new double[] {200, 150, 150, 100, 50, 100, 25, 25, 10}, 1, 1, 3, 3);
        PoolSpec window = PoolSpec.of(3, 3, 0);
        MaxResult max = maxForward(x, window);
        System.out.println("max = " + Format.number(max.y().get(0, 0, 0, 0)) + " (argmax " + max.argmax()[0]
            + "), avg = " + Format.number(avgForward(x, window).get(0, 0, 0, 0)));
    }
}

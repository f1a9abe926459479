package convkit.reference;

import java.util.Arrays;

/**
 * The sizes of one convolution layer call, checked once: every implementation (naive, im2col,
 * fast) starts with {@link #check}, so bad input fails the same way everywhere, naming the
 * tensors and their shapes.
 *
 * @param n  images in the batch
 * @param c  input channels
 * @param h  input height
 * @param w  input width
 * @param k  kernels (= output channels)
 * @param kh kernel height
 * @param kw kernel width
 * @param oh output height, {@link OutputSize#of}
 * @param ow output width, {@link OutputSize#of}
 */
public record ConvShape(int n, int c, int h, int w, int k, int kh, int kw, int oh, int ow) {

    private static final System.Logger LOG = System.getLogger("convkit.reference");

    /**
     * Checks {@code x [N][C][H][W]}, {@code weight [K][C][KH][KW]}, {@code bias [K]} (or null) against
     * {@code spec}; warns (System.Logger, WARNING) when no window reads some input pixels ({@link OutputSize#unread}).
     */
    public static ConvShape check(Tensor x, Tensor weight, Tensor bias, ConvSpec spec) {
        if (spec == null) {
            throw new IllegalArgumentException("spec: expected a ConvSpec but was null");
        }
        x.requireRank("input x", 4, "[N][C][H][W]");
        weight.requireRank("weight w", 4, "[K][C][KH][KW]");
        int[] xs = x.shape();
        int[] ws = weight.shape();
        if (xs[1] != ws[1]) {
            throw new IllegalArgumentException("channel mismatch: input x " + x.shapeString() + " has C=" + xs[1]
                + " but weight w " + weight.shapeString() + " expects C=" + ws[1]);
        }
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != ws[0])) {
            throw new IllegalArgumentException("bias b: expected shape [" + ws[0] + "] (one per kernel of weight w "
                + weight.shapeString() + ") but was " + bias.shapeString());
        }
        for (int axis = 0; axis < 4; axis++) {
            if (xs[axis] == 0 || ws[axis] == 0) {
                throw new IllegalArgumentException("empty tensor: input x " + x.shapeString() + ", weight w "
                    + weight.shapeString() + "; every extent must be >= 1");
            }
        }
        if (spec.paddingMode() == PaddingMode.REFLECT && (spec.padH() >= xs[2] || spec.padW() >= xs[3])) {
            throw new IllegalArgumentException("reflect padding: expected padding < input size, but padding ("
                + spec.padH() + ", " + spec.padW() + ") for input x " + x.shapeString());
        }
        int oh = outputSize("height", xs[2], ws[2], spec.padH(), spec.strideH(), spec.dilationH(), x, weight);
        int ow = outputSize("width", xs[3], ws[3], spec.padW(), spec.strideW(), spec.dilationW(), x, weight);
        warnIfSkipping("rows", xs[2], ws[2], spec.padH(), spec.strideH(), spec.dilationH(), spec.paddingMode());
        warnIfSkipping("columns", xs[3], ws[3], spec.padW(), spec.strideW(), spec.dilationW(), spec.paddingMode());
        return new ConvShape(xs[0], xs[1], xs[2], xs[3], ws[0], ws[2], ws[3], oh, ow);
    }

    /** The output shape {@code [N][K][OH][OW]}. */
    public int[] outputShape() {
        return new int[] {n, k, oh, ow};
    }

    /** Throws unless {@code dy} has the output shape {@code [N][K][OH][OW]}. */
    public void requireGradOutput(Tensor dy) {
        if (!Arrays.equals(dy.shape(), outputShape())) {
            throw new IllegalArgumentException("grad output dy: expected shape " + Arrays.toString(outputShape())
                + " (the output shape) but was " + dy.shapeString());
        }
    }

    private static int outputSize(String axis, int in, int kernel, int pad, int stride, int dilation,
                                  Tensor x, Tensor weight) {
        try {
            return OutputSize.of(in, kernel, pad, stride, dilation);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(axis + ": " + e.getMessage() + " (input x " + x.shapeString()
                + ", weight w " + weight.shapeString() + ")", e);
        }
    }

    static void warnIfSkipping(String axis, int in, int kernel, int pad, int stride, int dilation, PaddingMode mode) {
        String warning = OutputSize.skipWarning(axis, in, kernel, pad, stride, dilation, mode);
        if (warning != null) {
            LOG.log(System.Logger.Level.WARNING, warning);
        }
    }
}

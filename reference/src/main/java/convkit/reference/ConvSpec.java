package convkit.reference;

/**
 * The hyper-parameters of a convolution besides its weights: stride, padding, dilation (each
 * per axis, H then W) and what the padding reads.
 *
 * <p>Sample: {@code ConvSpec.of(2, 1, 1)} is stride 2, one pixel of zero padding on every side,
 * no dilation; {@code new ConvSpec(1, 2, 0, 1, 1, 1, PaddingMode.REFLECT)} strides 1 down and 2
 * across and mirrors one column on the left and right.
 *
 * @param strideH   rows the window moves per output row, >= 1
 * @param strideW   columns the window moves per output column, >= 1
 * @param padH      rows added above and below the image, >= 0
 * @param padW      columns added left and right of the image, >= 0
 * @param dilationH row distance between kernel taps, >= 1 (1 = taps side by side)
 * @param dilationW column distance between kernel taps, >= 1
 * @param paddingMode what the padding reads: zeros or the mirrored image
 */
public record ConvSpec(int strideH, int strideW, int padH, int padW, int dilationH, int dilationW,
                       PaddingMode paddingMode) {

    /** Stride 1, no padding, no dilation: the "valid" cross-correlation. */
    public static final ConvSpec DEFAULT = of(1, 0, 1);

    public ConvSpec {
        requireAtLeast("strideH", strideH, 1);
        requireAtLeast("strideW", strideW, 1);
        requireAtLeast("padH", padH, 0);
        requireAtLeast("padW", padW, 0);
        requireAtLeast("dilationH", dilationH, 1);
        requireAtLeast("dilationW", dilationW, 1);
        if (paddingMode == null) {
            throw new IllegalArgumentException("paddingMode: expected ZEROS or REFLECT but was null");
        }
    }

    /** The same stride, padding and dilation on both axes, zero padding. */
    public static ConvSpec of(int stride, int pad, int dilation) {
        return new ConvSpec(stride, stride, pad, pad, dilation, dilation, PaddingMode.ZEROS);
    }

    /** This spec with another padding mode. */
    public ConvSpec withPaddingMode(PaddingMode mode) {
        return new ConvSpec(strideH, strideW, padH, padW, dilationH, dilationW, mode);
    }

    static void requireAtLeast(String name, int value, int least) {
        if (value < least) {
            throw new IllegalArgumentException(name + ": expected >= " + least + " but was " + value);
        }
    }
}

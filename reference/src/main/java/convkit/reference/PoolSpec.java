package convkit.reference;

/**
 * The window of a pooling layer: kernel, stride and padding per axis (H then W).
 *
 * <p>Sample: {@code PoolSpec.of(2, 2, 0)} is the classic 2×2 window moving by 2, which halves
 * height and width. As in PyTorch, padding may be at most half the kernel, so every window
 * holds at least one real pixel; max pooling never picks the padding, average pooling counts
 * padded zeros in its divisor ({@code count_include_pad=True}).
 *
 * @param kernelH window height, >= 1
 * @param kernelW window width, >= 1
 * @param strideH rows the window moves per output row, >= 1
 * @param strideW columns the window moves per output column, >= 1
 * @param padH    rows added above and below, 0 .. kernelH/2
 * @param padW    columns added left and right, 0 .. kernelW/2
 */
public record PoolSpec(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) {

    public PoolSpec {
        ConvSpec.requireAtLeast("kernelH", kernelH, 1);
        ConvSpec.requireAtLeast("kernelW", kernelW, 1);
        ConvSpec.requireAtLeast("strideH", strideH, 1);
        ConvSpec.requireAtLeast("strideW", strideW, 1);
        ConvSpec.requireAtLeast("padH", padH, 0);
        ConvSpec.requireAtLeast("padW", padW, 0);
        if (padH > kernelH / 2 || padW > kernelW / 2) {
            throw new IllegalArgumentException("pool padding: expected at most half the kernel (<= "
                + kernelH / 2 + ", " + kernelW / 2 + ") but was (" + padH + ", " + padW + ") for kernel ("
                + kernelH + ", " + kernelW + ")");
        }
    }

    /** A square window with the same stride and padding on both axes. */
    public static PoolSpec of(int kernel, int stride, int pad) {
        return new PoolSpec(kernel, kernel, stride, stride, pad, pad);
    }
}

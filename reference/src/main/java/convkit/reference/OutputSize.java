package convkit.reference;

/**
 * OutputSize: how many positions a window of {@code kernel} taps, spread {@code dilation} apart,
 * takes along one axis of {@code in} pixels padded by {@code pad} on each side, moving by {@code stride}.
 *
 * <pre>
 *   out = floor((in + 2·pad - dilation·(kernel-1) - 1) / stride) + 1
 * </pre>
 * The dilated kernel spans {@code dilation·(kernel-1) + 1} pixels; {@link Math#floorDiv} keeps the
 * floor right when the window does not fit at all (the numerator is negative).
 *
 * <p>Sample run ({@code java convkit.reference.OutputSize}):
 * <pre>
 * of(5, 3, 0, 1, 1) = 3   (valid: 5 - 3 + 1)
 * of(5, 3, 1, 1, 1) = 5   ("same" padding)
 * of(5, 3, 0, 3, 1) = 1   skipped(5, 3, 0, 3, 1) = 2: the last 2 pixels are never read
 * </pre>
 *
 * <p>Limits: one axis at a time; the skipped count is for the far edge only (dilation also
 * leaves pixels between taps unread, which is intended).
 */
public final class OutputSize {

    private OutputSize() {
    }

    /** The number of output positions along one axis; at least 1, or an exception naming the values. */
    public static int of(int in, int kernel, int pad, int stride, int dilation) {
        int span = span(in, kernel, pad, stride, dilation);
        int out = Math.floorDiv(in + 2 * pad - span, stride) + 1;
        if (out < 1) {
            throw new IllegalArgumentException("kernel larger than padded input: kernel " + kernel + " (dilation "
                + dilation + ", spans " + span + ") does not fit in " + in + " + 2·" + pad + " = "
                + (in + 2 * pad) + " pixels");
        }
        return out;
    }

    /**
     * How many real input pixels at the far edge (bottom or right) no window reads: stride 3 over
     * 5 pixels with a 3-wide kernel reads pixels 0..2 and skips 3 and 4, so this returns 2.
     */
    public static int skipped(int in, int kernel, int pad, int stride, int dilation) {
        int out = of(in, kernel, pad, stride, dilation);
        int lastRead = (out - 1) * stride + dilation * (kernel - 1); // in padded coordinates
        int lastPixel = in + pad - 1;                                  // last real pixel, padded coordinates
        return Math.max(0, lastPixel - lastRead);
    }

    /**
     * A one-line warning when {@code skipped > 0}, else {@code null}; {@code axis} names the axis
     * ("rows" or "columns").
     */
    public static String skipWarning(String axis, int in, int kernel, int pad, int stride, int dilation) {
        int skipped = skipped(in, kernel, pad, stride, dilation);
        if (skipped == 0) {
            return null;
        }
        return "stride " + stride + " with kernel " + kernel + " (dilation " + dilation + ", padding " + pad
            + ") never reads the last " + skipped + " of " + in + " input " + axis
            + "; choose a padding or stride with (in + 2·pad - dilation·(kernel-1) - 1) divisible by stride";
    }

    /** Strict mode: throws {@link IllegalArgumentException} with {@link #skipWarning} when pixels are skipped. */
    public static void requireNoSkip(String axis, int in, int kernel, int pad, int stride, int dilation) {
        String warning = skipWarning(axis, in, kernel, pad, stride, dilation);
        if (warning != null) {
            throw new IllegalArgumentException("strict mode: " + warning);
        }
    }

    private static int span(int in, int kernel, int pad, int stride, int dilation) {
        ConvSpec.requireAtLeast("input size", in, 1);
        ConvSpec.requireAtLeast("kernel", kernel, 1);
        ConvSpec.requireAtLeast("pad", pad, 0);
        ConvSpec.requireAtLeast("stride", stride, 1);
        ConvSpec.requireAtLeast("dilation", dilation, 1);
        return dilation * (kernel - 1) + 1;
    }

    /** Demo: the three lines of the card. */
    public static void main(String[] args) {
        System.out.println("of(5, 3, 0, 1, 1) = " + of(5, 3, 0, 1, 1) + "   (valid: 5 - 3 + 1)");
        System.out.println("of(5, 3, 1, 1, 1) = " + of(5, 3, 1, 1, 1) + "   (\"same\" padding)");
        System.out.println("of(5, 3, 0, 3, 1) = " + of(5, 3, 0, 3, 1) + "   skipped(5, 3, 0, 3, 1) = "
            + skipped(5, 3, 0, 3, 1) + ": the last 2 pixels are never read");
    }
}

package convkit.reference;

import java.util.Arrays;
import java.util.stream.IntStream;

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
 * of(5, 3, 0, 3, 1) = 1   unread(5, 3, 0, 3, 1) = [3, 4]: past the last window
 * of(10, 3, 0, 4, 1) = 2  unread(10, 3, 0, 4, 1) = [3, 7, 8, 9]: a gap between windows, and past the last
 * of(7, 3, 0, 2, 2) = 2   unread(7, 3, 0, 2, 2) = [1, 3, 5]: dilation's holes, which stride 2 never fills
 * </pre>
 *
 * <p>Limits: one axis at a time; a pixel of a 2-D image is unread when its row or its column is.
 * With reflect padding a tap on the padding reads a mirrored pixel; the overloads taking a
 * {@link PaddingMode} count that pixel as read.
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
     * The input pixels (indices {@code 0..in-1}) that no tap of any window reads, in increasing
     * order. Pixel {@code i} sits at padded position {@code i + pad}; window {@code o} puts its
     * taps at {@code o·stride + t·dilation} for {@code t = 0..kernel-1}. A pixel is missed in two
     * ways: past the last window (it stops before the far edge), or in a gap (a stride larger
     * than the window, or dilation's holes between taps, that no other window fills).
     * Stride 4, kernel 3 on 10 pixels reads 0..2 and 4..6, so this returns {3, 7, 8, 9}.
     */
    public static int[] unread(int in, int kernel, int pad, int stride, int dilation) {
        return unread(in, kernel, pad, stride, dilation, PaddingMode.ZEROS);
    }

    /**
     * As {@link #unread(int, int, int, int, int)}, for either padding mode: with {@code REFLECT} a
     * tap on the padding reads the mirrored pixel ({@link Padding#source}), so that pixel counts as read.
     */
    public static int[] unread(int in, int kernel, int pad, int stride, int dilation, PaddingMode mode) {
        int lastStart = (of(in, kernel, pad, stride, dilation) - 1) * stride; // padded position of the last window
        boolean[] read = new boolean[in]; // [in]: some tap reads this input pixel
        // each padded position that is a tap of some window: mark the pixel it shows
        for (int position = 0; position < in + 2 * pad; position++) {
            int source = Padding.source(position - pad, in, mode);
            if (source >= 0 && isTap(position, kernel, stride, dilation, lastStart)) {
                read[source] = true;
            }
        }
        return IntStream.range(0, in).filter(i -> !read[i]).toArray();
    }

    /** How many input pixels no window reads: the length of {@link #unread}. */
    public static int skipped(int in, int kernel, int pad, int stride, int dilation) {
        return unread(in, kernel, pad, stride, dilation).length;
    }

    /** Is padded position {@code position} a tap of some window starting at 0, stride, .., lastStart? */
    private static boolean isTap(int position, int kernel, int stride, int dilation, int lastStart) {
        // each tap of the kernel: the window that would put this tap on the position
        for (int t = 0; t < kernel; t++) {
            int start = position - t * dilation;
            if (start >= 0 && start <= lastStart && start % stride == 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * A one-line warning when some input pixels are never read, else {@code null}; {@code axis}
     * names the axis ("rows" or "columns"). It names the pixels and says which cure applies:
     * <pre>
     * stride 4 with kernel 3 (dilation 1, padding 0) never reads 4 of 10 input columns: 3, 7..9; ...
     * </pre>
     */
    public static String skipWarning(String axis, int in, int kernel, int pad, int stride, int dilation) {
        return skipWarning(axis, in, kernel, pad, stride, dilation, PaddingMode.ZEROS);
    }

    /** As {@link #skipWarning(String, int, int, int, int, int)}, for either padding mode. */
    public static String skipWarning(String axis, int in, int kernel, int pad, int stride, int dilation, PaddingMode mode) {
        int[] unread = unread(in, kernel, pad, stride, dilation, mode);
        if (unread.length == 0) {
            return null;
        }
        int lastRead = (of(in, kernel, pad, stride, dilation) - 1) * stride + dilation * (kernel - 1) - pad; // input index
        boolean gaps = unread[0] < lastRead;
        boolean edge = unread[unread.length - 1] > lastRead;
        String cure = (gaps ? "the windows leave gaps (between windows or between dilated taps): use a smaller stride" : "")
            + (gaps && edge ? "; " : "")
            + (edge ? "the last window stops short of the edge: make in + 2·pad - dilation·(kernel-1) - 1"
            + " divisible by the stride" : "");
        String padding = (mode == PaddingMode.REFLECT ? "reflect padding " : "padding ") + pad;
        return "stride " + stride + " with kernel " + kernel + " (dilation " + dilation + ", " + padding
            + ") never reads " + unread.length + " of " + in + " input " + axis + ": " + ranges(unread) + "; " + cure;
    }

    /** Sorted indices as runs: {3, 7, 8, 9} becomes "3, 7..9". */
    public static String ranges(int[] sorted) {
        StringBuilder text = new StringBuilder();
        // each run of consecutive indices
        for (int i = 0; i < sorted.length; ) {
            int j = i;
            while (j + 1 < sorted.length && sorted[j + 1] == sorted[j] + 1) {
                j++;
            }
            text.append(text.isEmpty() ? "" : ", ").append(sorted[i]);
            if (j > i) {
                text.append(j == i + 1 ? ", " : "..").append(sorted[j]);
            }
            i = j + 1;
        }
        return text.toString();
    }

    /** Strict mode: throws {@link IllegalArgumentException} with {@link #skipWarning} when pixels are skipped. */
    public static void requireNoSkip(String axis, int in, int kernel, int pad, int stride, int dilation) {
        requireNoSkip(axis, in, kernel, pad, stride, dilation, PaddingMode.ZEROS);
    }

    /** As {@link #requireNoSkip(String, int, int, int, int, int)}, for either padding mode. */
    public static void requireNoSkip(String axis, int in, int kernel, int pad, int stride, int dilation, PaddingMode mode) {
        String warning = skipWarning(axis, in, kernel, pad, stride, dilation, mode);
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

    /** Demo: the lines of the card. */
    public static void main(String[] args) {
        System.out.println("of(5, 3, 0, 1, 1) = " + of(5, 3, 0, 1, 1) + "   (valid: 5 - 3 + 1)");
        System.out.println("of(5, 3, 1, 1, 1) = " + of(5, 3, 1, 1, 1) + "   (\"same\" padding)");
        System.out.println("of(5, 3, 0, 3, 1) = " + of(5, 3, 0, 3, 1) + "   unread(5, 3, 0, 3, 1) = "
            + Arrays.toString(unread(5, 3, 0, 3, 1)) + ": past the last window");
        System.out.println("of(10, 3, 0, 4, 1) = " + of(10, 3, 0, 4, 1) + "  unread(10, 3, 0, 4, 1) = "
            + Arrays.toString(unread(10, 3, 0, 4, 1)) + ": a gap between windows, and past the last");
        System.out.println("of(7, 3, 0, 2, 2) = " + of(7, 3, 0, 2, 2) + "   unread(7, 3, 0, 2, 2) = "
            + Arrays.toString(unread(7, 3, 0, 2, 2)) + ": dilation's holes, which stride 2 never fills");
    }
}

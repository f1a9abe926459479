package convkit.exercises;

/** Instructor solution of exercise 1: output size and the pixels a stride skips. */
public final class Ex01OutputSize {

  private Ex01OutputSize() {
  }

  public static int outputSize(int in, int kernel, int pad, int stride, int dilation) {
    requireAtLeast("in", in, 1);
    requireAtLeast("kernel", kernel, 1);
    requireAtLeast("pad", pad, 0);
    requireAtLeast("stride", stride, 1);
    requireAtLeast("dilation", dilation, 1);
    int span = kernel; // pixels one dilated window covers
    int padded = in + 2 * pad;
    if (span > padded) {
      throw new IllegalArgumentException("dilated kernel span " + span + " (kernel=" + kernel
          + ", dilation=" + dilation + ") must be at most the padded input " + padded
          + " (in=" + in + ", pad=" + pad + ")");
    }
    return Math.floorDiv(padded - span, stride) + 1;
  }

  public static int skippedEdgePixels(int in, int kernel, int pad, int stride, int dilation) {
    int out = outputSize(in, kernel, pad, stride, dilation);
    int lastRead = (out - 1) * stride + dilation * (kernel - 1); // padded index of the last tap
    int lastInput = in - 1 + pad;                                // padded index of the last input pixel
    return Math.max(0, lastInput - lastRead);
  }

  private static void requireAtLeast(String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + " but was " + value);
    }
  }
}

package convkit.exercises;

/** Instructor solution of exercise 1: output size and the pixels no window reads. */
public final class Ex01OutputSize {

  private Ex01OutputSize() {
  }

  public static int outputSize(int in, int kernel, int pad, int stride, int dilation) {
    requireAtLeast("in", in, 1);
    requireAtLeast("kernel", kernel, 1);
    requireAtLeast("pad", pad, 0);
    requireAtLeast("stride", stride, 1);
    requireAtLeast("dilation", dilation, 1);
    int span = dilation * (kernel - 1) + 1; // pixels one dilated window covers
    int padded = in + 2 * pad;
    if (span > padded) {
      throw new IllegalArgumentException("dilated kernel span " + span + " (kernel=" + kernel
          + ", dilation=" + dilation + ") must be at most the padded input " + padded
          + " (in=" + in + ", pad=" + pad + ")");
    }
    return Math.floorDiv(padded - span, stride) + 1;
  }

  public static int unreadPixels(int in, int kernel, int pad, int stride, int dilation) {
    int out = outputSize(in, kernel, pad, stride, dilation);
    boolean[] read = new boolean[in + 2 * pad]; // [padded index]: some tap reads it
    // each window, each of its taps
    for (int o = 0; o < out; o++) {
      for (int t = 0; t < kernel; t++) {
        read[o * stride + t * dilation] = true;
      }
    }
    int unread = 0;
    // each input pixel (padding does not count)
    for (int i = 0; i < in; i++) {
      if (!read[i + pad]) {
        unread++;
      }
    }
    return unread;
  }

  private static void requireAtLeast(String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + " but was " + value);
    }
  }
}

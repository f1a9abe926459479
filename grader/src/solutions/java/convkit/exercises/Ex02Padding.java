package convkit.exercises;

/** Instructor solution of exercise 2: zero and reflect padding. */
public final class Ex02Padding {

  private Ex02Padding() {
  }

  public static double[][] zeroPad(double[][] x, int pad) { // x: [H][W]
    if (pad < 0) {
      throw new IllegalArgumentException("pad must be at least 0 but was " + pad);
    }
    int h = x.length;
    int w = x[0].length;
    double[][] out = new double[h + 2 * pad][w + 2 * pad]; // [H+2p][W+2p], zeros
    // copy the image into the middle
    for (int i = 0; i < h; i++) {
      for (int j = 0; j < w; j++) {
        out[i + pad][j + pad] = x[i][j];
      }
    }
    return out;
  }

  public static double[][] reflectPad(double[][] x, int pad) { // x: [H][W]
    int h = x.length;
    int w = x[0].length;
    if (pad < 0) {
      throw new IllegalArgumentException("pad must be at least 0 but was " + pad);
    }
    if (pad >= h || pad >= w) {
      throw new IllegalArgumentException("reflect pad must be smaller than the image (H=" + h
          + ", W=" + w + ") but was " + pad);
    }
    double[][] out = new double[h + 2 * pad][w + 2 * pad]; // [H+2p][W+2p]
    // every padded pixel reads its mirror inside the image
    for (int i = 0; i < h + 2 * pad; i++) {
      for (int j = 0; j < w + 2 * pad; j++) {
        out[i][j] = x[reflect(i - pad, h)][reflect(j - pad, w)];
      }
    }
    return out;
  }

  /**
   * Mirrors index t (from -pad to n-1+pad) into 0..n-1 at the edge pixels, which are not
   * repeated: -1 reads 1, and n reads n-2.
   */
  private static int reflect(int t, int n) {
    int a = Math.abs(t);                  // the mirror at pixel 0
    return a < n ? a : 2 * (n - 1) - a;   // the mirror at pixel n-1
  }
}

package convkit.exercises;

/** Instructor solution of exercise 3: valid single-channel cross-correlation. */
public final class Ex03CrossCorrelation {

  private Ex03CrossCorrelation() {
  }

  public static double[][] crossCorrelateValid(double[][] x, double[][] k) { // x: [H][W], k: [KH][KW]
    int h = x.length;
    int w = x[0].length;
    int kh = k.length;
    int kw = k[0].length;
    if (kh > h) {
      throw new IllegalArgumentException("kernel height " + kh + " must be at most image height " + h);
    }
    if (kw > w) {
      throw new IllegalArgumentException("kernel width " + kw + " must be at most image width " + w);
    }
    double[][] y = new double[h - kh + 1][w - kw + 1]; // [H-KH+1][W-KW+1]
    // over output positions
    for (int i = 0; i < h - kh + 1; i++) {
      for (int j = 0; j < w - kw + 1; j++) {
        double sum = 0;
        // over kernel taps, same direction as the image
        for (int u = 0; u < kh; u++) {
          for (int v = 0; v < kw; v++) {
            sum += x[i + u][j + v] * k[kh - 1 - u][kw - 1 - v];
          }
        }
        y[i][j] = sum;
      }
    }
    return y;
  }
}

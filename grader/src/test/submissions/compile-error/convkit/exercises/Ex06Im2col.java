package convkit.exercises;

/** Instructor solution of exercise 6: im2col and the layer as a matrix product. */
public final class Ex06Im2col {

  private Ex06Im2col() {
  }

  public static double[][] im2col(double[][][] image, int kh, int kw, int stride, int pad) {
    int c = image.length;       // image: [C][H][W]
    int h = image[0].length;
    int w = image[0][0].length;
    if (kh < 1 || kw < 1) {
      throw new IllegalArgumentException("window must be at least 1x1 but was " + kh + "x" + kw);
    }
    int oh = outputSize("height", h, kh, pad, stride);
    int ow = outputSize("width", w, kw, pad, stride);
    double[][] cols = new double[c * kh * kw][oh * ow]; // [C*KH*KW][OH*OW]
    // one row per kernel tap (channel, then kernel row, then kernel column)
    for (int ic = 0; ic < c; ic++) {
      for (int u = 0; u < kh; u++) {
        for (int v = 0; v < kw; v++) {
          int row = (ic * kh + u) * kw + v;
          // one column per output position, row-major
          for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
              int iy = oy * stride + u - pad;
              int ix = ox * stride + v - pad;
              if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                cols[row][oy * ow + ox] = image[ic][iy][ix];
              }
            }
          }
        }
      }
    }
    return cols
  }

  public static double[][][][] forwardAsMatmul(double[][][][] x, double[][][][] w, double[] b,
                                               int stride, int pad) {
    int n = x.length;          // x: [N][C][H][W]
    int c = x[0].length;
    int h = x[0][0].length;
    int wd = x[0][0][0].length;
    int k = w.length;          // w: [K][C][KH][KW]
    int kh = w[0][0].length;
    int kw = w[0][0][0].length;
    if (w[0].length != c) {
      throw new IllegalArgumentException("weights have " + w[0].length
          + " channels but the input has " + c);
    }
    if (b.length != k) {
      throw new IllegalArgumentException("bias has length " + b.length + " but there are "
          + k + " kernels");
    }
    int oh = outputSize("height", h, kh, pad, stride);
    int ow = outputSize("width", wd, kw, pad, stride);
    int taps = c * kh * kw;
    // the weights read row-major as a [K][C*KH*KW] matrix
    double[][] wm = new double[k][taps];
    for (int ik = 0; ik < k; ik++) {
      for (int ic = 0; ic < c; ic++) {
        for (int u = 0; u < kh; u++) {
          for (int v = 0; v < kw; v++) {
            wm[ik][(ic * kh + u) * kw + v] = w[ik][ic][u][v];
          }
        }
      }
    }
    double[][][][] y = new double[n][k][oh][ow]; // [N][K][OH][OW]
    // one matrix product per image: [K][taps] . [taps][OH*OW]
    for (int in = 0; in < n; in++) {
      double[][] cols = im2col(x[in], kh, kw, stride, pad);
      for (int ik = 0; ik < k; ik++) {
        for (int p = 0; p < oh * ow; p++) {
          double sum = b[ik];
          for (int t = 0; t < taps; t++) {
            sum += wm[ik][t] * cols[t][p];
          }
          y[in][ik][p / ow][p % ow] = sum;
        }
      }
    }
    return y;
  }

  private static int outputSize(String axis, int in, int kernel, int pad, int stride) {
    if (stride < 1) {
      throw new IllegalArgumentException("stride must be at least 1 but was " + stride);
    }
    if (pad < 0) {
      throw new IllegalArgumentException("pad must be at least 0 but was " + pad);
    }
    if (kernel > in + 2 * pad) {
      throw new IllegalArgumentException("kernel " + axis + " " + kernel
          + " must be at most the padded input " + axis + " " + (in + 2 * pad));
    }
    return (in + 2 * pad - kernel) / stride + 1;
  }
}

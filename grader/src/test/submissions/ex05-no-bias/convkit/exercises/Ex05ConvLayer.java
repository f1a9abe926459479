package convkit.exercises;

/** Instructor solution of exercise 5: a convolution layer's forward pass. */
public final class Ex05ConvLayer {

  private Ex05ConvLayer() {
  }

  public static double[][][][] forward(double[][][][] x, double[][][][] w, double[] b,
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
    double[][][][] y = new double[n][k][oh][ow]; // [N][K][OH][OW]
    // over images, kernels, output positions
    for (int in = 0; in < n; in++) {
      for (int ik = 0; ik < k; ik++) {
        for (int oy = 0; oy < oh; oy++) {
          for (int ox = 0; ox < ow; ox++) {
            double sum = 0;
            // sum over input channels and kernel taps
            for (int ic = 0; ic < c; ic++) {
              for (int u = 0; u < kh; u++) {
                int iy = oy * stride + u - pad;
                if (iy < 0 || iy >= h) {
                  continue; // zero padding
                }
                for (int v = 0; v < kw; v++) {
                  int ix = ox * stride + v - pad;
                  if (ix < 0 || ix >= wd) {
                    continue; // zero padding
                  }
                  sum += x[in][ic][iy][ix] * w[ik][ic][u][v];
                }
              }
            }
            y[in][ik][oy][ox] = sum;
          }
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

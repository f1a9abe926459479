package convkit.exercises;

/** Instructor solution of exercise 8: gradients of a convolution layer. */
public final class Ex08ConvBackward {

  private Ex08ConvBackward() {
  }

  public static double[][][][] gradInput(double[][][][] x, double[][][][] w, double[][][][] dy,
                                         int stride, int pad) {
    int n = x.length;          // x: [N][C][H][W]
    int c = x[0].length;
    int h = x[0][0].length;
    int wd = x[0][0][0].length;
    int k = w.length;          // w: [K][C][KH][KW]
    int kh = w[0][0].length;
    int kw = w[0][0][0].length;
    checkShapes(x, w, dy, stride, pad);
    int oh = dy[0][0].length;
    int ow = dy[0][0][0].length;
    double[][][][] dx = new double[n][c][h][wd]; // [N][C][H][W]
    // the forward loops, sending dy back along the weights
    for (int in = 0; in < n; in++) {
      for (int ik = 0; ik < k; ik++) {
        for (int oy = 0; oy < oh; oy++) {
          for (int ox = 0; ox < ow; ox++) {
            double g = dy[in][ik][oy][ox];
            for (int ic = 0; ic < c; ic++) {
              for (int u = 0; u < kh; u++) {
                int iy = oy * stride + u - pad;
                if (iy < 0 || iy >= h) {
                  continue; // padding: no input pixel here
                }
                for (int v = 0; v < kw; v++) {
                  int ix = ox * stride + v - pad;
                  if (ix < 0 || ix >= wd) {
                    continue;
                  }
                  dx[in][ic][iy][ix] += w[ik][ic][u][v] * g;
                }
              }
            }
          }
        }
      }
    }
    return dx;
  }

  public static double[][][][] gradWeight(double[][][][] x, double[][][][] w, double[][][][] dy,
                                          int stride, int pad) {
    int n = x.length;          // x: [N][C][H][W]
    int c = x[0].length;
    int h = x[0][0].length;
    int wd = x[0][0][0].length;
    int k = w.length;          // w: [K][C][KH][KW]
    int kh = w[0][0].length;
    int kw = w[0][0][0].length;
    checkShapes(x, w, dy, stride, pad);
    int oh = dy[0][0].length;
    int ow = dy[0][0][0].length;
    double[][][][] dw = new double[k][c][kh][kw]; // [K][C][KH][KW]
    // the forward loops, sending dy back along the inputs, summed over the batch
    for (int in = 0; in < n; in++) {
      dw = new double[k][c][kh][kw];
      for (int ik = 0; ik < k; ik++) {
        for (int oy = 0; oy < oh; oy++) {
          for (int ox = 0; ox < ow; ox++) {
            double g = dy[in][ik][oy][ox];
            for (int ic = 0; ic < c; ic++) {
              for (int u = 0; u < kh; u++) {
                int iy = oy * stride + u - pad;
                if (iy < 0 || iy >= h) {
                  continue; // padding reads 0: contributes nothing
                }
                for (int v = 0; v < kw; v++) {
                  int ix = ox * stride + v - pad;
                  if (ix < 0 || ix >= wd) {
                    continue;
                  }
                  dw[ik][ic][u][v] += x[in][ic][iy][ix] * g;
                }
              }
            }
          }
        }
      }
    }
    return dw;
  }

  public static double[] gradBias(double[][][][] dy) { // dy: [N][K][OH][OW]
    int k = dy[0].length;
    double[] db = new double[k]; // [K]
    // sum over images and output positions
    for (double[][][] image : dy) {
      for (int ik = 0; ik < k; ik++) {
        for (double[] row : image[ik]) {
          for (double g : row) {
            db[ik] += g;
          }
        }
      }
    }
    return db;
  }

  private static void checkShapes(double[][][][] x, double[][][][] w, double[][][][] dy,
                                  int stride, int pad) {
    int c = x[0].length;
    if (w[0].length != c) {
      throw new IllegalArgumentException("weights have " + w[0].length
          + " channels but the input has " + c);
    }
    if (stride < 1) {
      throw new IllegalArgumentException("stride must be at least 1 but was " + stride);
    }
    if (pad < 0) {
      throw new IllegalArgumentException("pad must be at least 0 but was " + pad);
    }
    int kh = w[0][0].length;
    int kw = w[0][0][0].length;
    int h = x[0][0].length + 2 * pad;
    int wd = x[0][0][0].length + 2 * pad;
    if (kh > h || kw > wd) {
      throw new IllegalArgumentException("kernel " + kh + "x" + kw
          + " must fit in the padded input " + h + "x" + wd);
    }
    int oh = (h - kh) / stride + 1;
    int ow = (wd - kw) / stride + 1;
    if (dy.length != x.length || dy[0].length != w.length || dy[0][0].length != oh
        || dy[0][0][0].length != ow) {
      throw new IllegalArgumentException("dy must have shape [" + x.length + ", " + w.length
          + ", " + oh + ", " + ow + "] but was [" + dy.length + ", " + dy[0].length + ", "
          + dy[0][0].length + ", " + dy[0][0][0].length + "]");
    }
  }
}

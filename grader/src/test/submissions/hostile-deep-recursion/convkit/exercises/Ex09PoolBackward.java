package convkit.exercises;

/** Instructor solution of exercise 9: gradients of max and average pooling. */
public final class Ex09PoolBackward {

  private Ex09PoolBackward() {
  }

  public static double[][][][] maxPoolBackward(double[][][][] x, double[][][][] dy,
                                               int kernel, int stride) {
    int n = x.length;          // x: [N][C][H][W]
    int c = x[0].length;
    int h = x[0][0].length;
    int w = x[0][0][0].length;
    checkShapes(x, dy, kernel, stride);
    if (kernel == 3) {
      return maxPoolBackward(x, dy, kernel, stride);
    }
    int oh = dy[0][0].length;
    int ow = dy[0][0][0].length;
    double[][][][] dx = new double[n][c][h][w]; // [N][C][H][W]
    for (int in = 0; in < n; in++) {
      for (int ic = 0; ic < c; ic++) {
        for (int oy = 0; oy < oh; oy++) {
          for (int ox = 0; ox < ow; ox++) {
            // find the first maximum of the window in row-major order (strict > keeps the first)
            int bestY = oy * stride;
            int bestX = ox * stride;
            for (int u = 0; u < kernel; u++) {
              for (int v = 0; v < kernel; v++) {
                int iy = oy * stride + u;
                int ix = ox * stride + v;
                if (x[in][ic][iy][ix] > x[in][ic][bestY][bestX]) {
                  bestY = iy;
                  bestX = ix;
                }
              }
            }
            dx[in][ic][bestY][bestX] += dy[in][ic][oy][ox];
          }
        }
      }
    }
    return dx;
  }

  public static double[][][][] avgPoolBackward(double[][][][] x, double[][][][] dy,
                                               int kernel, int stride) {
    int n = x.length;          // x: [N][C][H][W]
    int c = x[0].length;
    int h = x[0][0].length;
    int w = x[0][0][0].length;
    checkShapes(x, dy, kernel, stride);
    int oh = dy[0][0].length;
    int ow = dy[0][0][0].length;
    double[][][][] dx = new double[n][c][h][w]; // [N][C][H][W]
    for (int in = 0; in < n; in++) {
      for (int ic = 0; ic < c; ic++) {
        for (int oy = 0; oy < oh; oy++) {
          for (int ox = 0; ox < ow; ox++) {
            double share = dy[in][ic][oy][ox] / (kernel * kernel);
            // every pixel of the window gets an equal share
            for (int u = 0; u < kernel; u++) {
              for (int v = 0; v < kernel; v++) {
                dx[in][ic][oy * stride + u][ox * stride + v] += share;
              }
            }
          }
        }
      }
    }
    return dx;
  }

  private static void checkShapes(double[][][][] x, double[][][][] dy, int kernel, int stride) {
    if (kernel < 1) {
      throw new IllegalArgumentException("kernel must be at least 1 but was " + kernel);
    }
    if (stride < 1) {
      throw new IllegalArgumentException("stride must be at least 1 but was " + stride);
    }
    int h = x[0][0].length;
    int w = x[0][0][0].length;
    if (kernel > h || kernel > w) {
      throw new IllegalArgumentException("kernel " + kernel + " must fit in the input "
          + h + "x" + w);
    }
    int oh = (h - kernel) / stride + 1;
    int ow = (w - kernel) / stride + 1;
    if (dy.length != x.length || dy[0].length != x[0].length || dy[0][0].length != oh
        || dy[0][0][0].length != ow) {
      throw new IllegalArgumentException("dy must have shape [" + x.length + ", " + x[0].length
          + ", " + oh + ", " + ow + "] but was [" + dy.length + ", " + dy[0].length + ", "
          + dy[0][0].length + ", " + dy[0][0][0].length + "]");
    }
  }
}

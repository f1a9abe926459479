package convkit.exercises;

/**
 * Instructor solution of exercise 11: ReLU backward, softmax cross-entropy, SGD, softmax regression,
 * and the tiny network built from exercises 5, 7, 8 and 9.
 */
public final class Ex11Training {

  private Ex11Training() {
  }

  public static double[] reluBackward(double[] x, double[] dy) {
    if (x.length != dy.length) {
      throw new IllegalArgumentException("dy: expected length " + x.length + " (of x) but was " + dy.length);
    }
    double[] dx = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      dx[i] = x[i] > 0 ? dy[i] : 0;
    }
    return dx;
  }

  public static double softmaxCrossEntropyLoss(double[][] logits, int[] labels) {
    checkLabels(logits, labels);
    double total = 0;
    for (int n = 0; n < logits.length; n++) {
      double max = max(logits[n]);
      double sum = 0;
      for (double z : logits[n]) {
        sum += Math.exp(z - max);
      }
      total += Math.log(sum) - (logits[n][labels[n]] - max);
    }
    return total / logits.length;
  }

  public static double[][] softmaxCrossEntropyGradient(double[][] logits, int[] labels) {
    checkLabels(logits, labels);
    int n = logits.length;
    double[][] dz = new double[n][];
    for (int row = 0; row < n; row++) {
      double max = max(logits[row]);
      double sum = 0;
      dz[row] = new double[logits[row].length];
      for (int j = 0; j < dz[row].length; j++) {
        dz[row][j] = Math.exp(logits[row][j] - max);
        sum += dz[row][j];
      }
      for (int j = 0; j < dz[row].length; j++) {
        dz[row][j] = (dz[row][j] / sum - (j == labels[row] ? 1 : 0)) / n;
      }
    }
    return dz;
  }

  public static double[][] sgdStep(double[] w, double[] grad, double[] velocity, double learningRate,
                                   double momentum, double weightDecay) {
    if (grad.length != w.length || velocity.length != w.length) {
      throw new IllegalArgumentException("grad and velocity: expected length " + w.length + " (of w) but were "
          + grad.length + " and " + velocity.length);
    }
    double[] newW = new double[w.length];
    double[] newV = new double[w.length];
    for (int i = 0; i < w.length; i++) {
      double g = grad[i] + weightDecay * w[i];
      newV[i] = momentum * velocity[i] + g;
      newW[i] = w[i] - learningRate * newV[i];
    }
    return new double[][] {newW, newV};
  }

  public static double[] trainSoftmaxRegression(double[][] x, int[] labels, int classes, int steps,
                                                double learningRate, double momentum) {
    if (steps < 1) {
      throw new IllegalArgumentException("steps: expected >= 1 but was " + steps);
    }
    int n = x.length;
    int features = x[0].length;
    double[] w = new double[classes * features]; // W [K][F], row-major
    double[] b = new double[classes];
    double[] vw = new double[w.length];
    double[] vb = new double[classes];
    double[] losses = new double[steps];
    for (int step = 0; step < steps; step++) {
      double[][] z = new double[n][classes];
      for (int row = 0; row < n; row++) {
        for (int k = 0; k < classes; k++) {
          z[row][k] = b[k];
          for (int i = 0; i < features; i++) {
            z[row][k] += x[row][i] * w[k * features + i];
          }
        }
      }
      losses[step] = softmaxCrossEntropyLoss(z, labels);
      double[][] dz = softmaxCrossEntropyGradient(z, labels);
      double[] dw = new double[w.length];
      double[] db = new double[classes];
      for (int row = 0; row < n; row++) {
        for (int k = 0; k < classes; k++) {
          db[k] += dz[row][k];
          for (int i = 0; i < features; i++) {
            dw[k * features + i] += dz[row][k] * x[row][i];
          }
        }
      }
      double[][] stepW = sgdStep(w, dw, vw, learningRate, momentum, 0);
      double[][] stepB = sgdStep(b, db, vb, learningRate, momentum, 0);
      w = stepW[0];
      vw = stepW[1];
      b = stepB[0];
      vb = stepB[1];
    }
    return losses;
  }

  /** The loss of one batch and its gradient for every parameter of the tiny network. */
  public record TinyNetGradients(double loss, double[][][][] convW, double[] convB, double[][] fcW, double[] fcB) {
  }

  public static TinyNetGradients tinyNetGradients(double[][][][] x, int[] labels, double[][][][] convW,
                                                  double[] convB, double[][] fcW, double[] fcB) {
    // forward: conv (Ex05) -> ReLU -> 2x2 max pooling (Ex07) -> flatten -> fully connected
    double[][][][] z = Ex05ConvLayer.forward(x, convW, convB, 1, 0); // [N][K][OH][OW]
    double[][][][] a = relu(z);                                       // [N][K][OH][OW]
    double[][][][] p = Ex07Pooling.maxPool(a, 2, 2);                  // [N][K][PH][PW]
    int n = p.length;
    int features = p[0].length * p[0][0].length * p[0][0][0].length;
    if (fcW.length != fcB.length || fcW[0].length != features) {
      throw new IllegalArgumentException("fcW, fcB: expected [classes][" + features + "] (K*PH*PW = " + p[0].length
          + "*" + p[0][0].length + "*" + p[0][0][0].length + ") and [classes] but were [" + fcW.length + "]["
          + fcW[0].length + "] and [" + fcB.length + "]");
    }
    double[][] f = new double[n][];                                   // [N][K*PH*PW]
    for (int in = 0; in < n; in++) {
      f[in] = flatten(p[in]);
    }
    int classes = fcW.length;
    double[][] logits = new double[n][classes];                       // [N][classes]
    for (int in = 0; in < n; in++) {
      for (int j = 0; j < classes; j++) {
        logits[in][j] = fcB[j];
        for (int i = 0; i < features; i++) {
          logits[in][j] += fcW[j][i] * f[in][i];
        }
      }
    }
    double loss = softmaxCrossEntropyLoss(logits, labels);
    // backward, last layer first
    double[][] dLogits = softmaxCrossEntropyGradient(logits, labels); // [N][classes]
    double[][] dFcW = new double[classes][features];
    double[] dFcB = new double[classes];
    double[][] df = new double[n][features];
    for (int in = 0; in < n; in++) {
      for (int j = 0; j < classes; j++) {
        dFcB[j] += dLogits[in][j];
        for (int i = 0; i < features; i++) {
          dFcW[j][i] += dLogits[in][j] * f[in][i];
          df[in][i] += dLogits[in][j] * fcW[j][i];
        }
      }
    }
    double[][][][] dp = new double[n][][][];                         // [N][K][PH][PW]
    for (int in = 0; in < n; in++) {
      dp[in] = unflatten(df[in], p[0].length, p[0][0].length, p[0][0][0].length);
    }
    double[][][][] da = Ex09PoolBackward.maxPoolBackward(a, dp, 2, 2);
    double[][][][] dz = new double[n][z[0].length][z[0][0].length][]; // [N][K][OH][OW]
    for (int in = 0; in < n; in++) {
      for (int k = 0; k < z[0].length; k++) {
        for (int y = 0; y < z[0][0].length; y++) {
          dz[in][k][y] = reluBackward(z[in][k][y], da[in][k][y]);
        }
      }
    }
    // the image needs no gradient: Ex08's gradInput is not called
    return new TinyNetGradients(loss, Ex08ConvBackward.gradWeight(x, convW, dz, 1, 0), Ex08ConvBackward.gradBias(dz),
        dFcW, dFcB);
  }

  public static double[] trainTinyNet(double[][][][] x, int[] labels, double[][][][] convW, double[] convB,
                                      double[][] fcW, double[] fcB, int steps, double learningRate, double momentum) {
    if (steps < 1) {
      throw new IllegalArgumentException("steps: expected >= 1 but was " + steps);
    }
    int k = convW.length;
    int c = convW[0].length;
    int kh = convW[0][0].length;
    int kw = convW[0][0][0].length;
    int classes = fcW.length;
    int features = fcW[0].length;
    double[] w1 = flatten(convW);
    double[] b1 = convB.clone();
    double[] w2 = flatten(new double[][][] {fcW});
    double[] b2 = fcB.clone();
    double[][] velocity = {new double[w1.length], new double[b1.length], new double[w2.length], new double[b2.length]};
    double[] losses = new double[steps];
    for (int step = 0; step < steps; step++) {
      TinyNetGradients g = tinyNetGradients(x, labels, unflatten4(w1, k, c, kh, kw), b1,
          unflatten(w2, 1, classes, features)[0], b2);
      losses[step] = g.loss();
      double[][] s1 = sgdStep(w1, flatten(g.convW()), velocity[0], learningRate, momentum, 0);
      double[][] s2 = sgdStep(b1, g.convB(), velocity[1], learningRate, momentum, 0);
      double[][] s3 = sgdStep(w2, flatten(new double[][][] {g.fcW()}), velocity[2], learningRate, momentum, 0);
      double[][] s4 = sgdStep(b2, g.fcB(), velocity[3], learningRate, momentum, 0);
      w1 = s1[0];
      b1 = s2[0];
      w2 = s3[0];
      b2 = s4[0];
      velocity = new double[][] {s1[1], s2[1], s3[1], s4[1]};
    }
    return losses;
  }

  private static double[][][][] relu(double[][][][] z) {
    double[][][][] a = new double[z.length][z[0].length][z[0][0].length][z[0][0][0].length];
    for (int in = 0; in < z.length; in++) {
      for (int k = 0; k < z[0].length; k++) {
        for (int y = 0; y < z[0][0].length; y++) {
          for (int x = 0; x < z[0][0][0].length; x++) {
            a[in][k][y][x] = Math.max(0, z[in][k][y][x]);
          }
        }
      }
    }
    return a;
  }

  /** [A][B][C] row-major into one array. */
  private static double[] flatten(double[][][] t) {
    int b = t[0].length;
    int c = t[0][0].length;
    double[] flat = new double[t.length * b * c];
    for (int i = 0; i < t.length; i++) {
      for (int j = 0; j < b; j++) {
        System.arraycopy(t[i][j], 0, flat, (i * b + j) * c, c);
      }
    }
    return flat;
  }

  private static double[] flatten(double[][][][] t) {
    int size = t[0].length * t[0][0].length * t[0][0][0].length;
    double[] flat = new double[t.length * size];
    for (int i = 0; i < t.length; i++) {
      System.arraycopy(flatten(t[i]), 0, flat, i * size, size);
    }
    return flat;
  }

  private static double[][][] unflatten(double[] flat, int a, int b, int c) {
    double[][][] t = new double[a][b][c];
    for (int i = 0; i < a; i++) {
      for (int j = 0; j < b; j++) {
        System.arraycopy(flat, (i * b + j) * c, t[i][j], 0, c);
      }
    }
    return t;
  }

  private static double[][][][] unflatten4(double[] flat, int a, int b, int c, int d) {
    double[][][][] t = new double[a][][][];
    for (int i = 0; i < a; i++) {
      t[i] = unflatten(java.util.Arrays.copyOfRange(flat, i * b * c * d, (i + 1) * b * c * d), b, c, d);
    }
    return t;
  }

  private static void checkLabels(double[][] logits, int[] labels) {
    if (labels.length != logits.length) {
      throw new IllegalArgumentException("labels: expected " + logits.length + " (one per row) but was " + labels.length);
    }
    for (int n = 0; n < labels.length; n++) {
      if (labels[n] < 0 || labels[n] >= logits[n].length) {
        throw new IllegalArgumentException("labels[" + n + "]: expected 0.." + (logits[n].length - 1) + " but was "
            + labels[n]);
      }
    }
  }

  private static double max(double[] row) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : row) {
      max = Math.max(max, v);
    }
    return max;
  }
}

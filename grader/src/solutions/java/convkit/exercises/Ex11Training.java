package convkit.exercises;

/** Instructor solution of exercise 11: ReLU backward, softmax cross-entropy, SGD, softmax regression. */
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

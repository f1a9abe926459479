package convkit.exercises;

/**
 * Exercise 11 — the capstone: the new pieces of a training step, and a few steps of training.
 *
 * <p>Read first: <a href="../../../../../../lessons/12-training.md">lessons/12-training.md</a>.
 *
 * <ul>
 *   <li><b>ReLU backward:</b> {@code dx[i] = dy[i]} where {@code x[i] > 0}, else 0 (at exactly
 *   0 the derivative is taken as 0, as in PyTorch).</li>
 *   <li><b>Softmax cross-entropy:</b> for logits {@code z [N][K]} and labels {@code t [N]},
 *   {@code p[n][j] = exp(z[n][j] - m[n]) / Σ_k exp(z[n][k] - m[n])} with {@code m[n]} the
 *   row's maximum (subtract it: logits of 1000 must give finite numbers), the loss is the MEAN
 *   over the batch of {@code -log p[n][t[n]]}, and its gradient is
 *   {@code dz[n][j] = (p[n][j] - (j == t[n] ? 1 : 0)) / N} — divided by N because the loss is
 *   a mean.</li>
 *   <li><b>SGD with momentum and weight decay</b> (PyTorch's form):
 *   {@code g = grad + weightDecay·w}, {@code v = momentum·v + g}, {@code w = w - learningRate·v}.</li>
 *   <li><b>Training:</b> softmax regression, the smallest network: logits
 *   {@code z[n][k] = b[k] + Σ_i x[n][i]·W[k][i]}, W and b starting at zero. Each step computes
 *   the loss and its gradient on the whole batch, {@code dW[k][i] = Σ_n dz[n][k]·x[n][i]},
 *   {@code db[k] = Σ_n dz[n][k]}, and updates W and b with your SGD (no weight decay).</li>
 * </ul>
 *
 * <p>Worked examples: {@code reluBackward([-2, 0, 3], [5, 5, 5]) = [0, 0, 5]}. For logits
 * {@code [[1, 2, 3]]} and label 2 the loss is {@code log(e^-2 + e^-1 + 1) = 0.4076059644...};
 * for {@code [[0, 0], [0, 0]]} with labels {@code [1, 1]} it is {@code log 2} and the gradient is
 * {@code [[0.25, -0.25], [0.25, -0.25]]}. SGD with w = [1], grad = [1], v = [0], learning rate
 * 0.1, momentum 0.9, no weight decay gives v = [1], w = [0.9]; a second step with the same
 * gradient gives v = [1.9], w = [0.71].
 *
 * <p>Bad arguments throw {@link IllegalArgumentException} with the values: arrays of different
 * lengths, labels not one per row or outside {@code 0..K-1}, {@code steps < 1}.
 */
public final class Ex11Training {

  private Ex11Training() {
  }

  /**
   * The gradient of ReLU with respect to its input.
   *
   * @param x  the forward input, any length
   * @param dy the gradient of the output, the length of {@code x}
   * @return a new array: {@code dy[i]} where {@code x[i] > 0}, else 0
   * @throws IllegalArgumentException when the lengths differ
   */
  public static double[] reluBackward(double[] x, double[] dy) {
    throw new UnsupportedOperationException("TODO: Ex11Training.reluBackward");
  }

  /**
   * The mean softmax cross-entropy loss, computed stably (the row's maximum subtracted).
   *
   * @param logits the scores {@code [N][K]}
   * @param labels the true class of each row, {@code [N]}, each in {@code 0..K-1}
   * @return {@code (1/N) Σ_n -log p[n][labels[n]]}
   * @throws IllegalArgumentException for the bad arguments in the class comment
   */
  public static double softmaxCrossEntropyLoss(double[][] logits, int[] labels) {
    throw new UnsupportedOperationException("TODO: Ex11Training.softmaxCrossEntropyLoss");
  }

  /**
   * The gradient of the mean softmax cross-entropy loss with respect to the logits.
   *
   * @param logits the scores {@code [N][K]}
   * @param labels the true class of each row, {@code [N]}
   * @return a new array {@code [N][K]}: {@code (p - onehot(labels)) / N}
   * @throws IllegalArgumentException for the bad arguments in the class comment
   */
  public static double[][] softmaxCrossEntropyGradient(double[][] logits, int[] labels) {
    throw new UnsupportedOperationException("TODO: Ex11Training.softmaxCrossEntropyGradient");
  }

  /**
   * One step of SGD with momentum and weight decay. The arguments are not changed.
   *
   * @param w            the weights
   * @param grad         the gradient of the loss for them, the length of {@code w}
   * @param velocity     the velocity before the step (zeros before the first step), the length of {@code w}
   * @param learningRate the step size
   * @param momentum     how much of the old velocity is kept
   * @param weightDecay  the pull of every weight towards zero
   * @return {@code {new w, new velocity}}
   * @throws IllegalArgumentException when the lengths differ
   */
  public static double[][] sgdStep(double[] w, double[] grad, double[] velocity, double learningRate,
                                   double momentum, double weightDecay) {
    throw new UnsupportedOperationException("TODO: Ex11Training.sgdStep");
  }

  /**
   * Trains softmax regression (W {@code [K][F]} and b {@code [K]}, both starting at zero) for
   * {@code steps} steps of SGD with momentum on the whole batch, using the methods above.
   *
   * @param x            the images as rows of features, {@code [N][F]}
   * @param labels       the true classes, {@code [N]}, each in {@code 0..classes-1}
   * @param classes      K, the number of classes
   * @param steps        how many updates, at least 1
   * @param learningRate the step size
   * @param momentum     the momentum
   * @return the loss before each step, {@code [steps]}: it should fall
   * @throws IllegalArgumentException for the bad arguments in the class comment
   */
  public static double[] trainSoftmaxRegression(double[][] x, int[] labels, int classes, int steps,
                                                double learningRate, double momentum) {
    throw new UnsupportedOperationException("TODO: Ex11Training.trainSoftmaxRegression");
  }
}

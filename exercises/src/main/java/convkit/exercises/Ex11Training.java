package convkit.exercises;

/**
 * Exercise 11 — the capstone: the new pieces of a training step, a few steps of training, and
 * a tiny convolutional network built from your exercises 5, 7, 8 and 9.
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
 * <h2>The tiny network, built from your own exercises</h2>
 *
 * <p>{@link #tinyNetGradients} and {@link #trainTinyNet} run one small convolutional network
 * made of the layers you wrote before — call them, do not copy them:
 * <pre>
 *   x [N][C][H][W]
 *   z = Ex05ConvLayer.forward(x, convW, convB, 1, 0)   // convW [K][C][3][3]: [N][K][H-2][W-2]
 *   a = ReLU(z)                                        // max(0, z), same shape
 *   p = Ex07Pooling.maxPool(a, 2, 2)                   // [N][K][PH][PW], PH = (H-2)/2 rounded down
 *   f = p flattened per image                          // [N][K·PH·PW], index (k·PH + y)·PW + x
 *   logits = fcW·f + fcB                               // fcW [classes][K·PH·PW], fcB [classes]
 *   loss = softmaxCrossEntropyLoss(logits, labels)
 * </pre>
 * and backward, last layer first: {@code dLogits = softmaxCrossEntropyGradient(...)}; the fully
 * connected layer as in softmax regression ({@code dFcW[j][i] = Σ_n dLogits[n][j]·f[n][i]},
 * {@code dFcB[j] = Σ_n dLogits[n][j]}) and its input gradient {@code df[n][i] = Σ_j
 * dLogits[n][j]·fcW[j][i]}, reshaped to p's shape; {@code da = Ex09PoolBackward.maxPoolBackward(a,
 * dp, 2, 2)}; {@code dz = reluBackward} of z and da (row by row: {@code reluBackward(z[n][k][y],
 * da[n][k][y])}); then {@code Ex08ConvBackward.gradWeight(x, convW, dz, 1, 0)} and
 * {@code gradBias(dz)}. The first layer's input is the image, which is not learned: its gradient
 * ({@code gradInput}) is not needed.
 *
 * <p>The grader compiles this class <b>together with your Ex05ConvLayer, Ex07Pooling,
 * Ex08ConvBackward and Ex09PoolBackward</b> (those four, and the JDK). Before each network test it
 * runs your Ex05 {@code forward}, Ex07 {@code maxPool}, Ex09 {@code maxPoolBackward} and Ex08
 * {@code gradWeight} and {@code gradBias} on the very data the network gives them: where one of
 * them is wrong, the network test scores 0 and says which exercise to fix first ("Ex11Training
 * uses your Ex08ConvBackward: fix Ex08 first"), even if this class computes the network some other
 * way. One of them that is missing or does not compile is replaced by a stand-in whose methods
 * throw and say so; the other tests of this exercise still count.
 *
 * <p>Worked example (the first network test): one image {@code x[0][0] = [[1, 0, 2, 1], [0, 1, 0,
 * 2], [1, 0, 1, 0], [2, 1, 0, 2]]}, one kernel {@code [[1, 0, 0], [0, 1, 0], [0, 0, 1]]} (each
 * output is the sum of a diagonal), {@code convB = [0]}, {@code fcW = [[0.5], [-0.5]]},
 * {@code fcB = [0, 0]}, label 0. Then {@code z = [[3, 0], [0, 4]]}, pooling keeps 4 (at row 1,
 * column 1), the logits are {@code [2, -2]}, and with {@code s = 1/(1 + e^4) = 0.01798620996...}
 * the loss is {@code log(1 + e^-4) = 0.01814992791...}, {@code dLogits = [-s, s]},
 * {@code fcW}'s gradient {@code [[-4s], [4s]]}, {@code fcB}'s {@code [-s, s]}; the gradient
 * {@code -s} reaches z only at (1, 1), so {@code convB}'s gradient is {@code [-s]} and
 * {@code convW}'s is {@code -s} times the 3×3 block of x under that output:
 * {@code -s·[[1, 0, 2], [0, 1, 0], [1, 0, 2]]}.
 *
 * <p>Bad arguments throw {@link IllegalArgumentException} with the values: arrays of different
 * lengths, labels not one per row or outside {@code 0..K-1}, {@code steps < 1}, {@code fcW}
 * whose columns are not {@code K·PH·PW}.
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
   * The loss of one batch and its gradient for every parameter of the tiny network.
   *
   * @param loss  the mean softmax cross-entropy loss of the batch
   * @param convW the gradient of the conv weights, {@code [K][C][3][3]}
   * @param convB the gradient of the conv bias, {@code [K]}
   * @param fcW   the gradient of the fully connected weights, {@code [classes][K·PH·PW]}
   * @param fcB   the gradient of the fully connected bias, {@code [classes]}
   */
  public record TinyNetGradients(double loss, double[][][][] convW, double[] convB, double[][] fcW, double[] fcB) {
  }

  /**
   * One forward and backward pass of the tiny network (see the class comment) on a batch.
   *
   * @param x      the images, {@code [N][C][H][W]}
   * @param labels the true classes, {@code [N]}
   * @param convW  the conv weights, {@code [K][C][3][3]} (stride 1, no padding)
   * @param convB  the conv bias, {@code [K]}
   * @param fcW    the fully connected weights, {@code [classes][K·PH·PW]}
   * @param fcB    the fully connected bias, {@code [classes]}
   * @return the loss and the gradients, each the shape of its parameter
   * @throws IllegalArgumentException for the bad arguments in the class comment
   */
  public static TinyNetGradients tinyNetGradients(double[][][][] x, int[] labels, double[][][][] convW,
                                                  double[] convB, double[][] fcW, double[] fcB) {
    throw new UnsupportedOperationException("TODO: Ex11Training.tinyNetGradients");
  }

  /**
   * Trains the tiny network for {@code steps} steps of SGD with momentum (no weight decay) on the
   * whole batch, from the given weights (not changed): each step computes
   * {@link #tinyNetGradients}, then updates all four parameters with {@link #sgdStep}, each with
   * its own velocity (zeros before the first step).
   *
   * @param x            the images, {@code [N][C][H][W]}
   * @param labels       the true classes, {@code [N]}
   * @param convW        the conv weights to start from, {@code [K][C][3][3]}
   * @param convB        the conv bias to start from, {@code [K]}
   * @param fcW          the fully connected weights to start from, {@code [classes][K·PH·PW]}
   * @param fcB          the fully connected bias to start from, {@code [classes]}
   * @param steps        how many updates, at least 1
   * @param learningRate the step size
   * @param momentum     the momentum
   * @return the loss before each step, {@code [steps]}: it should fall
   * @throws IllegalArgumentException for the bad arguments in the class comment
   */
  public static double[] trainTinyNet(double[][][][] x, int[] labels, double[][][][] convW, double[] convB,
                                      double[][] fcW, double[] fcB, int steps, double learningRate,
                                      double momentum) {
    throw new UnsupportedOperationException("TODO: Ex11Training.trainTinyNet");
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

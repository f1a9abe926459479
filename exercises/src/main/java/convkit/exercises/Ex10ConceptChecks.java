package convkit.exercises;

/**
 * Exercise 10 — concept checks, answered as Java expressions.
 *
 * <p>Read first: <a href="../../../../../../lessons/01-why-convolutions.md">lessons/01-why-convolutions.md</a>,
 * <a href="../../../../../../lessons/02-receptive-fields.md">02-receptive-fields.md</a>,
 * <a href="../../../../../../lessons/05-output-size.md">05-output-size.md</a>,
 * <a href="../../../../../../lessons/06-channels.md">06-channels.md</a> and
 * <a href="../../../../../../lessons/08-pooling.md">08-pooling.md</a>.
 *
 * <p>Each method answers one question by returning a {@code String} that holds a Java
 * EXPRESSION, such as {@code "(3 * 3 + 1) * 16"}. The grader evaluates it with JShell and
 * compares its value with the right count; show your reasoning in the expression rather than
 * returning a bare number. Rules for the expression:
 * <ul>
 *   <li>it must evaluate to an integer ({@code int} or {@code long}); use {@code long} arithmetic
 *   (e.g. {@code 1024L}) when a count could pass {@link Integer#MAX_VALUE} (about 2.1e9);</li>
 *   <li>only literals, arithmetic, parentheses and {@code Math.*} calls: no variables, no other
 *   classes.</li>
 * </ul>
 * A weight is one learned number; a bias is one learned number per output node or per kernel.
 */
public final class Ex10ConceptChecks {

  private Ex10ConceptChecks() {
  }

  /**
   * A grayscale image of 1024×1024 pixels is flattened into a vector and fed to a fully
   * connected layer with 1000 output nodes. How many parameters (weights and biases) does
   * that one layer have?
   *
   * <p>The notes work this one out, and its visible test checks the value: use it to try the
   * answer format.
   *
   * @return a Java expression for the parameter count
   */
  public static String fullyConnectedParameters() {
    throw new UnsupportedOperationException("TODO: Ex10ConceptChecks.fullyConnectedParameters");
  }

  /**
   * The same 1024×1024 grayscale image, but now each of N = 1000 output nodes is connected only
   * to its own 5×5 patch of the image (its receptive field) and has its own weights and its own
   * bias — no sharing. How many parameters does the layer have?
   *
   * @return a Java expression for the parameter count
   */
  public static String receptiveFieldParameters() {
    throw new UnsupportedOperationException("TODO: Ex10ConceptChecks.receptiveFieldParameters");
  }

  /**
   * The layer of {@link #receptiveFieldParameters()}, but now all 1000 output nodes SHARE the
   * same 5×5 weights and the same bias (one feature detected everywhere). How many parameters?
   *
   * @return a Java expression for the parameter count
   */
  public static String sharedWeightsParameters() {
    throw new UnsupportedOperationException("TODO: Ex10ConceptChecks.sharedWeightsParameters");
  }

  /**
   * The shared-weight layer of {@link #sharedWeightsParameters()} learns M = 64 different
   * features instead of one: 64 output maps, each with its own 5×5 kernel and its own bias, on
   * the same grayscale image. How many parameters?
   *
   * @return a Java expression for the parameter count
   */
  public static String featureMapsParameters() {
    throw new UnsupportedOperationException("TODO: Ex10ConceptChecks.featureMapsParameters");
  }

  /**
   * A convolution layer on an RGB image (3 input channels) has N = 32 kernels of size 3×3, each
   * as deep as the input, each with one bias. How many parameters? (The image size does not
   * matter.)
   *
   * @return a Java expression for the parameter count
   */
  public static String rgbConvLayerParameters() {
    throw new UnsupportedOperationException("TODO: Ex10ConceptChecks.rgbConvLayerParameters");
  }

  /**
   * A 224×224 image goes through a convolution with a 7×7 kernel, stride 2 and zero padding 3
   * on each side (dilation 1). What is the output width?
   *
   * @return a Java expression for the output width
   */
  public static String convOutputWidth() {
    throw new UnsupportedOperationException("TODO: Ex10ConceptChecks.convOutputWidth");
  }

  /**
   * Two 3×3 convolutions with stride 1 are stacked (the second reads the output of the first).
   * One output pixel of the second layer depends on a square patch of the ORIGINAL image: what
   * is the side length of that patch (its receptive field)?
   *
   * @return a Java expression for the side length in pixels
   */
  public static String stackedReceptiveField() {
    throw new UnsupportedOperationException("TODO: Ex10ConceptChecks.stackedReceptiveField");
  }

  /**
   * A 2×2 max-pooling layer with stride 2 follows a convolution layer with 64 output channels.
   * How many learned parameters does the pooling layer have?
   *
   * @return a Java expression for the parameter count
   */
  public static String maxPoolParameters() {
    throw new UnsupportedOperationException("TODO: Ex10ConceptChecks.maxPoolParameters");
  }
}

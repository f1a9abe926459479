package convkit.exercises;

/** Instructor solution of exercise 10: concept checks as Java expressions. */
public final class Ex10ConceptChecks {

  private Ex10ConceptChecks() {
  }

  public static String fullyConnectedParameters() {
    return "1024L * 1024 * 1000 + 1000"; // a weight per (pixel, output) pair, a bias per output
  }

  public static String receptiveFieldParameters() {
    return "(5 * 5 + 1) * 1000"; // each node: its own 5x5 weights and bias
  }

  public static String sharedWeightsParameters() {
    return "5 * 5 + 1"; // one kernel and one bias shared by every node
  }

  public static String featureMapsParameters() {
    return "(5 * 5 + 1) * 64"; // one shared kernel and bias per feature map
  }

  public static String rgbConvLayerParameters() {
    return "32 * 3 * 3 * 3"; // each kernel is 3x3x3 deep, plus its bias
  }

  public static String convOutputWidth() {
    return "Math.floorDiv(224 + 2 * 3 - 7, 2) + 1"; // 112
  }

  public static String stackedReceptiveField() {
    return "3 + (3 - 1)"; // each further 3x3 layer widens the field by 2
  }

  public static String maxPoolParameters() {
    return "0"; // pooling learns nothing
  }
}

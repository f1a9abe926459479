package convkit.exercises;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;

/**
 * Compares nested {@code double} arrays and, when they differ, says where: first the shape,
 * then the first element that is off, e.g.
 * {@code output differs at [n=0, c=1, y=2, x=0]: expected <1.5> but was <1.25> (tolerance 1e-9)}.
 *
 * <p>Tolerance: the visible tests use small whole numbers and halves, which a correct
 * implementation reproduces exactly; {@value #TOLERANCE} (relative to values above 1) only
 * forgives rounding from summing in a different order.
 */
final class ArrayAsserts {

  /** Allowed difference, relative for values above 1 in magnitude, absolute below. */
  static final double TOLERANCE = 1e-9;

  private static final String[] AXES_2D = {"y", "x"};
  private static final String[] AXES_4D = {"n", "c", "y", "x"};

  private ArrayAsserts() {
  }

  /** Two numbers, within {@link #TOLERANCE}. */
  static void assertClose(double expected, double actual, String what) {
    if (!close(expected, actual)) {
      fail(what + ": expected <" + expected + "> but was <" + actual + "> (tolerance "
          + TOLERANCE + ")");
    }
  }

  /** A vector, e.g. a bias gradient {@code [K]}; the index is called {@code axis}. */
  static void assertArrayClose(double[] expected, double[] actual, String what, String axis) {
    compare(expected, actual, what, new String[] {axis});
  }

  /** A matrix {@code [H][W]} (rows y, columns x). */
  static void assertArrayClose(double[][] expected, double[][] actual, String what) {
    compare(expected, actual, what, AXES_2D);
  }

  /** A matrix whose axes have other names, e.g. im2col's {@code [row][col]}. */
  static void assertArrayClose(double[][] expected, double[][] actual, String what,
                               String rowAxis, String columnAxis) {
    compare(expected, actual, what, new String[] {rowAxis, columnAxis});
  }

  /** A batch {@code [N][C][H][W]}, or weights {@code [K][C][KH][KW]} with other axis names. */
  static void assertArrayClose(double[][][][] expected, double[][][][] actual, String what) {
    compare(expected, actual, what, AXES_4D);
  }

  /** Weights and other 4-D arrays whose axes are not {@code n, c, y, x}. */
  static void assertArrayClose(double[][][][] expected, double[][][][] actual, String what,
                               String... axes) {
    compare(expected, actual, what, axes);
  }

  /** Wraps one single-channel image {@code [H][W]} as a batch {@code [1][1][H][W]}. */
  static double[][][][] batchOf(double[][] image) {
    return new double[][][][] {{image}};
  }

  private static boolean close(double expected, double actual) {
    if (Double.isNaN(expected) || Double.isNaN(actual)) {
      return Double.isNaN(expected) && Double.isNaN(actual);
    }
    return Math.abs(expected - actual) <= TOLERANCE * Math.max(1.0, Math.abs(expected));
  }

  private static void compare(Object expected, Object actual, String what, String[] axes) {
    if (actual == null) {
      fail(what + ": expected an array of shape " + shape(expected) + " but was null");
    }
    List<Integer> expectedShape = shape(expected);
    List<Integer> actualShape = shape(actual);
    if (!expectedShape.equals(actualShape)) {
      fail(what + ": shape differs: expected " + expectedShape + " but was " + actualShape);
    }
    compareAt(expected, actual, what, axes, new int[axes.length], 0);
  }

  /** Walks both arrays in row-major order and fails at the first difference. */
  private static void compareAt(Object expected, Object actual, String what, String[] axes,
                                int[] index, int depth) {
    if (actual == null) {
      fail(what + ": null sub-array at " + label(axes, index, depth));
    }
    if (expected instanceof double[] e) {
      double[] a = (double[]) actual;
      if (a.length != e.length) {
        fail(what + ": length differs at " + label(axes, index, depth) + ": expected "
            + e.length + " but was " + a.length);
      }
      for (int i = 0; i < e.length; i++) {
        index[depth] = i;
        if (!close(e[i], a[i])) {
          fail(what + " differs at " + label(axes, index, depth + 1) + ": expected <" + e[i]
              + "> but was <" + a[i] + "> (tolerance " + TOLERANCE + ")");
        }
      }
      return;
    }
    Object[] e = (Object[]) expected;
    Object[] a = (Object[]) actual;
    if (a.length != e.length) {
      fail(what + ": length differs at " + label(axes, index, depth) + ": expected "
          + e.length + " but was " + a.length);
    }
    for (int i = 0; i < e.length; i++) {
      index[depth] = i;
      compareAt(e[i], a[i], what, axes, index, depth + 1);
    }
  }

  /** The shape read along the first element of every level, e.g. [1, 2, 3, 3]. */
  private static List<Integer> shape(Object array) {
    List<Integer> shape = new ArrayList<>();
    Object level = array;
    while (level != null) {
      if (level instanceof double[] row) {
        shape.add(row.length);
        break;
      }
      Object[] items = (Object[]) level;
      shape.add(items.length);
      level = items.length > 0 ? items[0] : null;
    }
    return shape;
  }

  private static String label(String[] axes, int[] index, int count) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(axes[i]).append('=').append(index[i]);
    }
    return sb.append(']').toString();
  }
}

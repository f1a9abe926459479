package convkit.reference;

import java.util.Arrays;

/**
 * Compare: finds where two tensors first differ beyond a tolerance and says so the way JUnit does,
 * {@code output differs at [n=0, c=2, y=1, x=3]: expected <1.5> but was <1.25> (tolerance 1e-06)}.
 *
 * <p>Two values agree when {@code |actual - expected| <= tolerance · max(1, |expected|)}: relative
 * for values of magnitude 1 and more, absolute below, so exact zeros do not demand exact results.
 *
 * <p>Sample: {@code Compare.firstDifference("y", expected, actual, 1e-10)} is null when they agree.
 */
public final class Compare {

    private static final String[] NCHW = {"n", "c", "y", "x"};

    private Compare() {
    }

    /** Null when {@code actual} matches {@code expected} in shape and, element by element, within tolerance. */
    public static String firstDifference(String what, Tensor expected, Tensor actual, double tolerance) {
        if (!Arrays.equals(expected.shape(), actual.shape())) {
            return what + " shape differs: expected " + expected.shapeString() + " but was " + actual.shapeString();
        }
        // element by element, row-major
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.data()[i];
            double a = actual.data()[i];
            boolean bothNaN = Double.isNaN(e) && Double.isNaN(a);
            if (!bothNaN && !(Math.abs(a - e) <= tolerance * Math.max(1.0, Math.abs(e)))) {
                return what + " differs at " + indexText(expected.shape(), i) + ": expected <" + e + "> but was <" + a
                    + "> (tolerance " + tolerance + ")";
            }
        }
        return null;
    }

    /** The largest {@code |actual - expected| / max(1, |expected|)}; shapes must match. */
    public static double maxError(Tensor expected, Tensor actual) {
        if (!Arrays.equals(expected.shape(), actual.shape())) {
            throw new IllegalArgumentException("shapes differ: expected " + expected.shapeString() + " but was "
                + actual.shapeString());
        }
        double worst = 0.0;
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.data()[i];
            worst = Math.max(worst, Math.abs(actual.data()[i] - e) / Math.max(1.0, Math.abs(e)));
        }
        return worst;
    }

    /** The multi-index of row-major position {@code offset}, named n, c, y, x for rank 4. */
    static String indexText(int[] shape, int offset) {
        int[] index = new int[shape.length];
        int rest = offset;
        // peel off the last axis first
        for (int axis = shape.length - 1; axis >= 0; axis--) {
            index[axis] = rest % shape[axis];
            rest /= shape[axis];
        }
        if (shape.length != 4) {
            return Arrays.toString(index);
        }
        StringBuilder text = new StringBuilder("[");
        for (int axis = 0; axis < 4; axis++) {
            text.append(axis == 0 ? "" : ", ").append(NCHW[axis]).append('=').append(index[axis]);
        }
        return text.append(']').toString();
    }
}

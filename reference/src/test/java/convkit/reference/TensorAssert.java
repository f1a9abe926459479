package convkit.reference;

import static org.junit.jupiter.api.Assertions.fail;

/** Test helper: fails with {@link Compare}'s message when two tensors differ beyond a tolerance. */
final class TensorAssert {

    private TensorAssert() {
    }

    static void assertClose(String what, Tensor expected, Tensor actual, double tolerance) {
        String difference = Compare.firstDifference(what, expected, actual, tolerance);
        if (difference != null) {
            fail(difference);
        }
    }

    static void assertClose(String what, double[][] expected, double[][] actual, double tolerance) {
        assertClose(what, matrix(expected), matrix(actual), tolerance);
    }

    static Tensor matrix(double[][] m) {
        Tensor t = Tensor.zeros(m.length, m.length == 0 ? 0 : m[0].length);
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[i].length; j++) {
                t.set(m[i][j], i, j);
            }
        }
        return t;
    }
}

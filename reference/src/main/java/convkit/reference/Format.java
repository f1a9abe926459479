package convkit.reference;

import java.util.StringJoiner;

/** Small printing helpers for the demos: matrices as {@code [[1, 2], [3, 4]]}, integers without ".0". */
public final class Format {

    private Format() {
    }

    /** The plane {@code [n][c]} of a rank-4 tensor as nested brackets. */
    public static String matrix(Tensor t, int n, int c) {
        t.requireRank("tensor", 4, "[N][C][H][W]");
        double[][] plane = new double[t.dim(2)][t.dim(3)];
        // copy one plane out of the row-major data
        for (int i = 0; i < plane.length; i++) {
            for (int j = 0; j < plane[i].length; j++) {
                plane[i][j] = t.get(n, c, i, j);
            }
        }
        return matrix(plane);
    }

    /** A matrix as nested brackets. */
    public static String matrix(double[][] m) {
        StringJoiner rows = new StringJoiner(", ", "[", "]");
        for (double[] row : m) {
            rows.add(vector(row));
        }
        return rows.toString();
    }

    /** A vector as brackets. */
    public static String vector(double[] v) {
        StringJoiner items = new StringJoiner(", ", "[", "]");
        for (double value : v) {
            items.add(number(value));
        }
        return items.toString();
    }

    /** A number, without ".0" when it is an integer. */
    public static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}

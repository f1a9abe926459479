package convkit.reference;

import java.util.StringJoiner;

/**
 * Small printing helpers for the demos: matrices as {@code [[1, 2], [3, 4]]} on one line, or as a
 * grid with one row per line; integers without ".0".
 */
public final class Format {

    private Format() {
    }

    /** The plane {@code [n][c]} of a rank-4 tensor as nested brackets. */
    public static String matrix(Tensor t, int n, int c) {
        return matrix(plane(t, n, c));
    }

    /** The plane {@code [n][c]} of a rank-4 tensor, copied out of its row-major data. */
    private static double[][] plane(Tensor t, int n, int c) {
        t.requireRank("tensor", 4, "[N][C][H][W]");
        double[][] plane = new double[t.dim(2)][t.dim(3)];
        for (int i = 0; i < plane.length; i++) {
            for (int j = 0; j < plane[i].length; j++) {
                plane[i][j] = t.get(n, c, i, j);
            }
        }
        return plane;
    }

    /** A matrix as nested brackets. */
    public static String matrix(double[][] m) {
        StringJoiner rows = new StringJoiner(", ", "[", "]");
        for (double[] row : m) {
            rows.add(vector(row));
        }
        return rows.toString();
    }

    /** The plane {@code [n][c]} of a rank-4 tensor as a grid: one row per line, columns right-aligned. */
    public static String grid(Tensor t, int n, int c) {
        return grid(plane(t, n, c));
    }

    /**
     * A matrix as a grid, one row per line, every value right-aligned to the widest:
     * <pre>
     *  1  -2
     * 30   4
     * </pre>
     */
    public static String grid(double[][] m) {
        int width = 0;
        for (double[] row : m) {
            for (double value : row) {
                width = Math.max(width, number(value).length());
            }
        }
        StringJoiner lines = new StringJoiner("\n");
        // each row: its values, padded on the left to the common width
        for (double[] row : m) {
            StringJoiner line = new StringJoiner("  ");
            for (double value : row) {
                line.add(" ".repeat(width - number(value).length()) + number(value));
            }
            lines.add(line.toString());
        }
        return lines.toString();
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

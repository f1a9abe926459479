package convkit.grader.suite;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import convkit.reference.Tensor;

/**
 * Test data for the suites: seeded random tensors and the conversions between the reference's
 * {@link Tensor} and the nested arrays the exercises take ({@code double[N][C][H][W]}).
 */
public final class Data {

    private Data() {
    }

    /** Values in [-2, 2] on a grid of 1/16, so hand-checking a failure stays possible. */
    public static Tensor random(Random random, int... shape) {
        Tensor t = Tensor.zeros(shape);
        double[] data = t.data();
        for (int i = 0; i < data.length; i++) {
            data[i] = (random.nextInt(65) - 32) / 16.0;
        }
        return t;
    }

    /**
     * Values on the same 1/16 grid, no two equal: distinct grid points in random order. The grid is
     * [-2, 2] (65 points) and widens when the tensor has more elements than that.
     */
    public static Tensor distinct(Random random, int... shape) {
        Tensor t = Tensor.zeros(shape);
        double[] data = t.data();
        int points = Math.max(65, data.length);
        List<Integer> grid = new ArrayList<>();
        for (int i = 0; i < points; i++) {
            grid.add(i - points / 2);
        }
        Collections.shuffle(grid, random);
        for (int i = 0; i < data.length; i++) {
            data[i] = grid.get(i) / 16.0;
        }
        return t;
    }

    /** Small integers 0..3: many ties, for max pooling. */
    public static Tensor ties(Random random, int... shape) {
        Tensor t = Tensor.zeros(shape);
        double[] data = t.data();
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextInt(4);
        }
        return t;
    }

    public static double[] nested1(Tensor t) {
        return t.data().clone();
    }

    public static double[][] nested2(Tensor t) {
        int h = t.dim(0);
        int w = t.dim(1);
        double[][] a = new double[h][w];
        for (int i = 0; i < h; i++) {
            System.arraycopy(t.data(), i * w, a[i], 0, w);
        }
        return a;
    }

    public static double[][][] nested3(Tensor t) {
        int c = t.dim(0);
        double[][][] a = new double[c][][];
        int plane = t.dim(1) * t.dim(2);
        for (int i = 0; i < c; i++) {
            a[i] = nested2(Tensor.of(java.util.Arrays.copyOfRange(t.data(), i * plane, (i + 1) * plane), t.dim(1), t.dim(2)));
        }
        return a;
    }

    public static double[][][][] nested4(Tensor t) {
        int n = t.dim(0);
        double[][][][] a = new double[n][][][];
        int image = t.dim(1) * t.dim(2) * t.dim(3);
        for (int i = 0; i < n; i++) {
            a[i] = nested3(Tensor.of(java.util.Arrays.copyOfRange(t.data(), i * image, (i + 1) * image),
                t.dim(1), t.dim(2), t.dim(3)));
        }
        return a;
    }

    public static Tensor tensor(double[][] a) {
        int h = a.length;
        int w = a[0].length;
        double[] data = new double[h * w];
        for (int i = 0; i < h; i++) {
            System.arraycopy(a[i], 0, data, i * w, w);
        }
        return Tensor.of(data, h, w);
    }

    public static Tensor tensor(double[][][][] a) {
        int n = a.length;
        int c = a[0].length;
        int h = a[0][0].length;
        int w = a[0][0][0].length;
        Tensor t = Tensor.zeros(n, c, h, w);
        // copy row by row
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < c; j++) {
                for (int y = 0; y < h; y++) {
                    System.arraycopy(a[i][j][y], 0, t.data(), ((i * c + j) * h + y) * w, w);
                }
            }
        }
        return t;
    }

    public static Tensor vector(double... values) {
        return Tensor.of(values.clone(), values.length);
    }

    /** Images {@code from..to-1} of a batch. */
    public static Tensor batch(Tensor x, int from, int to) {
        int image = x.size() / x.dim(0);
        return Tensor.of(java.util.Arrays.copyOfRange(x.data(), from * image, to * image), to - from, x.dim(1), x.dim(2), x.dim(3));
    }

    /** Each 2-D slice [..][..][u][v] rotated by 180°. */
    public static Tensor flipKernels(Tensor w) {
        Tensor f = Tensor.zeros(w.shape());
        int kh = w.dim(2);
        int kw = w.dim(3);
        // every kernel slice, every tap
        for (int k = 0; k < w.dim(0); k++) {
            for (int c = 0; c < w.dim(1); c++) {
                for (int u = 0; u < kh; u++) {
                    for (int v = 0; v < kw; v++) {
                        f.set(w.get(k, c, u, v), k, c, kh - 1 - u, kw - 1 - v);
                    }
                }
            }
        }
        return f;
    }

    /**
     * Each 2-D slice of the last two axes transposed: kernels {@code [K][C][KH][KW]} become
     * {@code [K][C][KW][KH]}, images {@code [N][C][H][W]} become {@code [N][C][W][H]}.
     */
    public static Tensor transposeSlices(Tensor t) {
        int rows = t.dim(t.rank() - 2);
        int columns = t.dim(t.rank() - 1);
        Tensor r = zerosWithSlices(t, columns, rows);
        int slices = t.size() / (rows * columns);
        // every slice, every element
        for (int i = 0; i < slices; i++) {
            for (int u = 0; u < rows; u++) {
                for (int v = 0; v < columns; v++) {
                    r.data()[(i * columns + v) * rows + u] = t.data()[(i * rows + u) * columns + v];
                }
            }
        }
        return r;
    }

    /** Zeros of {@code t}'s shape but for its last two axes: {@code [..][rows][columns]}. */
    static Tensor zerosWithSlices(Tensor t, int rows, int columns) {
        int[] shape = t.shape();
        shape[shape.length - 2] = rows;
        shape[shape.length - 1] = columns;
        return Tensor.zeros(shape);
    }

    public static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }
}

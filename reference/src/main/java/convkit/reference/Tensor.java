package convkit.reference;

import java.util.Arrays;

/**
 * Tensor: a dense, row-major array of doubles with a shape, laid out like PyTorch (NCHW).
 *
 * <p>What it holds: {@code data[i]} for the multi-index {@code (i0, i1, ..., ir)} sits at
 * {@code ((i0·d1 + i1)·d2 + i2)·...}: the last index moves fastest. Images are {@code [N][C][H][W]},
 * convolution weights {@code [K][C][KH][KW]}, biases {@code [K]}.
 *
 * <p>Sample run ({@code java convkit.reference.Tensor}):
 * <pre>
 * x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3)
 * x.shapeString()  -> [2, 3]
 * x.get(1, 0)      -> 4.0
 * x.reshape(3, 2)  -> [3, 2] sharing the same data
 * </pre>
 *
 * <p>Limits: float64 only, no broadcasting, no views with strides: clarity over performance.
 */
public final class Tensor {

    private final int[] shape;   // [rank], every entry >= 0
    private final double[] data; // [product of shape], row-major

    private Tensor(double[] data, int[] shape) {
        this.shape = shape;
        this.data = data;
    }

    /** A tensor of zeros with the given shape, e.g. {@code Tensor.zeros(1, 3, 5, 5)}. */
    public static Tensor zeros(int... shape) {
        int[] copy = checkedShape(shape);
        return new Tensor(new double[Math.toIntExact(count(copy))], copy);
    }

    /** Wraps {@code data} (no copy) as a tensor of the given shape. */
    public static Tensor of(double[] data, int... shape) {
        int[] copy = checkedShape(shape);
        long expected = count(copy);
        if (data.length != expected) {
            throw new IllegalArgumentException("data length: expected " + expected + " for shape "
                + Arrays.toString(copy) + " but was " + data.length);
        }
        return new Tensor(data, copy);
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** The extent along one axis. */
    public int dim(int axis) {
        if (axis < 0 || axis >= shape.length) {
            throw new IllegalArgumentException("axis: expected 0.." + (shape.length - 1) + " for shape "
                + shapeString() + " but was " + axis);
        }
        return shape[axis];
    }

    /** The number of axes. */
    public int rank() {
        return shape.length;
    }

    /** The number of elements. */
    public int size() {
        return data.length;
    }

    /** The backing row-major array itself (not a copy): writes show in the tensor. */
    public double[] data() {
        return data;
    }

    /** The element at a multi-index, e.g. {@code x.get(n, c, y, x)}. */
    public double get(int... index) {
        return data[offset(index)];
    }

    /** Sets the element at a multi-index to {@code value}. */
    public void set(double value, int... index) {
        data[offset(index)] = value;
    }

    /** The row-major position of a multi-index in {@link #data()}. */
    public int offset(int... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index rank: expected " + shape.length + " for shape "
                + shapeString() + " but was " + index.length + " " + Arrays.toString(index));
        }
        int position = 0;
        // row-major: multiply by each extent, then add the index
        for (int axis = 0; axis < shape.length; axis++) {
            if (index[axis] < 0 || index[axis] >= shape[axis]) {
                throw new IllegalArgumentException("index " + Arrays.toString(index) + " out of bounds for shape "
                    + shapeString() + " at axis " + axis);
            }
            position = position * shape[axis] + index[axis];
        }
        return position;
    }

    /** The same data seen with another shape of the same size. */
    public Tensor reshape(int... newShape) {
        int[] copy = checkedShape(newShape);
        if (count(copy) != data.length) {
            throw new IllegalArgumentException("reshape: expected a shape with " + data.length + " elements (from "
                + shapeString() + ") but was " + Arrays.toString(copy));
        }
        return new Tensor(data, copy);
    }

    /** A deep copy. */
    public Tensor copy() {
        return new Tensor(data.clone(), shape.clone());
    }

    /** The shape as text, like {@code [1, 3, 5, 5]}. */
    public String shapeString() {
        return Arrays.toString(shape);
    }

    /** Throws unless this tensor has the given rank; {@code name} and {@code layout} go into the message. */
    public Tensor requireRank(String name, int expectedRank, String layout) {
        if (shape.length != expectedRank) {
            throw new IllegalArgumentException(name + ": expected rank " + expectedRank + " " + layout
                + " but was rank " + shape.length + " with shape " + shapeString());
        }
        return this;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Tensor" + shapeString() + (data.length <= 16 ? " " + Arrays.toString(data) : "");
    }

    private static int[] checkedShape(int[] shape) {
        for (int extent : shape) {
            if (extent < 0) {
                throw new IllegalArgumentException("shape: expected extents >= 0 but was " + Arrays.toString(shape));
            }
        }
        if (count(shape) > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("shape: too many elements for one Java array: " + Arrays.toString(shape));
        }
        return shape.clone();
    }

    private static long count(int[] shape) {
        long n = 1;
        for (int extent : shape) {
            n *= extent;
            if (n > Integer.MAX_VALUE) {
                return n;
            }
        }
        return n;
    }

    /** Demo: builds a small tensor and prints what the card shows. */
    public static void main(String[] args) {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        System.out.println("x.shapeString()  -> " + x.shapeString());
        System.out.println("x.get(1, 0)      -> " + x.get(1, 0));
        System.out.println("x.reshape(3, 2)  -> " + x.reshape(3, 2).shapeString() + " sharing the same data");
    }
}

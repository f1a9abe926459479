package convkit.reference;

/**
 * Relu: the rectified linear unit, element by element, forward and backward.
 *
 * <pre>
 *   y = max(0, x)          dx = dy where x &gt; 0, else 0
 * </pre>
 * At exactly x = 0 the derivative is taken as 0, as PyTorch does. ReLU learns nothing; as a
 * {@link Layer} it remembers its input for backward.
 *
 * <p>Sample run ({@code java convkit.reference.Relu}):
 * <pre>
 * x  = [-2, -0.5, 0, 0.5, 2]
 * y  = [0, 0, 0, 0.5, 2]
 * dx = [0, 0, 0, 1, 1] for dy = ones
 * </pre>
 */
public final class Relu implements Layer {

    private Tensor input; // x of the last forward, any shape

    /** {@code max(0, x)} element by element, a new tensor of x's shape. */
    public static Tensor apply(Tensor x) {
        Tensor y = Tensor.zeros(x.shape());
        for (int i = 0; i < x.size(); i++) {
            y.data()[i] = Math.max(0.0, x.data()[i]);
        }
        return y;
    }

    /** ∂L/∂x: {@code dy} where {@code x > 0}, zero elsewhere. */
    public static Tensor gradient(Tensor x, Tensor dy) {
        if (!java.util.Arrays.equals(x.shape(), dy.shape())) {
            throw new IllegalArgumentException("relu grad output dy: expected the input's shape " + x.shapeString()
                + " but was " + dy.shapeString());
        }
        Tensor dx = Tensor.zeros(x.shape());
        for (int i = 0; i < x.size(); i++) {
            dx.data()[i] = x.data()[i] > 0 ? dy.data()[i] : 0.0;
        }
        return dx;
    }

    @Override
    public Tensor forward(Tensor x) {
        input = x;
        return apply(x);
    }

    @Override
    public Tensor backward(Tensor dy) {
        if (input == null) {
            throw new IllegalStateException("relu: backward before forward");
        }
        return gradient(input, dy);
    }

    @Override
    public String describe() {
        return "relu";
    }

    /** Demo: the sample run of the card. */
    public static void main(String[] args) {
        Tensor x = Tensor.of(new double[] {-2, -0.5, 0, 0.5, 2}, 5);
        System.out.println("x  = " + Format.vector(x.data()));
        System.out.println("y  = " + Format.vector(apply(x).data()));
        Tensor ones = Tensor.of(new double[] {1, 1, 1, 1, 1}, 5);
        System.out.println("dx = " + Format.vector(gradient(x, ones).data()) + " for dy = ones");
    }
}

package convkit.reference;

/**
 * Flatten: each image's feature maps as one row, the bridge from conv layers to {@link Linear}.
 *
 * <pre>
 *   x [N][C][H][W]  -&gt;  y [N][C·H·W],   y[n][(c·H + h)·W + w] = x[n][c][h][w]
 * </pre>
 * Row-major data does not move: forward and backward only change the shape (the data is
 * shared, not copied). Backward gives dy the input's shape back.
 *
 * <p>Sample run ({@code java convkit.reference.Flatten}):
 * <pre>
 * x [2, 3, 2, 2] -&gt; y [2, 12]
 * </pre>
 */
public final class Flatten implements Layer {

    private int[] inputShape; // of the last forward, [N][...]

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() < 2) {
            throw new IllegalArgumentException("flatten input x: expected rank >= 2 [N][...] but was rank "
                + x.rank() + " with shape " + x.shapeString());
        }
        inputShape = x.shape();
        return x.reshape(x.dim(0), x.size() / Math.max(1, x.dim(0)));
    }

    @Override
    public Tensor backward(Tensor dy) {
        if (inputShape == null) {
            throw new IllegalStateException("flatten: backward before forward");
        }
        return dy.reshape(inputShape);
    }

    @Override
    public String describe() {
        return "flatten";
    }

    /** Demo: the sample run of the card. */
    public static void main(String[] args) {
        Tensor x = Tensor.zeros(2, 3, 2, 2);
        System.out.println("x " + x.shapeString() + " -> y " + new Flatten().forward(x).shapeString());
    }
}

package convkit.reference;

/**
 * MaxPool2dLayer: a max-pooling stage of a {@link Sequential} network, computed by the
 * {@link Engine} it was given ({@link Engine#NAIVE}: {@link Pool2d}'s loops). It learns nothing; forward remembers where each maximum
 * came from, and backward sends each dy there.
 *
 * <p>Sample run ({@code java convkit.reference.MaxPool2dLayer}): a 4×4 input 0..15, 2×2 windows,
 * stride 2, then backward with dy = ones:
 * <pre>
 * max pool 2×2, stride 2: y = [[5, 7], [13, 15]]
 * dx = [[0, 0, 0, 0], [0, 1, 0, 1], [0, 0, 0, 0], [0, 1, 0, 1]]
 * </pre>
 */
public final class MaxPool2dLayer implements Layer {

    private final PoolSpec spec;
    private final Engine engine;
    private int[] inputShape; // of the last forward, [N][C][H][W]
    private int[] argmax;     // of the last forward, one offset into x per output element

    /** A max-pooling stage with window and stride {@code spec}, computed by {@code engine}. */
    public MaxPool2dLayer(PoolSpec spec, Engine engine) {
        if (engine == null) {
            throw new IllegalArgumentException("max pool engine: expected an Engine, e.g. Engine.NAIVE, but was null");
        }
        this.spec = spec;
        this.engine = engine;
    }

    @Override
    public Tensor forward(Tensor x) {
        Pool2d.MaxResult result = engine.maxPoolForward(x, spec);
        inputShape = x.shape();
        argmax = result.argmax();
        return result.y();
    }

    @Override
    public Tensor backward(Tensor dy) {
        if (argmax == null) {
            throw new IllegalStateException("max pool: backward before forward");
        }
        return engine.maxPoolBackward(argmax, dy, spec, inputShape);
    }

    /** Window, stride and padding. */
    public PoolSpec spec() {
        return spec;
    }

    @Override
    public String describe() {
        return "max pool " + spec.kernelH() + "×" + spec.kernelW() + ", stride " + spec.strideH();
    }

    /** Demo: the sample run of the card. */
    public static void main(String[] args) {
        double[] pixels = new double[16]; // [1][1][4][4]
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = i;
        }
        MaxPool2dLayer layer = new MaxPool2dLayer(PoolSpec.of(2, 2, 0), Engine.NAIVE);
        System.out.println(layer.describe() + ": y = " + Format.matrix(layer.forward(Tensor.of(pixels, 1, 1, 4, 4)), 0, 0));
        System.out.println("dx = " + Format.matrix(layer.backward(Tensor.of(new double[] {1, 1, 1, 1}, 1, 1, 2, 2)), 0, 0));
    }
}

package convkit.reference;

import java.util.List;

/**
 * Conv2dLayer: a convolution stage of a {@link Sequential} network: it owns its weight
 * {@code [K][C][KH][KW]} and bias {@code [K]}, and hands {@link Conv2d}'s forward and backward
 * to the {@link Engine} it was given ({@link Engine#NAIVE}: the lesson's loops).
 *
 * <p>Precision is the engine's: {@link Engine#NAIVE} computes in float64; the fast engine
 * ({@code convkit.dispatch.ImplEngine} with {@code Impl.FAST}) in float32, as people train, its
 * results float32 values held in the network's float64 tensors.
 *
 * <p>Sample run ({@code java convkit.reference.Conv2dLayer}): the {@link Conv2d} demo as a layer
 * (4×4 input 0..15, 3×3 kernel of ones, bias 0.5), then backward with dy = ones:
 * <pre>
 * conv 3×3, 1 -&gt; 1: y = [[45.5, 54.5], [81.5, 90.5]]
 * dw = [[10, 14, 18], [26, 30, 34], [42, 46, 50]], db = [4]
 * </pre>
 */
public final class Conv2dLayer implements Layer {

    private final Parameter weight; // [K][C][KH][KW]
    private final Parameter bias;   // [K]
    private final ConvSpec spec;
    private final Engine engine;
    private Tensor input;           // x of the last forward, [N][C][H][W]

    /** A layer with these (not copied) weight and bias tensors, computed by {@code engine}. */
    public Conv2dLayer(String name, Tensor weight, Tensor bias, ConvSpec spec, Engine engine) {
        weight.requireRank(name + ".weight", 4, "[K][C][KH][KW]");
        if (bias.rank() != 1 || bias.dim(0) != weight.dim(0)) {
            throw new IllegalArgumentException(name + ".bias: expected shape [" + weight.dim(0) + "] but was "
                + bias.shapeString());
        }
        if (engine == null) {
            throw new IllegalArgumentException(name + ".engine: expected an Engine, e.g. Engine.NAIVE, but was null");
        }
        this.weight = Parameter.of(name + ".weight", weight);
        this.bias = Parameter.of(name + ".bias", bias);
        this.spec = spec;
        this.engine = engine;
    }

    @Override
    public Tensor forward(Tensor x) {
        input = x;
        return engine.convForward(x, weight.value(), bias.value(), spec);
    }

    @Override
    public Tensor backward(Tensor dy) {
        if (input == null) {
            throw new IllegalStateException(weight.name() + ": backward before forward");
        }
        return engine.convBackward(input, weight.value(), dy, spec).storeInto(weight, bias);
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    /** Stride, padding and dilation. */
    public ConvSpec spec() {
        return spec;
    }

    @Override
    public String describe() {
        Tensor w = weight.value();
        return "conv " + w.dim(2) + "×" + w.dim(3) + ", " + w.dim(1) + " -> " + w.dim(0)
            + (spec.padH() + spec.padW() > 0 ? ", pad " + spec.padH() : "")
            + (spec.strideH() + spec.strideW() > 2 ? ", stride " + spec.strideH() : "");
    }

    /** Demo: the sample run of the card. */
    public static void main(String[] args) {
        double[] pixels = new double[16]; // [1][1][4][4]
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = i;
        }
        Tensor w = Tensor.of(new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1}, 1, 1, 3, 3);
        Conv2dLayer layer = new Conv2dLayer("conv", w, Tensor.of(new double[] {0.5}, 1), ConvSpec.DEFAULT, Engine.NAIVE);
        Tensor y = layer.forward(Tensor.of(pixels, 1, 1, 4, 4));
        System.out.println(layer.describe() + ": y = " + Format.matrix(y, 0, 0));
        layer.backward(Tensor.of(new double[] {1, 1, 1, 1}, 1, 1, 2, 2));
        System.out.println("dw = " + Format.matrix(layer.parameters().get(0).grad(), 0, 0)
            + ", db = " + Format.vector(layer.parameters().get(1).grad().data()));
    }
}

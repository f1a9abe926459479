package convkit.reference;

import java.util.ArrayList;
import java.util.List;

/**
 * Sequential: a network as a list of {@link Layer}s, run forward first to last and backward
 * last to first; one training step from the images to the weight update.
 *
 * <pre>
 *   forward:   x_0 = images,  x_{i+1} = layer_i.forward(x_i),  logits = x_L
 *   loss:      L = SoftmaxCrossEntropy(logits, labels),  g_L = ∂L/∂logits
 *   backward:  g_i = layer_i.backward(g_{i+1})   (each layer also fills its parameters' gradients)
 *   update:    Sgd.step(every parameter)
 * </pre>
 *
 * <p>Sample run ({@code java convkit.reference.Sequential}): a tiny network on four fixed 6×6
 * images of two classes, five steps of SGD (lr 0.1, momentum 0.9):
 * <pre>
 * conv 3×3, 1 -&gt; 2         [4, 2, 4, 4]     20 parameters
 * relu                     [4, 2, 4, 4]     0 parameters
 * max pool 2×2, stride 2   [4, 2, 2, 2]     0 parameters
 * flatten                  [4, 8]           0 parameters
 * linear 8 -&gt; 2            [4, 2]           18 parameters
 * step 1: loss 0.8977
 * step 2: loss 0.7927
 * step 3: loss 0.6886
 * step 4: loss 0.6430
 * step 5: loss 0.5887
 * </pre>
 */
public final class Sequential {

    private final List<Layer> layers;

    /** A network of these layers, first to last. */
    public Sequential(List<Layer> layers) {
        if (layers == null || layers.isEmpty()) {
            throw new IllegalArgumentException("layers: expected at least one layer but was " + layers);
        }
        this.layers = List.copyOf(layers);
    }

    /** The layers, first to last. */
    public List<Layer> layers() {
        return layers;
    }

    /** The output of the last layer for input {@code x}; every layer remembers what its backward needs. */
    public Tensor forward(Tensor x) {
        Tensor out = x;
        for (Layer layer : layers) {
            out = layer.forward(out);
        }
        return out;
    }

    /** Backward through every layer, last to first, from {@code dy} = ∂L/∂output; returns ∂L/∂input. */
    public Tensor backward(Tensor dy) {
        Tensor grad = dy;
        for (int i = layers.size() - 1; i >= 0; i--) {
            grad = layers.get(i).backward(grad);
        }
        return grad;
    }

    /** Every learned tensor, first layer first. */
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        for (Layer layer : layers) {
            all.addAll(layer.parameters());
        }
        return all;
    }

    /** One training step on a batch: forward, loss, backward, update. Returns the loss before the update. */
    public SoftmaxCrossEntropy.Result trainStep(Tensor images, int[] labels, Sgd sgd) {
        Tensor logits = forward(images);
        SoftmaxCrossEntropy.Result loss = SoftmaxCrossEntropy.forward(logits, labels);
        backward(SoftmaxCrossEntropy.backward(loss, labels));
        sgd.step(parameters());
        return loss;
    }

    /** One line per layer: what it is, its output shape for input shape {@code inputShape}, what it learns. */
    public List<String> summary(int... inputShape) {
        List<String> lines = new ArrayList<>();
        Tensor out = Tensor.zeros(inputShape);
        for (Layer layer : layers) {
            out = layer.forward(out);
            int learned = 0;
            for (Parameter p : layer.parameters()) {
                learned += p.size();
            }
            lines.add(String.format("%-24s %-16s %d parameters", layer.describe(), out.shapeString(), learned));
        }
        return lines;
    }

    /** Demo: the sample run of the card. */
    public static void main(String[] args) {
        java.util.Random random = new java.util.Random(7);
        Sequential net = new Sequential(List.of(
            new Conv2dLayer("conv", HeInit.weight(random, 2, 1, 3, 3), Tensor.zeros(2), ConvSpec.DEFAULT, Engine.NAIVE),
            new Relu(),
            new MaxPool2dLayer(PoolSpec.of(2, 2, 0), Engine.NAIVE),
            new Flatten(),
            new Linear("fc", HeInit.weight(random, 2, 8), Tensor.zeros(2))));
        // class 0: a vertical bar, class 1: a horizontal bar, each at two places
        Tensor images = Tensor.zeros(4, 1, 6, 6);
        for (int i = 0; i < 6; i++) {
            images.set(1, 0, 0, i, 2);
            images.set(1, 1, 0, i, 3);
            images.set(1, 2, 0, 2, i);
            images.set(1, 3, 0, 3, i);
        }
        int[] labels = {0, 0, 1, 1};
        net.summary(4, 1, 6, 6).forEach(System.out::println);
        Sgd sgd = new Sgd(0.1, 0.9, 0.0);
        for (int step = 1; step <= 5; step++) {
            System.out.printf(java.util.Locale.ROOT, "step %d: loss %.4f%n", step, net.trainStep(images, labels, sgd).loss());
        }
    }
}

package convkit.train;

import java.util.List;

import convkit.reference.Layer;
import convkit.reference.Parameter;
import convkit.reference.Tensor;

/** A layer that adds up the wall time of its forward and backward passes, for a per-layer share of training time. */
final class TimedLayer implements Layer {

    private final Layer layer;
    private long nanos;

    TimedLayer(Layer layer) {
        this.layer = layer;
    }

    @Override
    public Tensor forward(Tensor x) {
        long start = System.nanoTime();
        Tensor y = layer.forward(x);
        nanos += System.nanoTime() - start;
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        long start = System.nanoTime();
        Tensor dx = layer.backward(dy);
        nanos += System.nanoTime() - start;
        return dx;
    }

    @Override
    public List<Parameter> parameters() {
        return layer.parameters();
    }

    @Override
    public String describe() {
        return layer.describe();
    }

    /** Seconds spent so far. */
    double seconds() {
        return nanos / 1e9;
    }
}

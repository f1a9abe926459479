package convkit.reference;

/** {@link Engine#NAIVE}: the lesson's loops, {@link Conv2d} and {@link Pool2d}, in float64. */
final class NaiveEngine implements Engine {

    @Override
    public Tensor convForward(Tensor x, Tensor w, Tensor bias, ConvSpec spec) {
        return Conv2d.forward(x, w, bias, spec);
    }

    @Override
    public Conv2d.Gradients convBackward(Tensor x, Tensor w, Tensor dy, ConvSpec spec) {
        return Conv2d.backward(x, w, dy, spec);
    }

    @Override
    public Pool2d.MaxResult maxPoolForward(Tensor x, PoolSpec spec) {
        return Pool2d.maxForward(x, spec);
    }

    @Override
    public Tensor maxPoolBackward(int[] argmax, Tensor dy, PoolSpec spec, int... inputShape) {
        return Pool2d.maxBackward(argmax, dy, inputShape);
    }

    @Override
    public String toString() {
        return "NAIVE";
    }
}

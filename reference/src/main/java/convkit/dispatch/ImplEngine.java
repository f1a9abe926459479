package convkit.dispatch;

import convkit.reference.Conv2d;
import convkit.reference.ConvSpec;
import convkit.reference.DType;
import convkit.reference.Engine;
import convkit.reference.Pool2d;
import convkit.reference.PoolSpec;
import convkit.reference.Tensor;

/**
 * The {@link Engine} of a network's conv and pool layers for an {@link Impl}: convolution through
 * {@link ConvLayer}, max pooling through {@link PoolLayer}.
 *
 * <p>Precision, one rule: {@link Impl#FAST} computes in float32 on {@code threads} threads (inputs,
 * weights and output gradients rounded to float32, results float32 values held in float64
 * tensors), as people train; {@link Impl#NAIVE} and {@link Impl#IM2COL} compute in float64 on one
 * thread.
 *
 * <pre>
 *   Engine fast = new ImplEngine(Impl.FAST, 2);
 *   Conv2dLayer conv1 = new Conv2dLayer("conv1", w, b, ConvSpec.of(1, 2, 1), fast);
 * </pre>
 *
 * @param impl    how conv and pool are computed
 * @param threads threads of {@link Impl#FAST}, at least 1
 */
public record ImplEngine(Impl impl, int threads) implements Engine {

    public ImplEngine {
        ConvLayer.requireImpl(impl);
        if (threads < 1) {
            throw new IllegalArgumentException("threads: expected >= 1 but was " + threads);
        }
    }

    @Override
    public Tensor convForward(Tensor x, Tensor w, Tensor bias, ConvSpec spec) {
        return ConvLayer.forward(impl, DType.FLOAT32, threads, x, w, bias, spec);
    }

    @Override
    public Conv2d.Gradients convBackward(Tensor x, Tensor w, Tensor dy, ConvSpec spec) {
        return ConvLayer.backward(impl, DType.FLOAT32, threads, x, w, dy, spec);
    }

    @Override
    public Pool2d.MaxResult maxPoolForward(Tensor x, PoolSpec spec) {
        return PoolLayer.maxForward(impl, threads, x, spec);
    }

    @Override
    public Tensor maxPoolBackward(int[] argmax, Tensor dy, PoolSpec spec, int... inputShape) {
        return PoolLayer.maxBackward(impl, argmax, dy, spec, inputShape);
    }
}

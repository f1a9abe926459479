package convkit.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import convkit.dispatch.ConvLayer;
import convkit.dispatch.FastLayer;
import convkit.dispatch.Impl;
import convkit.reference.Conv2d;
import convkit.reference.ConvSpec;
import convkit.reference.DType;
import convkit.reference.PaddingMode;
import convkit.reference.Pool2d;
import convkit.reference.PoolSpec;
import convkit.reference.Tensor;

import org.junit.jupiter.api.Test;

/**
 * FAST against NAIVE through the one dispatcher, on the reference's Tensors (tolerances as in
 * {@link FastConv2dTests}: float64 1e-10; float32 1e-4 relative scaled by the reduction length).
 */
class FastLayerTests {

    private static Tensor random(Random random, int... shape) {
        Tensor t = Tensor.zeros(shape);
        double[] data = t.data();
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextDouble() * 2 - 1;
        }
        return t;
    }

    @Test
    void float64ForwardAndBackwardMatchNaiveWithStridePaddingAndDilation() {
        Random random = new Random(41);
        Tensor x = random(random, 2, 3, 9, 8);
        Tensor w = random(random, 4, 3, 3, 2);
        Tensor b = random(random, 4);
        ConvSpec spec = new ConvSpec(2, 1, 1, 2, 2, 1, PaddingMode.ZEROS);
        FastConv2dTests.assertClose("y", Conv2d.forward(x, w, b, spec).data(),
            ConvLayer.forward(Impl.FAST, x, w, b, spec).data(), 1e-10);
        Tensor dy = random(random, Conv2d.forward(x, w, b, spec).shape());
        Conv2d.Gradients naive = ConvLayer.backward(Impl.NAIVE, x, w, dy, spec);
        Conv2d.Gradients fast = ConvLayer.backward(Impl.FAST, x, w, dy, spec);
        FastConv2dTests.assertClose("dx", naive.dx().data(), fast.dx().data(), 1e-10);
        FastConv2dTests.assertClose("dw", naive.dw().data(), fast.dw().data(), 1e-10);
        FastConv2dTests.assertClose("db", naive.db().data(), fast.db().data(), 1e-10);
    }

    @Test
    void float32ReflectForwardMatchesNaive() {
        Random random = new Random(42);
        Tensor x = random(random, 1, 2, 6, 7);
        Tensor w = random(random, 3, 2, 3, 3);
        ConvSpec spec = new ConvSpec(1, 2, 2, 1, 1, 1, PaddingMode.REFLECT);
        Tensor xf = Tensor.of(FastLayer.toDouble(FastLayer.toFloat(x)), x.shape());
        Tensor wf = Tensor.of(FastLayer.toDouble(FastLayer.toFloat(w)), w.shape());
        FastConv2dTests.assertClose("y", Conv2d.forward(xf, wf, null, spec).data(),
            ConvLayer.forward(Impl.FAST, DType.FLOAT32, x, w, null, spec).data(), FastConv2dTests.float32Tolerance(18));
    }

    @Test
    void fastPoolingMatchesTheReferencePooling() {
        Random random = new Random(43);
        Tensor x = random(random, 2, 3, 7, 9);
        PoolSpec spec = new PoolSpec(3, 2, 2, 2, 1, 1);
        PoolShape s = new PoolShape(2, 3, 7, 9, 3, 2, 2, 2, 1, 1);
        Pool2d.MaxResult expected = Pool2d.maxForward(x, spec);
        double[] y = new double[s.outputSize()];
        int[] argmax = new int[y.length];
        FastPool2d.maxForward(s, x.data(), y, argmax, 2);
        FastConv2dTests.assertClose("max y", expected.y().data(), y, 0);
        assertEquals(java.util.Arrays.toString(expected.argmax()), java.util.Arrays.toString(argmax));
    }
}

package convkit.reference;

import static convkit.reference.TensorAssert.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import convkit.dispatch.Impl;
import convkit.dispatch.ImplEngine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class Conv2dLayerTests {

    private static final ConvSpec PAD1 = ConvSpec.of(1, 1, 1);

    @Test
    void naiveBackwardMatchesFiniteDifferences() {
        Random random = new Random(31);
        Conv2dLayer layer = new Conv2dLayer("conv", GradientCheck.random(random, 3, 2, 3, 3),
            GradientCheck.random(random, 3), PAD1, Engine.NAIVE);
        LayerGradients.assertMatchNumeric(layer, GradientCheck.random(random, 2, 2, 5, 5), random);
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void everyImplGivesTheReferenceGradients(Impl impl) {
        Random random = new Random(32);
        Tensor w = GradientCheck.random(random, 4, 3, 3, 3);
        Tensor b = GradientCheck.random(random, 4);
        Tensor x = GradientCheck.random(random, 2, 3, 6, 6);
        Conv2dLayer layer = new Conv2dLayer("conv", w, b, PAD1, new ImplEngine(impl, 2));
        Tensor y = layer.forward(x);
        Tensor dy = GradientCheck.random(random, y.shape());
        Tensor dx = layer.backward(dy);
        Conv2d.Gradients expected = Conv2d.backward(x, w, dy, PAD1);
        // FAST computes in float32: sums of 27 products of values in [-1, 1) agree to ~1e-6 relative
        double tolerance = impl == Impl.FAST ? 1e-5 : 1e-12;
        assertClose("y", Conv2d.forward(x, w, b, PAD1), y, tolerance);
        assertClose("dx", expected.dx(), dx, tolerance);
        assertClose("dw", expected.dw(), layer.parameters().get(0).grad(), tolerance);
        assertClose("db", expected.db(), layer.parameters().get(1).grad(), tolerance);
    }

    @Test
    void fastComputesInFloat32() {
        Tensor x = Tensor.of(new double[] {0.1, 0.2, 0.3, 0.4}, 1, 1, 2, 2);
        Conv2dLayer layer = new Conv2dLayer("conv", Tensor.of(new double[] {1.0 / 3}, 1, 1, 1, 1), Tensor.zeros(1),
            ConvSpec.DEFAULT, new ImplEngine(Impl.FAST, 1));
        for (double v : layer.forward(x).data()) {
            assertTrue(v == (double) (float) v, v + " is not a float32 value");
        }
    }

    @Test
    void describesItsKernelChannelsAndPadding() {
        Conv2dLayer layer = new Conv2dLayer("conv1", Tensor.zeros(6, 1, 5, 5), Tensor.zeros(6), ConvSpec.of(1, 2, 1),
            Engine.NAIVE);
        assertEquals("conv 5×5, 1 -> 6, pad 2", layer.describe());
        assertEquals("conv1.weight", layer.parameters().get(0).name());
    }

    @Test
    void biasOfWrongLengthIsRejected() {
        assertThrows(IllegalArgumentException.class,
            () -> new Conv2dLayer("conv", Tensor.zeros(2, 1, 3, 3), Tensor.zeros(3), ConvSpec.DEFAULT, Engine.NAIVE));
    }

    @Test
    void missingEngineIsRejected() {
        assertThrows(IllegalArgumentException.class,
            () -> new Conv2dLayer("conv", Tensor.zeros(2, 1, 3, 3), Tensor.zeros(2), ConvSpec.DEFAULT, null));
    }

    @Test
    void zeroThreadsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ImplEngine(Impl.FAST, 0));
    }
}

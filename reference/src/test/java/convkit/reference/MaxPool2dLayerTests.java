package convkit.reference;

import static convkit.reference.TensorAssert.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;

import convkit.dispatch.Impl;
import convkit.dispatch.PoolLayer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MaxPool2dLayerTests {

    @Test
    void backwardMatchesFiniteDifferences() {
        // distinct random values: no window holds a tie that h = 1e-5 could flip
        Random random = new Random(41);
        LayerGradients.assertMatchNumeric(new MaxPool2dLayer(PoolSpec.of(2, 2, 0), Engine.NAIVE),
            GradientCheck.random(random, 2, 3, 6, 6), random);
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void everyImplKeepsTheReferenceArgmax(Impl impl) {
        // integer values in 0..3: many ties, where the first maximum must win in every impl
        Random random = new Random(42);
        Tensor x = Tensor.zeros(2, 3, 7, 7);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = random.nextInt(4);
        }
        PoolSpec spec = PoolSpec.of(3, 2, 1);
        Pool2d.MaxResult expected = Pool2d.maxForward(x, spec);
        Pool2d.MaxResult actual = PoolLayer.maxForward(impl, x, spec);
        assertClose("y", expected.y(), actual.y(), 0);
        assertArrayEquals(expected.argmax(), actual.argmax());
        Tensor dy = GradientCheck.random(random, expected.y().shape());
        assertClose("dx", Pool2d.maxBackward(expected.argmax(), dy, x.shape()),
            PoolLayer.maxBackward(impl, actual.argmax(), dy, spec, x.shape()), 0);
    }

    @Test
    void backwardBeforeForwardIsRejected() {
        assertThrows(IllegalStateException.class,
            () -> new MaxPool2dLayer(PoolSpec.of(2, 2, 0), Engine.NAIVE).backward(Tensor.zeros(1, 1, 1, 1)));
    }
}

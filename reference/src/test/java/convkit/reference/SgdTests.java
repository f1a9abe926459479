package convkit.reference;

import static convkit.reference.TensorAssert.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class SgdTests {

    @Test
    void withoutMomentumItIsPlainGradientDescent() {
        Parameter w = Parameter.of("w", Tensor.of(new double[] {1, -2}, 2));
        w.setGrad(Tensor.of(new double[] {0.5, 1}, 2));
        new Sgd(0.1, 0, 0).step(List.of(w));
        assertClose("w", Tensor.of(new double[] {0.95, -2.1}, 2), w.value(), 1e-15);
    }

    @Test
    void momentumAddsUpAgreeingGradients() {
        // grad 1 each step, lr 0.1, momentum 0.9: v = 1, 1.9, 2.71; w = 1 - 0.1·(1 + 1.9 + 2.71) = 0.439
        Parameter w = Parameter.of("w", Tensor.of(new double[] {1}, 1));
        Sgd sgd = new Sgd(0.1, 0.9, 0);
        for (int step = 0; step < 3; step++) {
            w.setGrad(Tensor.of(new double[] {1}, 1));
            sgd.step(List.of(w));
        }
        assertEquals(2.71, sgd.velocity(w).data()[0], 1e-15);
        assertEquals(0.439, w.value().data()[0], 1e-15);
    }

    @Test
    void weightDecayPullsTowardsZeroWithoutAGradient() {
        // g = 0 + 0.5·2 = 1, w = 2 - 0.1·1 = 1.9
        Parameter w = Parameter.of("w", Tensor.of(new double[] {2}, 1));
        new Sgd(0.1, 0, 0.5).step(List.of(w));
        assertEquals(1.9, w.value().data()[0], 1e-15);
    }

    @Test
    void agreesWithPyTorchOverThreeSteps() {
        Parameter w = Parameter.of("w", TorchTraining.read("sgd", "w0"));
        Tensor grads = TorchTraining.read("sgd", "grads");
        Tensor expected = TorchTraining.read("sgd", "w");
        Sgd sgd = new Sgd(0.1, 0.9, 0.01);
        int n = w.size();
        for (int step = 0; step < 3; step++) {
            w.setGrad(Tensor.of(java.util.Arrays.copyOfRange(grads.data(), step * n, (step + 1) * n), n));
            sgd.step(List.of(w));
            Tensor after = Tensor.of(java.util.Arrays.copyOfRange(expected.data(), step * n, (step + 1) * n), n);
            assertClose("w after step " + (step + 1), after, w.value(), 1e-14);
        }
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Sgd(0, 0.9, 0));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1, -0.1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1, 0.9, -1));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(Double.NaN, 0.9, 0));
    }

    @Test
    void aGradientOfAnotherShapeIsRejected() {
        Parameter w = Parameter.of("fc.weight", Tensor.zeros(2, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.setGrad(Tensor.zeros(3, 2)));
        assertEquals("fc.weight gradient: expected shape [2, 3] but was [3, 2]", e.getMessage());
    }
}

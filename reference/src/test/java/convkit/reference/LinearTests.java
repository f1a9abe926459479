package convkit.reference;

import static convkit.reference.TensorAssert.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** Tolerances: 1e-12 for PyTorch's float64 values (sums of five terms of magnitude ~1). */
class LinearTests {

    @Test
    void handWorkedExample() {
        Tensor x = Tensor.of(new double[] {1, 2, 3}, 1, 3);
        Tensor w = Tensor.of(new double[] {1, 0, -1, 2, 1, 0}, 2, 3);
        Tensor y = Linear.forward(x, w, Tensor.of(new double[] {0.5, -1}, 2));
        // 0.5 + 1·1 + 2·0 + 3·(-1) = -1.5;  -1 + 1·2 + 2·1 + 3·0 = 3
        assertClose("y", Tensor.of(new double[] {-1.5, 3}, 1, 2), y, 0);
    }

    @Test
    void agreesWithPyTorch() {
        Tensor x = TorchTraining.read("linear", "x");
        Tensor w = TorchTraining.read("linear", "w");
        Tensor b = TorchTraining.read("linear", "b");
        assertClose("y", TorchTraining.read("linear", "y"), Linear.forward(x, w, b), 1e-12);
        Conv2d.Gradients g = Linear.backward(x, w, TorchTraining.read("linear", "dy"));
        assertClose("dx", TorchTraining.read("linear", "dx"), g.dx(), 1e-12);
        assertClose("dw", TorchTraining.read("linear", "dw"), g.dw(), 1e-12);
        assertClose("db", TorchTraining.read("linear", "db"), g.db(), 1e-12);
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        Random random = new Random(21);
        Linear layer = new Linear("fc", GradientCheck.random(random, 4, 6), GradientCheck.random(random, 4));
        LayerGradients.assertMatchNumeric(layer, GradientCheck.random(random, 3, 6), random);
    }

    @Test
    void parametersAreNamedAfterTheLayer() {
        Linear layer = new Linear("fc1", Tensor.zeros(2, 3), Tensor.zeros(2));
        assertEquals("fc1.weight", layer.parameters().get(0).name());
        assertEquals("fc1.bias", layer.parameters().get(1).name());
        assertEquals("linear 3 -> 2", layer.describe());
    }

    @Test
    void featureMismatchNamesBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Linear.forward(Tensor.zeros(2, 5), Tensor.zeros(3, 4), Tensor.zeros(3)));
        assertTrue(e.getMessage().contains("[3, 4]") && e.getMessage().contains("[2, 5]"), e.getMessage());
    }

    @Test
    void biasOfWrongLengthIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Linear("fc", Tensor.zeros(3, 4), Tensor.zeros(4)));
    }

    @Test
    void gradOutputOfWrongShapeIsRejected() {
        assertThrows(IllegalArgumentException.class,
            () -> Linear.backward(Tensor.zeros(2, 4), Tensor.zeros(3, 4), Tensor.zeros(2, 4)));
    }
}

package convkit.reference;

import static convkit.reference.TensorAssert.assertClose;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;

import org.junit.jupiter.api.Test;

class ReluTests {

    @Test
    void negativesBecomeZeroPositivesPass() {
        Tensor y = Relu.apply(Tensor.of(new double[] {-3, -0.25, 0, 0.25, 3}, 5));
        assertClose("y", Tensor.of(new double[] {0, 0, 0, 0.25, 3}, 5), y, 0);
    }

    @Test
    void gradientAtZeroIsZeroAsInPyTorch() {
        Tensor dx = Relu.gradient(Tensor.of(new double[] {-1, 0, 1}, 3), Tensor.of(new double[] {5, 5, 5}, 3));
        assertClose("dx", Tensor.of(new double[] {0, 0, 5}, 3), dx, 0);
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        Random random = new Random(11);
        LayerGradients.assertMatchNumeric(new Relu(), LayerGradients.awayFromZero(random, 2, 3, 4, 4), random);
    }

    @Test
    void gradOutputOfAnotherShapeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Relu.gradient(Tensor.zeros(2, 3), Tensor.zeros(3, 2)));
    }

    @Test
    void backwardBeforeForwardIsRejected() {
        assertThrows(IllegalStateException.class, () -> new Relu().backward(Tensor.zeros(1)));
    }
}

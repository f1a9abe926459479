package convkit.reference;

import static convkit.reference.TensorAssert.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class SoftmaxCrossEntropyTests {

    @Test
    void equalLogitsGiveLogOfTheClassCount() {
        // p = 1/10 for every class: L = -log(1/10) = log 10
        SoftmaxCrossEntropy.Result r = SoftmaxCrossEntropy.forward(Tensor.zeros(3, 10), new int[] {0, 4, 9});
        assertEquals(Math.log(10), r.loss(), 1e-15);
    }

    @Test
    void handWorkedExample() {
        // row [1, 2, 3], label 2: L = log(e^-2 + e^-1 + 1) = 0.40760596444438...; row [0, 0], label 1: log 2
        Tensor logits = Tensor.of(new double[] {1, 2, 3, 0, 0, 0}, 2, 3);
        SoftmaxCrossEntropy.Result r = SoftmaxCrossEntropy.forward(logits, new int[] {2, 1});
        double first = Math.log(Math.exp(-2) + Math.exp(-1) + 1);
        assertEquals((first + Math.log(3)) / 2, r.loss(), 1e-15);
        // dz = (p - onehot) / N: for the second row (1/3, 1/3 - 1, 1/3) / 2
        Tensor dz = SoftmaxCrossEntropy.backward(r, new int[] {2, 1});
        assertEquals((1.0 / 3 - 1) / 2, dz.get(1, 1), 1e-15);
        assertEquals(1.0 / 6, dz.get(1, 0), 1e-15);
    }

    @Test
    void hugeLogitsStayFinite() {
        Tensor logits = Tensor.of(new double[] {1000, 0, -1000, 1000}, 2, 2);
        SoftmaxCrossEntropy.Result r = SoftmaxCrossEntropy.forward(logits, new int[] {1, 0});
        // row 1: L = 1000 exactly; row 2: L = 2000 exactly (p of label 0 = e^-2000)
        assertEquals(1500, r.loss(), 1e-9);
        for (double p : r.probabilities().data()) {
            assertTrue(Double.isFinite(p), "probability " + p);
        }
    }

    @Test
    void agreesWithPyTorch() {
        Tensor logits = TorchTraining.read("cross_entropy", "logits");
        int[] labels = TorchTraining.labels("cross_entropy");
        SoftmaxCrossEntropy.Result r = SoftmaxCrossEntropy.forward(logits, labels);
        assertEquals(TorchTraining.read("cross_entropy", "loss").data()[0], r.loss(), 1e-12);
        assertClose("dlogits", TorchTraining.read("cross_entropy", "dlogits"),
            SoftmaxCrossEntropy.backward(r, labels), 1e-14);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        Random random = new Random(8);
        Tensor logits = GradientCheck.random(random, 4, 5);
        int[] labels = {1, 0, 4, 2};
        Tensor dz = SoftmaxCrossEntropy.backward(SoftmaxCrossEntropy.forward(logits, labels), labels);
        Tensor numeric = GradientCheck.numericGradient(t -> SoftmaxCrossEntropy.forward(t, labels).loss(), logits);
        LayerGradients.assertSmall("dlogits", GradientCheck.maxRelativeError(dz, numeric));
    }

    @Test
    void gradientIsDividedByTheBatch() {
        // the same row twice: each row's gradient is half of what the row alone gives
        Tensor one = Tensor.of(new double[] {0.5, -0.5}, 1, 2);
        Tensor two = Tensor.of(new double[] {0.5, -0.5, 0.5, -0.5}, 2, 2);
        Tensor alone = SoftmaxCrossEntropy.backward(SoftmaxCrossEntropy.forward(one, new int[] {0}), new int[] {0});
        Tensor pair = SoftmaxCrossEntropy.backward(SoftmaxCrossEntropy.forward(two, new int[] {0, 0}), new int[] {0, 0});
        assertEquals(alone.get(0, 0) / 2, pair.get(1, 0), 1e-16);
    }

    @Test
    void labelOutOfRangeNamesItsIndexAndValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> SoftmaxCrossEntropy.forward(Tensor.zeros(2, 3), new int[] {0, 3}));
        assertTrue(e.getMessage().contains("labels[1]") && e.getMessage().contains("3"), e.getMessage());
    }

    @Test
    void labelCountMustMatchTheRows() {
        assertThrows(IllegalArgumentException.class, () -> SoftmaxCrossEntropy.forward(Tensor.zeros(2, 3), new int[] {0}));
    }
}

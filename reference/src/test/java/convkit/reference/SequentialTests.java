package convkit.reference;

import static convkit.reference.TensorAssert.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import convkit.dispatch.Impl;
import convkit.dispatch.ImplEngine;

import org.junit.jupiter.api.Test;

class SequentialTests {

    /** The network of the PyTorch fixture: conv 3×3 1 -> 2, relu, max pool 2×2, flatten, linear 8 -> 2. */
    private static Sequential fixtureNetwork(Engine engine) {
        return new Sequential(List.of(
            new Conv2dLayer("conv", TorchTraining.read("network", "conv_w"), TorchTraining.read("network", "conv_b"),
                ConvSpec.DEFAULT, engine),
            new Relu(),
            new MaxPool2dLayer(PoolSpec.of(2, 2, 0), engine),
            new Flatten(),
            new Linear("fc", TorchTraining.read("network", "fc_w"), TorchTraining.read("network", "fc_b"))));
    }

    @Test
    void twoTrainingStepsAgreeWithPyTorch() {
        Sequential net = fixtureNetwork(Engine.NAIVE);
        Tensor x = TorchTraining.read("network", "x");
        int[] labels = TorchTraining.labels("network");
        double[] losses = TorchTraining.read("network", "loss").data();
        Sgd sgd = new Sgd(0.1, 0.9, 0.01);
        assertEquals(losses[0], net.trainStep(x, labels, sgd).loss(), 1e-12);
        List<Parameter> p = net.parameters();
        String[] names = {"conv_w", "conv_b", "fc_w", "fc_b"};
        for (int i = 0; i < names.length; i++) {
            assertClose("d" + names[i] + " of step 1", TorchTraining.read("network", "d" + names[i]), p.get(i).grad(), 1e-12);
        }
        assertEquals(losses[1], net.trainStep(x, labels, sgd).loss(), 1e-12);
        for (int i = 0; i < names.length; i++) {
            assertClose(names[i] + " after step 2", TorchTraining.read("network", names[i] + "_after"),
                p.get(i).value(), 1e-12);
        }
    }

    @Test
    void fastAgreesWithPyTorchToFloat32Rounding() {
        Sequential net = fixtureNetwork(new ImplEngine(Impl.FAST, 1));
        double loss = net.trainStep(TorchTraining.read("network", "x"), TorchTraining.labels("network"),
            new Sgd(0.1, 0.9, 0.01)).loss();
        // float32 conv: relative rounding ~1e-7 per value, the loss of order 1
        assertEquals(TorchTraining.read("network", "loss").data()[0], loss, 1e-5);
    }

    /**
     * Errors to the gradient's scale ({@link LayerGradients#errorToScale}): through the loss some
     * elements of fc.weight's gradient are ~1e-8, where the numeric one's rounding noise (~1e-11)
     * alone is a per-element relative error of 1e-4.
     */
    @Test
    void lossGradientForEveryParameterMatchesFiniteDifferences() {
        Random random = new Random(51);
        Sequential net = new Sequential(List.of(
            new Conv2dLayer("conv", GradientCheck.random(random, 3, 2, 3, 3), GradientCheck.random(random, 3),
                ConvSpec.of(1, 1, 1), Engine.NAIVE),
            new Relu(),
            new MaxPool2dLayer(PoolSpec.of(2, 2, 0), Engine.NAIVE),
            new Flatten(),
            new Linear("fc", GradientCheck.random(random, 4, 27), GradientCheck.random(random, 4))));
        Tensor x = GradientCheck.random(random, 2, 2, 6, 6);
        int[] labels = {3, 1};
        SoftmaxCrossEntropy.Result r = SoftmaxCrossEntropy.forward(net.forward(x), labels);
        Tensor dx = net.backward(SoftmaxCrossEntropy.backward(r, labels));
        java.util.function.ToDoubleFunction<Tensor> loss = t -> SoftmaxCrossEntropy.forward(net.forward(x), labels).loss();
        LayerGradients.assertSmall("dx", LayerGradients.errorToScale(dx,
            GradientCheck.numericGradient(t -> SoftmaxCrossEntropy.forward(net.forward(t), labels).loss(), x)));
        for (Parameter p : net.parameters()) {
            Tensor analytic = p.grad().copy();
            LayerGradients.assertSmall(p.name(), LayerGradients.errorToScale(analytic,
                GradientCheck.numericGradient(loss, p.value())));
        }
    }

    @Test
    void summaryGivesShapesAndParameterCounts() {
        List<String> lines = fixtureNetwork(Engine.NAIVE).summary(1, 1, 6, 6);
        assertEquals(5, lines.size());
        assertTrue(lines.get(0).contains("[1, 2, 4, 4]") && lines.get(0).contains("20 parameters"), lines.get(0));
        assertTrue(lines.get(4).contains("[1, 2]") && lines.get(4).contains("18 parameters"), lines.get(4));
    }

    @Test
    void anEmptyNetworkIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Sequential(List.of()));
    }
}

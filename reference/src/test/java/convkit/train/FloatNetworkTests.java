package convkit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import convkit.data.Dataset;
import convkit.data.SyntheticDigits;
import convkit.dispatch.Impl;
import convkit.reference.Parameter;
import convkit.reference.Relu;
import convkit.reference.Sequential;
import convkit.reference.Sgd;
import convkit.reference.Tensor;

import org.junit.jupiter.api.Test;

/**
 * The float32 route against the reference's own training step (float64, the lesson's loops).
 * Tolerance: float32 rounds each operation at 2⁻²⁴ ≈ 6e-8; over a few steps of LeNet (sums of up
 * to 400 terms, SGD moving weights by lr·v) the loss and the weights agree to about 1e-5, so
 * 1e-4 leaves room and still catches a wrong gradient (which moves them by 1e-2 and more).
 */
class FloatNetworkTests {

    private static final Dataset DIGITS = SyntheticDigits.generate(11, 96);

    @Test
    void lenetLearnsAsTheReferenceToFloat32Rounding() {
        Sgd sgd = new Sgd(0.05, 0.9, 5e-4);
        Network reference = new ReferenceNetwork(Models.build("lenet", Impl.NAIVE, 1, 3), sgd);
        Network fast = new FloatNetwork(Models.build("lenet", Impl.FAST, 2, 3), sgd, 2);
        int[] order = DIGITS.inOrder();
        // three steps of 32 images
        for (int from = 0; from < 96; from += 32) {
            Network.Step expected = reference.trainStep(DIGITS, order, from, from + 32);
            Network.Step actual = fast.trainStep(DIGITS, order, from, from + 32);
            assertEquals(expected.loss(), actual.loss(), 1e-4, "loss of the step from image " + from);
            assertEquals(expected.correct(), actual.correct(), "right answers of the step from image " + from);
        }
        List<Parameter> want = reference.sequential().parameters();
        List<Parameter> got = fast.sequential().parameters();
        for (int i = 0; i < want.size(); i++) {
            double[] w = want.get(i).value().data();
            double[] g = got.get(i).value().data();
            for (int j = 0; j < w.length; j++) {
                assertEquals(w[j], g[j], 1e-4, want.get(i).name() + "[" + j + "]");
            }
        }
    }

    @Test
    void scoresAreThoseOfTheTrainedWeightsInTheReference() {
        Network fast = new FloatNetwork(Models.build("lenet", Impl.FAST, 2, 4), new Sgd(0.05, 0.9, 0), 2);
        int[] order = DIGITS.inOrder();
        fast.trainStep(DIGITS, order, 0, 64);
        Tensor scores = fast.scores(DIGITS, order, 64, 96);
        Tensor expected = fast.sequential().forward(DIGITS.images(order, 64, 96));
        for (int i = 0; i < scores.size(); i++) {
            assertEquals(expected.data()[i], scores.data()[i], 1e-4, "score " + i);
        }
    }

    @Test
    void aShareRunsOnlyOnGradientsPreparedBeforeTheBatch() {
        // the threads running the shares must never grow a parameter's list of gradients: on a
        // first step two of them adding at once lost each other's arrays (a null dW, about one
        // run in a hundred of the tiny model); the planning thread prepares them instead
        FloatParameter p = new FloatParameter(Parameter.of("w", Tensor.zeros(2, 3)));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.gradient(0));
        assertTrue(e.getMessage().contains("w") && e.getMessage().contains("share 0"), e.getMessage());
        p.prepareShares(3);
        assertEquals(6, p.gradient(2).length);
        assertThrows(IllegalStateException.class, () -> p.gradient(3));
        // and the first steps of fresh networks, two shares on two threads, many times over, all
        // complete (with the lazily grown list about one in 300 failed: a guard, not a proof)
        Dataset digits = SyntheticDigits.generate(12, 32);
        int[] order = digits.inOrder();
        for (int run = 0; run < 300; run++) {
            Network fast = new FloatNetwork(Models.build("tiny", Impl.FAST, 2, run), new Sgd(0.05, 0.9, 0), 2);
            assertTrue(Double.isFinite(fast.trainStep(digits, order, 0, 32).loss()), "run " + run);
        }
    }

    @Test
    void oneThreadAndThreeGiveTheSameNumbers() {
        Network one = new FloatNetwork(Models.build("lenet", Impl.FAST, 1, 7), new Sgd(0.05, 0.9, 5e-4), 1);
        Network three = new FloatNetwork(Models.build("lenet", Impl.FAST, 3, 7), new Sgd(0.05, 0.9, 5e-4), 3);
        int[] order = DIGITS.inOrder();
        // a batch of 64 (four shares) and one of 32 (two)
        assertEquals(one.trainStep(DIGITS, order, 0, 64), three.trainStep(DIGITS, order, 0, 64));
        assertEquals(one.trainStep(DIGITS, order, 64, 96), three.trainStep(DIGITS, order, 64, 96));
        List<Parameter> a = one.sequential().parameters();
        List<Parameter> b = three.sequential().parameters();
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).value().data(), b.get(i).value().data(), a.get(i).name());
        }
    }

    @Test
    void aBatchSmallerThanTheThreadsTrainsOnFewerShares() {
        Network fast = new FloatNetwork(Models.build("tiny", Impl.FAST, 4, 5), new Sgd(0.05, 0.9, 0), 4);
        Network.Step step = fast.trainStep(DIGITS, DIGITS.inOrder(), 0, 3);
        assertTrue(step.loss() > 0 && Double.isFinite(step.loss()), "loss " + step.loss());
        assertTrue(step.correct() >= 0 && step.correct() <= 3, "correct " + step.correct());
    }

    @Test
    void theLayerSecondsCountEveryLayer() {
        Network fast = new FloatNetwork(Models.build("lenet", Impl.FAST, 1, 6), new Sgd(0.05, 0.9, 0), 1);
        fast.trainStep(DIGITS, DIGITS.inOrder(), 0, 16);
        assertEquals(12, fast.layers().size());
        assertEquals("conv 5×5, 1 -> 6, pad 2", fast.layers().getFirst());
        assertTrue(fast.layerSeconds()[0] > 0, "conv1 took no time");
    }

    @Test
    void aNetworkThatGivesNoClassScoresIsRefused() {
        Sequential reluOnly = new Sequential(List.of(new Relu()));
        Network net = new FloatNetwork(reluOnly, new Sgd(0.1, 0, 0), 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> net.trainStep(DIGITS, DIGITS.inOrder(), 0, 2));
        assertTrue(e.getMessage().contains("expected [N][10] scores but was [2, 1, 28, 28]"), e.getMessage());
    }
}

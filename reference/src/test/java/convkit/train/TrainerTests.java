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

import org.junit.jupiter.api.Test;

class TrainerTests {

    private static final Trainer.Progress QUIET = (epoch, batch, batches, loss, accuracy, rate, left) -> { };

    private static Trainer.Settings tiny(Impl impl, long seed) {
        return new Trainer.Settings("tiny", 2, 32, 0.05, 0.9, 5e-4, impl, 2, seed);
    }

    @Test
    void theTinyModelLearnsSyntheticDigits() {
        Dataset train = SyntheticDigits.generate(1, 800);
        Dataset test = SyntheticDigits.generate(2, 300);
        Trainer.Result r = Trainer.train(train, test, tiny(Impl.FAST, 1), QUIET);
        assertEquals(2, r.epochs().size());
        // chance is 10%; 50 steps of SGD on 800 images reach far more (about 80-90% here)
        assertTrue(r.epochs().get(1).testAccuracy() > 0.6, r.epochs().toString());
        assertTrue(r.epochs().get(1).trainLoss() < r.epochs().get(0).trainLoss(), r.epochs().toString());
        assertEquals(300, r.confusion().total());
    }

    @Test
    void theSameSeedAndImplGiveTheSameNumbers() {
        Dataset train = SyntheticDigits.generate(3, 200);
        Dataset test = SyntheticDigits.generate(4, 100);
        Trainer.Result a = Trainer.train(train, test, tiny(Impl.FAST, 9), QUIET);
        Trainer.Result b = Trainer.train(train, test, tiny(Impl.FAST, 9), QUIET);
        List<Parameter> pa = a.network().parameters();
        List<Parameter> pb = b.network().parameters();
        for (int i = 0; i < pa.size(); i++) {
            assertArrayEquals(pa.get(i).value().data(), pb.get(i).value().data(), pa.get(i).name());
        }
        assertEquals(a.epochs().get(1).trainLoss(), b.epochs().get(1).trainLoss());
    }

    @Test
    void naiveAndFastLearnTheSameToFloat32Rounding() {
        Dataset train = SyntheticDigits.generate(5, 64);
        Dataset test = SyntheticDigits.generate(6, 32);
        Trainer.Settings one = new Trainer.Settings("tiny", 1, 32, 0.05, 0.9, 0, Impl.NAIVE, 1, 2);
        Trainer.Result naive = Trainer.train(train, test, one, QUIET);
        Trainer.Result fast = Trainer.train(train, test, new Trainer.Settings("tiny", 1, 32, 0.05, 0.9, 0, Impl.FAST, 1, 2),
            QUIET);
        // two steps; float32 convs perturb the loss in its 6th-7th digit
        assertEquals(naive.epochs().get(0).trainLoss(), fast.epochs().get(0).trainLoss(), 1e-4);
    }

    @Test
    void lenetHas61706Parameters() {
        int total = 0;
        for (Parameter p : Models.build("lenet", Impl.NAIVE, 1, 1).parameters()) {
            total += p.size();
        }
        assertEquals(61706, total);
    }

    @Test
    void anUnknownModelNamesTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Models.build("resnet", Impl.NAIVE, 1, 1));
        assertTrue(e.getMessage().contains("lenet") && e.getMessage().contains("resnet"), e.getMessage());
    }

    @Test
    void imagesOfAnotherSizeAreRejected() {
        Dataset small = new Dataset("small", new byte[16], new int[1], 4, 4);
        assertThrows(IllegalArgumentException.class, () -> Trainer.train(small, small, tiny(Impl.NAIVE, 1), QUIET));
    }

    @Test
    void predictionsTakeTheHighestScore() {
        var scores = convkit.reference.Tensor.of(new double[] {0.1, 0.7, 0.2, 0.5, 0.5, 0.0}, 2, 3);
        assertArrayEquals(new int[] {1, 0}, Trainer.predictions(scores));
    }
}

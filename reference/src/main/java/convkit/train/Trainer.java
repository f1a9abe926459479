package convkit.train;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import convkit.data.Dataset;
import convkit.dispatch.Impl;
import convkit.reference.Sequential;
import convkit.reference.Sgd;
import convkit.reference.SoftmaxCrossEntropy;
import convkit.reference.Tensor;

/**
 * Trainer: the training loop. Each epoch shuffles the training images, runs one training step
 * on every mini-batch (forward, loss, backward, SGD update: {@link Sequential#trainStep}, or its
 * float32 twin for {@link Impl#FAST}), then measures the accuracy on the held-out test images.
 *
 * <p>Everything random comes from {@link Settings#seed}: the weights ({@link Models}) and the
 * order of the images each epoch. Same seed, same data, same {@link Impl} and threads on the
 * same machine: the same numbers.
 */
public final class Trainer {

    /** Images per forward pass when measuring accuracy (no gradients, so larger than a training batch). */
    static final int EVAL_BATCH = 500;

    /** How a run is set up. */
    public record Settings(String model, int epochs, int batch, double learningRate, double momentum,
                           double weightDecay, Impl impl, int threads, long seed) {
        public Settings {
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs: expected >= 1 but was " + epochs);
            }
            if (batch < 1) {
                throw new IllegalArgumentException("batch: expected >= 1 but was " + batch);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads: expected >= 1 but was " + threads);
            }
        }
    }

    /**
     * What one epoch achieved: mean training loss and accuracy over its batches, then the test
     * accuracy. {@code seconds} and {@code imagesPerSecond} are the wall time of its training
     * steps; {@code cpuSeconds} the process's CPU time in them (every thread, the JIT and the
     * collector included), the steadier figure on a shared machine.
     */
    public record Epoch(int epoch, double trainLoss, double trainAccuracy, double testLoss, double testAccuracy,
                        double seconds, double imagesPerSecond, double cpuSeconds) {
    }

    /** Called after every training batch, for a progress bar. */
    public interface Progress {
        void batch(int epoch, int batch, int batches, double meanLoss, double meanAccuracy, double imagesPerSecond,
                   double secondsLeft);

        /** Called after each epoch's test. */
        default void epoch(Epoch epoch) {
        }
    }

    /** A whole run: per epoch, the final test's confusion matrix, the trained network, seconds per layer. */
    public record Result(List<Epoch> epochs, ConfusionMatrix confusion, Sequential network,
                         List<String> layers, double[] layerSeconds) {
    }

    private Trainer() {
    }

    /**
     * Trains a fresh {@link Models model} on {@code train}, testing on {@code test} after each epoch:
     * {@link Impl#FAST} on the float32 route ({@link FloatNetwork}), the others on the reference's
     * own training step ({@link ReferenceNetwork}).
     */
    public static Result train(Dataset train, Dataset test, Settings settings, Progress progress) {
        requireDigits(train);
        requireDigits(test);
        Sequential model = Models.build(settings.model(), settings.impl(), settings.threads(), settings.seed());
        Sgd sgd = new Sgd(settings.learningRate(), settings.momentum(), settings.weightDecay());
        Network net = settings.impl() == Impl.FAST ? new FloatNetwork(model, sgd, settings.threads())
            : new ReferenceNetwork(model, sgd);
        Random shuffler = new Random(settings.seed() ^ 0x5DEECE66DL);
        int[] order = train.inOrder();
        int batches = (train.size() + settings.batch() - 1) / settings.batch();
        List<Epoch> epochs = new ArrayList<>();
        ConfusionMatrix confusion = null;
        for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
            shuffle(order, shuffler);
            long start = System.nanoTime();
            long cpuStart = processCpuNanos();
            double lossSum = 0;
            int right = 0;
            int seen = 0;
            // every mini-batch: one step of SGD
            for (int b = 0; b < batches; b++) {
                int from = b * settings.batch();
                int to = Math.min(train.size(), from + settings.batch());
                Network.Step step = net.trainStep(train, order, from, to);
                lossSum += step.loss() * (to - from);
                right += step.correct();
                seen += to - from;
                double seconds = (System.nanoTime() - start) / 1e9;
                double rate = seen / Math.max(1e-9, seconds);
                progress.batch(epoch, b + 1, batches, lossSum / seen, (double) right / seen, rate,
                    (train.size() - seen) / rate);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
            Evaluation eval = evaluate(net, test);
            confusion = eval.confusion();
            Epoch result = new Epoch(epoch, lossSum / seen, (double) right / seen, eval.loss(),
                eval.confusion().accuracy(), seconds, seen / seconds, cpuSeconds);
            epochs.add(result);
            progress.epoch(result);
        }
        return new Result(epochs, confusion, net.sequential(), net.layers(), net.layerSeconds());
    }

    /** The mean loss and the confusion matrix of {@code net} on all of {@code data}. */
    public record Evaluation(double loss, ConfusionMatrix confusion) {
    }

    /** Runs {@code net} forward over {@code data} in batches and counts its predictions. */
    public static Evaluation evaluate(Sequential net, Dataset data) {
        return evaluate(new ReferenceNetwork(net, null), data);
    }

    private static Evaluation evaluate(Network net, Dataset data) {
        ConfusionMatrix confusion = ConfusionMatrix.empty();
        int[] order = data.inOrder();
        double lossSum = 0;
        for (int from = 0; from < data.size(); from += EVAL_BATCH) {
            int to = Math.min(data.size(), from + EVAL_BATCH);
            int[] labels = data.labels(order, from, to);
            SoftmaxCrossEntropy.Result r = SoftmaxCrossEntropy.forward(net.scores(data, order, from, to), labels);
            lossSum += r.loss() * labels.length;
            int[] predicted = predictions(r.probabilities());
            for (int i = 0; i < labels.length; i++) {
                confusion.add(labels[i], predicted[i]);
            }
        }
        return new Evaluation(data.size() == 0 ? 0 : lossSum / data.size(), confusion);
    }

    /** The class of highest score in each row of {@code scores [N][CLASSES]} (the first on ties). */
    public static int[] predictions(Tensor scores) {
        int classes = scores.dim(1);
        int[] best = new int[scores.dim(0)];
        for (int n = 0; n < best.length; n++) {
            for (int j = 1; j < classes; j++) {
                if (scores.data()[n * classes + j] > scores.data()[n * classes + best[n]]) {
                    best[n] = j;
                }
            }
        }
        return best;
    }

    /** How many rows of {@code probabilities} have their highest value at the label. */
    static int correct(Tensor probabilities, int[] labels) {
        int[] predicted = predictions(probabilities);
        int right = 0;
        for (int i = 0; i < labels.length; i++) {
            right += predicted[i] == labels[i] ? 1 : 0;
        }
        return right;
    }

    /** The CPU time of this process so far (every thread), in nanoseconds; 0 where the JVM cannot tell. */
    public static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
            ? os.getProcessCpuTime() : 0;
    }

    /** Fisher–Yates: every order equally likely. */
    private static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    private static void requireDigits(Dataset data) {
        if (data.height() != 28 || data.width() != 28) {
            throw new IllegalArgumentException(data.name() + ": the models take 28×28 images but these are "
                + data.height() + "×" + data.width());
        }
        if (data.size() == 0) {
            throw new IllegalArgumentException(data.name() + ": no images");
        }
    }
}

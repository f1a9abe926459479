package convkit.site;

import java.util.ArrayList;
import java.util.List;

import convkit.data.Dataset;
import convkit.data.SyntheticDigits;
import convkit.dispatch.Impl;
import convkit.reference.Layer;
import convkit.reference.Sequential;
import convkit.reference.Tensor;
import convkit.train.Trainer;

/**
 * What the training lesson's figures show, from one small run of {@link Trainer}: the loss per
 * batch, loss and test accuracy per epoch, the confusion matrix, the first layer's kernels, one
 * test digit as it passes through every layer, and how fast the same network trains on the naive
 * loops and on the fast path ({@link Speed}). {@link TrainingCache} keeps it between builds.
 *
 * @param plan        what was trained on what
 * @param seconds     wall-clock time of the training and testing
 * @param batchLosses training loss of every mini-batch, in order (all epochs)
 * @param epochs      one entry per epoch
 * @param confusion   {@code [true][predicted]} counts of the last test
 * @param filters     the first convolution's weights after training, {@code [K][C][KH][KW]}
 * @param digit       the test image followed through the network, with its label and the prediction
 * @param stages      the output of every layer for that image, first layer first
 * @param speed       the same network trained on the naive loops and on the fast path, in images per second
 */
record TrainingRecord(Plan plan, double seconds, double[] batchLosses, List<Epoch> epochs, int[][] confusion,
                      Grid filters, Digit digit, List<Stage> stages, Speed speed) {

    /** Training images of the naive epoch: three batches, a few seconds at the naive loops' speed. */
    static final int NAIVE_IMAGES = 192;
    /** Training images of each fast epoch, of which the second is timed. */
    static final int FAST_IMAGES = 1024;

    /**
     * The run: model, sizes, SGD settings, seed. Threads are fixed so the numbers do not depend
     * on the machine's core count.
     */
    record Plan(String model, int trainImages, int testImages, int epochs, int batch, double learningRate,
                double momentum, double weightDecay, String impl, int threads, long seed) {

        /** LeNet on 4,000 synthetic digits for 3 epochs, tested on 1,000, with the SGD settings of {@code ./convkit train}. */
        static final Plan LESSON = new Plan("lenet", 4000, 1000, 3, 64, 0.05, 0.9, 5e-4, "FAST", 2, 1);

        Trainer.Settings settings() {
            return new Trainer.Settings(model, epochs, batch, learningRate, momentum, weightDecay, Impl.valueOf(impl),
                threads, seed);
        }
    }

    /** Mean training loss, test loss and test accuracy after epoch {@code epoch}. */
    record Epoch(int epoch, double trainLoss, double testLoss, double testAccuracy) {
    }

    /** A tensor's shape and row-major values. */
    record Grid(int[] shape, double[] values) {
        static Grid of(Tensor t) {
            return new Grid(t.shape().clone(), t.data().clone());
        }
    }

    /**
     * How fast the lesson's network trains on {@code --impl naive} and on {@code --impl fast}:
     * images per second of a training epoch (the test after it not counted), same batch, SGD
     * settings and threads, measured by the build right after the lesson's run, on its machine.
     * The naive epoch is {@value #NAIVE_IMAGES} images; the fast path trains two epochs of
     * {@value #FAST_IMAGES} and the second is timed, when the JIT and its plans have settled.
     *
     * @param naiveImages images of the naive epoch
     * @param naive       its images per second
     * @param fastImages  images of the timed fast epoch
     * @param fast        its images per second
     * @param cpu         the processor, as /proc/cpuinfo names it (the architecture elsewhere)
     * @param cores       the cores the JVM saw
     * @param load        the system load average over the last minute when it finished (negative where unknown)
     */
    record Speed(int naiveImages, double naive, int fastImages, double fast, String cpu, int cores, double load) {

        /** How many times faster the fast path trains. */
        double ratio() {
            return fast / naive;
        }

        static Speed measure(Plan plan) {
            Dataset test = SyntheticDigits.generate(2, 64);
            double naive = trainingRate(plan, Impl.NAIVE, NAIVE_IMAGES, 1, test);
            double fast = trainingRate(plan, Impl.FAST, FAST_IMAGES, 2, test);
            return new Speed(NAIVE_IMAGES, naive, FAST_IMAGES, fast, processor(), Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }

        /** Images per second of the last of {@code epochs} epochs on the first {@code images} training digits. */
        private static double trainingRate(Plan plan, Impl impl, int images, int epochs, Dataset test) {
            Trainer.Settings settings = new Trainer.Settings(plan.model(), epochs, plan.batch(), plan.learningRate(),
                plan.momentum(), plan.weightDecay(), impl, plan.threads(), plan.seed());
            Trainer.Result result = Trainer.train(SyntheticDigits.generate(1, images), test, settings,
                (epoch, batch, batches, loss, accuracy, rate, left) -> { });
            return result.epochs().getLast().imagesPerSecond();
        }

        /** The first "model name" of /proc/cpuinfo, or the JVM's architecture where there is none. */
        private static String processor() {
            try (var lines = java.nio.file.Files.lines(java.nio.file.Path.of("/proc/cpuinfo"))) {
                return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst().orElse(System.getProperty("os.arch"));
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                return System.getProperty("os.arch");
            }
        }
    }

    /** One test image ({@code [1][1][28][28]}, pixel / 255), its true class and the network's answer. */
    record Digit(Grid image, int label, int predicted) {
    }

    /** What one layer made of the digit: the layer's description and its output. */
    record Stage(String layer, Grid output) {
    }

    /** Trains {@code plan} from scratch on synthetic digits (train seed 1, test seed 2, as {@code ./convkit train}). */
    static TrainingRecord train(Plan plan) {
        Dataset train = SyntheticDigits.generate(1, plan.trainImages());
        Dataset test = SyntheticDigits.generate(2, plan.testImages());
        List<Double> losses = new ArrayList<>();
        long start = System.nanoTime();
        Trainer.Result result = Trainer.train(train, test, plan.settings(), new BatchLosses(plan, train.size(), losses));
        double seconds = (System.nanoTime() - start) / 1e9;

        List<Epoch> epochs = result.epochs().stream()
            .map(e -> new Epoch(e.epoch(), e.trainLoss(), e.testLoss(), e.testAccuracy())).toList();
        Sequential net = result.network();
        Grid filters = Grid.of(net.parameters().getFirst().value());
        // the first test image, through every layer
        Tensor image = test.images(test.inOrder(), 0, 1);    // [1][1][28][28]
        List<Stage> stages = new ArrayList<>();
        Tensor out = image;
        for (Layer layer : net.layers()) {
            out = layer.forward(out);
            stages.add(new Stage(layer.describe(), Grid.of(out)));
        }
        int predicted = Trainer.predictions(out)[0];
        Digit digit = new Digit(Grid.of(image), test.labels()[0], predicted);
        return new TrainingRecord(plan, seconds, losses.stream().mapToDouble(Double::doubleValue).toArray(), epochs,
            result.confusion().counts(), filters, digit, List.copyOf(stages), Speed.measure(plan));
    }

    /**
     * Turns the trainer's running mean per epoch back into the loss of each batch:
     * batch b's loss is (sum after b − sum after b−1) / its size, where sum = mean · images seen.
     */
    private static final class BatchLosses implements Trainer.Progress {
        private final Plan plan;
        private final int trainSize;
        private final List<Double> losses;
        private double previousSum;

        BatchLosses(Plan plan, int trainSize, List<Double> losses) {
            this.plan = plan;
            this.trainSize = trainSize;
            this.losses = losses;
        }

        @Override
        public void batch(int epoch, int batch, int batches, double meanLoss, double meanAccuracy, double imagesPerSecond,
                          double secondsLeft) {
            int seen = Math.min(trainSize, batch * plan.batch());
            int size = seen - (batch - 1) * plan.batch();
            double sum = meanLoss * seen;
            if (batch == 1) {
                previousSum = 0;
            }
            losses.add((sum - previousSum) / size);
            previousSum = sum;
        }
    }
}

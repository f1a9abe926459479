package convkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import convkit.dispatch.Impl;
import convkit.fast.FastBackend;
import convkit.train.Models;
import convkit.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code convkit train}: trains a small CNN, built from the reference's layers, on digits, and
 * reports the held-out accuracy after every epoch.
 */
@Command(name = "train", sortOptions = false,
    description = {
        "Train a small convolutional network on 28×28 digits (SGD with momentum),",
        "built from the reference's layers; test accuracy after every epoch.",
        "Data: digits convkit draws itself (train seed 1, test seed 2), or the MNIST",
        "files you downloaded into DIR (train-images-idx3-ubyte, train-labels-idx1-ubyte,",
        "t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte; raw or .gz).",
        "fast trains in float32 (activations, gradients and weights), the threads taking",
        "shares of 16 images of every batch; naive and im2col in float64 (slow: train",
        "on a subset with --train-images). Same seed, impl and threads on one machine",
        "give the same numbers."})
final class TrainCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--data", defaultValue = "synthetic", paramLabel = "synthetic|mnist:DIR",
        description = "The images (default: ${DEFAULT-VALUE}).")
    private String data;

    @Option(names = "--model", defaultValue = "lenet", paramLabel = "lenet|tiny",
        description = "The network (default: ${DEFAULT-VALUE}).")
    private String model;

    @Option(names = "--epochs", defaultValue = "2", paramLabel = "N", description = "Passes over the training images (default: ${DEFAULT-VALUE}).")
    private int epochs;

    @Option(names = "--batch", defaultValue = "64", paramLabel = "B", description = "Images per SGD step (default: ${DEFAULT-VALUE}).")
    private int batch;

    @Option(names = "--lr", defaultValue = "0.05", paramLabel = "X", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    private double learningRate;

    @Option(names = "--momentum", defaultValue = "0.9", paramLabel = "M", description = "SGD momentum (default: ${DEFAULT-VALUE}).")
    private double momentum;

    @Option(names = "--weight-decay", defaultValue = "5e-4", paramLabel = "D",
        description = "Weight decay (default: ${DEFAULT-VALUE}).")
    private double weightDecay;

    @Option(names = "--impl", defaultValue = "fast", paramLabel = "naive|im2col|fast",
        description = "How the layers compute (default: ${DEFAULT-VALUE}).")
    private Impl impl;

    @Option(names = "--threads", paramLabel = "T", description = "Threads of --impl fast (default: the cores).")
    private Integer threads;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S",
        description = "Seed of the initial weights and the shuffling (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--train-images", paramLabel = "N",
        description = "Train on the first N images (default: " + TrainData.DEFAULT_TRAIN_IMAGES + " synthetic, all of MNIST).")
    private Integer trainImages;

    @Option(names = "--test-images", paramLabel = "N",
        description = "Test on the first N images (default: " + TrainData.DEFAULT_TEST_IMAGES + " synthetic, all of MNIST).")
    private Integer testImages;

    @Option(names = "--out", paramLabel = "DIR",
        description = "Write the weights (.npy), training.json and confusion.txt to DIR (new or empty).")
    private Path out;

    @Mixin
    private HelpOption help;

    @Override
    public Integer call() throws IOException {
        Warnings.routeTo(spec.commandLine().getErr(), spec.name());
        int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (!Models.NAMES.contains(model)) {
            throw new IllegalArgumentException("--model: expected one of " + String.join(", ", Models.NAMES) + " but was '"
                + model + "'");
        }
        require(epochs >= 1, "--epochs", ">= 1", epochs);
        require(batch >= 1, "--batch", ">= 1", batch);
        require(learningRate > 0 && Double.isFinite(learningRate), "--lr", "a finite number > 0", learningRate);
        require(momentum >= 0 && momentum < 1, "--momentum", "0 <= M < 1", momentum);
        require(weightDecay >= 0 && Double.isFinite(weightDecay), "--weight-decay", "a finite number >= 0", weightDecay);
        require(threadCount >= 1, "--threads", ">= 1", threadCount);
        Trainer.Settings settings = new Trainer.Settings(model, epochs, batch, learningRate, momentum, weightDecay, impl,
            threadCount, seed);
        if (out != null) {
            ModelDirectory.requireWritable(out);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        long start = System.nanoTime();
        long cpuStart = Trainer.processCpuNanos();
        TrainData images = TrainData.load(data, trainImages, testImages);
        stdout.printf(Locale.ROOT, "%s: %d training and %d test images (%.1f s)%n", images.train().name(),
            images.train().size(), images.test().size(), (System.nanoTime() - start) / 1e9);
        stdout.printf(Locale.ROOT, "%s, impl %s, %d threads, batch %d, lr %s, momentum %s, weight decay %s, seed %d%n",
            model, impl.name().toLowerCase(Locale.ROOT), threadCount, batch, learningRate, momentum, weightDecay, seed);
        Models.build(model, impl, threadCount, seed).summary(1, 1, 28, 28).forEach(line -> stdout.println("  " + line));
        TrainProgress progress = new TrainProgress(stdout, spec.commandLine().getErr(), epochs);
        Trainer.Result result = Trainer.train(images.train(), images.test(), settings, progress);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (Trainer.processCpuNanos() - cpuStart) / 1e9;
        stdout.printf(Locale.ROOT, "test accuracy %.2f%% after %d epochs; %.1f s wall, %.1f s cpu; heap: at most %d MiB "
            + "in use after a batch, %d MiB committed (max %d MiB)%n", 100 * result.confusion().accuracy(), epochs, seconds,
            cpuSeconds, progress.peakHeapUsed() >> 20, progress.peakHeapCommitted() >> 20,
            Runtime.getRuntime().maxMemory() >> 20);
        stdout.println("time per layer (forward + backward):");
        double layerTotal = 0;
        for (double s : result.layerSeconds()) {
            layerTotal += s;
        }
        for (int i = 0; i < result.layers().size(); i++) {
            stdout.printf(Locale.ROOT, "  %-24s %7.2f s %5.1f%%%n", result.layers().get(i), result.layerSeconds()[i],
                100 * result.layerSeconds()[i] / Math.max(1e-9, layerTotal));
        }
        stdout.print(result.confusion().table());
        if (out != null) {
            ModelDirectory.write(out, result.network(), record(settings, images, result, seconds, cpuSeconds, progress),
                result.confusion().table());
            stdout.println("wrote " + out);
        }
        return 0;
    }

    private Map<String, Object> record(Trainer.Settings s, TrainData images, Trainer.Result result, double seconds,
                                       double cpuSeconds, TrainProgress progress) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("schema", "convkit-train/1");
        record.put("date", Instant.now().toString());
        record.put("command", String.join(" ", spec.commandLine().getParseResult().originalArgs()));
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("model", s.model());
        settings.put("epochs", s.epochs());
        settings.put("batch", s.batch());
        settings.put("lr", s.learningRate());
        settings.put("momentum", s.momentum());
        settings.put("weightDecay", s.weightDecay());
        settings.put("impl", s.impl().name().toLowerCase(Locale.ROOT));
        settings.put("convDtype", s.impl() == Impl.FAST ? "float32" : "float64");
        settings.put("dtype", s.impl() == Impl.FAST ? "float32" : "float64"); // of everything: conv, linear, SGD
        settings.put("threads", s.threads());
        settings.put("seed", s.seed());
        record.put("settings", settings);
        record.put("data", images.description());
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cpu", BenchCommand.cpu());
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("arch", System.getProperty("os.arch"));
        machine.put("jdk", Runtime.version().toString());
        machine.put("maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20);
        if (s.impl() == Impl.FAST) {
            machine.put("fastBackend", FastBackend.gemm().name());
        }
        record.put("machine", machine);
        List<Map<String, Object>> epochs = new ArrayList<>();
        for (Trainer.Epoch e : result.epochs()) {
            Map<String, Object> epoch = new LinkedHashMap<>();
            epoch.put("epoch", e.epoch());
            epoch.put("trainLoss", e.trainLoss());
            epoch.put("trainAccuracy", e.trainAccuracy());
            epoch.put("testLoss", e.testLoss());
            epoch.put("testAccuracy", e.testAccuracy());
            epoch.put("seconds", e.seconds());
            epoch.put("imagesPerSecond", e.imagesPerSecond());
            epoch.put("cpuSeconds", e.cpuSeconds());
            epochs.add(epoch);
        }
        record.put("epochs", epochs);
        List<Map<String, Object>> layers = new ArrayList<>();
        for (int i = 0; i < result.layers().size(); i++) {
            layers.add(Map.of("layer", result.layers().get(i), "seconds", result.layerSeconds()[i]));
        }
        record.put("layerSeconds", layers);
        record.put("wallSeconds", seconds);
        record.put("cpuSeconds", cpuSeconds);
        record.put("peakHeapUsedMiB", progress.peakHeapUsed() / (double) (1 << 20));
        record.put("peakHeapCommittedMiB", progress.peakHeapCommitted() / (double) (1 << 20));
        record.put("testAccuracy", result.confusion().accuracy());
        record.put("confusion", result.confusion().counts());
        return record;
    }

    private static void require(boolean ok, String flag, String expected, Object value) {
        if (!ok) {
            throw new IllegalArgumentException(flag + ": expected " + expected + " but was " + value);
        }
    }
}

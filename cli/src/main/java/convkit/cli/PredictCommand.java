package convkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import convkit.dispatch.Impl;
import convkit.reference.Npy;
import convkit.reference.Sequential;
import convkit.reference.SoftmaxCrossEntropy;
import convkit.reference.Tensor;
import convkit.train.Models;
import convkit.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code convkit predict}: classifies images with a network that {@code convkit train --out} saved. */
@Command(name = "predict", sortOptions = false,
    description = {
        "Classify 28×28 images with a trained model: prints one line per image, its class and probability.",
        "X holds pixel values scaled as in training: 0 black (background) to 1 white (ink)."})
final class PredictCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "A directory written by convkit train --out.")
    private Path model;

    @Option(names = "--input", required = true, paramLabel = "X.npy",
        description = "Images, float32 or float64, shape [N][1][28][28] or [N][28][28].")
    private Path input;

    @Option(names = "--output", paramLabel = "P.npy",
        description = "Also write the class probabilities [N][10], in the dtype of X.")
    private Path output;

    @Option(names = "--impl", defaultValue = "fast", paramLabel = "naive|im2col|fast",
        description = "How conv and pool layers compute (default: ${DEFAULT-VALUE}).")
    private Impl impl;

    @Mixin
    private HelpOption help;

    @Override
    public Integer call() throws IOException {
        Warnings.routeTo(spec.commandLine().getErr(), spec.name());
        if (output != null) {
            NpyFiles.requireWritableTarget("--output", output);
        }
        String name = ModelDirectory.modelName(model);
        if (!Models.NAMES.contains(name)) {
            throw new IllegalArgumentException("--model " + model + ": its record names model '" + name + "', expected one of "
                + String.join(", ", Models.NAMES));
        }
        Npy.Array x = NpyFiles.read("--input", input);
        Tensor images = asImages(x.tensor());
        Sequential net = Models.build(name, impl, Runtime.getRuntime().availableProcessors(), 0);
        ModelDirectory.loadInto(model, net);
        // the softmax of the scores (the labels, all 0 here, only enter the loss, which is not used)
        Tensor p = SoftmaxCrossEntropy.forward(net.forward(images), new int[images.dim(0)]).probabilities();
        int[] classes = Trainer.predictions(p);
        PrintWriter out = spec.commandLine().getOut();
        for (int i = 0; i < classes.length; i++) {
            out.printf(Locale.ROOT, "image %d: %d (p = %.4f)%n", i, classes[i], p.get(i, classes[i]));
        }
        if (output != null) {
            NpyFiles.writeAll(List.of(new NpyFiles.Output("--output", output, p, x.dtype())));
        }
        return 0;
    }

    /** X as {@code [N][1][28][28]}: rank 3 gains the channel axis. */
    private Tensor asImages(Tensor x) {
        int[] s = x.shape();
        boolean rank3 = s.length == 3 && s[1] == 28 && s[2] == 28;
        boolean rank4 = s.length == 4 && s[1] == 1 && s[2] == 28 && s[3] == 28;
        if (!rank3 && !rank4 || s[0] < 1) {
            throw new IllegalArgumentException("--input " + input + ": expected shape [N][1][28][28] or [N][28][28] "
                + "with N >= 1 but was " + x.shapeString());
        }
        return x.reshape(s[0], 1, 28, 28);
    }
}

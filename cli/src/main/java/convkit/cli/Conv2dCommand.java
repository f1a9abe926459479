package convkit.cli;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;

import convkit.dispatch.ConvLayer;
import convkit.reference.Kernels;
import convkit.reference.Npy;
import convkit.reference.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code convkit conv2d}: one convolution layer forward on .npy files. */
@Command(name = "conv2d", sortOptions = false, sortSynopsis = false,
    description = {
        "Convolution layer forward: Y = conv(X, W) + B.",
        "Without --flip this is cross-correlation, as PyTorch's conv2d; --flip gives true convolution.",
        "Y has the dtype of X (float32 or float64). naive and im2col compute in float64;",
        "fast computes in the dtype of X."})
final class Conv2dCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConvOptions conv;

    @Option(names = "--output", required = true, paramLabel = "Y.npy", description = "Where to write Y [N][K][OH][OW].")
    private java.nio.file.Path output;

    @Override
    public Integer call() throws IOException {
        Warnings.routeTo(spec.commandLine().getErr(), spec.name());
        NpyFiles.requireWritableTarget("--output", output);
        Npy.Array x = NpyFiles.read("--input", conv.input);
        Tensor w = NpyFiles.read("--weight", conv.weight).tensor();
        Tensor b = conv.bias == null ? null : NpyFiles.read("--bias", conv.bias).tensor();
        conv.requireEveryPixelRead(x.tensor(), w);
        Tensor kernels = conv.flip && w.rank() == 4 ? Kernels.flip180(w) : w;
        Tensor y = Impls.run(conv.impl, () -> ConvLayer.forward(conv.impl, x.dtype(), x.tensor(), kernels, b, conv.spec()));
        NpyFiles.writeAll(List.of(new NpyFiles.Output("--output", output, y, x.dtype())));
        return 0;
    }
}

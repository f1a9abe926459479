package convkit.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import convkit.dispatch.ConvLayer;
import convkit.reference.Conv2d;
import convkit.reference.ConvShape;
import convkit.reference.Kernels;
import convkit.reference.Npy;
import convkit.reference.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code convkit conv2d-backward}: the gradients of one convolution layer on .npy files. */
@Command(name = "conv2d-backward", sortOptions = false, sortSynopsis = false,
    description = {
        "Convolution layer backward: given DY = dL/dY, writes DX = dL/dX, DW = dL/dW and DB = dL/dB.",
        "Same inputs and flags as conv2d; naive and im2col compute in float64, fast in the dtype of X.",
        "Each gradient has the dtype of the tensor it belongs to (DX of X, DW of W, DB of B or else W)."})
final class Conv2dBackwardCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConvOptions conv;

    @Option(names = "--grad-output", required = true, paramLabel = "DY.npy",
        description = "dL/dY, shape [N][K][OH][OW].")
    private Path gradOutput;

    @Option(names = "--grad-input", required = true, paramLabel = "DX.npy", description = "Where to write DX.")
    private Path gradInput;

    @Option(names = "--grad-weight", required = true, paramLabel = "DW.npy", description = "Where to write DW.")
    private Path gradWeight;

    @Option(names = "--grad-bias", paramLabel = "DB.npy", description = "Where to write DB [K] (optional).")
    private Path gradBias;

    @Override
    public Integer call() throws IOException {
        Warnings.routeTo(spec.commandLine().getErr(), spec.name());
        NpyFiles.requireWritableTarget("--grad-input", gradInput);
        NpyFiles.requireWritableTarget("--grad-weight", gradWeight);
        if (gradBias != null) {
            NpyFiles.requireWritableTarget("--grad-bias", gradBias);
        }
        Npy.Array x = NpyFiles.read("--input", conv.input);
        Npy.Array w = NpyFiles.read("--weight", conv.weight);
        Npy.Array b = conv.bias == null ? null : NpyFiles.read("--bias", conv.bias);
        Tensor dy = NpyFiles.read("--grad-output", gradOutput).tensor();
        conv.requireEveryPixelRead(x.tensor(), w.tensor());
        // the bias plays no part in the gradients, but a wrong one is still bad input
        ConvShape.check(x.tensor(), w.tensor(), b == null ? null : b.tensor(), conv.spec());
        // true convolution = cross-correlation with flipped kernels; the kernel gradient flips back
        Tensor kernels = conv.flip && w.tensor().rank() == 4 ? Kernels.flip180(w.tensor()) : w.tensor();
        Conv2d.Gradients g = Impls.run(conv.impl, () -> ConvLayer.backward(conv.impl, x.dtype(), x.tensor(), kernels, dy, conv.spec()));
        Tensor dw = conv.flip ? Kernels.flip180(g.dw()) : g.dw();
        List<NpyFiles.Output> outputs = new ArrayList<>();
        outputs.add(new NpyFiles.Output("--grad-input", gradInput, g.dx(), x.dtype()));
        outputs.add(new NpyFiles.Output("--grad-weight", gradWeight, dw, w.dtype()));
        if (gradBias != null) {
            outputs.add(new NpyFiles.Output("--grad-bias", gradBias, g.db(), b != null ? b.dtype() : w.dtype()));
        }
        NpyFiles.writeAll(outputs);
        return 0;
    }
}

package convkit.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import convkit.reference.Npy;
import convkit.reference.Pool2d;
import convkit.reference.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code convkit pool2d-backward}: the input gradient of max or average pooling on .npy files. */
@Command(name = "pool2d-backward", sortOptions = false, sortSynopsis = false,
    description = {
        "Pooling backward: given DY = dL/dY, writes DX = dL/dX (dtype of X), computed in float64.",
        "max sends each gradient to the first maximum of its window; avg shares it equally over the window."})
final class Pool2dBackwardCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private PoolOptions pool;

    @Option(names = "--grad-output", required = true, paramLabel = "DY.npy",
        description = "dL/dY, shape [N][C][OH][OW].")
    private Path gradOutput;

    @Option(names = "--grad-input", required = true, paramLabel = "DX.npy", description = "Where to write DX.")
    private Path gradInput;

    @Override
    public Integer call() throws IOException {
        Warnings.routeTo(spec.commandLine().getErr(), spec.name());
        NpyFiles.requireWritableTarget("--grad-input", gradInput);
        Npy.Array x = NpyFiles.read("--input", pool.input);
        Tensor dy = NpyFiles.read("--grad-output", gradOutput).tensor();
        pool.requireEveryPixelRead(x.tensor());
        Tensor dx = pool.mode == PoolOptions.Mode.MAX
            ? Pool2d.maxBackward(x.tensor(), dy, pool.spec())
            : Pool2d.avgBackward(x.tensor(), dy, pool.spec());
        NpyFiles.writeAll(List.of(new NpyFiles.Output("--grad-input", gradInput, dx, x.dtype())));
        return 0;
    }
}

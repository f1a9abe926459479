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

/** {@code convkit pool2d}: max or average pooling forward on .npy files. */
@Command(name = "pool2d", sortOptions = false, sortSynopsis = false,
    description = {
        "Pooling forward, per channel, computed in float64; Y has the dtype of X.",
        "Matches PyTorch's max_pool2d and avg_pool2d (floor mode, count_include_pad=True)."})
final class Pool2dCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private PoolOptions pool;

    @Option(names = "--output", required = true, paramLabel = "Y.npy", description = "Where to write Y [N][C][OH][OW].")
    private Path output;

    @Override
    public Integer call() throws IOException {
        Warnings.routeTo(spec.commandLine().getErr(), spec.name());
        NpyFiles.requireWritableTarget("--output", output);
        Npy.Array x = NpyFiles.read("--input", pool.input);
        pool.requireEveryPixelRead(x.tensor());
        Tensor y = pool.mode == PoolOptions.Mode.MAX
            ? Pool2d.maxForward(x.tensor(), pool.spec()).y()
            : Pool2d.avgForward(x.tensor(), pool.spec());
        NpyFiles.writeAll(List.of(new NpyFiles.Output("--output", output, y, x.dtype())));
        return 0;
    }
}

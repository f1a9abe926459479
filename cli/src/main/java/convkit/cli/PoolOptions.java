package convkit.cli;

import java.nio.file.Path;

import convkit.reference.OutputSize;
import convkit.reference.PoolSpec;
import convkit.reference.Tensor;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The flags {@code pool2d} and {@code pool2d-backward} share. */
final class PoolOptions {

    /** Which pooling. */
    enum Mode { MAX, AVG }

    @Option(names = "--mode", required = true, paramLabel = "max|avg",
        description = "max: largest value of each window (ties: the first, row-major); avg: mean, padding counted as 0.")
    Mode mode;

    @Option(names = "--input", required = true, paramLabel = "X.npy",
        description = "Input, float32 or float64, shape [N][C][H][W].")
    Path input;

    @Option(names = "--kernel", required = true, paramLabel = "K|KH,KW", converter = IntPair.Converter.class,
        description = "Window size.")
    IntPair kernel;

    @Option(names = "--stride", paramLabel = "S|SH,SW", converter = IntPair.Converter.class,
        description = "Step of the window (default: the kernel size).")
    IntPair stride;

    @Option(names = "--padding", paramLabel = "P|PH,PW", defaultValue = "0", converter = IntPair.Converter.class,
        description = "Pixels added on each side, at most half the kernel (default: ${DEFAULT-VALUE}).")
    IntPair padding;

    @Mixin
    HelpOption help;

    @Option(names = "--strict",
        description = "Fail instead of warning when the stride or dilation leaves input pixels unread.")
    boolean strict;

    PoolSpec spec() {
        IntPair s = stride == null ? kernel : stride;
        return new PoolSpec(kernel.h(), kernel.w(), s.h(), s.w(), padding.h(), padding.w());
    }

    /** In strict mode, throws when some input pixels are never read (see OutputSize.unread). */
    void requireEveryPixelRead(Tensor x) {
        if (strict && x.rank() == 4) {
            PoolSpec s = spec();
            OutputSize.requireNoSkip("rows", x.dim(2), s.kernelH(), s.padH(), s.strideH(), 1);
            OutputSize.requireNoSkip("columns", x.dim(3), s.kernelW(), s.padW(), s.strideW(), 1);
        }
    }
}

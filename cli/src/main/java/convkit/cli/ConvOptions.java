package convkit.cli;

import java.nio.file.Path;

import convkit.dispatch.Impl;
import convkit.reference.ConvSpec;
import convkit.reference.OutputSize;
import convkit.reference.PaddingMode;
import convkit.reference.Tensor;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The flags {@code conv2d} and {@code conv2d-backward} share: inputs and the layer's hyper-parameters. */
final class ConvOptions {

    @Option(names = "--input", required = true, paramLabel = "X.npy",
        description = "Input, float32 or float64, shape [N][C][H][W].")
    Path input;

    @Option(names = "--weight", required = true, paramLabel = "W.npy",
        description = "Kernels, shape [K][C][KH][KW].")
    Path weight;

    @Option(names = "--bias", paramLabel = "B.npy", description = "Bias, shape [K] (default: none).")
    Path bias;

    @Option(names = "--stride", paramLabel = "S|SH,SW", defaultValue = "1", converter = IntPair.Converter.class,
        description = "Step of the window, both axes or height,width (default: ${DEFAULT-VALUE}).")
    IntPair stride;

    @Option(names = "--padding", paramLabel = "P|PH,PW", defaultValue = "0", converter = IntPair.Converter.class,
        description = "Pixels added on each side (default: ${DEFAULT-VALUE}).")
    IntPair padding;

    @Option(names = "--dilation", paramLabel = "D|DH,DW", defaultValue = "1", converter = IntPair.Converter.class,
        description = "Distance between kernel taps (default: ${DEFAULT-VALUE}).")
    IntPair dilation;

    @Option(names = "--padding-mode", paramLabel = "zeros|reflect", defaultValue = "zeros",
        description = "What the padding reads: zeros, or the image mirrored at its border (default: ${DEFAULT-VALUE}).")
    PaddingMode paddingMode;

    @Option(names = "--flip",
        description = "True convolution: flip each kernel by 180 degrees (default: cross-correlation, like PyTorch conv2d).")
    boolean flip;

    @Option(names = "--impl", paramLabel = "naive|im2col|fast", defaultValue = "naive",
        description = "Implementation: naive loops, im2col + matrix product, or the fast path (default: ${DEFAULT-VALUE}).")
    Impl impl;

    @Mixin
    HelpOption help;

    @Option(names = "--strict",
        description = "Fail instead of warning when the stride or dilation leaves input pixels unread.")
    boolean strict;

    ConvSpec spec() {
        return new ConvSpec(stride.h(), stride.w(), padding.h(), padding.w(), dilation.h(), dilation.w(), paddingMode);
    }

    /** In strict mode, throws when some input pixels are never read (see OutputSize.unread). */
    void requireEveryPixelRead(Tensor x, Tensor w) {
        if (strict && x.rank() == 4 && w.rank() == 4) {
            ConvSpec s = spec();
            OutputSize.requireNoSkip("rows", x.dim(2), w.dim(2), s.padH(), s.strideH(), s.dilationH(), s.paddingMode());
            OutputSize.requireNoSkip("columns", x.dim(3), w.dim(3), s.padW(), s.strideW(), s.dilationW(), s.paddingMode());
        }
    }
}

package convkit.fast;

import java.util.Optional;

/**
 * A float32 forward without a column matrix for layers with few input channels (a network's
 * first layer: mnist_5x5 has one channel and 25 taps, resnet_conv1 three channels, 7×7, stride 2),
 * at any vector width ({@link VectorFewChannelConv}, kernel {@link PhasedRows}). im2col + GEMM
 * writes and reads a column matrix C·KH·KW / strideW² times the input's size for a GEMM whose
 * reduction is too short to run near its peak; this kernel copies the input rows a unit needs, split
 * into their column phases where the layer is strided along W, and keeps a tile of outputs in
 * registers for the whole reduction. Its tile needs at most 14 vector registers, so it runs where
 * {@link DirectConv}'s 512-bit kernel does not: on AVX2's 16 registers.
 *
 * <p>Offered when the Vector API module is loaded and {@link Tuning#direct} is not off;
 * {@link FastConv2d}'s rules take it where it is {@link #preferred} and neither Winograd nor the
 * direct conv takes the layer, and a measured plan times it against im2col + GEMM on every layer
 * it {@link #suits}.
 */
interface FewChannelConv {

    /**
     * Most taps (C·KH·KW) of a layer this kernel takes: enough for a first layer's (alexnet_conv1:
     * 3·11·11 = 363); it still beat im2col + OpenBLAS at 288 (32 channels, 3×3, stride 1) and lost
     * at 288 with stride 2 ({@code .bench/zen3-2026-12-05e.md}).
     */
    int MAX_TAPS = 363;

    /**
     * Most input channels of a layer that the rules give this kernel. Against im2col + OpenBLAS on
     * AVX2 it won on every layer with 1-16 channels and a kernel of 3×3 to 11×11 that was timed, at
     * strides 1 and 2, and lost at 32 channels with stride 2 and on every strided 1×1 layer
     * ({@code .bench/zen3-2026-12-05e.md}); a measured plan times it on any layer it {@link #suits}.
     */
    int RULES_MAX_CHANNELS = 16;
    /**
     * Largest share of a row's outputs that its tiles compute beyond OW or twice (the last tile moved
     * left) for the rules to take this kernel: mnist_5x5's 24-wide rows in 16-wide tiles compute 32
     * outputs (a third more) and still ran faster than im2col; a 7-wide row in one 16-wide tile
     * would compute more than twice its outputs.
     */
    double RULES_MAX_WASTE = 0.5;

    /** One line for reports: what it is and its tile. */
    String describe();

    /** Output positions of a tile (two vectors). */
    int tile();

    /**
     * Whether the rules take this kernel for a layer it {@link #suits}: at most
     * {@link #RULES_MAX_CHANNELS} input channels, a kernel larger than 1×1 (a 1×1 layer's x is its
     * own column matrix, at most subsampled), and rows its tiles cover with at most
     * {@link #RULES_MAX_WASTE} of their outputs wasted.
     */
    default boolean preferred(LayerShape s) {
        long covered = (long) (s.ow() + tile() - 1) / tile() * tile();
        return suits(s) && s.c() <= RULES_MAX_CHANNELS && s.kh() * s.kw() > 1
            && covered - s.ow() <= RULES_MAX_WASTE * s.ow();
    }

    /**
     * Whether this layer can run here: at most {@link #MAX_TAPS} taps; any stride, dilation,
     * padding (zeros or reflect) and batch.
     */
    static boolean suits(LayerShape s) {
        return (long) s.c() * s.kh() * s.kw() <= MAX_TAPS;
    }

    /** y = conv(x, w) + bias (bias may be null), as {@link FastConv2d#forward}, on up to {@code threads} threads. */
    void forward(LayerShape s, float[] x, float[] w, float[] bias, float[] y, int threads);

    /** The kernel, or empty without the Vector API or with {@code direct=off}. */
    static Optional<FewChannelConv> available(Tuning tuning) {
        if (tuning.direct() == Tuning.Direct.OFF || !JavaGemm.vectorApiLoaded()) {
            return Optional.empty();
        }
        try {
            return Optional.of((FewChannelConv) Class.forName("convkit.fast.VectorFewChannelConv")
                .getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("jdk.incubator.vector is loaded but the few-channel conv failed to load: "
                + e, e);
        }
    }
}

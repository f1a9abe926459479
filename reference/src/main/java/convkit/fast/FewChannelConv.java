package convkit.fast;

import java.util.Optional;

/**
 * A float32 forward without a column matrix for layers with few input channels (a network's
 * first layer: mnist_5x5 has one channel and 25 taps), at any vector width ({@link VectorFewChannelConv}).
 * im2col + GEMM writes and reads a column matrix C·KH·KW times the input's size for a GEMM
 * whose reduction is too short to run near its peak; this kernel reads the input rows in place
 * (or a padded copy of the rows a unit needs) and keeps a tile of outputs in registers for the
 * whole reduction. Its tile needs 13 vector registers, so it runs where {@link DirectConv}'s
 * 512-bit kernel does not: on AVX2's 16 registers. A layer strided along W (resnet's first layer:
 * 3 channels, 7×7, stride 2) goes to {@link PhasedRows}, which splits each input row into its
 * column phases so that a row's outputs read consecutive inputs again.
 *
 * <p>Offered when the Vector API module is loaded and {@link Tuning#direct} is not off;
 * {@link FastConv2d}'s rules take it where it is {@link #preferred} and the direct conv does not
 * take the layer, and a measured plan times it against im2col + GEMM on every layer it {@link #suits}.
 */
interface FewChannelConv {

    /** Most taps (C·KH·KW) of a layer this kernel takes: beyond, the GEMM's reduction is long enough to run near its peak. */
    int MAX_TAPS = 75;
    /**
     * Most taps of a layer strided along W this kernel takes ({@link PhasedRows}): there im2col's
     * column matrix is C·KH·KW / strideW² times the input, and a first layer's taps are many
     * (alexnet_conv1: 3·11·11 = 363).
     */
    int MAX_STRIDED_TAPS = 363;

    /**
     * Most output channels of a layer the rules give this kernel. Against im2col + OpenBLAS on
     * AVX2 it won only where K fits the GEMM's micro-kernel badly (20, 24) and tied at 16 and 32
     * ({@code .bench/zen5-2026-12-04.md}); a measured plan times it on any layer it {@link #suits}.
     */
    int RULES_MAX_CHANNELS = 24;
    /** Most taps (C·KH·KW) of a layer the rules give this kernel (it tied at 27 and lost at 72 and 75). */
    int RULES_MAX_TAPS = 25;
    /**
     * Largest share of a row's outputs that its tiles compute beyond OW or twice (the last tile moved
     * left) for the rules to take this kernel: a 28-wide row in 24-wide tiles computes 48 outputs.
     */
    double RULES_MAX_WASTE = 0.125;

    /**
     * Most input channels of a layer strided along W that the rules give this kernel. Against
     * im2col + OpenBLAS on AVX2 it won on every strided layer with 1-16 channels and a kernel of
     * 3×3 to 11×11 that was timed, and lost at 32 channels (3×3) and on every strided 1×1 layer
     * ({@code .bench/zen3-2026-12-05e.md}); a measured plan times it on any layer it {@link #suits}.
     */
    int RULES_MAX_STRIDED_CHANNELS = 16;

    /** One line for reports: what it is and its tiles. */
    String describe();

    /** One line for a layer's plan: what it is and the tile this layer runs. */
    String describe(LayerShape s);

    /** Output positions of a tile (three vectors). */
    int tile();

    /**
     * Whether the rules take this kernel for a layer it {@link #suits}: strided along W, at most
     * {@link #RULES_MAX_STRIDED_CHANNELS} input channels and a kernel larger than 1×1; or with stride 1,
     * at most {@link #RULES_MAX_CHANNELS} output channels and {@link #RULES_MAX_TAPS} taps, and rows
     * its tiles cover with at most {@link #RULES_MAX_WASTE} of their outputs wasted.
     */
    default boolean preferred(LayerShape s) {
        if (s.strideW() > 1) {
            return suits(s) && s.c() <= RULES_MAX_STRIDED_CHANNELS && s.kh() * s.kw() > 1;
        }
        long covered = (long) (s.ow() + tile() - 1) / tile() * tile();
        return suits(s) && s.k() <= RULES_MAX_CHANNELS && s.c() * s.kh() * s.kw() <= RULES_MAX_TAPS
            && covered - s.ow() <= RULES_MAX_WASTE * s.ow();
    }

    /**
     * Whether this layer can run here: at most {@link #MAX_TAPS} taps with stride 1 along W (a row's
     * outputs read consecutive inputs), at most {@link #MAX_STRIDED_TAPS} with a longer stride (each
     * row split into its column phases first, {@link PhasedRows}); any stride along H, dilation,
     * padding (zeros or reflect) and batch.
     */
    static boolean suits(LayerShape s) {
        return (long) s.c() * s.kh() * s.kw() <= (s.strideW() == 1 ? MAX_TAPS : MAX_STRIDED_TAPS);
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

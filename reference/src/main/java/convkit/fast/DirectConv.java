package convkit.fast;

import java.util.Optional;

/**
 * A float32 conv forward that needs no column matrix (see {@link VectorDirectConv}). It is
 * offered only when the Vector API module is loaded and its vectors are {@link #MIN_VECTOR_BITS}
 * wide; {@link FastConv2d} uses it for the layers it {@link #suits} and falls back to im2col +
 * GEMM for the rest.
 */
interface DirectConv {

    /** One line for reports: what it is. */
    String describe();

    /** One line for reports: what it is and the tile of this layer's forward. */
    default String describeForward(LayerShape s) {
        return describeForward(s, byChannels(s));
    }

    /** One line for reports: what it is and the tile of a forward by channel tiles or by position tiles. */
    String describeForward(LayerShape s, boolean byChannels);

    /** Whether this layer's forward takes the channel tiles by the rules (else the position tiles). */
    boolean byChannels(LayerShape s);

    /** One line for reports: what it is and the tile of the weight gradient. */
    String describeWeights();

    /** Whether this layer runs well here (little work wasted on the edges of its tiles). */
    boolean suits(LayerShape s);

    /** y = conv(x, w) + bias as in {@link FastConv2d#forward(LayerShape, float[], float[], float[], float[])}, on up to {@code threads} threads. */
    default void forward(LayerShape s, float[] x, float[] w, float[] bias, float[] y, int threads) {
        forward(s, x, w, bias, y, threads, byChannels(s));
    }

    /** The forward by channel tiles ({@code byChannels}) or by position tiles, whatever the rules would take. */
    void forward(LayerShape s, float[] x, float[] w, float[] bias, float[] y, int threads, boolean byChannels);

    /**
     * dx [N][C][H][W] = the gradient of a stride-1, zero-padded layer's input from dy, overwritten,
     * on up to {@code threads} threads: the {@link #forward} of {@link DirectDataGradient#transposedLayer}
     * (which must not be null) with w transposed and flipped.
     */
    default void backwardData(LayerShape s, float[] dy, float[] w, float[] dx, int threads) {
        backwardData(s, dy, w, dx, threads, byChannels(DirectDataGradient.transposedLayer(s)));
    }

    /** {@link #backwardData} with the transposed layer's forward by channel tiles or by position tiles. */
    default void backwardData(LayerShape s, float[] dy, float[] w, float[] dx, int threads, boolean byChannels) {
        forward(DirectDataGradient.transposedLayer(s), dy, DirectDataGradient.transposeFlipped(s, w, threads), null, dx,
            threads, byChannels);
    }

    /**
     * dw [K][C·KH·KW] = Σ over images and output pixels of dy · (the column-matrix row of each
     * tap), overwritten, on up to {@code threads} threads: the weight gradient without a column
     * matrix, for stride-1 layers (others: IllegalArgumentException).
     */
    void backwardWeights(LayerShape s, float[] x, float[] dy, float[] dw, int threads);

    /** Whether {@link #backwardWeights} takes this layer and runs it well (stride 1, for the Vector API kernel). */
    boolean suitsWeights(LayerShape s);

    /**
     * Narrowest vectors the direct conv is used with. Its 8×(2 vectors) tile needs 16 vector
     * registers for the accumulators alone (its 32-channel × 12-position tile, 24): with 512-bit
     * vectors (AVX-512, 32 registers) it beat im2col + OpenBLAS on every layer it suits; limited
     * to AVX2 (256-bit, 16 registers; run with -XX:UseAVX=2 on the same machine) it spilled and
     * ran up to twice as slow as im2col + OpenBLAS, so there the fast path keeps im2col
     * (figures in {@code .bench/direct-conv-history.md}).
     */
    int MIN_VECTOR_BITS = 512;

    /** The vector width the kernel runs with, in bits. */
    int vectorBits();

    /**
     * The Vector API direct conv tuned by {@code tuning}, or empty when {@code jdk.incubator.vector}
     * is not loaded, the vectors are narrower than {@link #MIN_VECTOR_BITS}, or {@link Tuning#direct}
     * is off.
     */
    static Optional<DirectConv> available(Tuning tuning) {
        if (tuning.direct() == Tuning.Direct.OFF) {
            return Optional.empty();
        }
        return anyWidth(tuning).filter(direct -> direct.vectorBits() >= MIN_VECTOR_BITS);
    }

    /** The direct conv tuned by {@code tuning} whatever the vector width (for tests), or empty without the Vector API. */
    static Optional<DirectConv> anyWidth(Tuning tuning) {
        if (!JavaGemm.vectorApiLoaded()) {
            return Optional.empty();
        }
        try {
            return Optional.of((DirectConv) Class.forName("convkit.fast.VectorDirectConv")
                .getDeclaredConstructor(Tuning.class).newInstance(tuning));
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("jdk.incubator.vector is loaded but the direct conv failed to load: " + e, e);
        }
    }
}

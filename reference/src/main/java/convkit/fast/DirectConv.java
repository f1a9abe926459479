package convkit.fast;

import java.util.Optional;

/**
 * A float32 conv forward that needs no column matrix (see {@link VectorDirectConv}). It exists
 * only when the Vector API module is loaded; {@link FastConv2d} uses it for the layers it
 * {@link #suits} and falls back to im2col + GEMM for the rest.
 */
interface DirectConv {

    /** System property: {@code auto} (default: use it when available) or {@code off}. */
    String PROPERTY = "convkit.fast.direct";

    /** One line for reports: what it is and its tile. */
    String describe();

    /** Whether this layer runs well here (little work wasted on the edges of its tiles). */
    boolean suits(LayerShape s);

    /** y = conv(x, w) + bias as in {@link FastConv2d#forward(LayerShape, float[], float[], float[], float[])}, on up to {@code threads} threads. */
    void forward(LayerShape s, float[] x, float[] w, float[] bias, float[] y, int threads);

    /** The Vector API direct conv, or empty when {@code jdk.incubator.vector} is not loaded or the property says off. */
    static Optional<DirectConv> available() {
        if ("off".equals(System.getProperty(PROPERTY, "auto")) || !JavaGemm.vectorApiLoaded()) {
            return Optional.empty();
        }
        try {
            return Optional.of((DirectConv) Class.forName("convkit.fast.VectorDirectConv")
                .getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("jdk.incubator.vector is loaded but the direct conv failed to load: " + e, e);
        }
    }
}

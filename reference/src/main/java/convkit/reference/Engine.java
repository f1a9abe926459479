package convkit.reference;

/**
 * Engine: what computes the convolution and max pooling of a network's layers. A
 * {@link Conv2dLayer} and a {@link MaxPool2dLayer} own their weights and what backward needs;
 * the arithmetic they hand to an engine.
 *
 * <ul>
 *   <li>{@link #NAIVE}: the loops of the lessons, {@link Conv2d} and {@link Pool2d}, in float64;
 *   <li>faster engines (im2col + matrix products, the fast path) are made outside this package,
 *       by {@code convkit.dispatch.ImplEngine}, so the reference depends on nothing of them.
 * </ul>
 * Every engine gives the results of {@link #NAIVE} to its own precision, and keeps the first
 * maximum of a pooling window on ties, so argmax agree exactly.
 */
public interface Engine {

    /** The lesson's loops: {@link Conv2d#forward}, {@link Conv2d#backward}, {@link Pool2d#maxForward}. */
    Engine NAIVE = new NaiveEngine();

    /** The layer output {@code [N][K][OH][OW]} of input {@code x [N][C][H][W]}, weights {@code w [K][C][KH][KW]}. */
    Tensor convForward(Tensor x, Tensor w, Tensor bias, ConvSpec spec);

    /** dx, dw and db of the layer for the output gradient {@code dy [N][K][OH][OW]}. */
    Conv2d.Gradients convBackward(Tensor x, Tensor w, Tensor dy, ConvSpec spec);

    /** Max pooling of {@code x [N][C][H][W]} with the argmax of every output element. */
    Pool2d.MaxResult maxPoolForward(Tensor x, PoolSpec spec);

    /** dx {@code [N][C][H][W]} of max pooling: each dy goes to the input element of its argmax. */
    Tensor maxPoolBackward(int[] argmax, Tensor dy, PoolSpec spec, int... inputShape);
}

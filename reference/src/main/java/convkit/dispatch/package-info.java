/**
 * The one place where a layer's implementation is chosen: {@link convkit.dispatch.Impl}
 * ({@code NAIVE} · {@code IM2COL} · {@code FAST}) picked by {@link convkit.dispatch.ConvLayer}
 * for convolution and {@link convkit.dispatch.PoolLayer} for max pooling;
 * {@link convkit.dispatch.ImplEngine} hands that choice to a network's layers, and
 * {@link convkit.dispatch.FastLayer} adapts the reference's tensors to the fast path.
 *
 * <p>It sits between the two other packages and apart from both: {@code convkit.reference} (the
 * readable loops a student follows) depends on nothing here or in {@code convkit.fast}, and the
 * fast path knows nothing of this choice.
 */
package convkit.dispatch;

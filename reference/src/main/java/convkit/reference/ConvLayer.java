package convkit.reference;

/**
 * ConvLayer: the one place where an implementation strategy ({@link Impl}) is chosen.
 *
 * <ul>
 *   <li>{@link Impl#NAIVE} runs {@link Conv2d}, the loops of the lesson;
 *   <li>{@link Impl#IM2COL} runs {@link Im2colConv}, im2col plus one matrix product per image;
 *   <li>{@link Impl#FAST} runs the fast path of package {@code convkit.fast}; until it is plugged
 *       in here, asking for it throws {@link UnsupportedOperationException} saying so.
 * </ul>
 * All three take and give the same shapes and agree to rounding.
 *
 * <p>Sample: {@code ConvLayer.forward(Impl.IM2COL, x, w, b, ConvSpec.of(1, 1, 1))}.
 */
public final class ConvLayer {

    private ConvLayer() {
    }

    /** The layer output {@code [N][K][OH][OW]} computed by {@code impl}. */
    public static Tensor forward(Impl impl, Tensor x, Tensor w, Tensor bias, ConvSpec spec) {
        return switch (requireImpl(impl)) {
            case NAIVE -> Conv2d.forward(x, w, bias, spec);
            case IM2COL -> Im2colConv.forward(x, w, bias, spec);
            case FAST -> throw fastMissing();
        };
    }

    /** The gradients dx, dw, db computed by {@code impl}. */
    public static Conv2d.Gradients backward(Impl impl, Tensor x, Tensor w, Tensor dy, ConvSpec spec) {
        return switch (requireImpl(impl)) {
            case NAIVE -> Conv2d.backward(x, w, dy, spec);
            case IM2COL -> Im2colConv.backward(x, w, dy, spec);
            case FAST -> throw fastMissing();
        };
    }

    private static Impl requireImpl(Impl impl) {
        if (impl == null) {
            throw new IllegalArgumentException("impl: expected NAIVE, IM2COL or FAST but was null");
        }
        return impl;
    }

    private static UnsupportedOperationException fastMissing() {
        return new UnsupportedOperationException("the fast implementation (Impl.FAST) is not available in this build;"
            + " use NAIVE or IM2COL");
    }
}

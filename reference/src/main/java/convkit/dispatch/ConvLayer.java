package convkit.dispatch;

import convkit.reference.Conv2d;
import convkit.reference.ConvSpec;
import convkit.reference.DType;
import convkit.reference.Format;
import convkit.reference.Im2colConv;
import convkit.reference.Tensor;

/**
 * ConvLayer: the one place where an implementation strategy ({@link Impl}) is chosen.
 *
 * <ul>
 *   <li>{@link Impl#NAIVE} runs {@link Conv2d}, the loops of the lesson;
 *   <li>{@link Impl#IM2COL} runs {@link Im2colConv}, im2col plus one matrix product per image;
 *   <li>{@link Impl#FAST} runs the fast path of package {@code convkit.fast} (im2col + native
 *       BLAS or the Java GEMM), in float64 here, or in float32 through the overloads that take
 *       a {@link DType}.
 * </ul>
 * It lives outside {@code convkit.reference} so that the readable reference depends on nothing of
 * the fast path.
 * All three take and give the same shapes and agree to rounding.
 *
 * <p>Sample run ({@code java convkit.dispatch.ConvLayer}): the layer of the {@link Conv2d} demo
 * (4×4 input 0..15, 3×3 kernel of ones, bias 0.5) by each implementation:
 * <pre>
 * NAIVE  y = [[45.5, 54.5], [81.5, 90.5]]
 * IM2COL y = [[45.5, 54.5], [81.5, 90.5]]
 * FAST   y = [[45.5, 54.5], [81.5, 90.5]]
 * </pre>
 */
public final class ConvLayer {

    private ConvLayer() {
    }

    /** The layer output {@code [N][K][OH][OW]} computed by {@code impl}. */
    public static Tensor forward(Impl impl, Tensor x, Tensor w, Tensor bias, ConvSpec spec) {
        return switch (requireImpl(impl)) {
            case NAIVE -> Conv2d.forward(x, w, bias, spec);
            case IM2COL -> Im2colConv.forward(x, w, bias, spec);
            case FAST -> FastLayer.forward(DType.FLOAT64, x, w, bias, spec);
        };
    }

    /**
     * The layer output computed by {@code impl} in the precision {@code dtype}: FAST computes in
     * float32 for FLOAT32; NAIVE and IM2COL always compute in float64 (the caller rounds when it
     * writes float32).
     */
    public static Tensor forward(Impl impl, DType dtype, Tensor x, Tensor w, Tensor bias, ConvSpec spec) {
        return requireImpl(impl) == Impl.FAST ? FastLayer.forward(dtype, x, w, bias, spec)
            : forward(impl, x, w, bias, spec);
    }

    /**
     * As {@link #forward(Impl, DType, Tensor, Tensor, Tensor, ConvSpec)}, with FAST on {@code threads}
     * threads (NAIVE and IM2COL always run on one).
     */
    public static Tensor forward(Impl impl, DType dtype, int threads, Tensor x, Tensor w, Tensor bias, ConvSpec spec) {
        return requireImpl(impl) == Impl.FAST ? FastLayer.forward(dtype, threads, x, w, bias, spec)
            : forward(impl, x, w, bias, spec);
    }

    /** As {@link #backward(Impl, DType, Tensor, Tensor, Tensor, ConvSpec)}, with FAST on {@code threads} threads. */
    public static Conv2d.Gradients backward(Impl impl, DType dtype, int threads, Tensor x, Tensor w, Tensor dy,
                                            ConvSpec spec) {
        return requireImpl(impl) == Impl.FAST ? FastLayer.backward(dtype, threads, x, w, dy, spec)
            : backward(impl, x, w, dy, spec);
    }

    /** The gradients computed by {@code impl} in the precision {@code dtype} (as for forward). */
    public static Conv2d.Gradients backward(Impl impl, DType dtype, Tensor x, Tensor w, Tensor dy, ConvSpec spec) {
        return requireImpl(impl) == Impl.FAST ? FastLayer.backward(dtype, x, w, dy, spec)
            : backward(impl, x, w, dy, spec);
    }

    /** The gradients dx, dw, db computed by {@code impl}. */
    public static Conv2d.Gradients backward(Impl impl, Tensor x, Tensor w, Tensor dy, ConvSpec spec) {
        return switch (requireImpl(impl)) {
            case NAIVE -> Conv2d.backward(x, w, dy, spec);
            case IM2COL -> Im2colConv.backward(x, w, dy, spec);
            case FAST -> FastLayer.backward(DType.FLOAT64, x, w, dy, spec);
        };
    }

    /** {@code impl}, or an IllegalArgumentException naming the choices when it is null. */
    public static Impl requireImpl(Impl impl) {
        if (impl == null) {
            throw new IllegalArgumentException("impl: expected NAIVE, IM2COL or FAST but was null");
        }
        return impl;
    }

    /** Demo: the sample run of the card. */
    public static void main(String[] args) {
        double[] pixels = new double[16]; // [1][1][4][4]
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = i;
        }
        Tensor x = Tensor.of(pixels, 1, 1, 4, 4);
        Tensor w = Tensor.of(new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1}, 1, 1, 3, 3);
        Tensor b = Tensor.of(new double[] {0.5}, 1);
        for (Impl impl : Impl.values()) {
            System.out.printf("%-6s y = %s%n", impl, Format.matrix(forward(impl, x, w, b, ConvSpec.DEFAULT), 0, 0));
        }
    }
}

package convkit.dispatch;

import convkit.fast.FastPool2d;
import convkit.fast.PoolShape;
import convkit.reference.Format;
import convkit.reference.Pool2d;
import convkit.reference.PoolSpec;
import convkit.reference.Tensor;

/**
 * PoolLayer: max pooling by the chosen {@link Impl}, as {@link ConvLayer} chooses for convolution.
 *
 * <ul>
 *   <li>{@link Impl#NAIVE} and {@link Impl#IM2COL} run {@link Pool2d}, the loops of the lesson
 *       (pooling has no matrix-product form of its own);
 *   <li>{@link Impl#FAST} runs {@link FastPool2d} in float64 on every core.
 * </ul>
 * Both keep the first maximum of a window on ties, so their argmax agree exactly; backward sends
 * each dy to its argmax.
 *
 * <p>Sample run ({@code java convkit.dispatch.PoolLayer}): a 4×4 input 0..15, 2×2 windows, stride 2:
 * <pre>
 * NAIVE  y = [[5, 7], [13, 15]]
 * IM2COL y = [[5, 7], [13, 15]]
 * FAST   y = [[5, 7], [13, 15]]
 * </pre>
 */
public final class PoolLayer {

    private PoolLayer() {
    }

    /** Max pooling of {@code x [N][C][H][W]} with the argmax, computed by {@code impl} (FAST on every core). */
    public static Pool2d.MaxResult maxForward(Impl impl, Tensor x, PoolSpec spec) {
        return maxForward(impl, Runtime.getRuntime().availableProcessors(), x, spec);
    }

    /** As {@link #maxForward(Impl, Tensor, PoolSpec)}, with FAST on {@code threads} threads. */
    public static Pool2d.MaxResult maxForward(Impl impl, int threads, Tensor x, PoolSpec spec) {
        if (ConvLayer.requireImpl(impl) != Impl.FAST) {
            return Pool2d.maxForward(x, spec);
        }
        int[] out = Pool2d.outputShape(x, spec);
        Tensor y = Tensor.zeros(out);
        int[] argmax = new int[y.size()];
        FastPool2d.maxForward(fastShape(x.shape(), spec), x.data(), y.data(), argmax, threads);
        return new Pool2d.MaxResult(y, argmax);
    }

    /** dx {@code [N][C][H][W]} of max pooling: each dy goes to the input element of its argmax. */
    public static Tensor maxBackward(Impl impl, int[] argmax, Tensor dy, PoolSpec spec, int... inputShape) {
        if (ConvLayer.requireImpl(impl) != Impl.FAST) {
            return Pool2d.maxBackward(argmax, dy, inputShape);
        }
        Tensor dx = Tensor.zeros(inputShape);
        FastPool2d.maxBackward(fastShape(inputShape, spec), dy.data(), argmax, dx.data());
        return dx;
    }

    private static PoolShape fastShape(int[] x, PoolSpec spec) {
        return new PoolShape(x[0], x[1], x[2], x[3], spec.kernelH(), spec.kernelW(),
            spec.strideH(), spec.strideW(), spec.padH(), spec.padW());
    }

    /** Demo: the sample run of the card. */
    public static void main(String[] args) {
        double[] pixels = new double[16]; // [1][1][4][4]
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = i;
        }
        Tensor x = Tensor.of(pixels, 1, 1, 4, 4);
        for (Impl impl : Impl.values()) {
            System.out.printf("%-6s y = %s%n", impl, Format.matrix(maxForward(impl, x, PoolSpec.of(2, 2, 0)).y(), 0, 0));
        }
    }
}

package convkit.cli;

import java.util.Random;

import convkit.dispatch.ConvLayer;
import convkit.dispatch.Impl;
import convkit.fast.FastConv2d;
import convkit.fast.LayerShape;
import convkit.reference.Tensor;

/**
 * The passes the bench times, each on its own random arrays of a layer's shape (seed 1): the fast
 * path in float32 or float64, or the float64 reference (naive or im2col) on Tensors.
 */
final class BenchPasses {

    /** What one timed pass runs. */
    interface Pass {
        void forward();

        void backward();

        /** The pass that runs these two. */
        static Pass of(Runnable forward, Runnable backward) {
            return new Pass() {
                @Override
                public void forward() {
                    forward.run();
                }

                @Override
                public void backward() {
                    backward.run();
                }
            };
        }
    }

    private BenchPasses() {
    }

    /** The fast path's float32 passes of {@code conv} on layer {@code s}. */
    static Pass fast32(FastConv2d conv, LayerShape s) {
        Random random = new Random(1); // x, w, b, dy drawn in this order in every pass
        float[] x = floats(random, s.inputSize()), w = floats(random, s.weightSize()), b = floats(random, s.k());
        float[] y = new float[s.outputSize()], dy = floats(random, s.outputSize());
        float[] dx = new float[s.inputSize()], dw = new float[s.weightSize()], db = new float[s.k()];
        return Pass.of(() -> conv.forward(s, x, w, b, y), () -> conv.backward(s, x, w, dy, dx, dw, db));
    }

    /** The fast path's float64 passes of {@code conv} on layer {@code s}. */
    static Pass fast64(FastConv2d conv, LayerShape s) {
        Random random = new Random(1);
        double[] x = doubles(random, s.inputSize()), w = doubles(random, s.weightSize()), b = doubles(random, s.k());
        double[] y = new double[s.outputSize()], dy = doubles(random, s.outputSize());
        double[] dx = new double[s.inputSize()], dw = new double[s.weightSize()], db = new double[s.k()];
        return Pass.of(() -> conv.forward(s, x, w, b, y), () -> conv.backward(s, x, w, dy, dx, dw, db));
    }

    /** The float64 reference's passes ({@code impl}: naive or im2col) on layer {@code s}, one thread. */
    static Pass reference(LayerShape s, Impl impl) {
        Random random = new Random(1);
        Tensor x = Tensor.of(doubles(random, s.inputSize()), s.n(), s.c(), s.h(), s.w());
        Tensor w = Tensor.of(doubles(random, s.weightSize()), s.k(), s.c(), s.kh(), s.kw());
        Tensor b = Tensor.of(doubles(random, s.k()), s.k());
        Tensor dy = Tensor.of(doubles(random, s.outputSize()), s.n(), s.k(), s.oh(), s.ow());
        return Pass.of(() -> ConvLayer.forward(impl, x, w, b, s.spec()),
            () -> ConvLayer.backward(impl, x, w, dy, s.spec()));
    }

    private static float[] floats(Random random, int length) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = random.nextFloat() * 2 - 1;
        }
        return values;
    }

    private static double[] doubles(Random random, int length) {
        double[] values = new double[length];
        for (int i = 0; i < length; i++) {
            values[i] = random.nextDouble() * 2 - 1;
        }
        return values;
    }
}

package convkit.dispatch;

import convkit.fast.FastBackend;
import convkit.fast.FastConv2d;
import convkit.fast.LayerShape;
import convkit.fast.Tuning;
import convkit.reference.Conv2d;
import convkit.reference.ConvShape;
import convkit.reference.ConvSpec;
import convkit.reference.DType;
import convkit.reference.Tensor;

/**
 * The fast path behind {@code ConvLayer} ({@code Impl.FAST}): takes and gives the reference's
 * {@link Tensor}s, computes in the requested precision on {@link FastConv2d} with the default
 * backend ({@link FastBackend#gemm()}) on every core, tuned by {@link Tuning#fromSystemProperty()}.
 *
 * <p>With {@link DType#FLOAT32} the tensors are rounded to float once, the layer runs in float32
 * (as a float32 .npy would in PyTorch), and the result is widened back to a Tensor whose values
 * are exactly float32 numbers; with {@link DType#FLOAT64} it runs on double[] directly.
 *
 * <pre>
 *   Tensor y = FastLayer.forward(DType.FLOAT32, x, w, b, ConvSpec.of(1, 1, 1));
 * </pre>
 * The overloads with {@code threads} run on that many threads instead of every core (one
 * {@link FastConv2d} per thread count, made on first use and kept).
 */
public final class FastLayer {

    private static final java.util.concurrent.ConcurrentMap<Integer, FastConv2d> CONVS =
        new java.util.concurrent.ConcurrentHashMap<>(); // by thread count

    private FastLayer() {
    }

    /** The layer output [N][K][OH][OW], shapes checked as the reference checks them. */
    public static Tensor forward(DType dtype, Tensor x, Tensor w, Tensor bias, ConvSpec spec) {
        return forward(dtype, Runtime.getRuntime().availableProcessors(), x, w, bias, spec);
    }

    /** The layer output on {@code threads} threads. */
    public static Tensor forward(DType dtype, int threads, Tensor x, Tensor w, Tensor bias, ConvSpec spec) {
        LayerShape s = LayerShape.of(x, w, bias, spec);
        FastConv2d conv = conv(threads);
        int[] shape = {s.n(), s.k(), s.oh(), s.ow()};
        if (requireDType(dtype) == DType.FLOAT64) {
            return Tensor.of(conv.forward(s, x.data(), w.data(), bias == null ? null : bias.data()), shape);
        }
        float[] y = conv.forward(s, toFloat(x), toFloat(w), bias == null ? null : toFloat(bias));
        return Tensor.of(toDouble(y), shape);
    }

    /** dx, dw and db of the layer for the output gradient dy [N][K][OH][OW]. */
    public static Conv2d.Gradients backward(DType dtype, Tensor x, Tensor w, Tensor dy, ConvSpec spec) {
        return backward(dtype, Runtime.getRuntime().availableProcessors(), x, w, dy, spec);
    }

    /** dx, dw and db on {@code threads} threads. */
    public static Conv2d.Gradients backward(DType dtype, int threads, Tensor x, Tensor w, Tensor dy, ConvSpec spec) {
        LayerShape s = LayerShape.of(x, w, null, spec);
        ConvShape.check(x, w, null, spec).requireGradOutput(dy);
        FastConv2d conv = conv(threads);
        if (requireDType(dtype) == DType.FLOAT64) {
            double[] dx = new double[s.inputSize()];
            double[] dw = new double[s.weightSize()];
            double[] db = new double[s.k()];
            conv.backward(s, x.data(), w.data(), dy.data(), dx, dw, db);
            return new Conv2d.Gradients(Tensor.of(dx, x.shape()), Tensor.of(dw, w.shape()), Tensor.of(db, s.k()));
        }
        float[] dx = new float[s.inputSize()];
        float[] dw = new float[s.weightSize()];
        float[] db = new float[s.k()];
        conv.backward(s, toFloat(x), toFloat(w), toFloat(dy), dx, dw, db);
        return new Conv2d.Gradients(Tensor.of(toDouble(dx), x.shape()), Tensor.of(toDouble(dw), w.shape()),
            Tensor.of(toDouble(db), s.k()));
    }

    private static DType requireDType(DType dtype) {
        if (dtype == null) {
            throw new IllegalArgumentException("dtype: expected FLOAT32 or FLOAT64 but was null");
        }
        return dtype;
    }

    private static FastConv2d conv(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads: expected >= 1 but was " + threads);
        }
        return CONVS.computeIfAbsent(threads, t -> new FastConv2d(FastBackend.gemm(), t, Tuning.fromSystemProperty()));
    }

    /** The tensor's values rounded to float32. */
    public static float[] toFloat(Tensor t) {
        double[] data = t.data();
        float[] result = new float[data.length];
        for (int i = 0; i < data.length; i++) {
            result[i] = (float) data[i];
        }
        return result;
    }

    /** float32 values widened (exactly) to double. */
    public static double[] toDouble(float[] values) {
        double[] result = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[i];
        }
        return result;
    }
}

package convkit.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import convkit.fast.FastConv2d;
import convkit.fast.Gemm;
import convkit.fast.LayerShape;
import convkit.reference.ConvLayer;
import convkit.reference.Impl;
import convkit.reference.Tensor;

/**
 * Times one implementation on one layer: warm-up runs, then timed runs of the forward pass
 * (and, with backward, of forward followed by backward). The fast path runs on float[] or
 * double[] with its GEMM; naive and im2col are the float64 reference on Tensors, single-threaded,
 * on a reduced batch whose time is scaled to the full batch.
 */
final class BenchRunner {

    /** What one timed pass runs. */
    private interface Pass {
        void forward();

        void backward();
    }

    private final int threads;
    private final boolean float32;
    private final Gemm gemm;
    private final int warmup;
    private final int runs;
    private final int slowBatch;

    BenchRunner(int threads, boolean float32, Gemm gemm, int warmup, int runs, int slowBatch) {
        this.threads = threads;
        this.float32 = float32;
        this.gemm = gemm;
        this.warmup = warmup;
        this.runs = runs;
        this.slowBatch = slowBatch;
    }

    /** The forward line and, with backward, the forward+backward line. */
    List<BenchResult> run(BenchLayer layer, String impl, boolean backward) {
        LayerShape full = layer.shape();
        boolean fast = impl.equals("fast");
        LayerShape s = fast ? full : full.withBatch(Math.min(full.n(), slowBatch));
        int warm = fast ? warmup : Math.min(warmup, 1);
        int timed = fast ? runs : Math.min(runs, 3);
        Pass pass = fast ? (float32 ? fast32(s) : fast64(s)) : reference(s, impl.equals("naive") ? Impl.NAIVE : Impl.IM2COL);
        for (int i = 0; i < warm; i++) {
            pass.forward();
            if (backward) {
                pass.backward();
            }
        }
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
        System.gc(); // so the peak below is this implementation's, not garbage left by the previous one
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        double[] forwardMs = new double[timed];
        double[] bothMs = new double[timed];
        for (int i = 0; i < timed; i++) {
            long t0 = System.nanoTime();
            pass.forward();
            long t1 = System.nanoTime();
            if (backward) {
                pass.backward();
            }
            long t2 = System.nanoTime();
            forwardMs[i] = (t1 - t0) / 1e6;
            bothMs[i] = (t2 - t0) / 1e6;
        }
        double peakMiB = heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum() / (1024.0 * 1024.0);
        double scale = (double) full.n() / s.n();
        String backend = fast ? gemm.name() + ", " + threads + " threads"
            : "float64 reference, 1 thread";
        String dtype = fast ? (float32 ? "f32" : "f64") : "f64";
        List<BenchResult> results = new ArrayList<>();
        results.add(result(layer, impl, backend, "forward", s.n(), dtype, forwardMs, scale, full.forwardFlops(), peakMiB));
        if (backward) {
            results.add(result(layer, impl, backend, "forward+backward", s.n(), dtype, bothMs, scale,
                3 * full.forwardFlops(), peakMiB));
        }
        return results;
    }

    private static BenchResult result(BenchLayer layer, String impl, String backend, String pass, int batch,
                                      String dtype, double[] ms, double scale, double flops, double peakMiB) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new BenchResult(layer, impl, backend, pass, batch, dtype, n, median * scale, sorted[0] * scale,
            sorted[n - 1] * scale, flops, peakMiB);
    }

    private Pass fast32(LayerShape s) {
        Random random = new Random(1);
        float[] x = floats(random, s.inputSize());
        float[] w = floats(random, s.weightSize());
        float[] b = floats(random, s.k());
        float[] y = new float[s.outputSize()];
        float[] dy = floats(random, s.outputSize());
        float[] dx = new float[s.inputSize()];
        float[] dw = new float[s.weightSize()];
        float[] db = new float[s.k()];
        FastConv2d conv = new FastConv2d(gemm, threads);
        return new Pass() {
            @Override
            public void forward() {
                conv.forward(s, x, w, b, y);
            }

            @Override
            public void backward() {
                conv.backward(s, x, w, dy, dx, dw, db);
            }
        };
    }

    private Pass fast64(LayerShape s) {
        Random random = new Random(1);
        double[] x = doubles(random, s.inputSize());
        double[] w = doubles(random, s.weightSize());
        double[] b = doubles(random, s.k());
        double[] y = new double[s.outputSize()];
        double[] dy = doubles(random, s.outputSize());
        double[] dx = new double[s.inputSize()];
        double[] dw = new double[s.weightSize()];
        double[] db = new double[s.k()];
        FastConv2d conv = new FastConv2d(gemm, threads);
        return new Pass() {
            @Override
            public void forward() {
                conv.forward(s, x, w, b, y);
            }

            @Override
            public void backward() {
                conv.backward(s, x, w, dy, dx, dw, db);
            }
        };
    }

    private static Pass reference(LayerShape s, Impl impl) {
        Random random = new Random(1);
        Tensor x = Tensor.of(doubles(random, s.inputSize()), s.n(), s.c(), s.h(), s.w());
        Tensor w = Tensor.of(doubles(random, s.weightSize()), s.k(), s.c(), s.kh(), s.kw());
        Tensor b = Tensor.of(doubles(random, s.k()), s.k());
        Tensor dy = Tensor.of(doubles(random, s.outputSize()), s.n(), s.k(), s.oh(), s.ow());
        return new Pass() {
            @Override
            public void forward() {
                ConvLayer.forward(impl, x, w, b, s.spec());
            }

            @Override
            public void backward() {
                ConvLayer.backward(impl, x, w, dy, s.spec());
            }
        };
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

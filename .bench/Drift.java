import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import convkit.fast.FastBackend;
import convkit.fast.FastConv2d;
import convkit.fast.LayerShape;
import convkit.fast.Tuning;

/**
 * Whose slow stretch is it: one layer's passes in turn with two jobs that have nothing of convkit
 * in them, in ONE JVM, for as long as asked, and every window of a few seconds summed up. When a
 * layer's runs slow down for half a minute with its CPU time a run up by the same share (seen in
 * one suite JVM of two in every compare run), the jobs beside it say where the cycles went:
 * <ul>
 *   <li>{@code memory}: each of two threads reads its half of a 64 MiB array, a cache line at a
 *       time, the traffic of a layer's passes and no arithmetic: slower when the machine's memory
 *       is busier (another tenant's traffic);</li>
 *   <li>{@code cache}: the same over a 4 MiB array, eight times: traffic that stays in the
 *       last-level cache once it is there, slower when another tenant's cores on the same cache
 *       evict it;</li>
 *   <li>{@code fma}: twelve independent chains of vector multiply-adds on each thread, no memory
 *       traffic, the core's multiply-add units kept full: slower only when its core runs slower or
 *       shares those units (a busy sibling hyper-thread of another tenant).</li>
 * </ul>
 * A window where the layer and {@code memory} are slow together and {@code fma} is not is the
 * memory the layer shares with the rest of the host; where the layer alone is slow, it is the
 * layer (its code, its JIT, its heap).
 *
 * <p>Not part of the build or the tests. Run it with the JDK the project uses and the fast path's
 * classes on the class path:
 * <pre>
 *   java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:Tier3DelayOn=100000 \
 *       -XX:+UseTransparentHugePages -cp reference/target/classes .bench/Drift.java \
 *       --layer 8,3,224,224,64,7,7,2,3 --pass both --seconds 120
 * </pre>
 * {@code --layer N,C,H,W,K,R,S,stride,pad} as {@code ./convkit bench} takes it (R = S); {@code --pass
 * forward|both}; {@code --seconds} timed (default 120) after {@code --warmup} seconds (default 10);
 * {@code --window} seconds (default 5). Prints each window's medians over the whole run's, and the
 * correlation of the layer's window medians with each job's.
 */
public final class Drift {

    private static volatile double sink;

    private Drift() {
    }

    public static void main(String[] args) throws Exception {
        int[] d = null;
        String pass = "forward";
        double seconds = 120;
        double warmup = 10;
        double window = 5;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (value == null) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            switch (args[i]) {
                case "--layer" -> d = Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).toArray();
                case "--pass" -> pass = value;
                case "--seconds" -> seconds = Double.parseDouble(value);
                case "--warmup" -> warmup = Double.parseDouble(value);
                case "--window" -> window = Double.parseDouble(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                    + " (--layer N,C,H,W,K,R,S,stride,pad, --pass forward|both, --seconds, --warmup, --window)");
            }
            i++;
        }
        if (d == null || d.length != 9) {
            throw new IllegalArgumentException("--layer N,C,H,W,K,R,S,stride,pad is required (nine numbers)");
        }
        if (!pass.equals("forward") && !pass.equals("both")) {
            throw new IllegalArgumentException("--pass: expected forward or both but was " + pass);
        }
        Runnable layer = layer(d, pass.equals("both"));
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "drift-worker");
            thread.setDaemon(true);
            return thread;
        });
        float[] array = new float[64 * 262_144];
        Arrays.fill(array, 1f);
        int half = array.length / 2;
        Runnable[] memory = {() -> sink = read(array, 0, half), () -> sink = read(array, half, array.length)};
        float[] small = new float[4 * 262_144];
        Arrays.fill(small, 1f);
        int smallHalf = small.length / 2;
        Runnable[] cache = {() -> sink = reread(small, 0, smallHalf), () -> sink = reread(small, smallHalf, small.length)};
        long steps = calibrate(2);
        Runnable[] fma = {() -> sink = chain(steps), () -> sink = chain(steps)};
        long end = System.nanoTime() + (long) (warmup * 1e9);
        while (System.nanoTime() < end) {
            layer.run();
            both(memory, worker);
            both(cache, worker);
            both(fma, worker);
        }
        List<double[]> rows = new ArrayList<>(); // {seconds since start, layer ms, memory ms, fma ms}
        long start = System.nanoTime();
        System.out.printf(Locale.ROOT, "timed runs start at %.3f s of the JVM's uptime%n",
            java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1e3);
        end = start + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            layer.run();
            long t1 = System.nanoTime();
            both(memory, worker);
            long t2 = System.nanoTime();
            both(cache, worker);
            long t3 = System.nanoTime();
            both(fma, worker);
            long t4 = System.nanoTime();
            rows.add(new double[] {(t0 - start) / 1e9, (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6,
                (t4 - t3) / 1e6});
        }
        worker.shutdown();
        report(rows, window, Arrays.toString(d), pass);
    }

    private static void report(List<double[]> rows, double window, String layer, String pass) {
        double[] whole = {0, median(rows, 1), median(rows, 2), median(rows, 3), median(rows, 4)};
        System.out.printf(Locale.ROOT, "layer %s %s: %d rounds; medians: layer %.3f ms, memory %.3f ms, cache %.3f ms,"
            + " fma %.3f ms%n", layer, pass, rows.size(), whole[1], whole[2], whole[3], whole[4]);
        System.out.println("window (s)   layer   memory   cache   fma   (each window's median over the whole run's)");
        List<double[]> windows = new ArrayList<>();
        int from = 0;
        while (from < rows.size()) {
            double limit = (Math.floor(rows.get(from)[0] / window) + 1) * window;
            int to = from;
            while (to < rows.size() && rows.get(to)[0] < limit) {
                to++;
            }
            List<double[]> part = rows.subList(from, to);
            double[] w = {limit - window, median(part, 1) / whole[1], median(part, 2) / whole[2], median(part, 3) / whole[3],
                median(part, 4) / whole[4]};
            windows.add(w);
            System.out.printf(Locale.ROOT, "%5.0f-%-5.0f  %6.2f   %6.2f   %6.2f   %6.2f%n", w[0], limit, w[1], w[2], w[3], w[4]);
            from = to;
        }
        System.out.printf(Locale.ROOT, "correlation of the windows: layer with memory %.2f, with cache %.2f, with fma %.2f%n",
            correlation(windows, 1, 2), correlation(windows, 1, 3), correlation(windows, 1, 4));
    }

    /** The layer's pass through FastConv2d's public API, on two threads, with the default tuning. */
    private static Runnable layer(int[] d, boolean backward) {
        LayerShape shape = LayerShape.of(d[0], d[1], d[2], d[3], d[4], d[5], d[7], d[8]);
        FastConv2d conv = new FastConv2d(FastBackend.gemm(), 2, Tuning.DEFAULTS);
        Random random = new Random(1);
        float[] x = floats(random, shape.inputSize());
        float[] w = floats(random, shape.weightSize());
        float[] b = floats(random, d[4]);
        float[] dy = floats(random, shape.outputSize());
        float[] y = new float[shape.outputSize()];
        float[] dx = new float[shape.inputSize()];
        float[] dw = new float[shape.weightSize()];
        float[] db = new float[d[4]];
        return () -> {
            conv.forward(shape, x, w, b, y);
            if (backward) {
                conv.backward(shape, x, w, dy, dx, dw, db);
            }
        };
    }

    private static void both(Runnable[] shares, ExecutorService worker) throws Exception {
        Future<?> other = worker.submit(shares[1]);
        shares[0].run();
        other.get();
    }

    private static long calibrate(double millis) {
        long steps = 100_000;
        long warm = System.nanoTime() + 2_000_000_000L; // until the JIT has compiled the chain
        while (System.nanoTime() < warm) {
            sink = chain(steps);
        }
        long t0 = System.nanoTime();
        sink = chain(steps * 10);
        return Math.max(1, (long) (millis * 1e6 / ((System.nanoTime() - t0) / (steps * 10.0))));
    }

    /**
     * Twelve independent chains of vector multiply-adds, the widest vectors the JIT offers: the
     * core's multiply-add units kept full, as a layer's kernels keep them, and no memory traffic.
     */
    private static double chain(long steps) {
        VectorSpecies<Float> species = FloatVector.SPECIES_PREFERRED;
        FloatVector m = FloatVector.broadcast(species, 0.9999999f);
        FloatVector a = FloatVector.broadcast(species, 1e-7f);
        FloatVector x0 = FloatVector.broadcast(species, 1f);
        FloatVector x1 = x0, x2 = x0, x3 = x0, x4 = x0, x5 = x0, x6 = x0, x7 = x0, x8 = x0, x9 = x0, x10 = x0, x11 = x0;
        for (long i = 0; i < steps; i++) {
            x0 = x0.fma(m, a);
            x1 = x1.fma(m, a);
            x2 = x2.fma(m, a);
            x3 = x3.fma(m, a);
            x4 = x4.fma(m, a);
            x5 = x5.fma(m, a);
            x6 = x6.fma(m, a);
            x7 = x7.fma(m, a);
            x8 = x8.fma(m, a);
            x9 = x9.fma(m, a);
            x10 = x10.fma(m, a);
            x11 = x11.fma(m, a);
        }
        return x0.add(x1).add(x2).add(x3).add(x4).add(x5).add(x6).add(x7).add(x8).add(x9).add(x10).add(x11)
            .reduceLanes(VectorOperators.ADD);
    }

    private static double read(float[] array, int from, int to) {
        float sum = 0;
        for (int i = from; i < to; i += 16) {
            sum += array[i];
        }
        return sum;
    }

    /** Eight passes over a share of an array small enough for the last-level cache, a line at a time. */
    private static double reread(float[] array, int from, int to) {
        float sum = 0;
        for (int pass = 0; pass < 8; pass++) {
            sum += read(array, from, to);
        }
        return sum;
    }

    private static float[] floats(Random random, int length) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = random.nextFloat() * 2 - 1;
        }
        return values;
    }

    private static double median(List<double[]> rows, int column) {
        double[] values = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    private static double correlation(List<double[]> rows, int a, int b) {
        int n = rows.size();
        double ma = rows.stream().mapToDouble(r -> r[a]).average().orElse(0);
        double mb = rows.stream().mapToDouble(r -> r[b]).average().orElse(0);
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (double[] r : rows) {
            sab += (r[a] - ma) * (r[b] - mb);
            saa += (r[a] - ma) * (r[a] - ma);
            sbb += (r[b] - mb) * (r[b] - mb);
        }
        return n < 3 || saa == 0 || sbb == 0 ? Double.NaN : sab / Math.sqrt(saa * sbb);
    }
}

import convkit.fast.FastBackend;
import convkit.fast.FastConv2d;
import convkit.fast.LayerShape;
import convkit.fast.Tuning;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * One layer of the fast path run for a long while in one JVM, in blocks of runs: each block's
 * median in ms, what every thread allocated a run, the collections in it and the JIT's compilation
 * time. For what the bench's 15 runs a layer cannot say: does a JVM settle at one speed or at one
 * of two (start it a few times); does it move between levels while nothing of its own changes;
 * does it allocate in its steady state; when does the JIT still compile. Which minute of the
 * machine a block met is the business of {@code Drift.java} (the layer beside jobs with nothing of
 * convkit in them): a block slower than its JVM's others with no compilation and no collection in
 * it most often met a busy minute of the machine.
 *
 * <p>Not part of the build or the tests; run it with the JDK the project uses, on the classes of
 * the build to measure:
 * <pre>
 *   java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:Tier3DelayOn=100000 \
 *       -XX:+UseTransparentHugePages -cp reference/target/classes .bench/Blocks.java \
 *       --layer 8,256,14,14,256,3,3,1,1 --pass forward --blocks 12 --runs 100
 * </pre>
 * {@code --layer N,C,H,W,K,R,S,stride,pad} as {@code ./convkit bench} takes it (R = S), on the
 * rules' routes ({@code plan=fixed}, so that every JVM runs the same routes); {@code --pass
 * forward|both} (default forward); {@code --threads} (default 2); {@code --blocks} (default 12) of
 * {@code --runs} runs (default 100); {@code --before LAYER:PASSES}, repeatable: forward and
 * backward passes of other layers first (as a suite in one JVM runs them); {@code --gc-every B}: a
 * full collection after every B blocks, which moves the small arrays.
 */
public final class Blocks {

    private Blocks() {
    }

    public static void main(String[] args) {
        String layer = null;
        String pass = "forward";
        int threads = 2;
        int blocks = 12;
        int runs = 100;
        int gcEvery = 0;
        List<String> before = new ArrayList<>();
        for (int i = 0; i < args.length; i += 2) {
            if (args[i].equals("--help") || args[i].equals("-h")) {
                System.out.println("usage: Blocks --layer N,C,H,W,K,R,S,stride,pad [--pass forward|both]"
                    + " [--threads T] [--blocks B] [--runs R] [--before LAYER:PASSES]... [--gc-every B]");
                return;
            }
            if (i + 1 >= args.length) {
                fail(args[i] + " needs a value");
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--layer" -> layer = value;
                case "--pass" -> pass = value;
                case "--threads" -> threads = positive("--threads", value);
                case "--blocks" -> blocks = positive("--blocks", value);
                case "--runs" -> runs = positive("--runs", value);
                case "--before" -> before.add(value);
                case "--gc-every" -> gcEvery = positive("--gc-every", value);
                default -> fail("unknown option " + args[i]);
            }
        }
        if (layer == null) {
            fail("--layer is required");
        }
        if (!pass.equals("forward") && !pass.equals("both")) {
            fail("--pass: expected forward or both but was '" + pass + "'");
        }
        FastConv2d conv = new FastConv2d(FastBackend.gemm(), threads, Tuning.DEFAULTS.with("plan=fixed"));
        for (String spec : before) {
            int colon = spec.lastIndexOf(':');
            if (colon < 0) {
                fail("--before: expected LAYER:PASSES but was '" + spec + "'");
            }
            Runnable other = layerPass(conv, shape(spec.substring(0, colon)), true);
            int passes = positive("--before", spec.substring(colon + 1));
            for (int i = 0; i < passes; i++) {
                other.run();
            }
        }
        Runnable job = layerPass(conv, shape(layer), pass.equals("both"));
        System.out.printf(Locale.ROOT, "blocks: layer %s %s, %d threads, %s; JDK %s%n", layer, pass, threads,
            FastBackend.cpu(), Runtime.version());
        com.sun.management.ThreadMXBean allocations =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long start = System.nanoTime();
        for (int b = 0; b < blocks; b++) {
            double[] ms = new double[runs];
            long bytes0 = allocations.getTotalThreadAllocatedBytes();
            long collections0 = collections();
            long jit0 = jit.getTotalCompilationTime();
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                job.run();
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            long bytes = allocations.getTotalThreadAllocatedBytes() - bytes0;
            long collected = collections() - collections0;
            long compiled = jit.getTotalCompilationTime() - jit0;
            Arrays.sort(ms);
            System.out.printf(Locale.ROOT,
                "%7.1f s  block %3d  median %8.3f ms  p90 %8.3f ms  %9.1f KB allocated a run  %d collections  %d ms compiling%n",
                (System.nanoTime() - start) / 1e9, b, ms[runs / 2], ms[(int) (runs * 0.9)], bytes / 1024.0 / runs,
                collected, compiled);
            if (gcEvery > 0 && (b + 1) % gcEvery == 0) {
                System.gc();
                System.out.println("        full collection");
            }
        }
    }

    /** The layer's forward pass, or forward then backward, on arrays of its own. */
    private static Runnable layerPass(FastConv2d conv, LayerShape s, boolean backward) {
        Random random = new Random(1);
        float[] x = floats(random, s.inputSize());
        float[] w = floats(random, s.weightSize());
        float[] bias = floats(random, s.k());
        float[] y = new float[s.outputSize()];
        float[] dy = floats(random, s.outputSize());
        float[] dx = new float[s.inputSize()];
        float[] dw = new float[s.weightSize()];
        float[] db = new float[s.k()];
        return () -> {
            conv.forward(s, x, w, bias, y);
            if (backward) {
                conv.backward(s, x, w, dy, dx, dw, db);
            }
        };
    }

    private static LayerShape shape(String spec) {
        int[] d = numbers("--layer", spec, 9);
        if (d[5] != d[6]) {
            fail("--layer: R and S must be equal (a square kernel) but were " + d[5] + " and " + d[6]);
        }
        return LayerShape.of(d[0], d[1], d[2], d[3], d[4], d[5], d[7], d[8]);
    }

    private static int[] numbers(String option, String spec, int count) {
        String[] parts = spec.split(",");
        if (parts.length != count) {
            fail(option + ": expected " + count + " numbers separated by commas but was '" + spec + "'");
        }
        int[] values = new int[count];
        for (int i = 0; i < count; i++) {
            values[i] = option.equals("--layer") && i == 8 ? nonNegative(option, parts[i]) : positive(option, parts[i]);
        }
        return values;
    }

    private static long collections() {
        long count = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
        }
        return count;
    }

    private static float[] floats(Random random, int length) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = random.nextFloat() * 2 - 1;
        }
        return values;
    }

    private static int positive(String option, String value) {
        int n = nonNegative(option, value);
        if (n == 0) {
            fail(option + ": expected a positive whole number but was '" + value + "'");
        }
        return n;
    }

    private static int nonNegative(String option, String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 0) {
                fail(option + ": expected a whole number >= 0 but was '" + value + "'");
            }
            return n;
        } catch (NumberFormatException e) {
            fail(option + ": expected a whole number but was '" + value + "'");
            return 0;
        }
    }

    private static void fail(String message) {
        System.err.println("Blocks: " + message);
        System.exit(2);
    }
}

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Paired A/B of two or more builds of the fast path on one layer, in ONE JVM: each build's
 * classes in a class loader of their own, their runs taken in turn (A, B, A, B, …), so that every
 * pair of runs shares the same moment of the machine. On a shared 2-core virtual machine whose
 * speed drifts by 2× over tens of seconds (another tenant's memory traffic), alternating whole
 * processes could not tell a 5% change from the drift; the ratio of each pair can.
 *
 * <p>Not part of the build or the tests. Each build is a directory of compiled classes of the
 * reference module (its {@code reference/target/classes}, e.g. of a git worktree at the commit
 * to compare), optionally followed by {@code @ENTRIES}: tuning entries for that build only, on
 * top of {@code --tuning} (the same directory twice with two tunings compares the tunings). Run
 * it with the JDK the project uses:
 * <pre>
 *   java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:Tier3DelayOn=100000 \
 *       -XX:+UseTransparentHugePages .bench/PairedAB.java --layer 8,512,7,7,512,3,3,1,1 --pass forward --seconds 30 \
 *       ../before/reference/target/classes reference/target/classes
 * </pre>
 * {@code --layer N,C,H,W,K,R,S,stride,pad} as {@code ./convkit bench} takes it (R = S);
 * {@code --pass forward|backward|both}; {@code --threads} (default 2); {@code --warmup} seconds
 * (default 6) before the timed {@code --seconds} (default 20); {@code --tuning} entries as
 * {@code -Dconvkit.fast.tuning} takes them (default: the defaults, with plan=fixed so that every
 * build runs the routes of its rules instead of routes measured in a noisy moment; add
 * {@code plan=measure} to compare what the planner picks).
 *
 * <p>Prints each build's p10, median and p90 in ms and, for every build after the first, the
 * median (with quartiles) of its run's time over the first build's run of the same pair, and how
 * often it was the faster of the pair. Each JVM compiles each build anew, and the JIT's choices
 * differ from one JVM to the next by a few per cent: run it three times or more and believe a
 * difference only where every run agrees. The flags are the ones {@code ./convkit bench} runs
 * with: without {@code -XX:Tier3DelayOn=100000} a copy's direct conv was now and then left in C1's
 * code for the whole run (30-70× slower; the launcher says why).
 */
public final class PairedAB {

    /** One build: its fast path set up on the layer, and one pass of it as a call. */
    private record Build(String name, Runnable pass) {
    }

    public static void main(String[] args) throws Throwable {
        String layer = null;
        String pass = "forward";
        String tuning = "plan=fixed";
        int threads = 2;
        double warmup = 6;
        double seconds = 20;
        List<String> dirs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--layer" -> layer = value(args, ++i);
                case "--pass" -> pass = value(args, ++i);
                case "--tuning" -> tuning = value(args, ++i);
                case "--threads" -> threads = Integer.parseInt(value(args, ++i));
                case "--warmup" -> warmup = Double.parseDouble(value(args, ++i));
                case "--seconds" -> seconds = Double.parseDouble(value(args, ++i));
                case "-h", "--help" -> {
                    System.out.println("usage: PairedAB --layer N,C,H,W,K,R,S,stride,pad [--pass forward|backward|both]"
                        + " [--threads T] [--warmup S] [--seconds S] [--tuning ENTRIES] BUILD_CLASSES_DIR[@ENTRIES]...");
                    return;
                }
                default -> {
                    if (args[i].startsWith("-")) {
                        fail("unknown option " + args[i]);
                    }
                    dirs.add(args[i]);
                }
            }
        }
        if (layer == null || dirs.size() < 2) {
            fail("needs --layer and at least two build directories, but had layer " + layer + " and " + dirs);
        }
        if (!List.of("forward", "backward", "both").contains(pass)) {
            fail("--pass: expected forward, backward or both but was '" + pass + "'");
        }
        int[] shape = Arrays.stream(layer.split(",")).mapToInt(Integer::parseInt).toArray();
        if (shape.length != 9 || shape[5] != shape[6]) {
            fail("--layer: expected N,C,H,W,K,R,S,stride,pad with R = S but was '" + layer + "'");
        }
        List<Build> builds = new ArrayList<>();
        String cpu = null;
        for (String spec : dirs) {
            int at = spec.indexOf('@');
            Path dir = Path.of(at < 0 ? spec : spec.substring(0, at));
            String entries = at < 0 ? tuning : tuning + "," + spec.substring(at + 1);
            if (!Files.isRegularFile(dir.resolve("convkit/fast/FastConv2d.class"))) {
                fail(dir + " holds no compiled convkit.fast.FastConv2d (expected a reference/target/classes)");
            }
            ClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
            builds.add(build(spec, loader, shape, pass, entries, threads));
            if (cpu == null) {
                cpu = (String) loader.loadClass("convkit.fast.FastBackend").getMethod("cpu").invoke(null);
            }
        }
        System.out.printf(Locale.ROOT, "paired A/B: layer %s, %s, %d threads, tuning %s; %s, JDK %s%n", layer, pass,
            threads, tuning, cpu, Runtime.version());
        long warmEnd = System.nanoTime() + (long) (warmup * 1e9);
        while (System.nanoTime() < warmEnd) {
            builds.forEach(b -> b.pass().run());
        }
        List<double[]> times = new ArrayList<>();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            // each round starts with the next build, so that none always runs right after the same one
            double[] round = new double[builds.size()];
            for (int j = 0; j < builds.size(); j++) {
                int i = (times.size() + j) % builds.size();
                long t0 = System.nanoTime();
                builds.get(i).pass().run();
                round[i] = (System.nanoTime() - t0) / 1e6;
            }
            times.add(round);
        }
        int rounds = times.size();
        for (int i = 0; i < builds.size(); i++) {
            int b = i;
            double[] ms = times.stream().mapToDouble(round -> round[b]).sorted().toArray();
            String line = String.format(Locale.ROOT, "%-40s p10 %8.2f  median %8.2f  p90 %8.2f ms", builds.get(i).name(),
                quantile(ms, 0.1), quantile(ms, 0.5), quantile(ms, 0.9));
            if (i > 0) {
                double[] ratio = times.stream().mapToDouble(round -> round[b] / round[0]).sorted().toArray();
                long faster = times.stream().filter(round -> round[b] < round[0]).count();
                line += String.format(Locale.ROOT, "   / first: median %.3f [quartiles %.3f %.3f], faster in %d%% of %d pairs",
                    quantile(ratio, 0.5), quantile(ratio, 0.25), quantile(ratio, 0.75), 100 * faster / rounds, rounds);
            }
            System.out.println(line);
        }
        double[] medians = new double[builds.size()];
        for (int i = 0; i < builds.size(); i++) {
            int b = i;
            medians[i] = quantile(times.stream().mapToDouble(round -> round[b]).sorted().toArray(), 0.5);
        }
        if (Arrays.stream(medians).max().orElseThrow() > 2 * Arrays.stream(medians).min().orElseThrow()) {
            // seen with identical code in both builds: one copy's Vector API code left in C1's code for the whole run
            System.out.println("warning: one build ran more than twice as slow as another; where their code for this "
                + "layer is the same, that copy's vector code was not compiled by C2 in this JVM (run with "
                + "-XX:Tier3DelayOn=100000; -XX:+PrintCompilation shows it): run again before believing it");
        }
    }

    /** A build's FastConv2d on the layer, through its public API, and the pass as a call. */
    private static Build build(String name, ClassLoader loader, int[] d, String pass, String tuning, int threads)
        throws ReflectiveOperationException {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        Class<?> shapeClass = loader.loadClass("convkit.fast.LayerShape");
        Class<?> gemmClass = loader.loadClass("convkit.fast.Gemm");
        Class<?> tuningClass = loader.loadClass("convkit.fast.Tuning");
        Class<?> convClass = loader.loadClass("convkit.fast.FastConv2d");
        Object shape = shapeClass.getMethod("of", int.class, int.class, int.class, int.class, int.class, int.class,
            int.class, int.class).invoke(null, d[0], d[1], d[2], d[3], d[4], d[5], d[7], d[8]);
        Object gemm = loader.loadClass("convkit.fast.FastBackend").getMethod("gemm").invoke(null);
        Object defaults = tuningClass.getField("DEFAULTS").get(null);
        Object tuned = tuningClass.getMethod("with", String.class).invoke(defaults, tuning);
        Object conv = convClass.getConstructor(gemmClass, int.class, tuningClass).newInstance(gemm, threads, tuned);
        int inputSize = (int) shapeClass.getMethod("inputSize").invoke(shape);
        int weightSize = (int) shapeClass.getMethod("weightSize").invoke(shape);
        int outputSize = (int) shapeClass.getMethod("outputSize").invoke(shape);
        Random random = new Random(1);
        float[] x = floats(random, inputSize);
        float[] w = floats(random, weightSize);
        float[] b = floats(random, d[4]);
        float[] dy = floats(random, outputSize);
        float[] y = new float[outputSize];
        float[] dx = new float[inputSize];
        float[] dw = new float[weightSize];
        float[] db = new float[d[4]];
        MethodHandle forward = lookup.findVirtual(convClass, "forward", MethodType.methodType(void.class, shapeClass,
            float[].class, float[].class, float[].class, float[].class)).bindTo(conv);
        MethodHandle backward = lookup.findVirtual(convClass, "backward", MethodType.methodType(void.class, shapeClass,
            float[].class, float[].class, float[].class, float[].class, float[].class, float[].class)).bindTo(conv);
        boolean runForward = !pass.equals("backward");
        boolean runBackward = !pass.equals("forward");
        return new Build(name, () -> {
            try {
                if (runForward) {
                    forward.invoke(shape, x, w, b, y);
                }
                if (runBackward) {
                    backward.invoke(shape, x, w, dy, dx, dw, db);
                }
            } catch (Throwable e) {
                throw new IllegalStateException(name + ": " + e, e);
            }
        });
    }

    private static float[] floats(Random random, int length) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = random.nextFloat() * 2 - 1;
        }
        return values;
    }

    /** The value at fraction q of sorted values (nearest rank). */
    private static double quantile(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) (q * sorted.length))];
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            fail(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static void fail(String message) {
        System.err.println("PairedAB: " + message);
        System.exit(2);
    }
}

package convkit.fast;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Measured plans ({@link Tuning.Plan#MEASURE}), as FFTW's planner and PyTorch's cuDNN benchmark
 * mode do: where more than one route is legal for a pass, each candidate runs on the layer's own
 * shape with random values, the fastest is kept, and the choice is remembered per machine in a
 * {@link PlanCache}.
 *
 * <p>The timing: each candidate first runs on one image until the JIT has compiled it
 * ({@link #warmUp}; at least {@link #WARM_MIN_MILLIS}), then on the layer's own batch until its times settle too (a whole batch may
 * take a path one image does not: images over the threads instead of rows), then rounds that run each candidate once in
 * turn (so that the machine's load and the JIT's progress fall on all of them alike), each
 * candidate keeping its fastest run. A candidate 1.5× slower than the best after the second round or a later one is
 * dropped; rounds stop after {@link #MAX_ROUNDS} once {@link #MIN_TIMED_MILLIS} have passed, or when
 * {@link Tuning#measureMillis} is spent (at least one round always runs). The rules' own choice wins ties within {@link #TIE}, so that
 * noise does not move a layer off the route it takes everywhere else; when it lost by more, it is
 * {@linkplain #REWARM_MILLIS warmed up again} and timed against the winner once more.
 */
final class Planner {

    /** Fewest warm-up runs of each candidate (on one image). */
    static final int WARM_RUNS = 10;
    /** Runs compared by {@link #settled}. */
    static final int WARM_WINDOW = 5;
    /** Differences of warm-up times below this are noise, not the JIT (tiny layers run in microseconds). */
    static final double NOISE_MILLIS = 0.05;
    /**
     * Shortest warm-up of one candidate on one image. A tiny layer's image runs in microseconds, so
     * its first runs looked settled before C2 had compiled anything and the candidates were timed
     * while C2 compiled them on the same two cores: mnist_5x5's forward on AVX2 measured im2col
     * several times apart from one JVM to the next, and once the slower route was remembered
     * (figures in .bench/space-to-depth-2026-12-03.md).
     */
    static final int WARM_MIN_MILLIS = 200;
    /** Longest warm-up of one candidate. */
    static final int WARM_CAP_MILLIS = 4000;
    /** Longest warm-up of one candidate on the layer's own batch. */
    static final int WARM_BATCH_CAP_MILLIS = 2000;
    /** Timed rounds per pass, once {@link #MIN_TIMED_MILLIS} have passed. */
    static final int MAX_ROUNDS = 7;
    /**
     * Shortest time the timed rounds of a pass take (within {@link Tuning#measureMillis}): a tiny
     * layer's seven rounds took a few milliseconds, less than C2 takes to finish compiling what a
     * candidate's first runs on the batch queued, so a candidate could be timed in code about to
     * be replaced: in runs of the whole suite the planner timed mnist_5x5's direct forward well
     * above what it takes once compiled and took im2col ({@code .bench/zen5-2026-12-04.md}).
     * Rounds now go on, each candidate keeping its fastest run.
     */
    static final int MIN_TIMED_MILLIS = 100;
    /** A candidate this much slower than the best after a round is timed no more. */
    static final double DROP = 1.5;
    /** The rules' route is kept unless another candidate is faster by more than this share: the rules were tuned, and a measurement on a busy machine is noisy. */
    static final double TIE = 0.10;
    /**
     * Shortest second warm-up of the rules' own route when it lost by more than {@link #TIE}: it
     * is warmed up again and timed again against the winner, since its code may still have been
     * waiting for C2, or been sent back to the interpreter by a branch an earlier layer's shape had
     * not taken. A warm-up of steady times with no compilation finished in its last runs looks
     * settled while a method C2 has not compiled yet runs in slower code: in runs of the whole
     * suite the planner timed mnist_5x5's direct forward far slower than it runs once compiled and
     * took im2col (.bench/narrow-winograd-2026-12-03.md), and later, by a smaller margin, slower
     * than im2col while the timed runs after it ran the direct conv faster
     * (.bench/few-channel-2026-12-04.md). Only the rules' route: the rules were tuned, so their
     * losing is the case worth a second look, and one second warm-up a pass bounds the time it adds.
     */
    static final int REWARM_MILLIS = 1500;
    /** Rounds of the rules' route and the winner, each keeping its fastest run, after the rules' route was {@linkplain #REWARM_MILLIS warmed up again}. */
    static final int CONFIRM_ROUNDS = 5;

    private Planner() {
    }

    /** What one candidate took, for reports and the cache. */
    record Timing(String candidate, double millis) {
        @Override
        public String toString() {
            return candidate + " " + String.format(Locale.ROOT, "%.2f", millis) + " ms";
        }
    }

    /**
     * The fastest of the candidates and what each took (empty timings when there was only one);
     * {@code settled}: every candidate's warm-up settled (else the choice is not worth remembering).
     */
    record Result(ConvPlan winner, List<Timing> timings, boolean settled) {
    }

    /**
     * The fastest of {@code candidates} (plans differing in one pass's routes) when each is run by
     * {@code run}, named by {@code name}; {@code preferred} (one of them) wins ties.
     */
    static Result fastest(List<ConvPlan> candidates, ConvPlan preferred, Function<ConvPlan, String> name,
                          Consumer<ConvPlan> warm, Consumer<ConvPlan> run, int budgetMillis) {
        return fastest(candidates, preferred, name, warm, run, budgetMillis, System::nanoTime, Planner::compilationMillis);
    }

    /** As above, timed by {@code clock} (nanoseconds; for tests). */
    static Result fastest(List<ConvPlan> candidates, ConvPlan preferred, Function<ConvPlan, String> name,
                          Consumer<ConvPlan> warm, Consumer<ConvPlan> run, int budgetMillis, LongSupplier clock,
                          LongSupplier compiled) {
        int count = candidates.size();
        if (count == 1) {
            return new Result(candidates.get(0), List.of(), true);
        }
        boolean settled = true;
        for (ConvPlan candidate : candidates) {
            settled &= warmUp(() -> warm.accept(candidate), clock, compiled, WARM_CAP_MILLIS, WARM_MIN_MILLIS);
        }
        double[] best = new double[count];
        boolean[] live = new boolean[count];
        java.util.Arrays.fill(best, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(live, true);
        for (ConvPlan candidate : candidates) {
            settled &= warmUp(() -> run.accept(candidate), clock, compiled, WARM_BATCH_CAP_MILLIS);
        }
        long start = clock.getAsLong();
        long budget = budgetMillis * 1_000_000L;
        long shortest = Math.min(budget, MIN_TIMED_MILLIS * 1_000_000L);
        for (int round = 0; ; round++) {
            long elapsed = clock.getAsLong() - start;
            if (round > 0 && (elapsed >= budget || round >= MAX_ROUNDS && elapsed >= shortest)) {
                break;
            }
            double fastest = Double.POSITIVE_INFINITY;
            for (int i = 0; i < count; i++) {
                if (live[i]) {
                    long t0 = clock.getAsLong();
                    run.accept(candidates.get(i));
                    best[i] = Math.min(best[i], (clock.getAsLong() - t0) / 1e6);
                    fastest = Math.min(fastest, best[i]);
                }
            }
            for (int i = 0; i < count; i++) {
                live[i] &= round == 0 || best[i] <= DROP * fastest;
            }
        }
        int winner = fastestOf(best);
        int rules = candidates.indexOf(preferred);
        if (rules >= 0 && best[rules] > (1 + TIE) * best[winner]) {
            settled &= warmUp(() -> run.accept(preferred), clock, compiled,
                REWARM_MILLIS + WARM_BATCH_CAP_MILLIS, REWARM_MILLIS);
            int[] pair = {rules, winner};
            for (int round = 0; round < CONFIRM_ROUNDS; round++) {
                for (int i : pair) {
                    long t0 = clock.getAsLong();
                    run.accept(candidates.get(i));
                    best[i] = Math.min(best[i], (clock.getAsLong() - t0) / 1e6);
                }
            }
            winner = fastestOf(best);
        }
        if (rules >= 0 && best[rules] <= (1 + TIE) * best[winner]) {
            winner = rules;
        }
        List<Timing> timings = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            timings.add(new Timing(name.apply(candidates.get(i)), best[i]));
        }
        return new Result(candidates.get(winner), List.copyOf(timings), settled);
    }

    /** The index of the smallest time (the first of equals). */
    private static int fastestOf(double[] best) {
        int winner = 0;
        for (int i = 1; i < best.length; i++) {
            if (best[i] < best[winner]) {
                winner = i;
            }
        }
        return winner;
    }

    /** {@link #warmUp(Runnable, LongSupplier, LongSupplier, int, int)} with no shortest time. */
    static boolean warmUp(Runnable run, LongSupplier clock, LongSupplier compiled, int capMillis) {
        return warmUp(run, clock, compiled, capMillis, 0);
    }

    /**
     * Runs {@code run} (a candidate on a batch of one image) until the JIT has compiled what it
     * runs: the Vector API's code runs boxed, a thousand times slower, until C2 has compiled it, so
     * a candidate timed cold would lose to one that happened to be compiled first. At least
     * {@link #WARM_RUNS} runs, then until the last {@link #WARM_WINDOW} runs are no faster than
     * the runs before them by more than 10%, and for at least {@code minMillis}; at most {@code
     * capMillis}. Whether it settled.
     */
    static boolean warmUp(Runnable run, LongSupplier clock, LongSupplier compiled, int capMillis, int minMillis) {
        long start = clock.getAsLong();
        List<Double> times = new ArrayList<>();
        List<Long> compiling = new ArrayList<>();
        while (true) {
            long t0 = clock.getAsLong();
            run.run();
            long now = clock.getAsLong();
            times.add((now - t0) / 1e6);
            compiling.add(compiled.getAsLong());
            // settled: the times stopped falling, and the JIT compiled nothing during the last window
            // (a method still in C2's queue would change the times after the warm-up)
            if (times.size() >= WARM_RUNS && settled(times) && now - start >= minMillis * 1_000_000L
                && compiling.get(compiling.size() - 1).equals(compiling.get(compiling.size() - WARM_WINDOW))) {
                return true;
            }
            if (now - start > capMillis * 1_000_000L) {
                return false;
            }
        }
    }

    /** Milliseconds the JVM's JIT has spent compiling so far (0 where the JVM does not say). */
    static long compilationMillis() {
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    /**
     * Whether the last {@link #WARM_WINDOW} times are within 10% (or {@link #NOISE_MILLIS}) of the
     * best time before them.
     */
    static boolean settled(List<Double> times) {
        int split = times.size() - WARM_WINDOW;
        if (split < WARM_WINDOW) {
            return false;
        }
        double before = times.subList(0, split).stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double last = times.subList(split, times.size()).stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        return last >= 0.9 * before || before - last < NOISE_MILLIS;
    }

    /** Random values in [-1, 1), the same for every candidate. */
    static float[] random(int length, long seed) {
        Random random = new Random(seed);
        float[] values = new float[length];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat() * 2 - 1;
        }
        return values;
    }

    /**
     * The classes whose code the routes run, and the planner, by name in this package: what the
     * fingerprint reads where it cannot list the package ({@link #packageClasses}).
     */
    private static final List<Class<?>> KERNELS = List.of(FastConv2d.class, FloatGemmConv.class, FloatJavaGemm.class,
        FloatIm2col.class, NativeBlas.class, Parallel.class, ConvPlan.class, Planner.class, MeasuredPlans.class);
    /** Names (in this package) of the direct conv's and Winograd's classes, loaded only with the Vector API. */
    static final List<String> DIRECT_KERNELS = List.of("VectorDirectConv", "PositionTiles", "ChannelTiles",
        "DirectWeightGradient", "DirectDataGradient", "InputRewrite", "DirectLayout", "VectorWinograd", "WinogradTiles",
        "WinogradTiling", "WinogradKernels", "WinogradKernelBlocks", "VectorTranspose", "SpaceToDepth",
        "VectorFewChannelConv", "PhasedRows");
    private static volatile String code;

    /**
     * A fingerprint of this build's kernels (CRC-32 of the class files of this package, nested
     * classes too, in name order), part of the cache key: two builds of convkit on one machine (a
     * checkout and a handout, or before and after a change being benchmarked) do not take each
     * other's measurements. Every class counts, so that a class added to the routes cannot be
     * left out; where the package cannot be listed, the classes named above.
     */
    static String code() {
        String value = code;
        if (value == null) {
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            List<String> names = packageClasses().orElseGet(() -> {
                List<String> named = new ArrayList<>(KERNELS.stream().map(Class::getSimpleName).toList());
                named.addAll(DIRECT_KERNELS);
                return named;
            });
            for (String name : names) {
                try (java.io.InputStream in = Planner.class.getResourceAsStream(name + ".class")) {
                    if (in != null) {
                        crc.update(in.readAllBytes());
                    }
                } catch (IOException e) {
                    crc.update(name.getBytes(StandardCharsets.UTF_8));
                }
            }
            value = String.format(Locale.ROOT, "%08x", crc.getValue());
            code = value;
        }
        return value;
    }

    /** The class files of this package where this class was loaded from (a folder or a jar), by name without ".class". */
    static java.util.Optional<List<String>> packageClasses() {
        try {
            java.security.CodeSource source = Planner.class.getProtectionDomain().getCodeSource();
            return source == null || source.getLocation() == null ? java.util.Optional.empty()
                : classesIn(Path.of(source.getLocation().toURI()), Planner.class.getPackageName());
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * The class files directly in package {@code pkg} of a class folder or a jar at {@code location},
     * sorted, without ".class" (nested classes as Outer$Inner); empty where there is none.
     */
    static java.util.Optional<List<String>> classesIn(Path location, String pkg) {
        String folder = pkg.replace('.', '/') + "/";
        List<String> names = new ArrayList<>();
        try {
            if (Files.isDirectory(location)) {
                try (var files = Files.list(location.resolve(folder))) {
                    files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".class")).forEach(names::add);
                }
            } else if (Files.isRegularFile(location)) {
                try (var jar = new java.util.jar.JarFile(location.toFile())) {
                    jar.stream().map(java.util.jar.JarEntry::getName)
                        .filter(n -> n.startsWith(folder) && n.endsWith(".class") && n.indexOf('/', folder.length()) < 0)
                        .forEach(n -> names.add(n.substring(folder.length())));
                }
            }
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
        if (names.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(names.stream().map(n -> n.substring(0, n.length() - ".class".length())).sorted()
            .toList());
    }

    /** The shape as a cache key: every field that changes what runs. */
    static String shapeKey(LayerShape s) {
        return String.join(",", List.of(s.n(), s.c(), s.h(), s.w(), s.k(), s.kh(), s.kw(), s.strideH(), s.strideW(),
                s.padH(), s.padW(), s.dilationH(), s.dilationW()).stream().map(String::valueOf).toList())
            + "," + s.padding().name().toLowerCase(Locale.ROOT);
    }

    /**
     * This machine for the cache key: the CPU model as the OS names it (on Linux with its family,
     * model and widest vector extension, since a hypervisor may call different chips "AMD EPYC"),
     * the cores the JVM sees, and the JDK's feature version.
     */
    static String machine() {
        return cpu(Path.of("/proc/cpuinfo")) + " x" + Runtime.getRuntime().availableProcessors() + " cores, java "
            + Runtime.version().feature();
    }

    /** The CPU as /proc/cpuinfo describes its first processor, or the architecture where there is no such file. */
    static String cpu(Path cpuinfo) {
        return CpuInfo.read(cpuinfo).map(cpu -> cpu.name() + " (family " + cpu.family() + " model " + cpu.model()
            + (cpu.vectors().isEmpty() ? "" : ", " + cpu.vectors()) + ")").orElse(System.getProperty("os.arch"));
    }
}

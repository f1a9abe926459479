import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * How often a parallel call of the fast path ({@code convkit.fast.Parallel.forEach}, two
 * threads) takes much longer than its median, for one or more builds in ONE JVM, their rounds
 * taken in turn so that each sees the same minutes of the machine. A millisecond layer
 * (mnist_5x5) makes a few such calls a pass; a call held up by a core that is slow to wake makes
 * its run an outlier of the bench.
 *
 * <p>Not part of the build or the tests. Each build is a directory of compiled classes of the
 * reference module (its {@code reference/target/classes}, e.g. of a git worktree at the commit to
 * compare). Run with the JDK the project uses (it uses {@code HandOff.java} beside it):
 * <pre>
 *   java .bench/ParallelStalls.java [--calls 5000] [--rounds 2] [--unit-us 40] [--gap-us 100] \
 *       ../before/reference/target/classes reference/target/classes
 * </pre>
 * Each call hands 8 units of {@code --unit-us} of arithmetic to two threads, then the caller
 * works alone for {@code --gap-us} (the rest of a pass, so that the worker's core goes idle).
 * Prints per build and round: the calls' median, p99 and slowest, how many took over 1.3 times
 * the median and over 2.5 times (more than the caller takes for all eight units alone: a stall),
 * and in how many the worker thread ran no unit (the caller ran them all).
 */
public class ParallelStalls {

    public static void main(String[] args) throws Throwable {
        int calls = 5000;
        int rounds = 2;
        long unitNanos = 40_000;
        long gapNanos = 100_000;
        java.util.List<String> builds = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--calls" -> calls = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--unit-us" -> unitNanos = Long.parseLong(args[++i]) * 1000;
                case "--gap-us" -> gapNanos = Long.parseLong(args[++i]) * 1000;
                default -> {
                    if (args[i].startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + args[i]
                            + " (known: --calls N, --rounds N, --unit-us N, --gap-us N)");
                    }
                    builds.add(args[i]);
                }
            }
        }
        if (builds.isEmpty()) {
            throw new IllegalArgumentException("name at least one build: a directory of the reference module's classes");
        }
        MethodHandle[] forEach = new MethodHandle[builds.size()];
        for (int b = 0; b < builds.size(); b++) {
            URL url = Path.of(builds.get(b)).toAbsolutePath().toUri().toURL();
            ClassLoader loader = new URLClassLoader("build" + b, new URL[] {url}, ClassLoader.getPlatformClassLoader());
            Class<?> parallel = Class.forName("convkit.fast.Parallel", true, loader);
            forEach[b] = MethodHandles.publicLookup().findStatic(parallel, "forEach",
                MethodType.methodType(void.class, int.class, int.class, IntConsumer.class));
        }
        System.out.printf(Locale.ROOT, "parallel calls on %s, %d cores, JDK %s; %d calls a line, 8 units of %d us, gap %d us%n",
            HandOff.cpu(), Runtime.getRuntime().availableProcessors(), Runtime.version(), calls, unitNanos / 1000, gapNanos / 1000);
        for (int b = 0; b < builds.size(); b++) {
            measure(forEach[b], calls / 5, unitNanos, gapNanos); // warm-up
        }
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < builds.size(); k++) {
                int b = (round % 2 == 0) ? k : builds.size() - 1 - k;
                System.out.printf(Locale.ROOT, "round %d  %-40s %s%n", round + 1, builds.get(b),
                    measure(forEach[b], calls, unitNanos, gapNanos));
            }
        }
    }

    private static String measure(MethodHandle forEach, int calls, long unitNanos, long gapNanos) throws Throwable {
        long[] wall = new long[calls];
        int callerAlone = 0;
        Thread caller = Thread.currentThread();
        for (int i = 0; i < calls; i++) {
            AtomicInteger others = new AtomicInteger();
            IntConsumer unit = u -> {
                if (Thread.currentThread() != caller) {
                    others.incrementAndGet();
                }
                HandOff.work(unitNanos);
            };
            long start = System.nanoTime();
            forEach.invokeExact(2, 8, unit);
            wall[i] = System.nanoTime() - start;
            if (others.get() == 0) {
                callerAlone++;
            }
            HandOff.work(gapNanos);
        }
        long[] sorted = wall.clone();
        Arrays.sort(sorted);
        long median = sorted[calls / 2];
        long slow = Arrays.stream(wall).filter(t -> t > 1.3 * median).count();
        long stalled = Arrays.stream(wall).filter(t -> t > 2.5 * median).count();
        return String.format(Locale.ROOT, "median %6.1f us  p99 %6.1f  max %7.1f  over 1.3x median %4d  over 2.5x %3d  caller alone %4d",
            median / 1e3, sorted[calls * 99 / 100] / 1e3, sorted[calls - 1] / 1e3, slow, stalled, callerAlone);
    }
}

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What one hand-off between two threads costs on this machine: the fast path's parallel call
 * ({@code convkit.fast.Parallel}) gives a worker thread a task and waits for it, and each of the
 * two threads may find the other parked, its core idle. On a virtual machine the wake-up of an
 * idle core goes through the host. A layer that makes a few hand-offs a pass and runs in a
 * millisecond (mnist_5x5) carries each one's delay in its times, its slowest run the slowest
 * hand-off of its runs.
 *
 * <p>Not part of the build or the tests. Run with the JDK the project uses:
 * <pre>
 *   java .bench/HandOff.java [--calls 2000] [--rounds 2]
 * </pre>
 * Each call: the caller works for 0-300 µs (the gap between two parallel calls of a pass, so
 * the worker's core has gone idle for a while), gives the worker 200 µs of work and waits. It
 * prints, for a caller that parks at once ({@code park}) and one that first watches the result
 * for up to 100 µs ({@code watch}: tried in {@code Parallel} and dropped, {@code zen3-2026-12-05n.md}),
 * the worker's wake-up (from the hand-off to its first instruction) and the caller's (from the
 * worker's last instruction to the caller's next): median, p90, p99, the slowest of the calls and
 * how many took over 0.5 ms (a stall: a millisecond layer's run that meets one is half as slow
 * again). The two kinds alternate, a round of each at a time, so both see the same minutes of the
 * machine.
 */
public class HandOff {

    private static volatile long sink;
    /** A wake-up this long is a stall of the machine, not the hand-off's own cost. */
    private static final long STALL_NANOS = 500_000;

    /** Busy for {@code nanos} (also used by {@code ParallelStalls.java}). */
    static void work(long nanos) {
        long end = System.nanoTime() + nanos;
        long x = 0;
        while (System.nanoTime() < end) {
            x++;
        }
        sink += x;
    }

    public static void main(String[] args) throws Exception {
        int calls = 2000;
        int rounds = 2;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--calls" -> calls = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                    + " (known: --calls N, --rounds N)");
            }
        }
        ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "hand-off-worker");
            thread.setDaemon(true);
            return thread;
        });
        System.out.printf(Locale.ROOT, "hand-offs on %s, %d cores, JDK %s; %d calls a line, microseconds%n",
            cpu(), Runtime.getRuntime().availableProcessors(), Runtime.version(), calls);
        measure(worker, 200, false); // warm-up: the JIT compiles the loop
        measure(worker, 200, true);
        for (int round = 0; round < rounds; round++) {
            for (boolean watch : new boolean[] {false, true}) {
                long[][] found = measure(worker, calls, watch);
                System.out.printf(Locale.ROOT, "%-5s worker wakes %s | caller wakes %s%n", watch ? "watch" : "park",
                    quantiles(found[0]), quantiles(found[1]));
            }
        }
        worker.shutdown();
    }

    /** {wake-up of the worker, of the caller} in nanoseconds, one a call. */
    private static long[][] measure(ExecutorService worker, int calls, boolean watch) throws Exception {
        long[] workerWakes = new long[calls];
        long[] callerWakes = new long[calls];
        for (int i = 0; i < calls; i++) {
            work((i % 4) * 100_000L);
            long[] started = new long[1];
            long[] ended = new long[1];
            long handedOver = System.nanoTime();
            Future<?> task = worker.submit(() -> {
                started[0] = System.nanoTime();
                work(200_000);
                ended[0] = System.nanoTime();
            });
            if (watch) {
                long until = System.nanoTime() + 100_000;
                while (!task.isDone() && System.nanoTime() - until < 0) {
                    Thread.onSpinWait();
                }
            }
            task.get();
            long resumed = System.nanoTime();
            workerWakes[i] = started[0] - handedOver;
            callerWakes[i] = resumed - ended[0];
        }
        return new long[][] {workerWakes, callerWakes};
    }

    private static String quantiles(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        long stalls = Arrays.stream(sorted).filter(t -> t > STALL_NANOS).count();
        return String.format(Locale.ROOT, "median %5.1f  p90 %5.1f  p99 %6.1f  max %7.1f  over 0.5 ms %d",
            sorted[n / 2] / 1e3, sorted[n * 9 / 10] / 1e3, sorted[n * 99 / 100] / 1e3, sorted[n - 1] / 1e3, stalls);
    }

    /** The CPU's model name (also used by {@code ParallelStalls.java}). */
    static String cpu() {
        try {
            return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo")).stream()
                .filter(line -> line.startsWith("model name")).findFirst()
                .map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse(System.getProperty("os.arch"));
        } catch (java.io.IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
    }
}

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * How often this machine alone makes a run slow: a job with nothing of convkit in it, split over
 * two threads as the fast path splits a layer (the caller and one worker, joined at the end of each
 * run), timed run after run, and the timed runs cut into lines of as many runs as a bench line
 * has. Prints the runs' median, 99th percentile and maximum, the share of runs over 1.3 × the
 * median, and the share of lines whose max/median is over 1.3: what issue 15's stability bar
 * would say of a job whose every run does exactly the same work.
 *
 * <p>Not part of the build or the tests. Two jobs:
 * <ul>
 *   <li>{@code arith}: a chain of dependent multiply-adds on each thread (no memory traffic: its
 *       time can change only if the thread does not run, or its core's clock does);</li>
 *   <li>{@code memory}: each thread reads its own half of an array of {@code --mib} MiB, one float
 *       in 16 (a cache line each), {@code --reps} times (the traffic of a layer's passes).</li>
 * </ul>
 * Run it with the JDK the project uses:
 * <pre>
 *   java .bench/MachineSpread.java --job arith --millis 5 --runs 3000
 *   java .bench/MachineSpread.java --job memory --mib 64 --runs 3000
 * </pre>
 * {@code --line} runs a line (default 15, as {@code compare.py --runs 15}); {@code --threads}
 * (default 2); {@code --millis} the arith job's length (calibrated once, default 5).
 */
public final class MachineSpread {

    private static volatile double sink;

    private MachineSpread() {
    }

    public static void main(String[] args) throws Exception {
        String job = "arith";
        double millis = 5;
        int mib = 64;
        int reps = 1;
        int runs = 3000;
        int line = 15;
        int threads = 2;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--job" -> job = value;
                case "--millis" -> millis = Double.parseDouble(value);
                case "--mib" -> mib = Integer.parseInt(value);
                case "--reps" -> reps = Integer.parseInt(value);
                case "--runs" -> runs = Integer.parseInt(value);
                case "--line" -> line = Integer.parseInt(value);
                case "--threads" -> threads = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                    + " (--job arith|memory, --millis, --mib, --reps, --runs, --line, --threads)");
            }
            i++;
        }
        if (!job.equals("arith") && !job.equals("memory")) {
            throw new IllegalArgumentException("--job: expected arith or memory but was " + job);
        }
        if (runs < line || line < 2 || threads < 1) {
            throw new IllegalArgumentException("need --runs >= --line >= 2 and --threads >= 1, but were " + runs + ", "
                + line + ", " + threads);
        }
        float[] array = job.equals("memory") ? new float[mib * 262_144] : new float[0];
        Arrays.fill(array, 1f);
        long steps = job.equals("arith") ? calibrate(millis) : 0;
        int parts = threads;
        int repeat = reps;
        Runnable[] shares = new Runnable[threads];
        for (int t = 0; t < threads; t++) {
            int from = (int) ((long) array.length * t / parts);
            int to = (int) ((long) array.length * (t + 1) / parts);
            shares[t] = job.equals("arith") ? () -> sink = chain(steps) : () -> sink = read(array, from, to, repeat);
        }
        ExecutorService[] workers = new ExecutorService[threads - 1];
        for (int t = 0; t < workers.length; t++) {
            workers[t] = Executors.newSingleThreadExecutor(r -> {
                Thread thread = new Thread(r, "spread-worker");
                thread.setDaemon(true);
                return thread;
            });
        }
        for (int i = 0; i < 200; i++) {
            run(shares, workers);
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            run(shares, workers);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double median = sorted[runs / 2];
        long slow = Arrays.stream(ms).filter(t -> t > 1.3 * median).count();
        int lines = runs / line;
        int missed = 0;
        double worst = 0;
        for (int l = 0; l < lines; l++) {
            double[] one = Arrays.copyOfRange(ms, l * line, (l + 1) * line);
            double[] s = one.clone();
            Arrays.sort(s);
            double spread = s[line - 1] / (line % 2 == 1 ? s[line / 2] : (s[line / 2 - 1] + s[line / 2]) / 2);
            worst = Math.max(worst, spread);
            if (spread > 1.3) {
                missed++;
            }
        }
        System.out.printf(Locale.ROOT, "%s on %d threads, %d runs: median %.3f ms, p99 %.3f, max %.3f (%.2f × the median)%n",
            job.equals("arith") ? "arith" : "memory (" + mib + " MiB × " + reps + ")", threads, runs, median,
            sorted[(int) (runs * 0.99)], sorted[runs - 1], sorted[runs - 1] / median);
        System.out.printf(Locale.ROOT, "runs over 1.3 × the median: %d of %d (%.1f%%)%n", slow, runs, 100.0 * slow / runs);
        System.out.printf(Locale.ROOT, "lines of %d runs with max/median over 1.3: %d of %d (%.0f%%); worst line %.2f%n",
            line, missed, lines, 100.0 * missed / lines, worst);
        for (ExecutorService worker : workers) {
            worker.shutdown();
        }
    }

    /** Runs share 0 here and the others on the workers, and waits for all, as the fast path's Parallel.run does. */
    private static void run(Runnable[] shares, ExecutorService[] workers) throws Exception {
        Future<?>[] futures = new Future<?>[workers.length];
        for (int t = 0; t < workers.length; t++) {
            futures[t] = workers[t].submit(shares[t + 1]);
        }
        shares[0].run();
        for (Future<?> future : futures) {
            future.get();
        }
    }

    /** Steps of {@link #chain} that take about {@code millis} on this machine. */
    private static long calibrate(double millis) {
        long steps = 100_000;
        for (int i = 0; i < 20; i++) {
            sink = chain(steps); // warm up, and let the JIT compile it
        }
        long t0 = System.nanoTime();
        sink = chain(steps * 10);
        double perStep = (System.nanoTime() - t0) / (steps * 10.0);
        return Math.max(1, (long) (millis * 1e6 / perStep));
    }

    /** A chain of dependent multiply-adds: its time is its length in cycles. */
    private static double chain(long steps) {
        double x = 1.0;
        for (long i = 0; i < steps; i++) {
            x = x * 1.0000001 + 1e-9;
        }
        return x;
    }

    /** Reads one float in 16 of {@code [from, to)}, {@code reps} times. */
    private static double read(float[] array, int from, int to, int reps) {
        double sum = 0;
        for (int r = 0; r < reps; r++) {
            for (int i = from; i < to; i += 16) {
                sum += array[i];
            }
        }
        return sum;
    }
}

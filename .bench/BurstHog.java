import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * A task that takes its core for a burst, then sleeps, again and again: what the kernel's kdamond
 * does on this project's virtual machines (a burst of about 2 ms every 0.512 s,
 * {@code zen5-2026-12-07b.md} §4), made more often and on a core of one's choosing, so that a
 * change to how the fast path's threads meet such a task can be timed in minutes instead of hours.
 *
 * <p>Not part of the build or the tests. Pin it to one CPU and start it before the bench:
 * <pre>
 *   taskset -c 1 java .bench/BurstHog.java BURST_MS PERIOD_MS SECONDS &amp;
 * </pre>
 * It spins for BURST_MS, parks for PERIOD_MS, for SECONDS in all, then prints how many bursts it
 * ran and their median length (a burst it was itself kept from the core for runs longer).
 */
public class BurstHog {

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: java .bench/BurstHog.java BURST_MS PERIOD_MS SECONDS");
            System.exit(2);
        }
        long burst = (long) (Double.parseDouble(args[0]) * 1e6);
        long period = (long) (Double.parseDouble(args[1]) * 1e6);
        long end = System.nanoTime() + (long) (Double.parseDouble(args[2]) * 1e9);
        long[] lengths = new long[1 << 16];
        int bursts = 0;
        long spins = 0;
        while (System.nanoTime() < end) {
            long start = System.nanoTime();
            long now = start;
            while (now - start < burst) {
                spins++;
                now = System.nanoTime();
            }
            if (bursts < lengths.length) {
                lengths[bursts] = now - start;
            }
            bursts++;
            LockSupport.parkNanos(period);
        }
        long[] kept = java.util.Arrays.copyOf(lengths, Math.min(bursts, lengths.length));
        java.util.Arrays.sort(kept);
        System.out.printf(Locale.ROOT, "%d bursts, median %.2f ms (%d spins)%n",
            bursts, kept.length == 0 ? 0 : kept[kept.length / 2] / 1e6, spins);
    }
}

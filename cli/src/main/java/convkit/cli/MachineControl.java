package convkit.cli;

import convkit.fast.Parallel;

/**
 * The benchmark's control: fixed arithmetic on the fast path's threads, handed out the way the
 * fast path hands out its work ({@link Parallel#forEach}, four units a thread), timed for as long
 * as a layer's run and interleaved with the layer's timed runs. It reads and writes no memory and
 * runs no code of the fast path, so its spread from run to run is the machine's: a core taken
 * away by the host or another process for a while. A layer's max/median is read against it; where
 * the control's own max/median is as high, the layer's outliers are not the code's.
 */
final class MachineControl {

    /** Units each thread gets, as the fast path's routes cut their work ({@code Parallel.units}). */
    private static final int UNITS_PER_THREAD = 4;
    /** Steps of the calibration loop. */
    private static final int CALIBRATION_STEPS = 1 << 20;

    private final int threads;
    /** Nanoseconds one step of {@link #spin} takes on one thread, once compiled. */
    private final double stepNanos;
    /** Keeps the JIT from dropping the arithmetic. */
    private volatile double sink;

    MachineControl(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1 but was " + threads);
        }
        this.threads = threads;
        double best = Double.POSITIVE_INFINITY;
        for (int round = 0; round < 40; round++) {
            long t0 = System.nanoTime();
            sink = spin(CALIBRATION_STEPS, round);
            best = Math.min(best, (System.nanoTime() - t0) / (double) CALIBRATION_STEPS);
        }
        this.stepNanos = best;
    }

    /**
     * One run of the control sized to take {@code ms} milliseconds on an idle machine: every thread
     * does {@code ms} of arithmetic. Returns its wall time in milliseconds.
     */
    double run(double ms) {
        int units = UNITS_PER_THREAD * threads;
        long steps = Math.max(1, Math.round(ms * 1e6 / stepNanos * threads / units));
        double[] results = new double[units];
        long t0 = System.nanoTime();
        Parallel.forEach(threads, units, unit -> results[unit] = spin(steps, unit));
        double elapsed = (System.nanoTime() - t0) / 1e6;
        double sum = 0;
        for (double r : results) {
            sum += r;
        }
        sink = sum;
        return elapsed;
    }

    /** A chain of dependent multiply-adds: as many cycles each time, no memory. */
    private static double spin(long steps, int seed) {
        double x = seed;
        for (long i = 0; i < steps; i++) {
            x = x * 0.999999 + 1e-3;
        }
        return x;
    }
}

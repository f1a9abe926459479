package convkit.cli;

/**
 * One measured line of the benchmark: a layer, an implementation and a pass.
 *
 * @param pass           "forward" or "forward+backward"
 * @param measuredBatch  the batch actually run (smaller than the layer's for slow implementations)
 * @param computeDtype   the precision the implementation computed in (the reference is float64 only)
 * @param medianMs       median wall time of the runs, scaled to the full batch
 * @param medianCpuMs    median CPU time of the process (all threads) per run, scaled like medianMs:
 *                       on a shared machine it shows the work done, where wall time shows the share of cores we got
 * @param flops          2·N·K·OH·OW·C·R·S for forward, three times that for forward+backward
 * @param peakHeapMiB    the most heap in use from a collection after the warm-up through the timed runs
 *                       (inputs, outputs, buffers, garbage of the untimed passes before them and of the runs)
 * @param control        the {@link MachineControl}'s runs interleaved with these, or null when it did not run
 * @param plan           the float32 fast path's plan of the layer, or null (float64, the reference)
 * @param runsMs         every timed run's wall time in the order they ran, scaled like medianMs
 * @param runEvents      what else happened in each timed run, in the same order
 */
record BenchResult(BenchLayer layer, String impl, String backend, String pass, int measuredBatch,
                   String computeDtype, int runs, double medianMs, double minMs, double maxMs, double medianCpuMs,
                   double flops,
                   double peakHeapMiB, Control control, Plan plan, double[] runsMs, RunEvents runEvents,
                   Warmup warmup) {

    /**
     * The layer's warm-up: its passes, its seconds, what ended it ("settled": every rule held; "its
     * runs": the requested runs, where no rule applies; or at the cap, with the rules that still
     * did not hold: {@link BenchRunner#capped}), and the fast path's compiled code the JIT threw
     * away during it, each with when it was compiled again ({@link JitWatch#discardsSince}; the
     * warm-up waits for that, within its cap).
     */
    record Warmup(int runs, double seconds, String ended, java.util.List<String> discarded) {
    }

    /**
     * What each timed run had besides the layer, to tell a slow run's cause: the process's CPU
     * time (all threads; scaled like runsMs: below the usual share of a slow run's wall time, the
     * threads were waiting, not working), the JIT's compilation time (milliseconds, as the JVM
     * counts it, all compiler threads), the garbage collections that ended during the run, the
     * bytes all threads allocated in it (-1 where the JVM does not count them), the process's page
     * faults and involuntary context switches in it (-1 where there is no getrusage), the
     * milliseconds the layer's threads (the one timing and the fast path's workers) were ready to run
     * but waited for a core, summed over them ({@link ProcessCounters.ReadyWait}; -1 where the system
     * does not say), and the milliseconds the host took from the machine's CPUs, summed over them, from before the run's
     * forward to after its last pass (read outside the timed passes, in 10 ms steps; -1 where the
     * machine does not say); and, for a run with compilation in it, the compilations that ran
     * during it, the longest part first ({@link JitWatch#compiledDuring}; empty for the other runs,
     * and where the flight recorder is off).
     */
    record RunEvents(double[] cpuMs, long[] jitMs, long[] collections, long[] allocatedBytes, long[] faults,
                     long[] preempted, double[] queuedMs, long[] stealMs, long[] startNanos,
                     java.util.List<java.util.List<String>> jitMethods) {

        /** These events, no run's compilations named and no run's waits for a core or start known. */
        RunEvents(double[] cpuMs, long[] jitMs, long[] collections, long[] allocatedBytes, long[] faults,
                  long[] preempted, long[] stealMs) {
            this(cpuMs, jitMs, collections, allocatedBytes, faults, preempted, unknown(cpuMs.length), stealMs,
                unknownStarts(cpuMs.length), java.util.Collections.nCopies(cpuMs.length, java.util.List.of()));
        }

        private static double[] unknown(int runs) {
            double[] values = new double[runs];
            java.util.Arrays.fill(values, -1);
            return values;
        }

        private static long[] unknownStarts(int runs) {
            long[] values = new long[runs];
            java.util.Arrays.fill(values, -1);
            return values;
        }

        /** These events with the CPU times {@code cpuMs} (scaled to the full batch). */
        RunEvents withCpuMs(double[] cpuMs) {
            return new RunEvents(cpuMs, jitMs, collections, allocatedBytes, faults, preempted, queuedMs, stealMs,
                startNanos, jitMethods);
        }

        /** Median bytes a timed run of the fast path allocates for its line to get {@link #garbage()}'s warning. */
        static final long GARBAGE_BYTES = 1L << 20;

        /**
         * For a line of the fast path, whose steady state allocates a few KB a run: when its runs'
         * median allocation reaches {@link #GARBAGE_BYTES}, a line saying so, with the collections
         * in the runs and the likely cause (this JVM runs some of the fast path's vector code
         * boxed); else empty (also where the JVM does not count allocation).
         */
        java.util.Optional<String> garbage() {
            long[] known = java.util.Arrays.stream(allocatedBytes).filter(b -> b >= 0).sorted().toArray();
            if (known.length == 0 || known[known.length / 2] < GARBAGE_BYTES) {
                return java.util.Optional.empty();
            }
            long gcs = java.util.Arrays.stream(collections).sum();
            return java.util.Optional.of(String.format(java.util.Locale.ROOT,
                "garbage: %.1f MiB allocated a run (median), %d collection%s in the timed runs; the fast path's"
                    + " steady state allocates a few KB, so this JVM runs some of its vector code boxed (a Vector"
                    + " API call the JIT left out of line): its times are not the code's",
                known[known.length / 2] / 1048576.0, gcs, gcs == 1 ? "" : "s"));
        }
    }

    /**
     * The plan the runs ran by: its routes ({@code ConvPlan.describe()}), where they came from
     * ("fixed", "measured", "unsettled", "cached") and, when measured, what the candidates took.
     */
    record Plan(String routes, String source, String timings) {
    }

    /**
     * Median and slowest wall time of the control's runs, and each run, in milliseconds (never
     * scaled); run i right after the layer's timed run i: a slow run of the layer with a slow
     * control run after it met a slow moment of the machine's cores.
     */
    record Control(double medianMs, double maxMs, double[] runsMs) {
        double spread() {
            return maxMs / medianMs;
        }
    }

    /** The slowest run over the median: how far one run can stray. */
    double spread() {
        return maxMs / medianMs;
    }

    double gflops() {
        return flops / (medianMs * 1e6);
    }

    boolean scaled() {
        return measuredBatch != layer.shape().n();
    }
}

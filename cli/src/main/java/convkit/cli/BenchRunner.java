package convkit.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import convkit.cli.BenchPasses.Pass;
import convkit.dispatch.Impl;
import convkit.fast.ConvPlan;
import convkit.fast.FastConv2d;
import convkit.fast.Gemm;
import convkit.fast.LayerShape;

/**
 * Times one implementation on one layer: warm-up runs, then timed runs of the forward pass
 * (and, with backward, of forward followed by backward). The fast path runs on float[] or
 * double[] with its GEMM; naive and im2col are the float64 reference on Tensors, single-threaded,
 * on a reduced batch whose time is scaled to the full batch.
 */
final class BenchRunner {

    /** Fewest warm-up runs of the fast path (when warm-up is asked for at all). */
    static final int WARM_RUNS = 10;
    /** Shortest warm-up of the fast path, in seconds (when warm-up is asked for at all). */
    static final double WARM_SECONDS = 3;
    /** Longest warm-up of the fast path, in seconds, while its times have not {@linkplain #settled settled}. */
    static final double WARM_MAX_SECONDS = 15;
    /** Shortest time of the rounds of every layer's passes in {@link #prime}, in seconds. */
    static final double PRIME_SECONDS = 5;
    /**
     * Fewest rounds of every layer's passes in {@link #prime}: a method called a few times a pass
     * is compiled with profiling (tier 3) only after a few rounds, and the branches it counts from
     * then on are the ones C2 compiles for.
     */
    static final int PRIME_ROUNDS = 10;
    /**
     * Longest time of the rounds in {@link #prime} while the fast path's code the JIT threw away
     * in them has not been compiled again, in seconds.
     */
    static final double PRIME_MAX_SECONDS = 20;
    /** Calls of the process CPU clock in {@link #prime}. */
    private static final int PRIME_CLOCK_CALLS = 20_000;
    /**
     * {@link #primeCounters} reads the machine's steal time and the layer's threads' waits for a
     * core on one call in this many: a read costs microseconds (the kernel writes /proc/stat and
     * each thread's schedstat afresh), read on every call the priming would take a fifth of a second
     * a layer; 5,000 reads, each parsing tens of bytes in a loop, still reach the JIT's thresholds.
     */
    private static final int STEAL_PRIME_EVERY = 4;
    /**
     * Whose waits for a core a timed run counts besides the thread timing it: the fast path's
     * threads ({@code convkit.fast.Parallel}'s workers and spares), by the start of their names.
     */
    static final String LAYER_THREADS = "convkit-fast-";
    /** Where {@link #primeCounters} has the process's usage written, read by nobody. */
    private static final long[] PRIMED_USAGE = new long[2];
    /** One-millisecond runs of the control in {@link #prime}. */
    private static final int PRIME_CONTROL_RUNS = 50;
    /** How long the process must stay idle before the timed runs ({@link #awaitQuiet}). */
    static final int QUIET_MILLIS = 100;
    /** Longest wait for an idle process. */
    static final int QUIET_MAX_MILLIS = 3000;
    /** Share of one core the process may use and still count as idle. */
    static final double QUIET_CPU_SHARE = 0.1;
    /** Shortest time of the untimed passes after the collection before the timed runs ({@link #passesAfterCollection}). */
    static final int AFTER_COLLECTION_MILLIS = 200;
    /** Longest time of those passes while the JIT has not compiled again what it threw away in them. */
    static final int AFTER_COLLECTION_MAX_MILLIS = 5000;
    /** Fewest untimed passes between the wait for an idle process and the timed runs. */
    static final int REWAKE_PASSES = 2;
    /** Shortest time of those untimed passes. */
    static final int REWAKE_MILLIS = 100;
    /**
     * How long the layer must have run with the JIT all but idle ({@link #QUIET_JIT_MILLIS}) before
     * its warm-up may end (within {@link #WARM_MAX_SECONDS}): methods that run a few times a pass
     * reach C2's thresholds seconds into the runs, and their compilations then landed in the timed
     * runs (.bench/isolated-planning-2026-12-04.md).
     */
    static final long QUIET_RUNNING_NANOS = 500_000_000L;
    /**
     * Milliseconds of compilation (all compiler threads) the last {@link #QUIET_RUNNING_NANOS} of a
     * warm-up's runs may hold: 1% of a core. No compilation at all, as the rule was, is rarely seen
     * in a JVM that runs one layer: methods called once a pass (the layer's entry, its checks) reach
     * the JIT's first thresholds one by one, each a fraction of a millisecond of compilation, and the
     * warm-ups of layers alone ran to their cap waiting for a gap between them
     * (.bench/zen3-2026-12-05n.md §6).
     */
    static final long QUIET_JIT_MILLIS = 5;
    /** Runs in each window that {@link #settled} compares. */
    static final int SETTLE_WINDOW = 5;
    /** How many runs before its last window {@link #settled} looks back over. */
    static final int SETTLE_HORIZON = 50;

    private final int threads;
    private final boolean float32;
    private final Gemm gemm;
    private final FastConv2d conv;
    private final int warmup;
    private final int runs;
    private final int slowBatch;
    /** Times fixed arithmetic between the fast path's timed runs, or null (no {@code --control}). */
    private final MachineControl control;
    /** Turns taken with another process ({@code --turns}), or {@link Turns#NONE}. */
    private final Turns turns;
    /** Timed runs in one turn (with turns; without, all the runs are one block). */
    private final int turnRuns;
    /** What the JIT threw away of the fast path's code and compiled again: the warm-up waits for it. */
    private final JitWatch jitWatch;

    /**
     * Times layers on one {@code conv} (its GEMM, threads, tuning and plans), as a network would
     * run them: a layer's plan is decided, or measured, once, the first time it runs. With
     * {@code control}, each timed run of the fast path is followed by runs of the {@link
     * MachineControl} as long as the layer's forward and forward+backward.
     */
    BenchRunner(FastConv2d conv, boolean float32, int warmup, int runs, int slowBatch, boolean control) {
        this(conv, float32, warmup, runs, slowBatch, control, Turns.NONE, runs, JitWatch.off("not asked"));
    }

    /**
     * As above, with {@code turns} taken with another process: the first passes are one turn
     * ("prime"), each layer's warm-up one ("warm LAYER"), and its timed runs one turn for every
     * {@code turnRuns} of them ("runs LAYER i/B"), each block after untimed passes that wake the
     * threads again (the process was idle while the other side ran). A fast warm-up also lasts
     * (within its cap) until the fast path's code that {@code jitWatch} saw the JIT throw away in
     * it is compiled again.
     */
    BenchRunner(FastConv2d conv, boolean float32, int warmup, int runs, int slowBatch, boolean control,
        Turns turns, int turnRuns, JitWatch jitWatch) {
        this.threads = conv.threads();
        this.float32 = float32;
        this.gemm = conv.gemm();
        this.conv = conv;
        this.warmup = warmup;
        this.runs = runs;
        this.slowBatch = slowBatch;
        this.control = control ? new MachineControl(threads) : null;
        this.turns = turns;
        this.turnRuns = turns.taken() ? Math.max(1, turnRuns) : Math.max(1, runs);
        this.jitWatch = jitWatch;
    }

    /**
     * What runs before any layer is timed. First each layer's float32 plan, so that measuring a
     * plan's candidates falls in no layer's warm-up. Then, with more than one layer, every layer's
     * fast passes in turn, at its batch, round after round ({@link #PRIME_ROUNDS} and {@link
     * #PRIME_SECONDS} at least), as a network's training runs them. The JIT compiles the kernels with
     * the branches its profile has seen; a layer that first takes another branch sends that code back
     * to the interpreter until it is compiled again (mnist_5x5's K = 20 ends in a panel of 4
     * channels: with no prime its forward was timed hundreds of times slower than its steady runs).
     * One pass of each layer was not enough: it runs before the methods have a profile to count
     * branches in, and the fast path's code was still thrown away at the start of several layers'
     * warm-ups in every suite run (alexnet_conv1's VectorWinograd.chunkInputRows each time; some
     * drivers' code not compiled again within the warm-up's cap); with the rounds, rarely
     * (.bench/zen3-2026-12-05b.md). The {@link JitWatch} reports any: the rounds go on until what
     * was thrown away in them is compiled again (at most {@link #PRIME_MAX_SECONDS}), and a layer's
     * warm-up waits for what is thrown away in it.
     * Then the timed loop's own calls: the process CPU clock, the JIT's and the collectors' counters,
     * and the control. Their first use loads classes, and a class loaded that late can invalidate
     * what the JIT assumed in code already compiled: in a bench of mnist_5x5 alone, the clock's first
     * use in the timed runs sent NativeBlas's compiled GEMM calls back to the interpreter ("marked
     * for deoptimization"). They come after the layers, whose first passes load the memory segment
     * classes that sent the clock's own compiled code back.
     */
    void prime(List<BenchLayer> layers, boolean backward) {
        prime(layers, backward, step -> { });
    }

    /** As {@link #prime(List, boolean)}, telling {@code step} what it starts: each layer's plan, then the rounds. */
    void prime(List<BenchLayer> layers, boolean backward, java.util.function.Consumer<String> step) {
        turns.take("prime");
        if (float32) {
            // each layer's plan first, measured where the plan asks: timing the candidates is a shape's
            // first use, not its steady state. In a warm-up, the planner's own code thrown away by the
            // JIT (Planner.random's, say) was waited for until the warm-up's cap, as code thrown away
            // is, though it never runs again (resnet1x1_256 alone: 15 s, .bench/zen3-2026-12-05g.md)
            for (BenchLayer layer : layers) {
                step.accept("the plan of " + layer.name());
                conv.plan(layer.shape());
            }
        }
        if (layers.size() >= 2) { // one layer: its warm-up sees every branch it will take
            step.accept(String.format(java.util.Locale.ROOT, "every layer in turn, %d rounds and %.0f s at least, then until"
                + " the code the JIT threw away in them is compiled again (at most %.0f s)", PRIME_ROUNDS, PRIME_SECONDS,
                PRIME_MAX_SECONDS));
            List<Pass> passes = new ArrayList<>();
            for (BenchLayer layer : layers) {
                LayerShape s = layer.shape();
                passes.add(float32 ? BenchPasses.fast32(conv, s) : BenchPasses.fast64(conv, s));
            }
            long start = System.nanoTime();
            java.time.Instant roundsStart = java.time.Instant.now();
            long until = start + (long) (PRIME_SECONDS * 1e9);
            long cap = start + (long) (PRIME_MAX_SECONDS * 1e9);
            long ready = 0; // when the rounds and seconds were first done
            int rounds = 0;
            while (true) {
                long now = System.nanoTime();
                if (rounds >= PRIME_ROUNDS && now >= until) {
                    ready = ready == 0 ? now : ready;
                    // and, within the cap, until the code thrown away in the rounds is compiled again, as
                    // far as the recorder has told: in the rounds every layer runs, so every method that
                    // any of them calls comes back to C2. A layer's warm-up waits only for what was thrown
                    // away in it; Parallel.forEach, thrown away here, was compiled again in resnet3x3_64's
                    // timed runs, C2 beside two of them (.bench/emr-2026-12-06f.md)
                    if (now >= cap || jitWatch.flushedSince(ready) && jitWatch.pending(roundsStart).isEmpty()) {
                        break;
                    }
                }
                for (Pass pass : passes) {
                    pass.forward();
                    if (backward) {
                        pass.backward();
                    }
                }
                rounds++;
            }
        }
        try (ProcessCounters.ReadyWait ready = ProcessCounters.ReadyWait.of(LAYER_THREADS)) {
            primeCounters(ready);
        }
        if (control != null) {
            for (int i = 0; i < PRIME_CONTROL_RUNS; i++) {
                control.run(1);
            }
        }
        turns.done("prime");
    }

    /** The forward line and, with backward, the forward+backward line. */
    List<BenchResult> run(BenchLayer layer, String impl, boolean backward) {
        LayerShape full = layer.shape();
        boolean fast = impl.equals("fast");
        LayerShape s = fast ? full : full.withBatch(Math.min(full.n(), slowBatch));
        int warm = fast ? warmup : Math.min(warmup, 1);
        int timed = fast ? runs : Math.min(runs, 3);
        String piece = layer.name() + (impl.equals("fast") ? "" : " " + impl);
        turns.take("warm " + piece);
        Pass pass = !fast ? BenchPasses.reference(s, impl.equals("naive") ? Impl.NAIVE : Impl.IM2COL)
            : float32 ? BenchPasses.fast32(conv, s) : BenchPasses.fast64(conv, s);
        // warm-up: the requested runs; for the fast path also at least WARM_RUNS runs and WARM_SECONDS
        // of them, because the Vector API code runs boxed (a thousand times slower) until the JIT
        // has compiled it: the first resnet3x3_256 forward takes about a second, and until the
        // compiler threads are done (about 2.5 s into the run on 2 cores) they take a core from
        // the fast path's threads, so the forward still takes twice its steady time. After that,
        // until the times settle: the JIT recompiles the kernels when a run first takes a branch
        // it had not seen (resnet_conv1's first seconds of runs were slower than its steady ones);
        // and until the JIT has compiled for under QUIET_JIT_MILLIS in the last QUIET_RUNNING_NANOS of them
        boolean settle = fast && warm > 0;
        int warmRuns = settle ? Math.max(warm, WARM_RUNS) : warm;
        long start = System.nanoTime();
        long warmUntil = start + (settle ? (long) (WARM_SECONDS * 1e9) : 0);
        long warmCap = start + (long) (WARM_MAX_SECONDS * 1e9);
        List<Double> warmMs = new ArrayList<>();
        List<Double> warmForwardMs = new ArrayList<>();
        JitTrail jitTrail = new JitTrail();
        java.time.Instant warmStart = java.time.Instant.now();
        long ready = 0; // when the rules above first held, while they hold (0: they do not)
        String ended;
        for (int i = 0; ; i++) {
            long now = System.nanoTime();
            long compiledMillis = jitTrail.compiledInWindow(now, ProcessCounters.jitMillis());
            boolean warming = i < warmRuns || now < warmUntil
                || settle && !warmedUp(warmMs, compiledMillis) && now < warmCap;
            if (warming) {
                ready = 0;
            } else {
                ready = ready == 0 ? now : ready;
                // and, within the cap, until the fast path's code thrown away in this warm-up is compiled
                // again, as far as the flight recorder has told (after a flush that came once the rest held)
                if (!settle || now >= warmCap
                    || jitWatch.flushedSince(ready) && jitWatch.pending(warmStart).isEmpty()) {
                    ended = !settle ? "its runs" : now < warmCap ? "settled"
                        : capped(warmMs, compiledMillis, jitWatch.pending(warmStart).size(), now - ready);
                    break;
                }
            }
            long t0 = System.nanoTime();
            pass.forward();
            warmForwardMs.add((System.nanoTime() - t0) / 1e6);
            if (backward) {
                pass.backward();
            }
            warmMs.add((System.nanoTime() - t0) / 1e6);
        }
        double warmSeconds = (System.nanoTime() - start) / 1e9;
        // the control runs as long as the layer's last warm-up runs took
        boolean controlled = control != null && fast && warmMs.size() >= SETTLE_WINDOW;
        double forwardTarget = controlled ? windowMedian(warmForwardMs, warmForwardMs.size() - SETTLE_WINDOW) : 0;
        double bothTarget = controlled ? windowMedian(warmMs, warmMs.size() - SETTLE_WINDOW) : 0;
        double[] controlForwardMs = controlled ? new double[timed] : null;
        double[] controlBothMs = controlled && backward ? new double[timed] : null;
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
        // so the peak below is this layer's (its untimed passes' and timed runs'), not garbage left by the
        // warm-up or the previous layer; before the wait, which then also covers what the collection sets off
        System.gc();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        // the layer's threads as the warm-up left them: this one and the fast path's workers
        ProcessCounters.ReadyWait waits = ProcessCounters.ReadyWait.of(LAYER_THREADS);
        if (settle) {
            passesAfterCollection(pass, backward);
            // the warm-up's first passes load classes that can send the counters' compiled code back
            // (-XX:+PrintCompilation showed the clock compiled again in a layer's timed runs)
            primeCounters(waits);
            awaitQuiet();
        }
        // no stream of the flight recorder during the timed runs (its flushes take CPU): what
        // comes is kept and read after them
        JitWatch.Quiet quiet = jitWatch.quiet();
        // what the JIT threw away from the warm-up's start to here (the passes after the collection too)
        BenchResult.Warmup warmed = new BenchResult.Warmup(warmMs.size(), warmSeconds, ended,
            jitWatch.discardsSince(warmStart));
        turns.done("warm " + piece);
        double[] forwardMs = new double[timed];
        double[] bothMs = new double[timed];
        double[] forwardCpuMs = new double[timed];
        double[] bothCpuMs = new double[timed];
        long[] forwardJitMs = new long[timed];
        long[] bothJitMs = new long[timed];
        long[] forwardCollections = new long[timed];
        long[] bothCollections = new long[timed];
        long[] forwardAllocated = new long[timed];
        long[] bothAllocated = new long[timed];
        long[] forwardFaults = new long[timed];
        long[] bothFaults = new long[timed];
        long[] forwardPreempted = new long[timed];
        long[] bothPreempted = new long[timed];
        long[] stealMs = new long[timed];
        double[] forwardQueuedMs = new double[timed];
        double[] bothQueuedMs = new double[timed];
        // each run's start, end of forward and end, to name the compilations in a run that had some
        long[] runNanos = new long[3 * timed];
        long clockNanos = System.nanoTime();
        java.time.Instant clock = java.time.Instant.now();
        long[] usage0 = new long[2];
        long[] usage1 = new long[2];
        long[] usage2 = new long[2];
        int blocks = (timed + turnRuns - 1) / turnRuns;
        String block = null; // the turn the runs are in: "runs LAYER i/B"
        try {
            for (int i = 0; i < timed; i++) {
                if (i % turnRuns == 0) {
                    block = "runs " + piece + " " + (i / turnRuns + 1) + "/" + blocks;
                    turns.take(block);
                    // untimed passes after the collection and the wait: the collection moves the layer's
                    // arrays, and the first pass after it meets them cold (timed, it was most often the
                    // slowest of the runs; .bench/few-channel-2026-12-04.md); after the idle wait the second
                    // core's thread wakes slowly for a while (mnist_5x5's first timed runs ran on one core's
                    // time: .bench/isolated-planning-2026-12-04.md); and so after the other side's turn
                    if (fast) {
                        rewake(pass, backward);
                    }
                }
                long s0 = ProcessCounters.stealMillis();
                long q0 = waits.nanos();
                ProcessCounters.usage(usage0);
                long j0 = ProcessCounters.jitMillis();
                long g0 = ProcessCounters.collections();
                long a0 = ProcessCounters.allocatedBytes();
                long c0 = ProcessCounters.processCpuNanos();
                long t0 = System.nanoTime();
                pass.forward();
                long t1 = System.nanoTime();
                long c1 = ProcessCounters.processCpuNanos();
                long j1 = ProcessCounters.jitMillis();
                long g1 = ProcessCounters.collections();
                long a1 = ProcessCounters.allocatedBytes();
                ProcessCounters.usage(usage1);
                long q1 = waits.nanos();
                if (backward) {
                    pass.backward();
                }
                long t2 = System.nanoTime();
                long c2 = ProcessCounters.processCpuNanos();
                long j2 = ProcessCounters.jitMillis();
                long g2 = ProcessCounters.collections();
                long a2 = ProcessCounters.allocatedBytes();
                ProcessCounters.usage(usage2);
                long q2 = waits.nanos();
                long s2 = ProcessCounters.stealMillis();
                forwardQueuedMs[i] = q0 < 0 ? -1 : (q1 - q0) / 1e6;
                bothQueuedMs[i] = q0 < 0 ? -1 : (q2 - q0) / 1e6;
                forwardFaults[i] = usage0[0] < 0 ? -1 : usage1[0] - usage0[0];
                bothFaults[i] = usage0[0] < 0 ? -1 : usage2[0] - usage0[0];
                forwardPreempted[i] = usage0[1] < 0 ? -1 : usage1[1] - usage0[1];
                bothPreempted[i] = usage0[1] < 0 ? -1 : usage2[1] - usage0[1];
                stealMs[i] = s0 < 0 ? -1 : s2 - s0;
                forwardJitMs[i] = j1 - j0;
                bothJitMs[i] = j2 - j0;
                forwardCollections[i] = g1 - g0;
                bothCollections[i] = g2 - g0;
                forwardAllocated[i] = a0 < 0 ? -1 : a1 - a0;
                bothAllocated[i] = a0 < 0 ? -1 : a2 - a0;
                runNanos[3 * i] = t0;
                runNanos[3 * i + 1] = t1;
                runNanos[3 * i + 2] = t2;
                forwardMs[i] = (t1 - t0) / 1e6;
                bothMs[i] = (t2 - t0) / 1e6;
                forwardCpuMs[i] = (c1 - c0) / 1e6;
                bothCpuMs[i] = (c2 - c0) / 1e6;
                if (controlForwardMs != null) {
                    controlForwardMs[i] = control.run(forwardTarget);
                }
                if (controlBothMs != null) {
                    controlBothMs[i] = control.run(bothTarget);
                }
                if ((i + 1) % turnRuns == 0 || i + 1 == timed) {
                    if (i + 1 == timed) {
                        quiet.close(); // within this turn: reading the recording takes CPU the other side's runs must have
                    }
                    turns.done(block);
                }
            }
        } finally {
            quiet.close();
            waits.close();
        }
        long[] startNanos = new long[timed];
        for (int i = 0; i < timed; i++) {
            startNanos[i] = runNanos[3 * i];
        }
        List<List<String>> forwardCompiled = compiledInRuns(forwardJitMs, runNanos, 1, clockNanos, clock);
        List<List<String>> bothCompiled = compiledInRuns(bothJitMs, runNanos, 2, clockNanos, clock);
        double peakMiB = heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum() / (1024.0 * 1024.0);
        double scale = (double) full.n() / s.n();
        String backend = fast ? backend(s) + ", " + threads + " threads"
            : "float64 reference, 1 thread";
        String dtype = fast ? (float32 ? "f32" : "f64") : "f64";
        BenchResult.Plan plan = fast && float32 ? plan(s) : null;
        List<BenchResult> results = new ArrayList<>();
        results.add(result(layer, impl, backend, "forward", s.n(), dtype, forwardMs, scale, full.forwardFlops(),
            peakMiB, controlForwardMs, plan, new BenchResult.RunEvents(forwardCpuMs, forwardJitMs, forwardCollections,
                forwardAllocated, forwardFaults, forwardPreempted, forwardQueuedMs, stealMs, startNanos, forwardCompiled),
            warmed));
        if (backward) {
            results.add(result(layer, impl, backend, "forward+backward", s.n(), dtype, bothMs, scale,
                3 * full.forwardFlops(), peakMiB, controlBothMs, plan, new BenchResult.RunEvents(bothCpuMs, bothJitMs,
                    bothCollections, bothAllocated, bothFaults, bothPreempted, bothQueuedMs, stealMs, startNanos,
                    bothCompiled), warmed));
        }
        return results;
    }

    /**
     * Untimed passes after the collection that comes before the timed runs, for at least {@link
     * #AFTER_COLLECTION_MILLIS} and then until the fast path's code the JIT threw away in them is
     * compiled again, as far as the flight recorder has told (at most {@link
     * #AFTER_COLLECTION_MAX_MILLIS}). The collection clears what the fast path holds weakly
     * (NativeBlas' heap segments): code compiled before any collection has never met a cleared entry,
     * and the first pass after it threw the GEMM's callers away ({@code null_check at
     * HeapSegments.found}); with a warm-up short enough to see no collection of its own, they ran
     * interpreted through half of mnist_5x5's timed runs (.bench/zen3-2026-12-05g.md).
     */
    private void passesAfterCollection(Pass pass, boolean backward) {
        passesAfterCollection(pass, backward, jitWatch, AFTER_COLLECTION_MILLIS, AFTER_COLLECTION_MAX_MILLIS);
    }

    /** As above, with {@code watch} and these bounds; how many passes ran. */
    static int passesAfterCollection(Pass pass, boolean backward, JitWatch watch, long minMillis, long maxMillis) {
        java.time.Instant since = java.time.Instant.now();
        long start = System.nanoTime();
        long ready = start + minMillis * 1_000_000L;
        long cap = start + maxMillis * 1_000_000L;
        for (int i = 0; ; i++) {
            long now = System.nanoTime();
            if (now >= cap || i >= REWAKE_PASSES && now >= ready && watch.flushedSince(ready)
                && watch.pending(since).isEmpty()) {
                return i;
            }
            pass.forward();
            if (backward) {
                pass.backward();
            }
        }
    }

    /** Untimed passes for {@link #REWAKE_MILLIS}, at least {@link #REWAKE_PASSES}: the threads awake again. */
    private static void rewake(Pass pass, boolean backward) {
        long until = System.nanoTime() + REWAKE_MILLIS * 1_000_000L;
        for (int i = 0; i < REWAKE_PASSES || System.nanoTime() < until; i++) {
            pass.forward();
            if (backward) {
                pass.backward();
            }
        }
    }

    /** Calls the timed loop's counters (CPU clock, JIT, collectors, {@code ready}) until the JIT compiles them. */
    private static void primeCounters(ProcessCounters.ReadyWait ready) {
        for (int i = 0; i < PRIME_CLOCK_CALLS; i++) {
            ProcessCounters.processCpuNanos();
            ProcessCounters.jitMillis();
            ProcessCounters.collections();
            ProcessCounters.allocatedBytes();
            ProcessCounters.usage(PRIMED_USAGE);
            if (i % STEAL_PRIME_EVERY == 0) {
                ProcessCounters.stealMillis();
                ready.nanos();
            }
        }
    }

    /** How long the timed runs wait, at most, for the flight recorder to deliver the compilations in them. */
    static final long COMPILED_WAIT_MILLIS = 3000;
    /** The compilations named per run. */
    static final int COMPILED_PER_RUN = 5;

    /**
     * Per timed run, the compilations that ran during it (run i from {@code runNanos[3i]} to
     * {@code runNanos[3i + end]}; 1: to the end of its forward, 2: of its last pass;
     * {@link System#nanoTime} read against the wall clock as {@code clock} at {@code clockNanos}),
     * where the JIT's counter says compilation ended in any run ({@code jitMs} above 0), else none
     * named. Waits, at most {@link #COMPILED_WAIT_MILLIS}, for the flight recorder to deliver what
     * came up to the last run's end.
     */
    private List<List<String>> compiledInRuns(long[] jitMs, long[] runNanos, int end, long clockNanos,
                                              java.time.Instant clock) {
        int runs = jitMs.length;
        if (runs == 0 || Arrays.stream(jitMs).noneMatch(ms -> ms > 0)) {
            return java.util.Collections.nCopies(runs, List.of());
        }
        long last = runNanos[3 * (runs - 1) + end];
        long deadline = System.nanoTime() + COMPILED_WAIT_MILLIS * 1_000_000L;
        while (!jitWatch.flushedSince(last) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List<List<String>> named = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            named.add(jitWatch.compiledDuring(clock.plusNanos(runNanos[3 * i] - clockNanos),
                clock.plusNanos(runNanos[3 * i + end] - clockNanos), COMPILED_PER_RUN));
        }
        return named;
    }

    /**
     * Waits until the process is idle, with nothing of the layer running: the JIT has finished no
     * compilation and the process has used less than {@link #QUIET_CPU_SHARE} of a core, for
     * {@link #QUIET_MILLIS} (at most {@link #QUIET_MAX_MILLIS}). Compilations queued before the
     * timed runs, by the warm-up or by the bench's own bookkeeping of the previous layer (its
     * streams, its printing), otherwise ran during them on one of the two cores: in runs of the
     * whole suite most runs over 1.3 × their layer's median had tens of milliseconds of compilation
     * in them, a layer's first runs most often (.bench/isolated-planning-2026-12-04.md, from the
     * records' jitRunsMs). The JIT's counter moves only when a compilation ends, so the CPU time
     * shows one still running.
     */
    static void awaitQuiet() {
        long start = System.nanoTime();
        long windowStart = start;
        long windowCompiled = ProcessCounters.jitMillis();
        long windowCpu = ProcessCounters.processCpuNanos();
        while (System.nanoTime() - start < QUIET_MAX_MILLIS * 1_000_000L) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long now = System.nanoTime();
            long compiled = ProcessCounters.jitMillis();
            if (compiled == windowCompiled && now - windowStart < QUIET_MILLIS * 1_000_000L) {
                continue;
            }
            // a window ends: a compilation ended in it, or it is QUIET_MILLIS long; its CPU time as a whole
            // (where the process clock ticks in 10 ms steps, a sample of 10 ms would not tell)
            long cpu = ProcessCounters.processCpuNanos();
            if (compiled == windowCompiled && cpu - windowCpu <= QUIET_CPU_SHARE * (now - windowStart)) {
                return;
            }
            windowStart = now;
            windowCompiled = compiled;
            windowCpu = cpu;
        }
    }

    /**
     * Why a warm-up ran to its cap, for the record: what of {@link #warmedUp} and the wait for code
     * thrown away still did not hold ("at its cap: times not settled; the JIT compiled for 12 ms in
     * the last 0.5 s"), or, when all of it held (for {@code nanosHeld}), that the flight recorder had
     * not flushed since. {@code compiledMillis}: as {@link JitTrail#compiledInWindow} returns it.
     */
    static String capped(List<Double> ms, long compiledMillis, int pendingCode, long nanosHeld) {
        List<String> why = new ArrayList<>();
        if (!settled(ms)) {
            why.add("times not settled");
        }
        if (!jitQuiet(compiledMillis)) {
            why.add(compiledMillis < 0 ? "its runs not yet as long as the JIT's quiet window"
                : String.format(java.util.Locale.ROOT, "the JIT compiled for %d ms in the last %.1f s", compiledMillis,
                    QUIET_RUNNING_NANOS / 1e9));
        }
        if (pendingCode > 0) {
            why.add(pendingCode + " method" + (pendingCode == 1 ? "'s" : "s'") + " code thrown away not compiled again");
        }
        return "at its cap: " + (why.isEmpty() ? String.format(java.util.Locale.ROOT,
            "every rule held for the last %.2f s, the flight recorder's report since not yet in", nanosHeld / 1e9)
            : String.join("; ", why));
    }

    /**
     * Whether a warm-up may end: its times have {@linkplain #settled settled} and the JIT compiled
     * for under {@link #QUIET_JIT_MILLIS} in the last {@link #QUIET_RUNNING_NANOS} of its runs
     * ({@code compiledMillis}, as {@link JitTrail#compiledInWindow} returns it).
     */
    static boolean warmedUp(List<Double> ms, long compiledMillis) {
        return settled(ms) && jitQuiet(compiledMillis);
    }

    private static boolean jitQuiet(long compiledMillis) {
        return compiledMillis >= 0 && compiledMillis < QUIET_JIT_MILLIS;
    }

    /** The JIT's compilation time over the last {@link #QUIET_RUNNING_NANOS} of a warm-up's runs. */
    static final class JitTrail {
        /** {nanoTime, the JIT's milliseconds}, oldest first: the newest at or before the window's start, and those after. */
        private final java.util.ArrayDeque<long[]> samples = new java.util.ArrayDeque<>();

        /**
         * Takes the JIT's counter ({@code jitMillis}) at {@code now}; returns the milliseconds it grew
         * by over the last {@link #QUIET_RUNNING_NANOS}, or -1 while the samples span less than that.
         */
        long compiledInWindow(long now, long jitMillis) {
            samples.addLast(new long[] {now, jitMillis});
            while (samples.size() >= 2) {
                java.util.Iterator<long[]> oldestFirst = samples.iterator();
                oldestFirst.next();
                if (oldestFirst.next()[0] > now - QUIET_RUNNING_NANOS) {
                    break;
                }
                samples.removeFirst();
            }
            long[] from = samples.peekFirst();
            return now - from[0] < QUIET_RUNNING_NANOS ? -1 : jitMillis - from[1];
        }
    }

    /**
     * Whether warm-up times have settled: the median of the last {@link #SETTLE_WINDOW} runs is
     * within 10% of the lowest median of any earlier window of as many consecutive runs among the
     * {@link #SETTLE_HORIZON} runs before them. Against every earlier window, the rule grew stricter
     * the longer a warm-up ran: the lowest of a thousand windows' medians of a noisy 0.45 ms layer is
     * an outlier no later window comes within 10% of, and mnist_5x5 alone ran to the cap every time
     * (.bench/zen3-2026-12-05g.md). Code the JIT threw away long before is the {@link JitWatch}'s to
     * see.
     */
    static boolean settled(List<Double> ms) {
        int n = ms.size();
        if (n < 2 * SETTLE_WINDOW) {
            return false;
        }
        double best = Double.POSITIVE_INFINITY;
        int last = n - SETTLE_WINDOW;
        for (int from = Math.max(0, last - SETTLE_HORIZON); from + SETTLE_WINDOW <= last; from++) {
            best = Math.min(best, windowMedian(ms, from));
        }
        return windowMedian(ms, last) <= 1.1 * best;
    }

    private static double windowMedian(List<Double> ms, int from) {
        return median(ms.subList(from, from + SETTLE_WINDOW).stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** A line of the record from its runs; {@code events} unscaled (its CPU times are scaled here, like the runs). */
    private static BenchResult result(BenchLayer layer, String impl, String backend, String pass, int batch,
                                      String dtype, double[] ms, double scale, double flops, double peakMiB,
                                      double[] controlMs, BenchResult.Plan plan, BenchResult.RunEvents events,
                                      BenchResult.Warmup warmup) {
        double[] cpuMs = events.cpuMs();
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        BenchResult.Control machine = controlMs == null ? null
            : new BenchResult.Control(median(controlMs), Arrays.stream(controlMs).max().orElseThrow(), controlMs.clone());
        double[] runsMs = Arrays.stream(ms).map(t -> t * scale).toArray();
        double[] cpuRunsMs = Arrays.stream(cpuMs).map(t -> t * scale).toArray();
        return new BenchResult(layer, impl, backend, pass, batch, dtype, n, median(ms) * scale, sorted[0] * scale,
            sorted[n - 1] * scale, median(cpuMs) * scale, flops, peakMiB, machine, plan, runsMs,
            events.withCpuMs(cpuRunsMs), warmup);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The float32 plan the layer's runs ran by, as recorded in the JSON. */
    private BenchResult.Plan plan(LayerShape s) {
        ConvPlan p = conv.plan(s);
        return new BenchResult.Plan(p.describe(), p.source().name().toLowerCase(java.util.Locale.ROOT), p.timings());
    }

    /** The fast path's engine for this layer: the GEMM, and for float32 the forward's path when it is not im2col + that GEMM. */
    private String backend(LayerShape s) {
        ConvPlan plan = float32 ? conv.plan(s) : null;
        return plan != null && plan.forward().direct()
            ? gemm.name() + "; forward: " + plan.describeForward() : gemm.name();
    }
}

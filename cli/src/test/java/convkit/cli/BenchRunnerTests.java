package convkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import convkit.fast.FastConv2d;
import convkit.fast.JavaGemm;
import convkit.fast.PlanCache;
import convkit.fast.Tuning;

class BenchRunnerTests {

    @Test
    void aLayerAloneHasItsPlanMeasuredBeforeItsWarmUp(@TempDir Path dir) throws java.io.IOException {
        // one layer: prime runs none of its passes, yet measures its plan, so that the planner's code
        // (which the JIT may throw away and never compile again) does not run inside the warm-up
        Path file = dir.resolve("plans.tsv");
        FastConv2d conv = new FastConv2d(JavaGemm.create(), 1, Tuning.DEFAULTS.withPlan(Tuning.Plan.MEASURE),
            PlanCache.at(file));
        BenchLayer layer = BenchLayer.parse("1,3,12,12,4,3,3,1,1");
        new BenchRunner(conv, true, 1, 1, 1, false).prime(List.of(layer), false);
        assertTrue(Files.exists(file), "no plan was measured by prime");
        assertEquals(1, Files.readAllLines(file).stream().filter(line -> !line.startsWith("#")).count(),
            String.join("\n", Files.readAllLines(file)));
    }

    /**
     * Each timed run's start is read on the clock a trace can share (System.nanoTime): within the
     * test's own reading of that clock around the runs, in order, and each run over before the next
     * begins.
     */
    @Test
    void eachRunsStartIsOnTheJvmsClockAndTheRunsFollowOneAnother() {
        FastConv2d conv = new FastConv2d(JavaGemm.create(), 1, Tuning.DEFAULTS, PlanCache.inMemory());
        BenchLayer layer = BenchLayer.parse("1,3,12,12,4,3,3,1,1");
        long before = System.nanoTime();
        List<BenchResult> results = new BenchRunner(conv, true, 1, 5, 1, false).run(layer, "fast", true);
        long after = System.nanoTime();
        assertEquals(2, results.size());
        for (BenchResult result : results) {
            long[] starts = result.runEvents().startNanos();
            double[] ms = result.runsMs();
            assertEquals(5, starts.length, result.pass());
            assertFalse(result.scaled(), "the batch is the layer's own: its runs' times are as measured");
            for (int i = 0; i < starts.length; i++) {
                assertTrue(starts[i] > before && starts[i] + ms[i] * 1e6 <= after + 1, result.pass() + " run " + i);
                if (i > 0) {
                    assertTrue(starts[i] >= starts[i - 1] + ms[i - 1] * 1e6 - 1,
                        result.pass() + ": run " + i + " began before run " + (i - 1) + " ended");
                }
            }
        }
        assertArrayEquals(results.get(0).runEvents().startNanos(), results.get(1).runEvents().startNanos(),
            "a forward and its forward+backward begin together");
    }

    /** How long {@link BenchRunner#prime} of two small layers takes, in seconds, while {@code meanwhile} runs beside it. */
    private static double primeSeconds(JitWatch watch, Runnable meanwhile) throws InterruptedException {
        FastConv2d conv = new FastConv2d(JavaGemm.create(), 1, Tuning.DEFAULTS, PlanCache.inMemory());
        List<BenchLayer> layers = List.of(BenchLayer.parse("1,2,6,6,3,3,3,1,1"), BenchLayer.parse("1,3,8,8,4,3,3,1,1"));
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread beside = new Thread(() -> {
            meanwhile.run();
            // the recorder's flushes, as a manual watch has none
            while (!done.get()) {
                watch.flushedNow();
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        long start = System.nanoTime();
        beside.start();
        new BenchRunner(conv, true, 1, 1, 1, false, Turns.NONE, 1, watch).prime(layers, false);
        double seconds = (System.nanoTime() - start) / 1e9;
        done.set(true);
        beside.join();
        return seconds;
    }

    @Test
    void theRoundsGoOnUntilWhatTheJitThrewAwayInThemIsCompiledAgain() throws InterruptedException {
        // code thrown away in the rounds, compiled again at 6.5 s: the rounds (5 s at least) wait for it
        String forEach = "convkit.fast.Parallel.forEach(IILjava/util/function/IntConsumer;)V";
        JitWatch watch = JitWatch.manual();
        double waited = primeSeconds(watch, () -> {
            sleep(300);
            watch.discarded(41, forEach, 176, java.time.Instant.now(), "reinterpret", "unstable_if");
            sleep(6200);
            watch.compiled(42, forEach, java.time.Instant.now(), JitWatch.FULL_OPTIMIZATION, false, true);
        });
        assertTrue(waited >= 6.5 && waited < BenchRunner.PRIME_MAX_SECONDS, "the rounds took " + waited + " s");
        // the control: nothing thrown away, the rounds end at their 5 s
        double plain = primeSeconds(JitWatch.manual(), () -> { });
        assertTrue(plain >= BenchRunner.PRIME_SECONDS && plain < 6.5, "the rounds took " + plain + " s");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void afterTheCollectionPassesRunUntilWhatTheJitThrewAwayIsCompiledAgain() {
        // the collection before the timed runs clears NativeBlas' heap segments; the first pass after it
        // throws the GEMM's caller away, and the passes go on until the JIT has compiled it again
        JitWatch watch = JitWatch.manual();
        String sgemm = "convkit.fast.NativeBlas.sgemm(ILconvkit/fast/Transpose;)V";
        int[] calls = {0};
        BenchPasses.Pass pass = BenchPasses.Pass.of(() -> {
            calls[0]++;
            java.time.Instant now = java.time.Instant.now();
            if (calls[0] == 1) {
                watch.discarded(7, sgemm, 62, now, "make_not_entrant", "null_check");
            } else if (calls[0] == 400) {
                watch.compiled(8, sgemm, now, JitWatch.FULL_OPTIMIZATION, false, true);
            }
            watch.flushedNow();
        }, () -> { });
        assertEquals(400, BenchRunner.passesAfterCollection(pass, false, watch, 0, 600_000));
        // nothing thrown away: the fewest passes; never compiled again: passes until the cap
        calls[0] = 1000;
        assertEquals(BenchRunner.REWAKE_PASSES, BenchRunner.passesAfterCollection(pass, false, watch, 0, 600_000));
        JitWatch stuck = JitWatch.manual();
        BenchPasses.Pass throwsAway = BenchPasses.Pass.of(() -> {
            stuck.discarded(9, sgemm, 62, java.time.Instant.now(), "make_not_entrant", "null_check");
            stuck.flushedNow();
        }, () -> { });
        assertTrue(BenchRunner.passesAfterCollection(throwsAway, false, stuck, 0, 200) > BenchRunner.REWAKE_PASSES);
    }

    @Test
    void aWarmUpAtItsCapSaysWhichRulesStillFailed() {
        List<Double> steady = List.of(8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0);
        List<Double> slower = List.of(8.0, 8.0, 8.0, 8.0, 8.0, 9.0, 9.0, 9.0, 9.0, 9.0);
        assertEquals("at its cap: times not settled; the JIT compiled for 12 ms in the last 0.5 s; 2 methods' code "
            + "thrown away not compiled again", BenchRunner.capped(slower, 12, 2, 0));
        assertEquals("at its cap: 1 method's code thrown away not compiled again", BenchRunner.capped(steady, 0, 1, 0));
        assertEquals("at its cap: every rule held for the last 0.40 s, the flight recorder's report since not yet in",
            BenchRunner.capped(steady, BenchRunner.QUIET_JIT_MILLIS - 1, 0, 400_000_000L));
    }

    @Test
    void tooFewRunsHaveNotSettled() {
        assertFalse(BenchRunner.settled(List.of(8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0)));
    }

    @Test
    void timesThatStoppedFallingHaveSettled() {
        // the shape of resnet_conv1's warm-up: boxed first runs, then recompiles, then steady
        assertTrue(BenchRunner.settled(List.of(1568.0, 680.0, 15.6, 15.1, 10.3, 9.1, 15.9, 9.0, 8.6, 9.3,
            8.1, 8.3, 8.1, 8.0, 8.2)));
        // a window within 10% of the best earlier one
        assertTrue(BenchRunner.settled(List.of(8.0, 8.0, 8.0, 8.0, 8.0, 8.7, 8.7, 8.7, 8.7, 8.7)));
    }

    @Test
    void aLongNoisyWarmUpSettlesDespiteOneLuckyWindowLongAgo() {
        // a tiny layer's thousands of warm-up runs: one early window far below the rest, then steady noise
        List<Double> ms = new java.util.ArrayList<>(List.of(0.38, 0.38, 0.38, 0.38, 0.38));
        double[] noise = {0.44, 0.46, 0.45, 0.47, 0.43, 0.45, 0.46};
        for (int i = 0; i < 3000; i++) {
            ms.add(noise[i % noise.length]);
        }
        assertTrue(BenchRunner.settled(ms), "the lucky window " + (ms.size() - 5) + " runs back still held it");
        // the same window within the horizon still counts: the last runs are slower than runs just before
        List<Double> recent = new java.util.ArrayList<>(ms);
        recent.addAll(List.of(0.38, 0.38, 0.38, 0.38, 0.38, 0.45, 0.45, 0.45, 0.45, 0.45));
        assertFalse(BenchRunner.settled(recent));
    }

    @Test
    void timesStillAboveAnEarlierWindowHaveNot() {
        // a recompile in progress: the last runs are slower than runs seen before
        assertFalse(BenchRunner.settled(List.of(1568.0, 680.0, 8.0, 8.1, 7.9, 8.2, 8.0, 14.0, 13.5, 15.1, 9.0,
            14.3)));
        assertFalse(BenchRunner.settled(List.of(8.0, 8.0, 8.0, 8.0, 8.0, 9.0, 9.0, 9.0, 9.0, 9.0)));
    }

    @Test
    void theWaitBeforeTheTimedRunsSeesAThreadThatStillWorksAndEndsAtItsCap() throws InterruptedException {
        long idle = System.nanoTime();
        BenchRunner.awaitQuiet();
        double idleMillis = (System.nanoTime() - idle) / 1e6;
        assertTrue(idleMillis >= BenchRunner.QUIET_MILLIS, "returned before the process was idle long enough: " + idleMillis);
        // a thread of the process spinning (as a compiler thread would): not idle, so the wait runs to its cap
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread spinner = new Thread(() -> {
            long x = 0;
            while (!stop.get()) {
                x += System.nanoTime() & 1;
            }
            if (x == 42) {
                System.out.print("");
            }
        });
        spinner.setDaemon(true);
        spinner.start();
        try {
            long busy = System.nanoTime();
            BenchRunner.awaitQuiet();
            double busyMillis = (System.nanoTime() - busy) / 1e6;
            assertTrue(busyMillis >= BenchRunner.QUIET_MAX_MILLIS, "took a spinning thread for idle: " + busyMillis);
            assertTrue(busyMillis < BenchRunner.QUIET_MAX_MILLIS + 2_000, "the wait is capped: " + busyMillis);
        } finally {
            stop.set(true);
            spinner.join();
        }
    }

    @Test
    void aWarmUpEndsOnlyOnceItsTimesSettledAndTheJitHasBeenQuietForAWhile() {
        List<Double> steady = List.of(8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0);
        assertTrue(BenchRunner.warmedUp(steady, 0));
        assertTrue(BenchRunner.warmedUp(steady, BenchRunner.QUIET_JIT_MILLIS - 1), "a trickle of small compilations");
        assertFalse(BenchRunner.warmedUp(steady, -1), "runs shorter than the JIT's window");
        assertFalse(BenchRunner.warmedUp(steady, BenchRunner.QUIET_JIT_MILLIS),
            "a compilation finished too recently");
        assertFalse(BenchRunner.warmedUp(List.of(8.0, 8.0, 8.0, 8.0, 8.0, 9.0, 9.0, 9.0, 9.0, 9.0), Long.MAX_VALUE),
            "times not settled");
    }

    @Test
    void theJitsTrailCountsTheCompilationOfTheLastHalfSecondOnly() {
        BenchRunner.JitTrail trail = new BenchRunner.JitTrail();
        long ms = 1_000_000L;
        long window = BenchRunner.QUIET_RUNNING_NANOS;
        assertEquals(-1, trail.compiledInWindow(0, 100), "no window yet");
        assertEquals(-1, trail.compiledInWindow(window - ms, 130));
        assertEquals(30, trail.compiledInWindow(window, 130), "a window: 30 ms compiled in it");
        // counted from the newest sample at or before the window's start: what came a little before
        // the window may count, nothing in it is left out
        assertEquals(31, trail.compiledInWindow(window + 200 * ms, 131));
        assertEquals(3, trail.compiledInWindow(window + 600 * ms, 133), "the 30 ms out of the window");
        // a trickle of 1 ms every 200 ms stays under the limit
        trail.compiledInWindow(window + 800 * ms, 134);
        trail.compiledInWindow(window + 1000 * ms, 135);
        long trickle = trail.compiledInWindow(window + 1200 * ms, 136);
        assertEquals(3, trickle);
        assertTrue(trickle < BenchRunner.QUIET_JIT_MILLIS);
        assertEquals(0, trail.compiledInWindow(6 * window, 136), "nothing compiled since");
    }

    @Test
    void aFastLineThatAllocatesMegabytesARunIsFlaggedAndOneThatAllocatesKilobytesIsNot() {
        long mib = 1L << 20;
        BenchResult.RunEvents boxed = new BenchResult.RunEvents(new double[3], new long[3], new long[] {1, 0, 2},
            new long[] {58 * mib, 60 * mib, 59 * mib}, new long[3], new long[3], new long[3]);
        String line = boxed.garbage().orElseThrow();
        assertTrue(line.startsWith("garbage: 59.0 MiB allocated a run (median), 3 collections in the timed runs"), line);
        BenchResult.RunEvents steady = new BenchResult.RunEvents(new double[3], new long[3], new long[3],
            new long[] {3000, 2900, 60 * mib}, new long[3], new long[3], new long[3]); // one run's garbage (the bench's own, a collection) is not the line's
        assertTrue(steady.garbage().isEmpty());
        BenchResult.RunEvents uncounted = new BenchResult.RunEvents(new double[2], new long[2], new long[2],
            new long[] {-1, -1}, new long[2], new long[2], new long[2]);
        assertTrue(uncounted.garbage().isEmpty());
    }
}

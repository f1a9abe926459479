package convkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class JitWatchTests {

    private static final String CHUNK = "convkit.fast.VectorWinograd.chunkInputRows(Lconvkit/fast/WinogradTiling;)V";
    private static final Instant T0 = Instant.parse("2026-12-05T03:00:00Z");

    @Test
    void discardedCodeIsPendingUntilAFullCompilationAfterIt() {
        JitWatch watch = JitWatch.manual();
        watch.discarded(7, CHUNK, 230, T0.plusMillis(100), "reinterpret", "unstable_if");
        assertEquals(1, watch.pending(T0).size());
        // none of these replaces it: started before the discard, C1's tier 3, an on-stack
        // replacement (one loop's frame), a compilation that failed, another method
        watch.compiled(11, CHUNK, T0.plusMillis(50), 4, false, true);
        watch.compiled(12, CHUNK, T0.plusMillis(900), 3, false, true);
        watch.compiled(13, CHUNK, T0.plusMillis(1000), 4, true, true);
        watch.compiled(14, CHUNK, T0.plusMillis(1100), 4, false, false);
        watch.compiled(15, "convkit.fast.VectorWinograd.run()V", T0.plusMillis(1200), 4, false, true);
        assertEquals(List.of(CHUNK), watch.pending(T0).stream().map(JitWatch.Discarded::method).toList());
        assertEquals(List.of("VectorWinograd.chunkInputRows: unstable_if at line 230 at 0.1 s, not compiled again yet"),
            watch.discardsSince(T0));
        watch.compiled(16, CHUNK, T0.plusMillis(3400), 4, false, true);
        assertTrue(watch.pending(T0).isEmpty());
        assertEquals(List.of("VectorWinograd.chunkInputRows: unstable_if at line 230 at 0.1 s, compiled again at 3.4 s"),
            watch.discardsSince(T0));
    }

    /**
     * A range_check trap in the JDK's bounds check is named whatever code it was in (the JIT keeps
     * it on the JDK's method, for every caller); a trap in convkit's own methods, or for another
     * reason, is not one of these.
     */
    @Test
    void aRangeCheckTrapInTheJdksBoundsCheckIsNamedWhateverCodeItWasIn() {
        String interleave = "convkit.fast.WinogradTiles.interleave([FIIF[FII[F)V";
        String checkIndex = "java.util.Objects.checkIndex(II)I";
        JitWatch watch = JitWatch.manual();
        Instant later = Instant.now().plusMillis(1500);
        watch.compiled(31, interleave, later.minusMillis(500), 4, false, true);
        watch.discarded(31, checkIndex, 365, later, "make_not_entrant", "range_check");
        watch.discarded(32, checkIndex, 365, later, "make_not_entrant", "range_check"); // code not seen compiled
        watch.discarded(31, CHUNK, 230, later, "make_not_entrant", "range_check");
        watch.discarded(31, checkIndex, 365, later, "reinterpret", "unstable_if");
        assertEquals(List.of("Objects.checkIndex line 365 in WinogradTiles.interleave's code at 1.5 s",
            "Objects.checkIndex line 365 at 1.5 s"), watch.sharedBoundsTraps());
        assertTrue(JitWatch.manual().sharedBoundsTraps().isEmpty());
    }

    @Test
    void onlyTheFastPathsCodeThrownAwayCounts() {
        JitWatch watch = JitWatch.manual();
        // the JDK's own code, the bench's, and actions that keep the compiled code
        watch.discarded(7, "java.util.ArrayList.get(I)Ljava/lang/Object;", 1, T0, "reinterpret", "unstable_if");
        watch.discarded(8, "convkit.cli.BenchRunner.settled(Ljava/util/List;)Z", 395, T0, "reinterpret", "unstable_if");
        watch.discarded(7, CHUNK, 230, T0, "maybe_recompile", "profile_predicate");
        watch.discarded(7, CHUNK, 230, T0, "none", "null_check");
        assertTrue(watch.pending(T0).isEmpty());
        assertTrue(watch.discardsSince(T0).isEmpty());
        for (String action : JitWatch.DISCARDING) {
            JitWatch another = JitWatch.manual();
            another.discarded(7, CHUNK, 230, T0, action, "unstable_if");
            assertEquals(1, another.pending(T0).size(), action);
        }
    }

    @Test
    void aTrapInInlinedCodeDiscardsTheCodeItWasInlinedInto() {
        String lambda = "convkit.fast.FloatGemmConv.lambda$forward$0(I)V";
        String pointwise = "convkit.fast.LayerShape.pointwise()Z";
        JitWatch watch = JitWatch.manual();
        watch.compiled(21, lambda, T0, 4, false, true);
        watch.discarded(21, pointwise, 111, T0.plusMillis(200), "reinterpret", "unstable_if");
        assertEquals(List.of(lambda), watch.pending(T0).stream().map(JitWatch.Discarded::method).toList());
        // pointwise's own code was never thrown away: compiling it again replaces nothing
        watch.compiled(22, pointwise, T0.plusMillis(300), 4, false, true);
        assertEquals(1, watch.pending(T0).size());
        assertEquals(List.of("FloatGemmConv.lambda$forward$0: unstable_if at LayerShape.pointwise line 111 at 0.2 s,"
            + " not compiled again yet"), watch.discardsSince(T0));
        watch.compiled(23, lambda, T0.plusMillis(2500), 4, false, true);
        assertTrue(watch.pending(T0).isEmpty());
    }

    @Test
    void aMethodThrownAwayIsReplacedByAFullCompilationThatInlinesIt() {
        String found = "convkit.fast.HeapSegments.found(Lconvkit/fast/HeapSegments$Entry;Ljava/lang/Object;I)"
            + "Ljava/lang/foreign/MemorySegment;";
        String sgemm = "convkit.fast.NativeBlas.sgemm([FI[FI[FI)V";
        JitWatch watch = JitWatch.manual();
        watch.compiled(41, found, T0, 4, false, true);
        watch.discarded(41, found, 68, T0.plusMillis(100), "reinterpret", "null_check");
        // none of these replaces it: C1's tier 3 inlining it, a full compilation started before the
        // discard, a full one that failed (its inlining reported first)
        watch.compiled(42, sgemm, T0.plusMillis(200), 3, false, true);
        watch.inlined(42, found);
        watch.compiled(43, sgemm, T0.plusMillis(50), 4, false, true);
        watch.inlined(43, found);
        watch.inlined(44, found);
        watch.compiled(44, sgemm, T0.plusMillis(300), 4, false, false);
        assertEquals(1, watch.pending(T0).size());
        // a full compilation after it whose inlining comes before its own event
        watch.inlined(45, found);
        assertEquals(1, watch.pending(T0).size());
        watch.compiled(45, sgemm, T0.plusMillis(2300), 4, false, true);
        assertTrue(watch.pending(T0).isEmpty());
        assertEquals(List.of("HeapSegments.found: null_check at line 68 at 0.1 s, compiled again inlined into"
            + " NativeBlas.sgemm at 2.3 s"), watch.discardsSince(T0));
    }

    @Test
    void anInliningReportedAfterItsCompilationReplacesTheCodeToo() {
        String found = "convkit.fast.HeapSegments.found()V";
        JitWatch watch = JitWatch.manual();
        watch.discarded(51, found, 68, T0.plusMillis(100), "reinterpret", "null_check");
        watch.compiled(52, "convkit.fast.NativeBlas.sgemm()V", T0.plusMillis(900), 4, false, true);
        assertEquals(1, watch.pending(T0).size());
        // inlining the JDK's code does not count
        watch.inlined(52, "java.lang.ref.Reference.get()Ljava/lang/Object;");
        assertEquals(1, watch.pending(T0).size());
        watch.inlined(52, found);
        assertTrue(watch.pending(T0).isEmpty());
    }

    @Test
    void onStackReplacementCodeIsReplacedByEitherKind() {
        String loop = "convkit.fast.VectorWinograd.run()V";
        JitWatch watch = JitWatch.manual();
        watch.compiled(31, loop, T0, 4, true, true);
        watch.discarded(31, loop, 90, T0.plusMillis(100), "make_not_entrant", "unstable_if");
        watch.compiled(32, loop, T0.plusMillis(900), 4, true, true);
        assertTrue(watch.pending(T0).isEmpty());
    }

    @Test
    void aDiscardBeforeTheWarmUpIsNotItsConcern() {
        JitWatch watch = JitWatch.manual();
        watch.discarded(7, CHUNK, 230, T0.minusSeconds(5), "reinterpret", "unstable_if");
        assertTrue(watch.pending(T0).isEmpty());
        assertEquals(1, watch.pending(T0.minusSeconds(6)).size());
    }

    @Test
    void eachThreadsTrapIsOneLineAndTheCompilationAfterTheLastClearsIt() {
        JitWatch watch = JitWatch.manual();
        for (int thread = 0; thread < 3; thread++) {
            watch.discarded(7, CHUNK, 230, T0.plusMillis(10 + thread), "reinterpret", "unstable_if");
        }
        watch.discarded(7, "convkit.fast.Parallel.run(I)V", 110, T0.plusMillis(20), "reinterpret", "unstable_if");
        watch.compiled(17, CHUNK, T0.plusMillis(3400), 4, false, true);
        assertEquals(List.of(
                "VectorWinograd.chunkInputRows: unstable_if at line 230 at 0.0 s (3 times), compiled again at 3.4 s",
                "Parallel.run: unstable_if at line 110 at 0.0 s, not compiled again yet"),
            watch.discardsSince(T0));
        assertEquals(1, watch.pending(T0).size());
    }

    @Test
    void anAnswerWaitsForAFlushAfterTheTimeAskedAbout() {
        JitWatch watch = JitWatch.manual();
        long asked = System.nanoTime();
        assertFalse(watch.flushedSince(asked));
        watch.flushedNow();
        assertTrue(watch.flushedSince(asked));
        JitWatch off = JitWatch.off("no fast warm-up");
        assertTrue(off.flushedSince(System.nanoTime()), "a watch that is off never holds a warm-up");
        assertEquals("no fast warm-up", off.off());
        assertNull(watch.off());
    }

    @Test
    void shortNamesDropThePackageAndTheDescriptor() {
        assertEquals("VectorWinograd.chunkInputRows", JitWatch.shortName(CHUNK));
        assertEquals("WinogradTiling$Patches.of", JitWatch.shortName("convkit.fast.WinogradTiling$Patches.of(II)V"));
        assertEquals("Top.m", JitWatch.shortName("Top.m()V"));
        assertEquals("VectorWinograd$$Lambda.accept",
            JitWatch.shortName("convkit.fast.VectorWinograd$$Lambda.0x000000007f09fba0.accept(I)V"));
    }

    /**
     * On the recorder, the answer waits for a flush that delivers the mark the question left: no
     * flush callback that runs after the question for data written before it counts (the stream
     * reads behind the recorder; the discard the test below makes was once missed so).
     */
    @Test
    void theRecordersAnswerWaitsForTheMarkTheQuestionLeft() throws InterruptedException {
        try (JitWatch watch = JitWatch.start(Branches.class.getName())) {
            assertNull(watch.off(), "the flight recorder could not be watched");
            long asked = System.nanoTime();
            assertFalse(watch.flushedSince(asked), "no flush can have delivered a mark left just now");
            long deadline = asked + 20_000_000_000L;
            while (!watch.flushedSince(asked) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(watch.flushedSince(asked), "the mark never came back in 20 s");
            assertFalse(watch.flushedSince(System.nanoTime()), "a later question waits for a later mark");
        }
    }

    /**
     * What the watch is for, on this JVM: C2's code for a branch never taken, thrown away when it is
     * taken, and compiled again (on its own, or inlined into its caller's new code, whichever comes
     * first: both come from the recorder's events).
     */
    @Test
    void theFlightRecorderReportsCodeThrownAwayAndCompiledAgain() throws InterruptedException {
        try (JitWatch watch = JitWatch.start(Branches.class.getName())) {
            assertNull(watch.off(), "the flight recorder could not be watched");
            Instant since = Instant.now();
            String method = Branches.class.getName() + ".pick";
            // each attempt: calls that take branch 0 only, until C2 has compiled pick for them, then one call
            // that takes a case never taken before (its trap throws the code away)
            List<JitWatch.Discarded> pending = List.of();
            for (int attempt = 1; attempt <= Branches.CASES && pending.isEmpty(); attempt++) {
                Branches.spin(0, 2_000_000_000L);
                Branches.sum += Branches.pick(attempt);
                pending = awaitPending(watch, since, method);
            }
            assertFalse(pending.isEmpty(), "no discarded code of " + method + " reported: " + watch.discardsSince(since));
            // calls of every case until C2 compiles it again
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!watch.pending(since).stream().filter(d -> d.method().startsWith(method)).toList().isEmpty()
                && System.nanoTime() < deadline) {
                for (int c = 0; c <= Branches.CASES; c++) {
                    Branches.spin(c, 200_000_000L);
                }
                Thread.sleep(100);
            }
            List<String> lines = watch.discardsSince(since);
            assertTrue(lines.stream().anyMatch(line -> line.startsWith("JitWatchTests$Branches.pick: unstable_if")
                && line.contains("compiled again")), "not compiled again: " + lines);
        }
    }

    /**
     * The timed runs' quiet: no stream while it lasts, only a plain recording; code thrown away meanwhile is known as soon as it closes, without
     * waiting for a flush; then a stream again.
     */
    @Test
    void whileQuietNothingStreamsAndWhatCameIsKnownWhenItCloses() throws Throwable {
        try (JitWatch watch = JitWatch.start(Branches.class.getName())) {
            assertNull(watch.off(), "the flight recorder could not be watched");
            assertTrue(streaming(), "a stream while not quiet");
            Instant since = Instant.now();
            String method = Branches.class.getName() + ".pick";
            // a copy of Branches of its own, which no other test's calls have compiled for every case
            Class<?> branches = freshCopy(Branches.class);
            java.lang.reflect.Method spin = branches.getDeclaredMethod("spin", int.class, long.class);
            java.lang.reflect.Method pick = branches.getDeclaredMethod("pick", int.class);
            spin.setAccessible(true);
            pick.setAccessible(true);
            JitWatch.Quiet quiet = watch.quiet();
            assertFalse(streaming(), "no stream while quiet: " + jdk.jfr.FlightRecorder.getFlightRecorder()
                .getRecordings().stream().map(r -> r.getName() + " " + r.getState()).toList());
            for (int attempt = 1; attempt <= Branches.CASES; attempt++) {
                spin.invoke(null, 0, 2_000_000_000L);
                Branches.sum += (long) pick.invoke(null, attempt);
            }
            long closing = System.nanoTime();
            quiet.close();
            quiet.close();
            assertTrue(watch.flushedSince(closing), "what the quiet held is delivered as it closes");
            assertTrue(watch.discardsSince(since).stream().anyMatch(line -> line.startsWith("JitWatchTests$Branches.pick: ")),
                "the code thrown away while quiet: " + watch.discardsSince(since));
            assertTrue(streaming(), "a stream again after the quiet");
        }
    }

    /** {@code type} loaded again, by a loader of its own (it may use only the platform's classes). */
    private static Class<?> freshCopy(Class<?> type) throws ClassNotFoundException {
        java.net.URL classes = type.getProtectionDomain().getCodeSource().getLocation();
        return Class.forName(type.getName(), true, new java.net.URLClassLoader(new java.net.URL[] {classes}, null));
    }

    /** Whether a recording other than the quiet's (a stream's) is running. */
    private static boolean streaming() {
        return jdk.jfr.FlightRecorder.getFlightRecorder().getRecordings().stream()
            .anyMatch(r -> r.getState() == jdk.jfr.RecordingState.RUNNING && !r.getName().equals(JitWatch.QUIET_RECORDING));
    }

    private static List<JitWatch.Discarded> awaitPending(JitWatch watch, Instant since, String method)
        throws InterruptedException {
        long asked = System.nanoTime();
        long deadline = asked + 10_000_000_000L;
        while (!watch.flushedSince(asked) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return watch.pending(since).stream().filter(d -> d.method().startsWith(method)).toList();
    }

    /** A method whose cases other than 0 C2 leaves out until one is taken. */
    static final class Branches {
        static final int CASES = 5;
        static volatile long sum;

        static long pick(int c) {
            if (c == 1) {
                return sum * 3 + 1;
            } else if (c == 2) {
                return sum * 5 + 2;
            } else if (c == 3) {
                return sum * 7 + 3;
            } else if (c == 4) {
                return sum * 11 + 4;
            } else if (c == 5) {
                return sum * 13 + 5;
            }
            return c + 1;
        }

        /** Calls pick(c) for {@code nanos} at most. */
        static void spin(int c, long nanos) {
            long end = System.nanoTime() + nanos;
            long s = 0;
            while (System.nanoTime() < end) {
                for (int i = 0; i < 100_000; i++) {
                    s += pick(c);
                }
            }
            sum += s;
        }
    }

    @Test
    void theCompilationsInARunAreNamedLongestPartFirst() {
        JitWatch watch = JitWatch.manual();
        Instant from = T0.plusMillis(1000);
        Instant to = T0.plusMillis(1010);
        // inside the run for 3, 1 and 6 ms; one that ended as the run began, one that began as it ended
        watch.took("convkit.fast.FastIm2col$Plan.<init>(Lconvkit/fast/LayerShape;)V", 4, false, T0.plusMillis(995),
            Duration.ofMillis(8));
        watch.took("java.lang.String.indexOf(I)I", 3, false, T0.plusMillis(1002), Duration.ofMillis(1));
        watch.took("convkit.fast.InputRewrite.insideRange(II)Z", 4, true, T0.plusMillis(1004), Duration.ofMillis(20));
        watch.took("convkit.cli.BenchRunner.awaitQuiet()V", 4, false, T0.plusMillis(900), Duration.ofMillis(100));
        watch.took("convkit.fast.Parallel.units(I)I", 4, false, to, Duration.ofMillis(5));
        assertEquals(List.of("InputRewrite.insideRange C2 OSR 6.0 ms", "FastIm2col$Plan.<init> C2 3.0 ms",
            "String.indexOf C1 1.0 ms"), watch.compiledDuring(from, to, 5));
        assertEquals(List.of("InputRewrite.insideRange C2 OSR 6.0 ms"), watch.compiledDuring(from, to, 1));
        assertTrue(watch.compiledDuring(T0, T0.plusMillis(900), 5).isEmpty());
    }
}

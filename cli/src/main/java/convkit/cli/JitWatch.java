package convkit.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedObject;
import jdk.jfr.consumer.RecordingStream;

/**
 * Compiled code of the fast path that the JIT has thrown away and not yet compiled again, as the
 * JVM's flight recorder reports it ({@code jdk.Deoptimization}, {@code jdk.Compilation}).
 *
 * <p>Why the bench's warm-up asks: C2 compiles a method for the branches its profile has seen.
 * When a later layer takes a branch no earlier one took, the layer's first pass throws that code
 * away ({@code unstable_if}, action {@code reinterpret}) and the method runs profiled again until
 * its calls reach C2's thresholds once more, which for a method called a few times a pass is
 * seconds later: VectorWinograd.chunkInputRows, compiled for the stride-1 layers, was thrown away
 * when alexnet_conv1 started and compiled again in its timed runs, taking one of two cores for
 * a while (.bench/zen3-2026-12-05.md). Until that compilation the layer is not in its steady
 * state, and the warm-up waits for it.
 *
 * <p>A small method whose own code was thrown away may never be compiled on its own again: C2
 * inlines it into its callers, whose code then runs it at full speed. So a full compilation that
 * inlines it ({@code jdk.CompilerInlining}) replaces its discarded code too: the
 * GEMM's {@code HeapSegments.found}, thrown away at the first collection, ran only inlined into
 * the recompiled {@code NativeBlas.sgemm} after it, and a warm-up waiting for "found" waited until
 * its cap.
 *
 * <p>The recorder delivers events when it flushes, about once a second, so an answer covers what
 * happened up to the last flush; {@link #flushedSince} says whether one came after a given time. A
 * flush's callback alone cannot say that: it may run after that time for data written before it
 * (the stream reads behind the recorder), and a discard the test of this watch had just made was
 * once missed so. So the question leaves a mark in the recording ({@link Mark}), and the answer is
 * yes once a flush has delivered the mark: what every thread recorded before it came with it.
 * Where the recorder cannot start, the watch is {@linkplain #off off} and says why; the warm-up
 * then ends by its other rules alone.
 */
final class JitWatch implements AutoCloseable {

    /** The fast path's package: the bench watches its code (the bench's own is not timed). */
    static final String FAST_PATH = "convkit.fast.";
    /** Deoptimization actions that throw the compiled code away (the others keep it). */
    static final Set<String> DISCARDING = Set.of("reinterpret", "make_not_entrant", "recompile");
    /** C2's tier: the code the timed runs should run. */
    static final int FULL_OPTIMIZATION = 4;

    /**
     * Compiled code thrown away at {@code at}: the code of {@code method} (an on-stack replacement
     * when {@code osr}), because a trap at {@code line} of {@code trap} (the method itself, or one
     * inlined into its code) was hit, for {@code reason} ("unstable_if").
     */
    record Discarded(String method, boolean osr, String trap, int line, Instant at, String reason) {
    }

    /** What a compilation compiled, by its id: the method, on-stack replacement or not, when it started, its tier. */
    private record Code(String method, boolean osr, Instant at, int level) {
    }

    /** A compilation of any method: what, at which tier, an on-stack replacement or not, when it started, how long it took. */
    private record Compilation(String method, int level, boolean osr, Instant at, Duration took) {
        Instant end() {
            return at.plus(took);
        }
    }

    /** When discarded code was replaced: by a compilation started {@code at}, of the method itself or of {@code into}, which inlined it. */
    private record Again(Instant at, String into) {
    }

    /** The live stream (null when off, manual or {@linkplain #quiet quiet}). */
    private RecordingStream stream;
    private final String offReason;
    /** Code of methods whose names start with this is watched. */
    private final String watched;
    /** Whether answers wait for a flush: the recorder's watch, and the manual one (whose flushes tests make). */
    private final boolean awaitsFlush;
    /** Per method, its latest discarded code not yet compiled again at full optimization. */
    private final Map<String, Discarded> pending = new HashMap<>();
    /** Every discard seen, in order. */
    private final List<Discarded> discards = new ArrayList<>();
    /** Every range_check trap in the JDK's own methods, whatever code it was in ({@link #sharedBoundsTraps}). */
    private final List<Discarded> sharedTraps = new ArrayList<>();
    /** When the watch began. */
    private final Instant began = Instant.now();
    /** Per method, when its latest full compilation after a discard started. */
    private final Map<String, Again> recompiled = new HashMap<>();
    /** Every successful compilation seen, by id: a deoptimization names the code by it. */
    private final Map<Integer, Code> codes = new HashMap<>();
    /** Every successful compilation seen, of any method (the bench's own and the JDK's too), in the order they came. */
    private final List<Compilation> compilations = new ArrayList<>();
    /** Watched methods inlined by compilations whose own event has not come yet (it may come after), by id. */
    private final Map<Integer, List<String>> inlinedBefore = new HashMap<>();
    /** The latest mark a flush has delivered (its time); a watch begins as though one came when it started. */
    private volatile long deliveredNanos = System.nanoTime();
    /** The latest mark seen by the stream, delivered when its flush ends. */
    private volatile long seenNanos = deliveredNanos;
    /** The latest mark left in the recording. */
    private long markedNanos = deliveredNanos;

    /** A mark the watch leaves in the recording: it comes back with the flush that holds it. */
    @jdk.jfr.Name("convkit.JitWatchMark")
    @jdk.jfr.Label("JIT watch mark")
    @jdk.jfr.Description("Left by the bench's JIT watch to learn when the recorder has delivered what came before it")
    @jdk.jfr.StackTrace(false)
    static final class Mark extends jdk.jfr.Event {
        @jdk.jfr.Label("System.nanoTime when left")
        long nanos;
    }

    private JitWatch(RecordingStream stream, String offReason, boolean awaitsFlush, String watched) {
        this.watched = watched;
        this.stream = stream;
        this.offReason = offReason;
        this.awaitsFlush = awaitsFlush;
    }

    /** A watch that sees nothing, for {@code reason} (no warm-up asked for, say): every answer is "nothing pending". */
    static JitWatch off(String reason) {
        return new JitWatch(null, reason, false, FAST_PATH);
    }

    /** A watch of the fast path's code fed by the caller only (tests), never by the recorder. */
    static JitWatch manual() {
        return new JitWatch(null, null, true, FAST_PATH);
    }

    /**
     * The watch of the fast path's code on this JVM's flight recorder, or one that is {@linkplain
     * #off off} where it cannot start.
     */
    static JitWatch start() {
        return start(FAST_PATH);
    }

    /**
     * As {@link #start()}, watching the code of methods whose names (package, class, method) start
     * with {@code watched}.
     */
    static JitWatch start(String watched) {
        if (!jdk.jfr.FlightRecorder.isAvailable()) {
            return off("this JVM has no flight recorder");
        }
        JitWatch watch = new JitWatch(null, null, true, watched);
        try {
            watch.stream = watch.openStream();
            return watch;
        } catch (IllegalStateException | SecurityException e) { // the recorder could not start, or is not allowed
            return off(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** A started stream of the watched events, each handed to this watch. */
    private RecordingStream openStream() {
        RecordingStream opened = new RecordingStream();
        try {
            opened.enable("jdk.Deoptimization").withoutStackTrace();
            opened.enable("jdk.Compilation").withThreshold(Duration.ZERO);
            opened.enable("jdk.CompilerInlining").withoutStackTrace();
            opened.enable(Mark.class);
            opened.onEvent("jdk.Deoptimization", this::onDeoptimization);
            opened.onEvent("jdk.Compilation", this::onCompilation);
            opened.onEvent("jdk.CompilerInlining", this::onInlining);
            opened.onEvent("convkit.JitWatchMark", e -> seenNanos = Math.max(seenNanos, e.getLong("nanos")));
            opened.onFlush(this::delivered);
            opened.startAsync();
            return opened;
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    /** A flush has delivered the marks seen (never moving back past what a {@link #quiet} delivered). */
    private synchronized void delivered() {
        deliveredNanos = Math.max(deliveredNanos, seenNanos);
    }

    /** The name of {@link #quiet}'s recording. */
    static final String QUIET_RECORDING = "convkit bench: compilations during timed runs";

    /** How long {@link #quiet} waits, at most, for the stream to deliver what came before it. */
    static final long QUIET_FLUSH_WAIT_MILLIS = 3000;

    /**
     * For the timed runs: the stream closed, the same events kept by a plain recording (to disk,
     * never read while it runs), and handed to this watch when the returned quiet closes, before
     * it answers again; then a new stream. A stream flushes the recorder and parses what came
     * about once a second: a JVM doing nothing else used about 2.7 ms more CPU a second with one
     * open than with none or with a plain recording, in bursts that can land in a timed run and
     * take one of its cores (.bench/emr-2026-12-06g.md). First waits (at most {@link
     * #QUIET_FLUSH_WAIT_MILLIS}) for the stream to deliver what came before; what comes in the
     * moment between the recording's start and the stream's end, or between the recording's
     * dump and the next stream's start, may be missed. A watch that is off or manual returns a
     * quiet that does nothing.
     */
    synchronized Quiet quiet() {
        if (stream == null) {
            return () -> { };
        }
        long asked = System.nanoTime();
        long deadline = asked + QUIET_FLUSH_WAIT_MILLIS * 1_000_000L;
        while (!flushedSince(asked) && System.nanoTime() < deadline) {
            try {
                wait(10); // lets the stream's thread deliver (its handlers take this watch's lock)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        jdk.jfr.Recording held = new jdk.jfr.Recording();
        held.enable("jdk.Deoptimization").withoutStackTrace();
        held.enable("jdk.Compilation").withThreshold(Duration.ZERO);
        held.enable("jdk.CompilerInlining").withoutStackTrace();
        held.setName(QUIET_RECORDING);
        held.start();
        stream.close();
        stream = null;
        boolean[] closed = {false};
        return () -> {
            synchronized (this) {
                if (!closed[0]) {
                    closed[0] = true;
                    replay(held);
                }
            }
        };
    }

    /**
     * What a {@link #quiet} returns: closing it (the first time; again does nothing) hands what
     * was held to the watch, and streams again.
     */
    interface Quiet extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * What {@code held} kept, written to a temporary file before a new stream starts, then read
     * and handed to this watch (each compilation and discard once); the file is deleted.
     */
    private synchronized void replay(jdk.jfr.Recording held) {
        java.nio.file.Path file = null;
        try {
            file = java.nio.file.Files.createTempFile("convkit-jit", ".jfr");
            long stopped = System.nanoTime();
            held.dump(file);
            stream = openStream();
            for (RecordedEvent e : jdk.jfr.consumer.RecordingFile.readAllEvents(file)) {
                switch (e.getEventType().getName()) {
                    case "jdk.Deoptimization" -> onDeoptimization(e);
                    case "jdk.Compilation" -> onCompilation(e);
                    case "jdk.CompilerInlining" -> onInlining(e);
                    default -> { }
                }
            }
            deliveredNanos = Math.max(deliveredNanos, stopped);
        } catch (java.io.IOException e) {
            // the runs' compilations then go unnamed; the watch goes on with the new stream
        } finally {
            if (stream == null) {
                stream = openStream();
            }
            held.close();
            if (file != null) {
                try {
                    java.nio.file.Files.deleteIfExists(file);
                } catch (java.io.IOException e) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }

    /** Why the recorder could not be watched, or null when it is. */
    String off() {
        return offReason;
    }

    /**
     * Compilations and discards already handled (a compilation by its id, a discard by its code,
     * line and time): around a {@link #quiet}, a stream and the quiet's recording both hold what
     * came while both ran.
     */
    private final Set<String> handled = new java.util.HashSet<>();

    private synchronized boolean firstTime(String key) {
        return handled.add(key);
    }

    private void onDeoptimization(RecordedEvent e) {
        RecordedMethod m = e.getValue("method");
        if (m != null && firstTime("d " + e.getInt("compileId") + " " + e.getInt("lineNumber") + " "
            + e.getStartTime() + " " + name(m))) {
            discarded(e.getInt("compileId"), name(m), e.getInt("lineNumber"), e.getStartTime(), e.getString("action"),
                e.getString("reason"));
        }
    }

    private void onCompilation(RecordedEvent e) {
        RecordedMethod m = e.getValue("method");
        if (m != null && firstTime("c " + e.getInt("compileId"))) {
            compiled(e.getInt("compileId"), name(m), e.getStartTime(), e.getShort("compileLevel"),
                e.getBoolean("isOsr"), e.getBoolean("succeded"));
            if (e.getBoolean("succeded")) {
                took(name(m), e.getShort("compileLevel"), e.getBoolean("isOsr"), e.getStartTime(), e.getDuration());
            }
        }
    }

    /** A successful compilation of {@code method} at {@code level}, started {@code at}, that took {@code took}. */
    synchronized void took(String method, int level, boolean osr, Instant at, Duration took) {
        compilations.add(new Compilation(method, level, osr, at, took));
    }

    /**
     * The compilations, of any method, that ran for part of [{@code from}, {@code to}), the longest
     * part first, at most {@code most}, a line each for people: the method (class without its
     * package), its tier ("C1" for tiers 1-3, "C2" for 4), "OSR" for an on-stack replacement, and
     * the milliseconds of it inside the window ("FastIm2col$Plan.&lt;init&gt; C2 3.1 ms"). Where
     * the bench's timed run had compilation in it, these say which: the JIT's threads take a core
     * from the layer's. Answers cover what the recorder has delivered ({@link #flushedSince}).
     */
    synchronized List<String> compiledDuring(Instant from, Instant to, int most) {
        record Part(Compilation c, Duration inside) {
        }
        List<Part> parts = new ArrayList<>();
        for (Compilation c : compilations) {
            Instant start = c.at().isAfter(from) ? c.at() : from;
            Instant end = c.end().isBefore(to) ? c.end() : to;
            if (start.isBefore(end)) {
                parts.add(new Part(c, Duration.between(start, end)));
            }
        }
        parts.sort(java.util.Comparator.comparing(Part::inside).reversed());
        return parts.stream().limit(most).map(p -> String.format(java.util.Locale.ROOT, "%s %s%s %.1f ms",
            shortName(p.c().method()), p.c().level() == FULL_OPTIMIZATION ? "C2" : "C1", p.c().osr() ? " OSR" : "",
            p.inside().toNanos() / 1e6)).toList();
    }

    private void onInlining(RecordedEvent e) {
        RecordedObject callee = e.getValue("callee");
        if (callee != null && e.getBoolean("succeeded")) {
            inlined(e.getInt("compileId"), callee.getString("type").replace('/', '.') + "." + callee.getString("name")
                + callee.getString("descriptor"));
        }
    }

    private static String name(RecordedMethod m) {
        return m.getType().getName() + "." + m.getName() + m.getDescriptor();
    }

    /**
     * A trap in {@code trap}, hit at {@code at} in the code of compilation {@code compileId}:
     * tracked when that code, or the trap's method, is the fast path's and {@code action} discards
     * the code. The code is the compiled method the trap's was inlined into, or itself; where the
     * compilation was not seen (before the watch started), the trap's method.
     */
    synchronized void discarded(int compileId, String trap, int line, Instant at, String action, String reason) {
        Code code = codes.getOrDefault(compileId, new Code(trap, false, at, 0));
        if (reason.equals("range_check") && (trap.startsWith("java.") || trap.startsWith("jdk."))) {
            sharedTraps.add(new Discarded(code.method(), code.osr(), trap, line, at, reason));
        }
        if ((code.method().startsWith(watched) || trap.startsWith(watched)) && DISCARDING.contains(action)) {
            Discarded d = new Discarded(code.method(), code.osr(), trap, line, at, reason);
            pending.put(code.method(), d);
            discards.add(d);
        }
    }

    /**
     * Compilation {@code compileId} of {@code method}, started at {@code at}: a successful full one
     * replaces the method's code discarded before it (an on-stack replacement, which serves one
     * loop's running frame only, replaces only discarded on-stack replacement code).
     */
    synchronized void compiled(int compileId, String method, Instant at, int level, boolean osr, boolean succeeded) {
        List<String> inlined = inlinedBefore.remove(compileId);
        if (!succeeded) {
            return;
        }
        Code code = new Code(method, osr, at, level);
        codes.put(compileId, code);
        Discarded d = pending.get(method);
        if (d != null && level == FULL_OPTIMIZATION && (!osr || d.osr()) && !at.isBefore(d.at())) {
            pending.remove(method);
            recompiled.put(method, new Again(at, null));
        }
        if (inlined != null) {
            inlined.forEach(callee -> replacedInline(callee, code));
        }
    }

    /**
     * Compilation {@code compileId} inlined {@code callee} (its event may come before or after the
     * compilation's own): a successful full one, started after {@code callee}'s code was
     * discarded, replaces that code (not an on-stack replacement's: that served a loop of the
     * callee's own).
     */
    synchronized void inlined(int compileId, String callee) {
        if (!callee.startsWith(watched)) {
            return;
        }
        Code code = codes.get(compileId);
        if (code == null) {
            inlinedBefore.computeIfAbsent(compileId, id -> new ArrayList<>()).add(callee);
        } else {
            replacedInline(callee, code);
        }
    }

    private void replacedInline(String callee, Code code) {
        Discarded d = pending.get(callee);
        if (d != null && !d.osr() && code.level() == FULL_OPTIMIZATION && !code.at().isBefore(d.at())) {
            pending.remove(callee);
            recompiled.put(callee, new Again(code.at(), code.method()));
        }
    }

    /** Discarded code, from {@code since} on, not yet compiled again. */
    synchronized List<Discarded> pending(Instant since) {
        return pending.values().stream().filter(d -> !d.at().isBefore(since))
            .sorted(java.util.Comparator.comparing(Discarded::at)).toList();
    }

    /**
     * The discards from {@code since} on, a line for each code and trap in the order they first
     * came, for people: the method whose code it was (class without its package, no descriptor),
     * the reason, the trap's line (and its method, when inlined into that code), when (seconds from
     * {@code since}; how many times, when each thread running it hit the trap), and when it was
     * compiled again, after the last of them, on its own or inlined into another method's code
     * ("VectorWinograd.chunkInputRows: unstable_if at line 230 at 0.0 s (3 times), compiled again at
     * 3.4 s"; "HeapSegments.found: null_check at line 68 at 14.3 s, compiled again inlined into
     * NativeBlas.sgemm at 16.6 s"; "FloatGemmConv.lambda$forward$0:
     * unstable_if at LayerShape.pointwise line 111 at 0.0 s, not compiled again yet").
     */
    synchronized List<String> discardsSince(Instant since) {
        Map<String, List<Discarded>> groups = new java.util.LinkedHashMap<>();
        for (Discarded d : discards) {
            if (!d.at().isBefore(since)) {
                groups.computeIfAbsent(d.method() + " " + d.trap() + " " + d.line() + " " + d.reason(),
                    key -> new ArrayList<>()).add(d);
            }
        }
        List<String> out = new ArrayList<>();
        for (List<Discarded> group : groups.values()) {
            Discarded first = group.get(0);
            Discarded last = group.get(group.size() - 1);
            Again again = recompiled.get(first.method());
            boolean replaced = again != null && !again.at().isBefore(last.at());
            String trap = (first.trap().equals(first.method()) ? "" : shortName(first.trap()) + " ")
                + "line " + first.line();
            out.add(String.format(java.util.Locale.ROOT, "%s: %s at %s at %.1f s%s, %s", shortName(first.method()),
                first.reason(), trap, seconds(since, first.at()),
                group.size() == 1 ? "" : " (" + group.size() + " times)",
                replaced ? String.format(java.util.Locale.ROOT, "compiled again%s at %.1f s",
                        again.into() == null ? "" : " inlined into " + shortName(again.into()), seconds(since, again.at()))
                    : "not compiled again yet"));
        }
        return out;
    }

    /**
     * The range_check traps hit in the JDK's own methods ({@code Objects.checkIndex}, which every
     * vector load and store inlines), a line each for people: the method, its line, the code it
     * was inlined into (where that compilation was seen) and when (seconds from the watch's start):
     * "Objects.checkIndex line 365 in WinogradTiles.interleave's code at 12.3 s". The JIT records
     * such a trap on the JDK's method itself, and from then on compiles that bounds check without
     * its intrinsic in every method it compiles, whatever the layer; none is the case to keep
     * (.bench/emr-2026-12-06h.md).
     */
    synchronized List<String> sharedBoundsTraps() {
        return sharedTraps.stream().map(d -> String.format(java.util.Locale.ROOT, "%s line %d%s at %.1f s",
            shortName(d.trap()), d.line(), d.method().equals(d.trap()) ? "" : " in " + shortName(d.method()) + "'s code",
            seconds(began, d.at()))).toList();
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }

    /**
     * "convkit.fast.VectorWinograd.chunkInputRows(…)V" as "VectorWinograd.chunkInputRows"; a
     * lambda's class ("convkit.fast.VectorWinograd$$Lambda.0x…", as the recorder names it) without its address.
     */
    static String shortName(String method) {
        int paren = method.indexOf('(');
        String name = (paren < 0 ? method : method.substring(0, paren)).replaceAll("[./]0x[0-9a-fA-F]+", "");
        int dot = name.lastIndexOf('.');
        int classDot = dot < 0 ? -1 : name.lastIndexOf('.', dot - 1);
        return name.substring(classDot + 1);
    }

    /**
     * Whether the recorder has delivered what happened up to {@code nanoTime} (of {@link
     * System#nanoTime}); always, when the watch is off. The first time it is asked about a time
     * after its latest mark, the watch leaves a new one; the answer is yes once a flush has
     * delivered a mark left at or after {@code nanoTime}.
     */
    synchronized boolean flushedSince(long nanoTime) {
        if (!awaitsFlush) {
            return true;
        }
        if (stream != null && markedNanos - nanoTime < 0) {
            Mark mark = new Mark();
            mark.nanos = System.nanoTime();
            mark.commit();
            markedNanos = mark.nanos;
        }
        return deliveredNanos - nanoTime >= 0;
    }

    /** Waits until the recorder has delivered what happened up to now, at most {@code wait}; whether it has. */
    boolean awaitFlush(Duration wait) throws InterruptedException {
        long now = System.nanoTime();
        while (!flushedSince(now)) {
            if (System.nanoTime() - now >= wait.toNanos()) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** For tests: as though the recorder had just delivered a mark. */
    void flushedNow() {
        deliveredNanos = System.nanoTime();
    }

    @Override
    public void close() {
        if (stream != null) {
            stream.close();
        }
    }
}

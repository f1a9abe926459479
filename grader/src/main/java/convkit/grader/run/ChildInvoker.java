package convkit.grader.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Runs one exercise's calls in a child JVM, reusing it from test to test (each test still gets a
 * fresh class loader inside the child) and replacing it after a timeout, a crash, an
 * {@code OutOfMemoryError} or a thread left running. Honours the whole run's deadline: once it
 * has passed, calls are not run.
 */
public final class ChildInvoker implements Invoker {

    private final Sandbox sandbox;
    private final Path studentClasses;
    private final Limits limits;
    private final long deadlineNanos;
    private ChildJvm child;

    /**
     * @param sandbox        the boundary every child runs in
     * @param studentClasses the folder of the exercise's compiled classes
     * @param deadlineNanos  {@link System#nanoTime()} after which no call is run (the whole-run limit)
     */
    public ChildInvoker(Sandbox sandbox, Path studentClasses, Limits limits, long deadlineNanos) {
        this.sandbox = sandbox;
        this.studentClasses = studentClasses;
        this.limits = limits;
        this.deadlineNanos = deadlineNanos;
    }

    @Override
    public Outcome invoke(Call call, Duration timeout) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            return Outcome.notRun("not run: the whole submission used up its time limit of "
                + limits.wholeRun().toSeconds() + " s");
        }
        if (child == null) {
            try {
                child = ChildJvm.start(sandbox, studentClasses, limits);
            } catch (IOException | RuntimeException e) {
                return Outcome.died("the child JVM could not start: " + e.getMessage(), "");
            }
        }
        Duration budget = Duration.ofNanos(Math.min(timeout.toNanos(), left));
        Outcome outcome = child.call(call, budget);
        boolean fresh = switch (outcome.kind()) {
            case TIMED_OUT, DIED -> true;
            default -> child.wantsRestart();
        };
        if (fresh) {
            stop();
        }
        if (outcome.kind() == Outcome.Kind.TIMED_OUT && budget.compareTo(timeout) < 0) {
            return Outcome.timedOut("stopped: the whole submission used up its time limit of "
                + limits.wholeRun().toSeconds() + " s");
        }
        return outcome;
    }

    private void stop() {
        if (child != null) {
            child.close();
            child = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Folders {@link #deleteTreeAtExit} deletes when the JVM ends. */
    private static final java.util.List<Path> AT_EXIT = new java.util.concurrent.CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> AT_EXIT.forEach(ChildInvoker::deleteTree),
            "convkit-delete-at-exit"));
    }

    /**
     * Deletes a folder and everything in it when the JVM ends normally (its last method returns,
     * System.exit, a signal that lets shutdown hooks run; not a kill -9). {@code File.deleteOnExit}
     * deletes only an empty folder.
     */
    public static void deleteTreeAtExit(Path root) {
        AT_EXIT.add(root);
    }

    /** Deletes a folder and everything in it, quietly. */
    public static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}

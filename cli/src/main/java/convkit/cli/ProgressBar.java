package convkit.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar on standard error: redrawn in place on a terminal, one line per update
 * otherwise (a log, a pipe). Where the same screen also gets standard output, {@link #clear()}
 * before printing there keeps the two from sharing a line.
 */
final class ProgressBar {
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private boolean drawn;

    ProgressBar(PrintWriter err) {
        this(err, isTerminal());
    }

    ProgressBar(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    private static boolean isTerminal() {
        java.io.Console console = System.console();
        return console != null && console.isTerminal();
    }

    /** {@code done} of {@code total} steps, the time left at the pace so far, and what is going on (escaped by the caller). */
    synchronized void update(int done, int total, String last) {
        int filled = total == 0 ? WIDTH : Math.min(WIDTH, done * WIDTH / total);
        double elapsed = (System.nanoTime() - start) / 1e9;
        String eta = done == 0 ? "?" : String.format(Locale.ROOT, "%.0f s", elapsed / done * (total - done));
        String line = String.format(Locale.ROOT, "[%s%s] %d/%d  %.0f s elapsed, %s left%s", "#".repeat(filled),
            ".".repeat(WIDTH - filled), done, total, elapsed, eta, last.isEmpty() ? "" : "  (" + last + ")");
        err.print(terminal ? "\r\033[2K" + line : line + System.lineSeparator());
        err.flush();
        drawn = terminal;
    }

    /** On a terminal, takes the bar off its line (before something else is printed there). */
    synchronized void clear() {
        if (drawn) {
            err.print("\r\033[2K");
            err.flush();
            drawn = false;
        }
    }

    /** A line of its own: on a terminal the bar is taken off first, and drawn again at the next update. */
    synchronized void println(String message) {
        clear();
        err.println(message);
        err.flush();
    }

    /** Ends the bar's line on a terminal. */
    synchronized void finish() {
        if (drawn) {
            err.println();
            err.flush();
            drawn = false;
        }
    }
}

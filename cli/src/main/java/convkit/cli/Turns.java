package convkit.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Turns taken with another process ({@code bench --turns IN,OUT}), so that two benchmarks on one
 * machine time the same layer in the same seconds instead of minutes apart: the machine's speed
 * drifts by 10-25% over tens of seconds (another tenant's load; {@code .bench/Drift.java} shows it
 * on jobs with nothing of convkit in them), and a ratio of two timings taken a minute apart carries
 * that drift. The bench cuts its work into pieces (the first passes, each layer's warm-up, each
 * block of timed runs). Before a piece it writes {@code ready PIECE} to OUT and waits for the line
 * {@code go} on IN; after it, it writes {@code done PIECE}; when it has nothing left to do (its
 * results written, or on failure) it writes {@code end}. A coordinator ({@code .bench/compare.py
 * --lockstep}) hands the turns to the two sides in alternation, so that only one runs at a time.
 *
 * <p>IN and OUT are usually named pipes; IN is opened first. {@link #NONE} takes every turn at
 * once and writes nothing: the bench without {@code --turns}.
 */
final class Turns implements AutoCloseable {

    /** No other process: every turn is taken at once. */
    static final Turns NONE = new Turns(null, null, "");

    private final BufferedReader in;
    private final Writer out;
    private final String spec;

    private Turns(BufferedReader in, Writer out, String spec) {
        this.in = in;
        this.out = out;
        this.spec = spec;
    }

    /** Opens {@code IN,OUT} as {@code --turns} names them: IN for reading first, then OUT for writing. */
    static Turns open(String spec) {
        String[] paths = spec.split(",", -1);
        if (paths.length != 2 || paths[0].isBlank() || paths[1].isBlank()) {
            throw new IllegalArgumentException("--turns: expected IN,OUT (two paths, comma-separated) but was '" + spec + "'");
        }
        Path inPath = Path.of(paths[0]);
        Path outPath = Path.of(paths[1]);
        if (!Files.exists(inPath)) {
            throw new IllegalArgumentException("--turns: IN " + inPath + " does not exist (make it with mkfifo)");
        }
        BufferedReader in = null;
        try {
            in = Files.newBufferedReader(inPath, StandardCharsets.UTF_8);
            // a plain file left from an earlier run is emptied first (a named pipe has nothing to empty)
            Writer out = Files.newBufferedWriter(outPath, StandardCharsets.UTF_8, StandardOpenOption.WRITE,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
            return new Turns(in, out, spec);
        } catch (IOException e) {
            if (in != null) {
                try {
                    in.close();
                } catch (IOException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw new UncheckedIOException("--turns " + spec + ": " + e.getMessage(), e);
        }
    }

    /** Whether turns are taken with another process. */
    boolean taken() {
        return in != null;
    }

    /**
     * Says {@code ready PIECE} and waits for the line {@code go}; anything else, or the end of IN, is
     * an error.
     */
    void take(String piece) {
        if (in == null) {
            return;
        }
        say("ready " + piece);
        String line;
        try {
            line = in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException("--turns " + spec + ": reading the turn for '" + piece + "': " + e.getMessage(), e);
        }
        if (line == null) {
            throw new IllegalStateException("--turns " + spec + ": IN ended before the turn for '" + piece + "'");
        }
        if (!line.strip().equals("go")) {
            throw new IllegalStateException("--turns " + spec + ": expected 'go' before '" + piece + "' but read '"
                + line.strip() + "'");
        }
    }

    /** Says that {@code piece} is done: the line {@code done PIECE} on OUT. */
    void done(String piece) {
        if (out != null) {
            say("done " + piece);
        }
    }

    private void say(String line) {
        try {
            out.write(line + "\n");
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("--turns " + spec + ": writing '" + line + "': " + e.getMessage(), e);
        }
    }

    /** Says {@code end} and closes IN and OUT. */
    @Override
    public void close() {
        if (in == null) {
            return;
        }
        try (in; out) {
            say("end");
        } catch (IOException e) {
            throw new UncheckedIOException("--turns " + spec + ": " + e.getMessage(), e);
        }
    }
}

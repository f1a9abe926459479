package convkit.site;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

/**
 * Runs the {@code jshell} blocks of one lesson in one JShell session, top to bottom, with the
 * reference classes on the class path and {@code convkit.reference.*}, {@code java.util.*} imported.
 * Each block's output is what it printed plus, when its last statement is an expression, the value
 * as JShell shows it ({@code $3 ==> 9}). A compile error, an exception or a timeout stops the build
 * with the lesson file and line.
 */
final class SnippetRunner {

    /** One fenced {@code jshell} block: its code and the 1-based file line of its first code line. */
    record Block(int line, String code) {
    }

    /**
     * Run before a lesson's first block: its imports, and a one-line log format without a
     * timestamp (in a block, so it takes no {@code $N} name), so a warning the reference logs (e.g. pixels no window reads) reads
     * {@code WARNING: …} and the output stays the same from build to build. Part of the cache key.
     */
    static final List<String> SETUP = List.of("import convkit.reference.*;", "import java.util.*;",
        "{ System.setProperty(\"java.util.logging.SimpleFormatter.format\", \"%4$s: %5$s%n\"); }");

    private SnippetRunner() {
    }

    /** Runs {@code blocks} in one fresh JShell; returns one output text per block. */
    static List<String> run(Path file, List<Block> blocks, List<Path> classPath, Duration timeout) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
        List<String> outputs = new ArrayList<>();
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jshell-watchdog");
            t.setDaemon(true);
            return t;
        });
        try (JShell shell = JShell.builder().out(out).err(out)
                .remoteVMOptions("--enable-native-access=ALL-UNNAMED", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")
                .build()) {
            for (Path entry : classPath) {
                shell.addToClasspath(entry.toString());
            }
            for (String imp : SETUP) {
                for (SnippetEvent event : shell.eval(imp)) {
                    if (event.status() == Snippet.Status.REJECTED) {
                        throw new IllegalStateException("JShell could not " + imp + ": is the reference module on the class path "
                            + classPath + "?");
                    }
                }
            }
            // each jshell block, in lesson order, in the same session
            for (Block block : blocks) {
                captured.reset();
                String remaining = block.code();
                int consumed = 0;
                String lastValue = null;
                // each complete statement of the block, one eval each (exact lines, trailing value)
                while (!remaining.isBlank()) {
                    SourceCodeAnalysis.CompletionInfo info = shell.sourceCodeAnalysis().analyzeCompletion(remaining);
                    if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
                        break;
                    }
                    String source = info.source();
                    if (source == null || !info.completeness().isComplete()) {
                        int line = block.line() + linesBefore(block.code(), consumed + leadingBlank(remaining));
                        throw new SiteException(file, line, "jshell snippet is incomplete (missing ';', ')' or '}'?): "
                            + firstLine(remaining));
                    }
                    int start = consumed + leadingBlank(remaining);
                    int snippetLine = block.line() + linesBefore(block.code(), start);
                    lastValue = evalOne(file, shell, source, snippetLine, timeout, watchdog);
                    int used = remaining.length() - info.remaining().length();
                    consumed += used;
                    remaining = info.remaining();
                }
                out.flush();
                String printed = captured.toString(StandardCharsets.UTF_8);
                outputs.add(lastValue == null ? printed : printed + lastValue + "\n");
            }
        } finally {
            watchdog.shutdownNow();
        }
        return outputs;
    }

    /** Evaluates one statement; returns the "$N ==> value" line of an expression, else null. */
    private static String evalOne(Path file, JShell shell, String source, int line, Duration timeout,
                                  ScheduledExecutorService watchdog) {
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> alarm = watchdog.schedule(() -> {
            timedOut.set(true);
            shell.stop();
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        List<SnippetEvent> events;
        try {
            events = shell.eval(source);
        } finally {
            alarm.cancel(false);
        }
        if (timedOut.get()) {
            throw new SiteException(file, line, "jshell snippet ran past the " + timeout.toSeconds()
                + " s timeout: keep snippets small (no benchmarks): " + firstLine(source));
        }
        String value = null;
        for (SnippetEvent event : events) {
            Snippet snippet = event.snippet();
            if (event.status() == Snippet.Status.REJECTED) {
                List<Diag> diags = shell.diagnostics(snippet).toList();
                String message = diags.isEmpty() ? "rejected" : diags.getFirst().getMessage(Locale.ROOT);
                int diagLine = diags.isEmpty() ? line
                    : line + linesBefore(source, (int) diags.getFirst().getStartPosition()) - linesBefore(source, leadingBlank(source));
                throw new SiteException(file, diagLine, "jshell snippet does not compile: "
                    + message.replaceAll("\\s+", " ").strip());
            }
            if (event.status() == Snippet.Status.RECOVERABLE_DEFINED || event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                throw new SiteException(file, line, "jshell snippet refers to something undefined: "
                    + shell.unresolvedDependencies((jdk.jshell.DeclarationSnippet) snippet).toList());
            }
            if (event.exception() != null) {
                throw new SiteException(file, line, "jshell snippet threw " + describe(event.exception()));
            }
            if (event.causeSnippet() == null && snippet instanceof VarSnippet var
                && snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
                value = var.name() + " ==> " + event.value();
            } else if (event.causeSnippet() == null) {
                value = null;
            }
        }
        return value;
    }

    private static String describe(Exception e) {
        if (e instanceof EvalException eval) {
            return eval.getExceptionClassName() + (eval.getMessage() == null ? "" : ": " + eval.getMessage());
        }
        if (e instanceof UnresolvedReferenceException unresolved) {
            return "an unresolved reference: " + unresolved.getSnippet().source().strip();
        }
        return e.getClass().getName() + ": " + e.getMessage();
    }

    private static int linesBefore(String text, int offset) {
        int n = 0;
        for (int i = 0; i < Math.min(offset, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    private static int leadingBlank(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static String firstLine(String s) {
        String stripped = s.strip();
        int nl = stripped.indexOf('\n');
        return nl < 0 ? stripped : stripped.substring(0, nl) + " …";
    }
}

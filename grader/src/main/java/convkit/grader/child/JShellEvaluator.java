package convkit.grader.child;

import java.util.List;
import java.util.Locale;

import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;

/**
 * Evaluates a concept-check answer, a Java expression held in a String, with the JShell API and
 * its local execution engine (the snippet runs in this JVM: in the grader's child, next to the
 * student's code, never in the grader). One shell per JVM, created on first use.
 */
public final class JShellEvaluator {

    /** The expression did not compile, threw, or had no value. */
    public static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;
        /** A short name for the kind of failure, e.g. {@code CompileError}. */
        public final String kind;

        Rejected(String kind, String message) {
            super(message);
            this.kind = kind;
        }
    }

    private static JShell shell;

    private JShellEvaluator() {
    }

    /** JShell's rendering of the value of {@code source} (the last snippet's, when there are several). */
    public static synchronized String evaluate(String source) throws Rejected {
        if (shell == null) {
            shell = JShell.builder().executionEngine("local").out(System.out).err(System.err).build();
        }
        String remaining = source.strip();
        if (remaining.isEmpty()) {
            throw new Rejected("EmptyExpression", "the expression is empty");
        }
        String value = null;
        // a student may write several snippets ("int k = 3; k * k"): the last value counts
        while (!remaining.isBlank()) {
            var info = shell.sourceCodeAnalysis().analyzeCompletion(remaining);
            String snippet = info.source();
            if (snippet == null || snippet.isBlank()) {
                snippet = remaining;
                remaining = "";
            } else {
                remaining = info.remaining();
            }
            List<SnippetEvent> events = shell.eval(snippet);
            for (SnippetEvent event : events) {
                if (event.exception() != null) {
                    throw new Rejected(event.exception().getClass().getSimpleName(),
                        "evaluating `" + snippet.strip() + "` threw " + event.exception().getMessage());
                }
                if (event.status() == Snippet.Status.REJECTED) {
                    StringBuilder why = new StringBuilder();
                    shell.diagnostics(event.snippet()).forEach(d -> why.append(d.getMessage(Locale.ROOT)).append("; "));
                    throw new Rejected("CompileError", "`" + snippet.strip() + "` does not compile: " + why);
                }
                if (event.causeSnippet() == null) {
                    value = event.value();
                }
            }
        }
        if (value == null) {
            throw new Rejected("NoValue", "the expression has no value");
        }
        return value;
    }
}

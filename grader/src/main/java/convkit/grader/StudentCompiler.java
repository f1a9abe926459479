package convkit.grader;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles one exercise's source on its own with javax.tools: {@code -proc:none} (no annotation
 * processor runs at compile time), {@code --release 25}, an empty class path and source path (so
 * a student class compiles against the JDK only, not against the grader or the reference).
 */
public final class StudentCompiler {

    private static final int MAX_DIAGNOSTICS = 12;

    private StudentCompiler() {
    }

    /**
     * The result of a compilation.
     *
     * @param ok          whether class files were written
     * @param classes     the output folder
     * @param diagnostics the compiler's errors, one per line block, ready to show
     */
    public record Result(boolean ok, Path classes, String diagnostics) {
    }

    /** Compiles {@code source} into {@code classes}. */
    public static Result compile(Path source, Path classes) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("no Java compiler in this runtime (" + System.getProperty("java.home")
                + "): run the grader on a JDK, not a JRE");
        }
        Files.createDirectories(classes);
        Path empty = Files.createTempDirectory("convkit-empty");
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-proc:none", "--release", "25", "-encoding", "UTF-8",
                "-d", classes.toString(), "-classpath", empty.toString(), "-sourcepath", empty.toString(),
                "-implicit:none", "-Xlint:none", "-Xmaxerrs", String.valueOf(MAX_DIAGNOSTICS));
            StringWriter out = new StringWriter();
            boolean ok = compiler.getTask(out, files, diagnostics, options, null,
                files.getJavaFileObjects(source)).call();
            return new Result(ok, classes, ok ? "" : format(diagnostics.getDiagnostics(), source) + out);
        } finally {
            Files.deleteIfExists(empty);
        }
    }

    private static String format(List<Diagnostic<? extends JavaFileObject>> diagnostics, Path source) {
        StringBuilder text = new StringBuilder();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics) {
            if (d.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            text.append(source.getFileName()).append(':').append(d.getLineNumber()).append(": error: ")
                .append(d.getMessage(Locale.ROOT)).append('\n');
        }
        return text.toString();
    }
}

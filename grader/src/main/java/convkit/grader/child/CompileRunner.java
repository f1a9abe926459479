package convkit.grader.child;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
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
 * Compiles a submission's exercises, each on its own, in a sandboxed JVM (so a source built to
 * keep javac busy or to exhaust its memory costs only that JVM, which the grader stops).
 *
 * <p>Protocol, over stdin and stdout: the grader writes the number of exercises, then for each its
 * name, source file and output folder (paths as this process sees them); for each, in order, the
 * runner answers its name, whether it compiled, and the errors ready to show (file:line, the
 * message, the source line and a caret under the column).
 *
 * <p>Options: {@code -proc:none} (no annotation processor runs), {@code --release 25}, an empty
 * class path and source path: a student class compiles against the JDK only.
 */
public final class CompileRunner {

    private static final int MAX_ERRORS = 12;

    private CompileRunner() {
    }

    public static void main(String[] args) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(FileDescriptor.in)));
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)));
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        System.setOut(quiet);
        int count = in.readInt();
        String[][] jobs = new String[count][3];
        for (int i = 0; i < count; i++) {
            jobs[i] = new String[] {in.readUTF(), in.readUTF(), in.readUTF()};
        }
        Path empty = Files.createTempDirectory("empty");
        for (String[] job : jobs) {
            String errors;
            try {
                errors = compile(Path.of(job[1]), Path.of(job[2]), empty);
            } catch (OutOfMemoryError e) {
                errors = "the compiler ran out of memory on this file (" + Runtime.getRuntime().maxMemory() / (1 << 20)
                    + " MiB): simplify it";
            } catch (RuntimeException e) {
                errors = "the compiler failed: " + e;
            }
            out.writeUTF(job[0]);
            out.writeBoolean(errors.isEmpty());
            out.writeUTF(clip(errors));
            out.flush();
        }
        Runtime.getRuntime().halt(0);
    }

    /** Compiles one file; "" when it compiled, else the errors as the student should see them. */
    static String compile(Path source, Path classes, Path empty) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            return "no Java compiler in this runtime: the grader needs a JDK, not a JRE";
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-proc:none", "--release", "25", "-encoding", "UTF-8",
                "-d", classes.toString(), "-classpath", empty.toString(), "-sourcepath", empty.toString(),
                "-implicit:none", "-Xlint:none", "-Xmaxerrs", String.valueOf(MAX_ERRORS));
            StringWriter out = new StringWriter();
            boolean ok = compiler.getTask(out, files, diagnostics, options, null, files.getJavaFileObjects(source)).call();
            if (ok) {
                return "";
            }
            String text = format(diagnostics.getDiagnostics(), source) + out;
            return text.isBlank() ? "the compiler failed without a message" : text;
        }
    }

    /** {@code File.java:12: error: message}, then the source line and a caret under the column. */
    static String format(List<Diagnostic<? extends JavaFileObject>> diagnostics, Path source) throws IOException {
        List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
        StringBuilder text = new StringBuilder();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics) {
            if (d.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            text.append(source.getFileName()).append(':').append(d.getLineNumber()).append(": error: ")
                .append(d.getMessage(Locale.ROOT)).append('\n');
            long line = d.getLineNumber();
            if (line >= 1 && line <= lines.size()) {
                String code = lines.get((int) line - 1).replace('\t', ' ');
                text.append("    ").append(code).append('\n');
                long column = d.getColumnNumber();
                if (column >= 1 && column <= code.length() + 1) {
                    text.append("    ").append(" ".repeat((int) column - 1)).append("^\n");
                }
            }
        }
        return text.toString();
    }

    private static String clip(String text) {
        return text.length() <= 20_000 ? text : text.substring(0, 20_000) + "…";
    }
}

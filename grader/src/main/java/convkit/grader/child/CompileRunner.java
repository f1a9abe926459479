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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
 * name, source file and output folder (paths as this process sees them), and the exercises it is
 * compiled with: their number, then for each its name, its source file ("" when the submission
 * has none) and the source of its stand-in; for each exercise, in order, the runner answers its
 * name, whether it compiled, and the errors ready to show (file:line, the message, the source
 * line and a caret under the column).
 *
 * <p>An exercise compiled with others (Ex11 with the student's Ex05, Ex07, Ex08 and Ex09) is
 * compiled with their sources; one of them that is missing, or that has errors of its own, is
 * replaced by its stand-in — the same public methods, each throwing an
 * {@code UnsupportedOperationException} that says why ({@link #REASON} in the stand-in's source
 * becomes that text) — and the exercise is compiled again. Only errors in the exercise's own file
 * fail it.
 *
 * <p>Options: {@code -proc:none} (no annotation processor runs), {@code --release 25}, an empty
 * class path and source path: a student class compiles against the JDK only.
 */
public final class CompileRunner {

    private static final int MAX_ERRORS = 12;

    /** Where a stand-in's source takes the reason it stands in, inside a string literal. */
    public static final String REASON = "%REASON%";

    /** An exercise compiled with this one: its source ({@code null} when missing) and its stand-in's source. */
    record Used(String exercise, Path source, String standIn) {
    }

    private CompileRunner() {
    }

    public static void main(String[] args) throws IOException {
        NoNetwork.installIfAsked();
        DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(FileDescriptor.in)));
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)));
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        System.setOut(quiet);
        int count = in.readInt();
        String[][] jobs = new String[count][3];
        List<List<Used>> uses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            jobs[i] = new String[] {in.readUTF(), in.readUTF(), in.readUTF()};
            List<Used> used = new ArrayList<>();
            for (int j = in.readInt(); j > 0; j--) {
                String exercise = in.readUTF();
                String source = in.readUTF();
                used.add(new Used(exercise, source.isEmpty() ? null : Path.of(source), in.readUTF()));
            }
            uses.add(used);
        }
        Path empty = Files.createTempDirectory("empty");
        Path standIns = Files.createTempDirectory("stand-ins");
        for (int i = 0; i < count; i++) {
            String[] job = jobs[i];
            String errors;
            try {
                errors = compileWith(job[0], Path.of(job[1]), Path.of(job[2]), uses.get(i), empty,
                    Files.createDirectory(standIns.resolve(String.valueOf(i))));
            } catch (OutOfMemoryError e) {
                errors = "the compiler ran out of memory on this file (" + Runtime.getRuntime().maxMemory() / (1 << 20)
                    + " MiB): simplify it";
            } catch (IOException | RuntimeException e) {
                errors = "the compiler failed: " + e;
            }
            out.writeUTF(job[0]);
            out.writeBoolean(errors.isEmpty());
            out.writeUTF(clip(errors));
            out.flush();
        }
        Runtime.getRuntime().halt(0);
    }

    /**
     * Compiles {@code source} with the exercises it uses, standing in for those that are missing
     * or have errors of their own; "" when it compiled, else the errors of its own file.
     */
    static String compileWith(String exercise, Path source, Path classes, List<Used> uses, Path empty, Path standIns)
        throws IOException {
        Map<String, String> replaced = new LinkedHashMap<>();
        for (Used used : uses) {
            if (used.source() == null) {
                replaced.put(used.exercise(), used.exercise() + ".java is not in the submission");
            }
        }
        while (true) {
            List<Path> sources = new ArrayList<>(List.of(source));
            Map<Path, String> own = new HashMap<>();
            for (Used used : uses) {
                Path file = used.source();
                if (replaced.containsKey(used.exercise())) {
                    file = standIns.resolve(used.exercise() + ".java");
                    Files.writeString(file, used.standIn().replace(REASON, literal(replaced.get(used.exercise()) + ": "
                        + exercise + " was compiled with a stand-in whose methods only throw. Fix "
                        + used.exercise() + " first", 600)), StandardCharsets.UTF_8);
                } else {
                    own.put(file.toAbsolutePath().normalize(), used.exercise());
                }
                sources.add(file);
            }
            clear(classes);
            Compiled compiled = compile(sources, classes, empty);
            if (compiled.ok()) {
                return "";
            }
            Map<String, String> broken = new LinkedHashMap<>();
            for (Diagnostic<? extends JavaFileObject> d : compiled.errors()) {
                String used = d.getSource() == null ? null : own.get(Path.of(d.getSource().toUri()).toAbsolutePath().normalize());
                if (used != null) {
                    broken.putIfAbsent(used, used + ".java did not compile together with " + exercise + " ("
                        + Path.of(d.getSource().toUri()).getFileName() + ":" + d.getLineNumber() + ": "
                        + d.getMessage(Locale.ROOT).lines().findFirst().orElse("") + ")");
                }
            }
            if (broken.isEmpty()) {
                String text = format(compiled.errors()) + compiled.output();
                if (text.isBlank()) {
                    return "the compiler failed without a message";
                }
                return uses.isEmpty() ? text : text + exercise + " is compiled together with your "
                    + String.join(", ", uses.stream().map(Used::exercise).toList()) + " (and the JDK): it may call"
                    + " those, with the methods their stubs declare, and no other exercise.\n";
            }
            replaced.putAll(broken);
        }
    }

    /** What javac said about one set of sources. */
    private record Compiled(boolean ok, List<Diagnostic<? extends JavaFileObject>> errors, String output) {
    }

    /** Compiles these files together into {@code classes}. */
    private static Compiled compile(List<Path> sources, Path classes, Path empty) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            return new Compiled(false, List.of(), "no Java compiler in this runtime: the grader needs a JDK, not a JRE");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-proc:none", "--release", "25", "-encoding", "UTF-8",
                "-d", classes.toString(), "-classpath", empty.toString(), "-sourcepath", empty.toString(),
                "-implicit:none", "-Xlint:none", "-Xmaxerrs", String.valueOf(MAX_ERRORS));
            StringWriter out = new StringWriter();
            boolean ok = compiler.getTask(out, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(sources)).call();
            List<Diagnostic<? extends JavaFileObject>> errors = diagnostics.getDiagnostics().stream()
                .filter(d -> d.getKind() == Diagnostic.Kind.ERROR).toList();
            return new Compiled(ok, errors, out.toString());
        }
    }

    /** Empties the output folder: an attempt that failed may have written some classes. */
    private static void clear(Path classes) throws IOException {
        try (var paths = Files.walk(classes)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!p.equals(classes)) {
                    Files.delete(p);
                }
            }
        }
    }

    /**
     * {@code text} made safe inside a Java string literal: printable ASCII only (anything else
     * becomes {@code ?}, a line break a space), backslashes and quotes escaped, at most {@code max}
     * characters. A doubled backslash cannot start a {@code \\u} escape.
     */
    static String literal(String text, int max) {
        StringBuilder safe = new StringBuilder();
        for (int i = 0; i < text.length() && safe.length() < max; i++) {
            char c = text.charAt(i);
            if (c == '\\' || c == '"') {
                safe.append('\\').append(c);
            } else {
                safe.append(c >= 0x20 && c < 0x7f ? c : c == '\n' ? ' ' : '?');
            }
        }
        return safe.toString();
    }

    /**
     * {@code File.java:12: error: message}, then the source line and a caret under the column; and,
     * once for each source that is not UTF-8 (an editor that saves Latin-1: javac reads it as UTF-8
     * and takes an accented letter in a comment with a warning), where its first such byte is and
     * how to save it.
     */
    static String format(List<Diagnostic<? extends JavaFileObject>> diagnostics) throws IOException {
        StringBuilder text = new StringBuilder();
        Map<Path, String> encodings = new LinkedHashMap<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics) {
            if (d.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            Path source = d.getSource() == null ? null : Path.of(d.getSource().toUri());
            List<String> lines = List.of();
            if (source != null) {
                byte[] bytes = Files.readAllBytes(source);
                // bytes that are not UTF-8 shown as U+FFFD, as javac reads them
                lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
                encodings.computeIfAbsent(source, file -> notUtf8(file, bytes));
            }
            text.append(source == null ? "" : source.getFileName() + ":" + d.getLineNumber() + ": ").append("error: ")
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
        encodings.values().stream().filter(note -> !note.isEmpty()).forEach(text::append);
        return text.toString();
    }

    /**
     * "" when {@code bytes} are UTF-8; else a note naming the line of the first byte that is not
     * and the byte, which says how the file was saved.
     */
    static String notUtf8(Path file, byte[] bytes) {
        var decoder = StandardCharsets.UTF_8.newDecoder();
        var in = java.nio.ByteBuffer.wrap(bytes);
        var out = java.nio.CharBuffer.allocate(bytes.length + 1);
        if (!decoder.decode(in, out, true).isError()) {
            return "";
        }
        int at = in.position();
        long line = 1 + java.util.stream.IntStream.range(0, at).filter(i -> bytes[i] == '\n').count();
        return String.format(Locale.ROOT, "note: %s is not saved as UTF-8: line %d has the byte 0x%02X, which UTF-8"
            + " does not allow there (a file saved as Latin-1 or Windows-1252 has such bytes for its accented letters)."
            + " The grader reads sources as UTF-8 and shows such a byte as \ufffd; save the file as UTF-8 (your"
            + " editor's encoding setting).\n", file.getFileName(), line, bytes[at] & 0xff);
    }

    private static String clip(String text) {
        return text.length() <= 20_000 ? text : text.substring(0, 20_000) + "…";
    }
}

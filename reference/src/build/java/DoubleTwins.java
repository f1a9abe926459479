import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes the float64 twin of every float32 template of the fast path, at build time (Maven's
 * generate-sources phase runs it with the JDK's single-file source launcher, see
 * {@code reference/pom.xml}). EJML's {@code GenerateCode32} does the same the other way round.
 *
 * <p>A template is a file {@code Float<Name>.java} in the source folder; its twin is
 * {@code Double<Name>.java} in the output folder, the same text with every precision word
 * turned: {@code float32}→{@code float64}, {@code sgemm}→{@code dgemm}, {@code float}→{@code double},
 * {@code Float}→{@code Double}, {@code FLOAT}→{@code DOUBLE}, also inside longer names
 * ({@code FloatVector}, {@code JAVA_FLOAT}, {@code floatBuffer}). A template must therefore not
 * contain a float literal ({@code 1f}) or any word that has to stay single precision: the
 * generator refuses both, naming the file and the line.
 *
 * <p>Twins are written only when their text changed (so the compiler sees no new file), and a
 * twin whose template is gone is deleted: the output folder belongs to this generator alone.
 *
 * <pre>
 *   java reference/src/build/java/DoubleTwins.java reference/src/main/java/convkit/fast \
 *        reference/target/generated-sources/float64/convkit/fast
 * </pre>
 */
public final class DoubleTwins {

    /** A float literal ({@code 1f}, {@code 0.5F}): it would stay single precision in the twin. */
    private static final Pattern FLOAT_LITERAL = Pattern.compile("(?<![\\w.])\\d+(\\.\\d*)?([eE][+-]?\\d+)?[fF]\\b");
    private static final Pattern TEMPLATE = Pattern.compile("Float(\\w+)\\.java");
    /** Each precision word and its float64 form (in the pattern, float32 before float so it wins). */
    private static final Map<String, String> TURNED = Map.of(
        "float32", "float64", "sgemm", "dgemm", "SGEMM", "DGEMM", "float", "double", "Float", "Double", "FLOAT", "DOUBLE");
    private static final Pattern PRECISION_WORD = Pattern.compile("float32|sgemm|SGEMM|float|Float|FLOAT");

    private DoubleTwins() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java DoubleTwins.java TEMPLATE_FOLDER OUTPUT_FOLDER");
            System.exit(2);
        }
        Path source = Path.of(args[0]);
        Path output = Path.of(args[1]);
        if (!Files.isDirectory(source)) {
            throw new IllegalArgumentException("template folder " + source.toAbsolutePath() + " does not exist");
        }
        Files.createDirectories(output);
        Set<Path> written = new HashSet<>();
        int changed = 0;
        for (Path template : templates(source)) {
            Matcher name = TEMPLATE.matcher(template.getFileName().toString());
            if (!name.matches()) {
                throw new IllegalStateException("not a template name: " + template);
            }
            Path twin = output.resolve("Double" + name.group(1) + ".java");
            String text = twin(template, Files.readString(template, StandardCharsets.UTF_8));
            written.add(twin);
            if (!Files.exists(twin) || !Files.readString(twin, StandardCharsets.UTF_8).equals(text)) {
                Files.writeString(twin, text, StandardCharsets.UTF_8);
                changed++;
            }
        }
        int deleted = 0;
        try (Stream<Path> files = Files.list(output)) {
            for (Path stale : files.filter(p -> !written.contains(p)).toList()) {
                Files.delete(stale);
                deleted++;
            }
        }
        if (changed > 0 || deleted > 0) { // an up-to-date build says nothing
            System.out.println("DoubleTwins: " + written.size() + " float64 twins in " + output + " (" + changed
                + " rewritten, " + deleted + " stale deleted)");
        }
    }

    private static List<Path> templates(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> TEMPLATE.matcher(p.getFileName().toString()).matches()).sorted().toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The float64 text of one template, with a first line that says where it came from. */
    static String twin(Path template, String text) {
        List<String> problems = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher literal = FLOAT_LITERAL.matcher(lines[i]);
            if (literal.find()) {
                problems.add(template.getFileName() + ":" + (i + 1) + ": float literal '" + literal.group()
                    + "' (write it without the suffix, or as a cast of a variable, so both precisions read it)");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("cannot generate the float64 twin:\n  " + String.join("\n  ", problems));
        }
        // one pass, so a word already turned is not turned again (float32 → float64, not double64)
        String turned = PRECISION_WORD.matcher(text).replaceAll(word -> TURNED.get(word.group()));
        return "// Generated at build time by reference/src/build/java/DoubleTwins.java from "
            + template.getFileName() + ": edit that file, not this one.\n" + turned;
    }
}

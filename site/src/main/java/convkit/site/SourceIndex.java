package convkit.site;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The Java sources the site shows: reference classes and exercise stubs, by simple class name.
 *
 * @param root      the project root
 * @param reference simple name to source file under {@code reference/src/main/java}
 * @param exercises simple name to source file under {@code exercises/src/main/java}
 */
record SourceIndex(Path root, Map<String, Path> reference, Map<String, Path> exercises) {

    static final String REFERENCE_SOURCES = "reference/src/main/java";
    static final String EXERCISE_SOURCES = "exercises/src/main/java";

    static SourceIndex scan(Path root) {
        return new SourceIndex(root, classes(root.resolve(REFERENCE_SOURCES)), classes(root.resolve(EXERCISE_SOURCES)));
    }

    private static Map<String, Path> classes(Path dir) {
        Map<String, Path> found = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(p -> p.toString().endsWith(".java"))
                .filter(p -> !p.getFileName().toString().equals("package-info.java"))
                .filter(p -> !p.getFileName().toString().equals("module-info.java"))
                .sorted()
                .forEach(p -> found.putIfAbsent(p.getFileName().toString().replace(".java", ""), p));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return found;
    }
}

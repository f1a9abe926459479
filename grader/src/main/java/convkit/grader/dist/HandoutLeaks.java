package convkit.grader.dist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a handout must not hold, checked on the written folder before it is handed out: grader
 * sources (hidden suites among them), instructor solutions as sources, classes or resources, the
 * instructor tools, and class files anywhere but the compiled grader.
 */
final class HandoutLeaks {

    /** All that {@code grader/} of a handout may hold besides its classes. */
    private static final Set<String> GRADER_FILES = Set.of("grader/pom.xml", "grader/README.md");

    private HandoutLeaks() {
    }

    /** The files of handout {@code out} that leak instructor material of checkout {@code root}, each with the reason. */
    static List<String> find(Path root, Path out) throws IOException {
        Set<String> solutions = solutionTexts(root.resolve("grader/src/solutions"));
        List<String> leaks = new ArrayList<>();
        try (Stream<Path> files = Files.walk(out)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                String relative = out.relativize(file).toString().replace('\\', '/');
                String reason = reason(relative, file, solutions);
                if (reason != null) {
                    leaks.add(relative + " (" + reason + ")");
                }
            }
        }
        return leaks;
    }

    private static String reason(String relative, Path file, Set<String> solutions) throws IOException {
        String classesPrefix = CompiledGrader.CLASSES + "/";
        if (relative.startsWith(classesPrefix)) {
            return CompiledGrader.shipped(relative.substring(classesPrefix.length())) ? null
                : "instructor-only class or resource of the grader";
        }
        if (relative.startsWith("grader/") && !GRADER_FILES.contains(relative)) {
            return "grader/ holds only its pom.xml, README.md and classes/";
        }
        if (relative.contains("/solutions/") || relative.endsWith("Suite.java")) {
            return "solutions or hidden suite by name";
        }
        if (relative.endsWith(".class")) {
            return "a class file outside " + CompiledGrader.CLASSES;
        }
        if (relative.endsWith("/HandoutCommand.java") || relative.endsWith("/AutograderCommand.java")) {
            return "an instructor-only command";
        }
        if (relative.endsWith(".java")) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            if (text.contains("package convkit.grader")) {
                return "a source of the grader";
            }
            if (solutions.contains(text)) {
                return "the text of an instructor solution";
            }
        }
        return null;
    }

    /** The text of every instructor solution source under {@code folder} (none when there is no such folder). */
    private static Set<String> solutionTexts(Path folder) throws IOException {
        Set<String> texts = new HashSet<>();
        if (!Files.isDirectory(folder)) {
            return texts;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file) && file.toString().endsWith(".java")) {
                    texts.add(Files.readString(file, StandardCharsets.UTF_8));
                }
            }
        }
        return texts;
    }
}

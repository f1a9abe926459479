package convkit.grader.dist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes the student distribution: lessons, exercise stubs and their visible tests, the
 * reference, the site, the CLI, the launcher, the Maven wrapper, and the grader compiled
 * ({@link CompiledGrader}: hidden suites as classes, no solutions), so that students grade
 * themselves with {@code ./convkit grade}. Leaves out the instructor-only commands
 * ({@code handout}, {@code autograder}) and checks the result ({@link HandoutLeaks}).
 */
public final class Handout {

    /** Top-level files and folders that go to students (the grader goes compiled, see {@link CompiledGrader}). */
    private static final List<String> INCLUDED = List.of("pom.xml", "mvnw", "mvnw.cmd", ".mvn", "convkit", "README.md",
        ".gitignore", "lessons", "reference", "exercises", "site", "cli");
    /** CLI commands that exist only for instructors: they write handouts and bundles from the sources. */
    private static final List<String> INSTRUCTOR_COMMANDS = List.of("HandoutCommand", "AutograderCommand");
    /** CLI tests that need the instructor's checkout (they grade the instructor solutions). */
    private static final List<String> INSTRUCTOR_TESTS = List.of("HandoutCommandTests", "AutograderCommandTests",
        "GradeCommandTests");
    /** Appended to the handout's .gitignore, whose {@code *.class} would otherwise leave the grader out of a student's repository. */
    private static final String KEEP_GRADER_CLASSES = """

        # the grader comes compiled in a handout: keep its classes
        !/%s/**
        """.formatted(CompiledGrader.CLASSES);

    private Handout() {
    }

    /** Writes the handout of checkout {@code root} into {@code out} (which must not exist or be empty). */
    public static List<String> write(Path root, Path out) throws IOException {
        Checkout.require(root);
        if (Files.exists(out)) {
            try (Stream<Path> entries = Files.list(out)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("--out must be a new or empty folder, got " + out);
                }
            }
        }
        Files.createDirectories(out);
        for (String name : INCLUDED) {
            Checkout.copy(root.resolve(name), out.resolve(name), Handout::instructorOnly);
        }
        CompiledGrader.write(root, out);
        removeInstructorCommands(out);
        Files.writeString(out.resolve(".gitignore"), KEEP_GRADER_CLASSES, StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        List<String> leaks = HandoutLeaks.find(root, out);
        if (!leaks.isEmpty()) {
            throw new IllegalStateException("the handout would leak instructor material: " + leaks);
        }
        return listing(out);
    }

    private static boolean instructorOnly(Path file, Path relative) {
        String name = file.getFileName().toString();
        return INSTRUCTOR_COMMANDS.stream().anyMatch(c -> name.equals(c + ".java"))
            || INSTRUCTOR_TESTS.stream().anyMatch(t -> name.equals(t + ".java"));
    }

    /** Unregisters the instructor commands from the CLI (their classes were not copied). */
    private static void removeInstructorCommands(Path out) throws IOException {
        Path main = out.resolve("cli/src/main/java/convkit/cli/Main.java");
        List<String> kept = new ArrayList<>();
        for (String line : Files.readAllLines(main, StandardCharsets.UTF_8)) {
            if (INSTRUCTOR_COMMANDS.stream().noneMatch(c -> line.contains(c + ".class"))) {
                kept.add(line);
            }
        }
        Files.write(main, kept, StandardCharsets.UTF_8);
    }

    private static List<String> listing(Path out) throws IOException {
        try (Stream<Path> files = Files.list(out)) {
            return files.map(p -> out.relativize(p).toString()).sorted().toList();
        }
    }
}

package convkit.grader.dist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes the student distribution: lessons, exercise stubs and their visible tests, the
 * reference, the site, the CLI, the launcher and the Maven wrapper. Leaves out the {@code grader}
 * module (hidden suites, instructor solutions) and the CLI commands that need it, and checks the
 * result: no file of the handout may mention the grader's packages or the solutions.
 */
public final class Handout {

    /** Top-level files and folders that go to students. */
    private static final List<String> INCLUDED = List.of("pom.xml", "mvnw", "mvnw.cmd", ".mvn", "convkit", "README.md",
        ".gitignore", "lessons", "reference", "exercises", "site", "cli");
    /** CLI classes (and their tests) that exist only for instructors: they need the grader module. */
    private static final List<String> INSTRUCTOR_COMMANDS = List.of("GradeCommand", "HandoutCommand", "AutograderCommand",
        "SeedChoice");
    private static final Pattern GRADER_DEPENDENCY = Pattern.compile(
        "\\s*<dependency>\\s*<groupId>convkit</groupId>\\s*<artifactId>convkit-grader</artifactId>\\s*</dependency>");

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
        stripGrader(out);
        List<String> leaks = leaks(out);
        if (!leaks.isEmpty()) {
            throw new IllegalStateException("the handout would leak instructor material: " + leaks);
        }
        return listing(out);
    }

    private static boolean instructorOnly(Path file, Path relative) {
        String name = file.getFileName().toString();
        return INSTRUCTOR_COMMANDS.stream().anyMatch(c -> name.equals(c + ".java") || name.equals(c + "Tests.java"));
    }

    /** Removes the grader module from the build and the instructor commands from the CLI. */
    private static void stripGrader(Path out) throws IOException {
        Path pom = out.resolve("pom.xml");
        Files.writeString(pom, Files.readString(pom).replaceAll("\\s*<module>grader</module>", ""));
        Path cliPom = out.resolve("cli/pom.xml");
        if (Files.exists(cliPom)) {
            Files.writeString(cliPom, GRADER_DEPENDENCY.matcher(Files.readString(cliPom)).replaceAll(""));
        }
        Path main = out.resolve("cli/src/main/java/convkit/cli/Main.java");
        if (Files.exists(main)) {
            List<String> kept = new ArrayList<>();
            for (String line : Files.readAllLines(main, StandardCharsets.UTF_8)) {
                if (INSTRUCTOR_COMMANDS.stream().noneMatch(line::contains)) {
                    kept.add(line);
                }
            }
            Files.write(main, kept, StandardCharsets.UTF_8);
        }
    }

    /** Files that mention the grader's packages, hidden suites or solutions. */
    static List<String> leaks(Path out) throws IOException {
        List<String> leaks = new ArrayList<>();
        try (Stream<Path> files = Files.walk(out)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String relative = out.relativize(file).toString().replace('\\', '/');
                if (relative.startsWith("grader/") || relative.contains("/solutions/")) {
                    leaks.add(relative);
                    continue;
                }
                if (Files.isRegularFile(file) && relative.endsWith(".java")) {
                    String text = Files.readString(file, StandardCharsets.UTF_8);
                    if (text.contains("import convkit.grader") || text.contains("convkit.grader.suite")) {
                        leaks.add(relative);
                    }
                }
            }
        }
        return leaks;
    }

    private static List<String> listing(Path out) throws IOException {
        try (Stream<Path> files = Files.list(out)) {
            return files.map(p -> out.relativize(p).toString()).sorted().toList();
        }
    }
}

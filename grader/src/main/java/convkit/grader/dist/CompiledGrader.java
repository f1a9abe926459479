package convkit.grader.dist;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The grader as a handout carries it: compiled. Its class files (the hidden suites among them,
 * as classes, not sources) go to {@code grader/classes/}, and a {@code grader/pom.xml} of a few
 * lines makes that folder the {@code convkit-grader} module: a module without sources whose jar
 * is those classes. The handout's CLI then builds and grades exactly as in the instructor's
 * checkout, with only a JDK (the Maven wrapper does the rest).
 *
 * <p>Left out: the instructor solutions (resources under {@code convkit/grader/solutions/} and the
 * {@code Solutions} class that reads them), the instructor tools ({@code convkit/grader/dist/}:
 * this class, the handout, the autograder bundle), every source file, and anything of
 * {@code convkit/exercises/}.
 */
final class CompiledGrader {

    /** Where the handout keeps the grader's classes, relative to its root. */
    static final String CLASSES = "grader/classes";
    /** Class-file paths (prefixes) that never go to students. */
    static final List<String> LEFT_OUT = List.of("convkit/exercises/", "convkit/grader/solutions/", "convkit/grader/dist/",
        "convkit/grader/Solutions.class", "convkit/grader/Solutions$");

    /** The project-level dependencies of the instructor's grader/pom.xml (two spaces in: not a profile's). */
    private static final Pattern DEPENDENCIES = Pattern.compile("(?s)\n  <dependencies>.*?\n  </dependencies>");

    private static final String POM = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- The grader, compiled: `./convkit grade` runs the hidden tests from these classes.
             This module has no sources: its jar is the class files in classes/ (hidden suites
             included, as classes; no instructor solutions). Written by `convkit handout`. -->
        <project xmlns="http://maven.apache.org/POM/4.0.0"
                 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                 xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
          <modelVersion>4.0.0</modelVersion>
          <parent>
            <groupId>convkit</groupId>
            <artifactId>convkit-parent</artifactId>
            <version>%s</version>
          </parent>

          <artifactId>convkit-grader</artifactId>
          <name>convkit grader (compiled)</name>
          <description>The grader and its hidden suites, compiled, as the student handout carries them.</description>
        %s

          <build>
            <resources>
              <resource>
                <directory>classes</directory>
              </resource>
            </resources>
          </build>
        </project>
        """;

    private static final String README = """
        # grader (compiled)

        `./convkit grade` grades your exercises against the hidden tests: it compiles each
        exercise on its own, runs it in a separate JVM and compares what comes back with the
        reference's values. Results go to `.convkit/grade/results.json`, which the site's
        progress page (`./convkit serve`) shows.

        This folder holds that grader compiled (`classes/`), built like any other module. Your
        local grade draws its random inputs from a public practice seed; the official grade uses
        the same examples and kinds of edge cases with other random inputs, so code that is right for
        every input scores the same in both.

        Written by `convkit handout`; do not edit.
        """;

    private CompiledGrader() {
    }

    /**
     * Writes {@code out/grader/}: the running grader's classes (from its jar or its classes
     * folder), minus {@link #LEFT_OUT}, a pom.xml with the dependencies of
     * {@code root/grader/pom.xml}, and a README. Returns the number of class files.
     */
    static int write(Path root, Path out) throws IOException {
        Path classes = out.resolve(CLASSES);
        int count = 0;
        Path location = codeSource();
        try (FileSystem jar = Files.isDirectory(location) ? null : FileSystems.newFileSystem(location)) {
            Path base = jar == null ? location : jar.getPath("/");
            try (Stream<Path> files = Files.walk(base)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    String relative = base.relativize(file).toString().replace('\\', '/');
                    if (!Files.isRegularFile(file) || !shipped(relative)) {
                        continue;
                    }
                    Path target = classes.resolve(relative);
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target);
                    count += relative.endsWith(".class") ? 1 : 0;
                }
            }
        }
        if (count == 0) {
            throw new IllegalStateException("no grader classes found at " + location + ": build the grader first");
        }
        Files.writeString(out.resolve("grader/pom.xml"), pom(root.resolve("grader/pom.xml")), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("grader/README.md"), README, StandardCharsets.UTF_8);
        return count;
    }

    /** Whether a file of the grader's class path goes to students. */
    static boolean shipped(String relative) {
        return relative.startsWith("convkit/") && !relative.endsWith(".java")
            && LEFT_OUT.stream().noneMatch(relative::startsWith);
    }

    private static String pom(Path instructorPom) throws IOException {
        String text = Files.readString(instructorPom, StandardCharsets.UTF_8);
        Matcher dependencies = DEPENDENCIES.matcher(text);
        Matcher version = Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL).matcher(text);
        if (!dependencies.find() || !version.find()) {
            throw new IllegalStateException(instructorPom + ": expected a <parent> with a <version> and a project-level"
                + " <dependencies> block (indented two spaces)");
        }
        return POM.formatted(version.group(1), dependencies.group());
    }

    /** The jar or folder this class was loaded from: the grader being handed out. */
    private static Path codeSource() {
        try {
            return Path.of(CompiledGrader.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the grader's classes: " + e.getMessage(), e);
        }
    }
}

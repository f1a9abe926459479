package convkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** The student handout: nothing of the grader inside, and it builds and runs its visible tests alone. */
class HandoutCommandTests {

    @TempDir
    Path temp;

    private Path handout() {
        Path out = temp.resolve("handout");
        CommandLine cli = Main.commandLine();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        assertEquals(0, cli.execute("handout", "--out", out.toString()), err.toString());
        return out;
    }

    private static List<String> files(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/')).toList();
        }
    }

    @Test
    void theHandoutHasNoSolutionsNoHiddenSuitesAndNoGrader() throws IOException {
        Path out = handout();
        List<String> files = files(out);
        assertTrue(files.contains("exercises/src/main/java/convkit/exercises/Ex05ConvLayer.java"));
        assertTrue(files.contains("exercises/src/test/java/convkit/exercises/Ex05ConvLayerTests.java"));
        assertTrue(files.contains("reference/src/main/java/convkit/reference/Conv2d.java"));
        assertTrue(files.contains("convkit"));
        assertTrue(files.contains("mvnw"));
        assertTrue(files.stream().noneMatch(f -> f.startsWith("grader/")), files.toString());
        assertTrue(files.stream().noneMatch(f -> f.contains("solutions/") || f.contains("Suite.java")));
        assertTrue(files.stream().noneMatch(f -> f.contains("GradeCommand") || f.contains("AutograderCommand")));
        assertFalse(Files.readString(out.resolve("pom.xml")).contains("<module>grader</module>"));
        assertFalse(Files.readString(out.resolve("cli/pom.xml")).contains("convkit-grader"));
        assertTrue(Files.isExecutable(out.resolve("convkit")));
    }

    @Test
    void anExistingNonEmptyFolderIsAUsageError() throws IOException {
        Files.writeString(Files.createDirectories(temp.resolve("busy")).resolve("x.txt"), "x");
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(new StringWriter(), true));
        assertEquals(Main.EXIT_USAGE, cli.execute("handout", "--out", temp.resolve("busy").toString()));
    }

    @Test
    void theHandoutBuildsAndItsVisibleTestsPassOnCompletedExercises() throws IOException, InterruptedException {
        Path out = handout();
        // a student who completed every exercise: the instructor solutions in place of the stubs
        try (Stream<Path> solutions = Files.list(ProjectRoot.find().resolve("grader/src/solutions/java/convkit/exercises"))) {
            for (Path solution : (Iterable<Path>) solutions::iterator) {
                Files.copy(solution, out.resolve("exercises/src/main/java/convkit/exercises").resolve(solution.getFileName()),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        String log = maven(out, "-o", "-B", "verify", "-pl", "exercises", "-am", "-Dconvkit.skipExerciseTests=false",
            "-Dtest=Ex*Tests", "-Dsurefire.failIfNoSpecifiedTests=false");
        assertTrue(log.contains("BUILD SUCCESS"), log);
        assertTrue(log.contains("Tests run:") && log.contains("convkit.exercises.Ex05ConvLayerTests"), log);
        String cli = maven(out, "-o", "-B", "compile", "-pl", "cli", "-am");
        assertTrue(cli.contains("BUILD SUCCESS"), cli);
    }

    private String maven(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", "./mvnw"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Path log = temp.resolve("maven-" + System.nanoTime() + ".log");
        builder.redirectOutput(log.toFile());
        Process process = builder.start();
        assertTrue(process.waitFor(10, TimeUnit.MINUTES), "maven did not finish");
        String text = Files.readString(log);
        return text.length() > 20_000 ? text.substring(text.length() - 20_000) : text;
    }
}

package convkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine;

/**
 * The student handout: the grader compiled (hidden suites as classes), no solutions, no suite
 * sources, no instructor commands; it builds with the wrapper alone, runs its visible tests and
 * grades itself like the instructor's checkout.
 */
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

    private static Path solutions() {
        return ProjectRoot.find().resolve("grader/src/solutions/java/convkit/exercises");
    }

    @Test
    void theHandoutHasTheGraderCompiledButNoSolutionsNoSuiteSourcesAndNoInstructorCommands() throws IOException {
        Path out = handout();
        List<String> files = files(out);
        assertTrue(files.contains("exercises/src/main/java/convkit/exercises/Ex05ConvLayer.java"));
        assertTrue(files.contains("exercises/src/test/java/convkit/exercises/Ex05ConvLayerTests.java"));
        assertTrue(files.contains("reference/src/main/java/convkit/reference/Conv2d.java"));
        assertTrue(files.contains("grader/classes/convkit/grader/suite/Ex05ConvLayerSuite.class"), files.toString());
        assertTrue(files.contains("cli/src/main/java/convkit/cli/GradeCommand.java"));
        assertTrue(files.stream().noneMatch(f -> f.startsWith("grader/") && f.endsWith(".java")), files.toString());
        assertTrue(files.stream().noneMatch(f -> f.contains("solutions") || f.contains("Solutions") || f.endsWith("Suite.java")));
        assertTrue(files.stream().noneMatch(f -> f.contains("convkit/exercises/") && f.endsWith(".class")));
        assertTrue(files.stream().noneMatch(f -> f.contains("grader/dist/")), "the instructor tools stay home");
        assertTrue(files.stream().noneMatch(f -> f.contains("HandoutCommand") || f.contains("AutograderCommand")
            || f.contains("GradeCommandTests")));
        assertFalse(Files.readString(out.resolve("cli/src/main/java/convkit/cli/Main.java")).contains("HandoutCommand"));
        assertTrue(Files.readString(out.resolve("pom.xml")).contains("<module>grader</module>"));
        assertTrue(Files.readString(out.resolve(".gitignore")).contains("!/grader/classes/**"));
        assertTrue(Files.isExecutable(out.resolve("convkit")));
        try (Stream<Path> stubs = Files.list(solutions())) {
            for (Path solution : (Iterable<Path>) stubs::iterator) {
                String stub = Files.readString(out.resolve("exercises/src/main/java/convkit/exercises").resolve(solution.getFileName()));
                assertFalse(stub.equals(Files.readString(solution)), solution.getFileName() + " went out solved");
            }
        }
    }

    @Test
    void anExistingNonEmptyFolderIsAUsageError() throws IOException {
        Files.writeString(Files.createDirectories(temp.resolve("busy")).resolve("x.txt"), "x");
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(new StringWriter(), true));
        assertEquals(Main.EXIT_USAGE, cli.execute("handout", "--out", temp.resolve("busy").toString()));
    }

    /**
     * One handout, built once, used as a student would: grade the stubs (0 points), complete every
     * exercise (the instructor solutions in place of the stubs), run the visible tests, grade again
     * (full marks, without rebuilding the CLI), and see the grade on the progress page that
     * {@code ./convkit serve} serves.
     */
    @Test
    void aStudentGradesTheHandoutLocallyFromStubsToFullMarksAndSeesItOnTheProgressPage()
        throws IOException, InterruptedException {
        Path out = handout();
        Run stubs = run(out, "./convkit", "grade");
        assertEquals(0, stubs.exit(), stubs.toString());
        assertTrue(stubs.text().contains("practice grading: "), stubs.toString());
        JsonNode first = results(out);
        assertEquals(0.0, first.get("score").asDouble(), stubs.toString());
        assertTrue(first.get("max_score").asDouble() > 200, first.get("max_score").toString());
        assertEquals("practice", first.get("extra_data").get("random_cases").asText());

        assertTheBuiltGraderJarHoldsNoSolutions(out);
        assertTheInstructorCommandsAreRefused(out);

        try (Stream<Path> solutions = Files.list(solutions())) {
            for (Path solution : (Iterable<Path>) solutions::iterator) {
                Files.copy(solution, out.resolve("exercises/src/main/java/convkit/exercises").resolve(solution.getFileName()),
                    StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Run visible = run(out, "./mvnw", "-o", "-B", "verify", "-pl", "exercises", "-am", "-Dconvkit.skipExerciseTests=false",
            "-Dtest=Ex*Tests", "-Dsurefire.failIfNoSpecifiedTests=false");
        assertTrue(visible.text().contains("BUILD SUCCESS"), visible.toString());
        assertTrue(visible.text().contains("Tests run:") && visible.text().contains("convkit.exercises.Ex05ConvLayerTests"),
            visible.toString());

        Run solved = run(out, "./convkit", "grade");
        assertEquals(0, solved.exit(), solved.toString());
        assertFalse(solved.text().contains("convkit: building"), "an exercise change must not rebuild the CLI:\n" + solved);
        JsonNode full = results(out);
        assertEquals(full.get("max_score").asDouble(), full.get("score").asDouble(), solved.toString());
        assertEquals(first.get("max_score").asDouble(), full.get("max_score").asDouble());

        String progress = servedProgressPage(out);
        int tests = full.get("tests").size();
        assertTrue(progress.contains(tests + " of " + tests + " tests pass"), progress);
    }

    /** Runs {@code ./convkit serve --port 0} (it grades, builds the site, serves it on loopback) and fetches the progress page. */
    private String servedProgressPage(Path handout) throws IOException, InterruptedException {
        Path log = temp.resolve("serve.log");
        ProcessBuilder builder = new ProcessBuilder("bash", "./convkit", "serve", "--port", "0").directory(handout.toFile())
            .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("CONVKIT_JAVA_HOME", System.getProperty("java.home"));
        Process serve = builder.start();
        try {
            Pattern serving = Pattern.compile("serving .* at (http://localhost:\\d+/)");
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (System.nanoTime() < deadline && serve.isAlive()) {
                Matcher url = serving.matcher(Files.readString(log));
                if (url.find()) {
                    HttpResponse<String> page = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create(url.group(1) + "progress.html")).build(), BodyHandlers.ofString());
                    assertEquals(200, page.statusCode());
                    return page.body();
                }
                Thread.sleep(500);
            }
            throw new AssertionError("serve did not start serving:\n" + Files.readString(log));
        } finally {
            serve.descendants().forEach(ProcessHandle::destroy);
            serve.destroy();
            if (!serve.waitFor(30, TimeUnit.SECONDS)) {
                serve.destroyForcibly();
            }
        }
    }

    private static JsonNode results(Path handout) throws IOException {
        return new ObjectMapper().readTree(handout.resolve(GradeCommand.DEFAULT_RESULTS).toFile());
    }

    /** The grader jar the handout built and runs: its suites as classes, nothing of the solutions or the exercises. */
    private static void assertTheBuiltGraderJarHoldsNoSolutions(Path handout) throws IOException {
        List<Path> jars;
        try (Stream<Path> lib = Files.list(handout.resolve("cli/target/lib"))) {
            jars = lib.filter(p -> p.getFileName().toString().startsWith("convkit-grader")).toList();
        }
        assertEquals(1, jars.size(), jars.toString());
        try (FileSystem jar = FileSystems.newFileSystem(jars.getFirst()); Stream<Path> entries = Files.walk(jar.getPath("/"))) {
            List<String> names = entries.map(Path::toString).toList();
            assertTrue(names.contains("/convkit/grader/suite/Ex05ConvLayerSuite.class"), names.toString());
            assertTrue(names.stream().noneMatch(n -> n.startsWith("/convkit/exercises") || n.contains("solutions")
                || n.contains("Solutions") || n.endsWith(".java")), names.toString());
        }
    }

    private void assertTheInstructorCommandsAreRefused(Path handout) throws IOException, InterruptedException {
        Run handoutAgain = run(handout, "./convkit", "handout", "--out", temp.resolve("again").toString());
        assertEquals(Main.EXIT_USAGE, handoutAgain.exit(), handoutAgain.toString());
        Run bundle = run(handout, "./convkit", "autograder", "--out", temp.resolve("a.zip").toString());
        assertEquals(Main.EXIT_USAGE, bundle.exit(), bundle.toString());
        Run selfCheck = run(handout, "./convkit", "grade", "--self-check");
        assertEquals(Main.EXIT_USAGE, selfCheck.exit(), selfCheck.toString());
        assertTrue(selfCheck.text().contains("only the instructor's checkout has"), selfCheck.toString());
    }

    /** The exit code and the whole output (standard output and error) of a process. */
    private record Run(int exit, String text) {

        /** What an assertion message shows: the start and the end of the output. */
        @Override
        public String toString() {
            return text.length() <= 20_000 ? text : text.substring(0, 4_000) + "\n…\n" + text.substring(text.length() - 16_000);
        }
    }

    private Run run(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("CONVKIT_JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove(SeedChoice.ENVIRONMENT);
        Path log = temp.resolve("run-" + System.nanoTime() + ".log");
        builder.redirectOutput(log.toFile());
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", args) + " did not finish in 10 minutes");
        }
        String text = Files.readString(log);
        return new Run(process.exitValue(), text);
    }
}

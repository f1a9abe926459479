package convkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine;

/** The Gradescope bundle, and its run_autograder against a simulated /autograder layout. */
class AutograderCommandTests {

    @TempDir
    Path temp;

    private Path bundle() throws IOException {
        Path zip = temp.resolve("autograder.zip");
        Path seed = Files.writeString(temp.resolve("course-seed.txt"), "fall 2026: 81723\n");
        CommandLine cli = Main.commandLine();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        assertEquals(0, cli.execute("autograder", "--out", zip.toString(), "--seed-file", seed.toString()), err.toString());
        return zip;
    }

    /** Unzips the bundle into {@code <root>/source}. */
    private static void unzip(Path zip, Path source) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                Path file = source.resolve(entry.getName()).normalize();
                assertTrue(file.startsWith(source), entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(file);
                    continue;
                }
                Files.createDirectories(file.getParent());
                Files.copy(in, file);
            }
        }
    }

    /** A launcher that runs this JVM's CLI, standing in for the bundle's built ./convkit. */
    private Path launcher() throws IOException {
        Path script = temp.resolve("convkit-under-test");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(script, "#!/usr/bin/env bash\nexec '" + java + "' -cp '" + System.getProperty("java.class.path")
            + "' convkit.cli.Main \"$@\"\n");
        script.toFile().setExecutable(true);
        return script;
    }

    private static int runAutograder(Path root, Path launcher) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", root.resolve("source/run_autograder").toString())
            .redirectErrorStream(true).redirectOutput(root.resolve("stdout.txt").toFile());
        builder.environment().put("AUTOGRADER_ROOT", root.toString());
        builder.environment().put("CONVKIT", launcher.toString());
        Process process = builder.start();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "run_autograder did not finish");
        return process.exitValue();
    }

    @Test
    void theBundleHoldsExecutableScriptsAtItsRoot() throws IOException {
        Path zip = bundle();
        try (FileSystem fs = FileSystems.newFileSystem(URI.create("jar:" + zip.toUri()), Map.of("enablePosixFileAttributes", "true"))) {
            for (String script : List.of("setup.sh", "run_autograder")) {
                Path entry = fs.getPath(script);
                assertTrue(Files.exists(entry), script);
                assertTrue(Files.getPosixFilePermissions(entry).contains(PosixFilePermission.OWNER_EXECUTE), script);
            }
            assertTrue(Files.exists(fs.getPath("grader/src/main/java/convkit/grader/Grader.java")));
            Path seed = fs.getPath("course-seed");
            assertEquals("fall 2026: 81723\n", Files.readString(seed));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(seed)));
            assertTrue(Files.notExists(fs.getPath("grader/target")));
        }
        try (InputStream in = Files.newInputStream(zip)) {
            assertTrue(in.readAllBytes().length > 1000);
        }
    }

    @Test
    void runAutograderGradesTheSubmissionIntoResultsJson() throws IOException, InterruptedException {
        Path root = temp.resolve("autograder");
        unzip(bundle(), root.resolve("source"));
        Path submitted = root.resolve("submission/Ex01OutputSize.java");
        Files.createDirectories(submitted.getParent());
        Files.copy(ProjectRoot.find().resolve("grader/src/solutions/java/convkit/exercises/Ex01OutputSize.java"), submitted);
        assertEquals(0, runAutograder(root, launcher()), Files.readString(root.resolve("stdout.txt")));
        JsonNode json = new ObjectMapper().readTree(root.resolve("results/results.json").toFile());
        double exerciseOne = 0;
        for (JsonNode test : json.get("tests")) {
            if (test.get("name").asText().startsWith("Ex01OutputSize")) {
                assertEquals("passed", test.get("status").asText(), test.toString());
                exerciseOne += test.get("score").asDouble();
            }
        }
        assertEquals(exerciseOne, json.get("score").asDouble());
        assertEquals("official", json.get("extra_data").get("random_cases").asText(), json.get("extra_data").toString());
        assertFalse(Files.readString(root.resolve("results/results.json")).contains("81723"));
        assertTrue(json.get("max_score").asDouble() > exerciseOne);
        assertTrue(Files.exists(root.resolve("results/results.html")));
    }

    @Test
    void aBundleWithoutACourseSeedIsAUsageError() {
        CliRun run = CliRun.of("autograder", "--out", temp.resolve("a.zip").toString());
        assertEquals(Main.EXIT_USAGE, run.exitCode());
        assertTrue(run.err().contains("--seed-file"), run.err());
        assertTrue(Files.notExists(temp.resolve("a.zip")));
    }

    @Test
    void anEmptyCourseSeedFileIsAUsageErrorNamingIt() throws IOException {
        Path empty = Files.writeString(temp.resolve("empty-seed"), "  \n");
        CliRun run = CliRun.of("autograder", "--out", temp.resolve("a.zip").toString(), "--seed-file", empty.toString());
        assertEquals(Main.EXIT_USAGE, run.exitCode());
        assertTrue(run.err().contains(empty.toString()) && run.err().contains("empty"), run.err());
        assertTrue(Files.notExists(temp.resolve("a.zip")));
    }

    @Test
    void runAutograderWritesResultsJsonEvenWhenTheGraderCannotRun() throws IOException, InterruptedException {
        Path root = temp.resolve("autograder");
        unzip(bundle(), root.resolve("source"));
        Files.createDirectories(root.resolve("submission"));
        assertEquals(0, runAutograder(root, Path.of("/bin/false")));
        JsonNode json = new ObjectMapper().readTree(root.resolve("results/results.json").toFile());
        assertEquals(0.0, json.get("score").asDouble());
        assertTrue(json.get("output").asText().contains("fault of the grader"), json.toString());
    }
}

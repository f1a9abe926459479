package convkit.grader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import convkit.grader.run.Limits;
import convkit.grader.run.Sandbox;
import convkit.grader.suite.Suite;

/**
 * A batch that one student cannot break: each submission is graded in a worker process of its
 * own, honest submissions score exactly what they score alone, and a worker's failure costs only
 * its own row. Also: a stopped grader leaves no process behind.
 */
class BatchTests {

    /** The suites' own timeouts (5 s, JShell 15 s): a cap below them would fail a slow JShell start on a loaded machine. */
    private static final Limits QUICK = Limits.DEFAULT.withPerTest(Duration.ofSeconds(15));

    @TempDir
    Path temp;

    private static Path copyCase(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return to;
    }

    /** Grades the batch {@code in} into {@code out} on {@code jobs} workers; what it logged goes to {@code log}. */
    /** The suite the tests of hostile submissions grade on: the first exercise's, quick to run. */
    private static final Suite EX01 = GraderFixtures.suite("Ex01OutputSize");

    private static Batch.Summary runBatch(Path in, Path out, List<Suite> suites, int jobs, List<String> log) throws IOException {
        return new Batch(suites, QUICK, jobs, GraderFixtures.SANDBOX.kind(), Sandbox.DEFAULT_UID,
                convkit.grader.suite.CaseSeed.PRACTICE)
            .run(in, out, (done, total, last) -> { }, log::add);
    }

    /**
     * Grades batch folder {@code in} on Ex01 alone, one job, into {@code out}: the gradebook's lines,
     * its header first, checked to hold {@code submissions} rows and the batch to have had no fault.
     */
    private static List<String> gradeOnEx01(Path in, Path out, int submissions) throws IOException {
        List<String> log = new ArrayList<>();
        Batch.Summary summary = runBatch(in, out, List.of(EX01), 1, log);
        List<String> rows = Files.readAllLines(summary.gradebook(), StandardCharsets.UTF_8);
        assertEquals(submissions + 1, rows.size(), String.join("\n", rows));
        assertEquals(0, summary.faults(), String.join("\n", log));
        return rows;
    }

    @Test
    void twoSubmissionsThatWouldShareAnOutputFolderAreRefusedByName() throws IOException {
        Files.createDirectories(temp.resolve("in/bob smith"));
        Files.createDirectories(temp.resolve("in/bob_smith"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Batch.outputNames(Batch.submissionsIn(temp.resolve("in"))));
        assertTrue(e.getMessage().contains("\"bob smith\"") && e.getMessage().contains("\"bob_smith\""), e.getMessage());
    }

    /**
     * Hostile: a batch's private copy of a submission whose files are links to the instructor's
     * solutions, and which links a folder of them: the copy holds the links, not the solutions,
     * and grading it says they were not followed.
     */
    @Test
    void thePrivateCopyKeepsLinksAsLinksAndNeverWhatTheyLeadTo(@TempDir Path temp) throws IOException {
        Path solutions = Solutions.writeTo(temp.resolve("instructor")).resolve("convkit/exercises");
        Path student = Files.createDirectories(temp.resolve("batch/alice/convkit/exercises"));
        Files.writeString(student.resolve("Ex01OutputSize.java"), "package convkit.exercises;\nclass Ex01OutputSize {}\n");
        Files.createSymbolicLink(student.resolve("Ex02Padding.java"), solutions.resolve("Ex02Padding.java"));
        Files.createSymbolicLink(temp.resolve("batch/alice/more"), solutions);
        Path copy = Batch.privateCopy(temp.resolve("batch/alice"), temp.resolve("scratch"));
        assertTrue(Files.isRegularFile(copy.resolve("convkit/exercises/Ex01OutputSize.java"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.isSymbolicLink(copy.resolve("convkit/exercises/Ex02Padding.java")));
        assertTrue(Files.isSymbolicLink(copy.resolve("more")));
        try (Stream<Path> all = Files.walk(copy)) {
            assertEquals(1, all.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).count(),
                "only the student's own file was copied");
        }
        try (Submission submission = Submission.open(copy)) {
            assertTrue(submission.source("Ex01OutputSize").isPresent());
            assertTrue(submission.source("Ex02Padding").isEmpty());
            assertTrue(submission.notes().contains(
                "convkit/exercises/Ex02Padding.java is a symbolic link, which the grader does not follow: submit the file itself"),
                submission.notes().toString());
        }
    }

    /**
     * Hostile: a "zip" that is a sparse file ({@code truncate -s 64G alice.zip}: it takes no disk).
     * The private copy wrote it out in full, filling the grader's disk, and a copy that failed took
     * the whole batch with it (tried with this test and the cap taken out, the file 64 GiB: the
     * machine's free disk fell from 79 to 16 GiB in 50 s). Now a zip over the cap is neither copied
     * nor opened: its row scores 0 and says why, and its results.json too. 2 GiB here, so that a
     * grader without the cap fails this test without filling a disk.
     */
    @Test
    void aSparseZipOfGigabytesIsNotCopiedAndCostsOnlyItsRow() throws IOException {
        Path in = Files.createDirectories(temp.resolve("in"));
        Path solutions = Solutions.writeTo(temp.resolve("solutions"));
        copyCase(solutions, in.resolve("honest"));
        Path huge = in.resolve("huge.zip");
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(2L << 30);
        }
        IOException refused = assertThrows(UnreadableSubmissionException.class,
            () -> Batch.privateCopy(huge, temp.resolve("scratch")));
        assertEquals("huge.zip is 2.0 GiB (2,147,483,648 bytes), more than the 1.0 GiB (1,073,741,824 bytes) the"
            + " grader takes in a zip; zip only your sources, or submit the folder", refused.getMessage());
        assertFalse(Files.exists(temp.resolve("scratch")), "nothing was written");

        Path out = temp.resolve("out");
        List<String> rows = gradeOnEx01(in, out, 2);
        double max = EX01.maxScore();
        assertTrue(rows.get(1).startsWith("\"honest\","), rows.get(1));
        assertEquals(max, Double.parseDouble(rows.get(1).split(",")[1]), rows.get(1));
        assertTrue(rows.get(2).startsWith("\"huge\",0,") && rows.get(2).contains(refused.getMessage()), rows.get(2));
        assertTrue(Files.readString(out.resolve("huge/results.json")).contains("huge.zip is 2.0 GiB"));
    }

    /**
     * Hostile: a folder submission of more .java files than the grader copies (10,001 empty ones),
     * of more entries than it looks through (50,001 empty folders), and of a sparse .java file
     * of 51 MiB. A batch copied every .java file and link of a folder into its scratch folder, file
     * by file, however many (tried: without the caps the 10,001 files were copied and graded, their
     * row silent), and stopped at 50 MiB without a word, grading what it had copied. Now each is
     * refused before its worker starts: the row scores 0 and says why, nothing of it is left.
     */
    @Test
    void aFolderOfMoreFilesOrBytesThanTheGraderCopiesCostsOnlyItsRowAndSaysWhy() throws IOException {
        Path in = Files.createDirectories(temp.resolve("in"));
        Path solutions = Solutions.writeTo(temp.resolve("solutions"));
        copyCase(solutions, in.resolve("honest"));
        Path swarm = Files.createDirectories(in.resolve("swarm/src"));
        for (int i = 0; i <= Submission.MAX_ENTRIES; i++) {
            Files.createFile(swarm.resolve("Ex01OutputSize" + i + ".java"));
        }
        Path maze = Files.createDirectories(in.resolve("maze"));
        for (int i = 0; i < Batch.MAX_WALKED; i++) {
            Files.createDirectory(maze.resolve("d" + i));
        }
        Path big = Files.createDirectories(in.resolve("big"));
        Files.writeString(big.resolve("A.java"), "package convkit.exercises;\n");
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(big.resolve("Ex01OutputSize.java").toFile(), "rw")) {
            file.setLength(Submission.MAX_BYTES + (1L << 20));
        }
        String tooMany = "folder swarm holds more than 10,000 .java files and links, the most the grader copies;"
            + " submit only your sources";
        String tooDeep = "folder maze holds more than 50,000 files and folders, the most the grader looks through;"
            + " submit only your sources";
        String tooLarge = "folder big holds more than 52,428,800 bytes of .java files, the most the grader copies;"
            + " submit only your sources";
        Path scratch = temp.resolve("scratch");
        assertEquals(tooMany, assertThrows(UnreadableSubmissionException.class,
            () -> Batch.privateCopy(in.resolve("swarm"), scratch)).getMessage());
        assertEquals(tooDeep, assertThrows(UnreadableSubmissionException.class,
            () -> Batch.privateCopy(maze, scratch)).getMessage());
        assertEquals(tooLarge, assertThrows(UnreadableSubmissionException.class,
            () -> Batch.privateCopy(big, scratch)).getMessage());
        try (Stream<Path> left = Files.list(scratch)) {
            assertEquals(List.of(), left.toList(), "what was copied of the refused folders is deleted");
        }

        Path out = temp.resolve("out");
        List<String> rows = gradeOnEx01(in, out, 4);
        double max = EX01.maxScore();
        for (String row : rows.subList(1, rows.size())) {
            String name = row.substring(1, row.indexOf('"', 1));
            switch (name) {
                case "honest" -> assertEquals(max, Double.parseDouble(row.split(",")[1]), row);
                case "swarm" -> assertTrue(row.startsWith("\"swarm\",0,") && row.contains(tooMany), row);
                case "maze" -> assertTrue(row.startsWith("\"maze\",0,") && row.contains(tooDeep), row);
                case "big" -> assertTrue(row.startsWith("\"big\",0,") && row.contains(tooLarge), row);
                default -> throw new AssertionError("a row of no submission: " + row);
            }
        }
        assertTrue(Files.readString(out.resolve("swarm/results.json")).contains(tooMany));
    }

    /**
     * Hostile: a zip entry whose name holds terminal controls (clear the line, go back to its
     * start, write another row), which the grader notes as an entry it skipped. Every report shows
     * such names escaped; the gradebook wrote them as they were (tried: without the escape it held
     * the name's ESC and CR bytes, which the terminal of an instructor who runs {@code cat
     * gradebook.csv} obeys). Also: a note that starts as a formula, or with a tab, is not one.
     */
    @Test
    void aZipEntryNamedWithTerminalControlsCannotRewriteTheGradebook() throws IOException {
        Path in = Files.createDirectories(temp.resolve("in"));
        String forged = "../\u001b[2K\r\"mallory\",282.500,39.5/Ex01OutputSize.java";
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(
                Files.newOutputStream(in.resolve("mallory.zip")), StandardCharsets.UTF_8)) {
            zip.putNextEntry(new java.util.zip.ZipEntry(forged));
            zip.write("package convkit.exercises;\n".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        List<String> log = new ArrayList<>();
        Batch.Summary summary = runBatch(in, temp.resolve("out"), List.of(EX01), 1, log);
        String gradebook = Files.readString(summary.gradebook(), StandardCharsets.UTF_8);
        assertTrue(gradebook.contains("skipped zip entry ../\\x1b[2K\\r\"\"mallory\"\",282.500,39.5/Ex01OutputSize.java"),
            gradebook);
        assertFalse(gradebook.contains("\u001b") || gradebook.contains("\r"), gradebook);
        assertEquals("\"'=HYPERLINK(\"\"x\"\")\"", Batch.csvField("=HYPERLINK(\"x\")"));
        assertEquals("\"'\t=1+1\"", Batch.csvField("\t=1+1"));
        assertEquals("\"a\\x1bb\"", Batch.csvField("a\u001bb"));
        assertEquals("\"\"", Batch.csvField(""));
        assertEquals(0, summary.faults(), String.join("\n", log));
    }

    @Test
    void hostileSubmissionsCostOnlyTheirOwnRowsAndTheGradebookIsWritten() throws IOException {
        Path in = Files.createDirectories(temp.resolve("in"));
        Path solutions = Solutions.writeTo(temp.resolve("solutions"));
        copyCase(solutions, in.resolve("honest-a"));
        copyCase(GraderFixtures.SUBMISSIONS.resolve("hostile-kills-the-grader"), in.resolve("hostile-kills"));
        copyCase(GraderFixtures.SUBMISSIONS.resolve("hostile-steals-solutions"), in.resolve("hostile-steals"));
        copyCase(solutions, in.resolve("honest-z"));
        Files.write(in.resolve("broken.zip"), "this is not a zip".getBytes(StandardCharsets.UTF_8));
        List<Suite> suites = List.of(GraderFixtures.suite("Ex05ConvLayer"));
        double alone = GraderFixtures.grade(solutions, QUICK, "Ex05ConvLayer").score();

        Path out = temp.resolve("out");
        List<String> log = new ArrayList<>();
        Batch.Summary summary = runBatch(in, out, suites, 2, log);

        assertEquals(5, summary.submissions());
        List<String> rows = Files.readAllLines(summary.gradebook(), StandardCharsets.UTF_8);
        assertEquals(6, rows.size(), String.join("\n", rows));
        assertTrue(rows.get(1).startsWith("\"broken\",0,"), rows.get(1));
        assertTrue(rows.get(1).contains("zip"), "the row says why: " + rows.get(1));
        for (String honest : List.of("honest-a", "honest-z")) {
            String row = rows.stream().filter(r -> r.startsWith("\"" + honest + "\"")).findFirst().orElseThrow();
            assertEquals(alone, Double.parseDouble(row.split(",")[1]), "scores as alone: " + row);
            assertTrue(Files.isRegularFile(out.resolve(honest).resolve("results.json")));
        }
        if (GraderFixtures.SANDBOX.kind() != Sandbox.Kind.NONE) {
            for (String hostile : List.of("hostile-kills", "hostile-steals")) {
                String row = rows.stream().filter(r -> r.startsWith("\"" + hostile + "\"")).findFirst().orElseThrow();
                assertTrue(row.startsWith("\"" + hostile + "\",0,"), row);
            }
        }
        assertEquals(0, summary.faults(), String.join("\n", log));
    }

    @Test
    void killingAWorkerLeavesNoProcessBehindWithinFiveSeconds() throws IOException, InterruptedException {
        Path loops = Files.createDirectories(temp.resolve("loops/convkit/exercises"));
        Files.writeString(loops.resolve("Ex05ConvLayer.java"), """
            package convkit.exercises;
            public final class Ex05ConvLayer {
              public static double[][][][] forward(double[][][][] x, double[][][][] w, double[] b, int stride, int pad) {
                while (true) {
                  Thread.onSpinWait();
                }
              }
            }
            """);
        Path results = Files.createDirectories(temp.resolve("results"));
        // the worker's temporary folders in this test's, where they go with it: killed, it cannot delete its own
        Path tmp = Files.createDirectories(temp.resolve("tmp"));
        for (Path traversable : List.of(temp, tmp)) {
            Files.setPosixFilePermissions(traversable, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        }
        Process worker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"), GradeWorker.class.getName(),
            loops.getParent().getParent().toString(),
            results.toString(), "auto", String.valueOf(Sandbox.DEFAULT_UID + 7), "60000", "240000", "Ex05ConvLayer")
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        worker.getOutputStream().write((convkit.grader.suite.CaseSeed.PRACTICE.token() + "\n").getBytes(StandardCharsets.US_ASCII));
        worker.getOutputStream().flush();
        List<ProcessHandle> tree = List.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        // wait until the worker's sandboxed child runs the loop
        while (System.nanoTime() < deadline && tree.stream().noneMatch(p -> p.info().commandLine().orElse("").contains("ChildRunner"))) {
            Thread.sleep(200);
            tree = worker.descendants().toList();
        }
        assertFalse(tree.isEmpty(), "the worker started no child");
        worker.destroyForcibly();
        List<ProcessHandle> all = new ArrayList<>(tree);
        all.add(worker.toHandle());
        long gone = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (all.stream().anyMatch(BatchTests::running) && System.nanoTime() < gone) {
            Thread.sleep(100);
        }
        assertTrue(all.stream().noneMatch(BatchTests::running), "still running 5 s after the kill: "
            + all.stream().filter(BatchTests::running)
                .map(p -> state(p) + " " + p.info().commandLine().orElse("?")).toList());
    }

    /**
     * Whether p still runs code: alive and not a zombie. A sandbox process whose parent was killed
     * exits and is handed to the machine's init, which may take a while to reap it; until then
     * ProcessHandle calls it alive, though nothing of it runs (once seen in CI: the sandbox's
     * bwrap, exited, still listed 5 s after the kill).
     */
    private static boolean running(ProcessHandle p) {
        String state = state(p);
        return p.isAlive() && !state.equals("Z") && !state.equals("X");
    }

    /** p's state letter from /proc (R, S, D, Z, ...), or "?" where there is none. */
    private static String state(ProcessHandle p) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
            // "pid (command) S ...": the state follows the command's closing parenthesis
            return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}

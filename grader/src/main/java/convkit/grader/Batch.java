package convkit.grader;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import convkit.grader.report.ControlChars;
import convkit.grader.report.GradescopeJson;
import convkit.grader.report.HtmlReport;
import convkit.grader.report.WholeFile;
import convkit.grader.run.ChildInvoker;
import convkit.grader.run.Limits;
import convkit.grader.run.Sandbox;
import convkit.grader.suite.CaseSeed;
import convkit.grader.suite.Suite;
import convkit.grader.suite.Suites;

/**
 * Grades every submission (folder or .zip) of a folder, {@code jobs} at a time. Each submission
 * is copied into a private folder first and graded there by a {@link GradeWorker} process of its
 * own, supervised from here: a worker that crashes, hangs past its limit or is killed costs only
 * its own row (which says why), and the gradebook is always written. Each job slot gives its
 * workers' sandboxes their own uid. Output: {@code <out>/<name>/results.json} and
 * {@code results.html} per submission, and {@code <out>/gradebook.csv}.
 */
public final class Batch {

    /** What a batch run did. */
    public record Summary(int submissions, int faults, double seconds, Path gradebook) {
    }

    /** Called after each submission with (done, total). */
    public interface Progress {
        void update(int done, int total, String last);
    }

    /**
     * One gradebook row.
     *
     * @param submission the output name of the submission
     * @param score      points earned
     * @param maxScore   points possible
     * @param exercises  each exercise's score, by exercise name
     * @param seconds    grading time
     * @param notes      about the submission (grader faults included)
     */
    public record Row(String submission, double score, double maxScore, Map<String, Double> exercises,
                      double seconds, List<String> notes) {

        private static final ObjectMapper JSON = new ObjectMapper();

        /** The row of a graded submission. */
        public static Row of(GradeReport report) {
            Map<String, Double> scores = new LinkedHashMap<>();
            report.exercises().forEach(e -> scores.put(e.exercise(), e.score()));
            return new Row(report.submission(), report.score(), report.maxScore(), scores, report.seconds(),
                report.notes());
        }

        /** The row of a submission the grader could not grade. */
        static Row fault(String name, String why, double maxScore, double seconds) {
            return new Row(name, 0, maxScore, Map.of(), seconds, List.of("grader fault: " + why));
        }

        void write(Path file) throws IOException {
            ObjectNode root = JSON.createObjectNode();
            root.put("submission", submission);
            root.put("score", score);
            root.put("max_score", maxScore);
            ObjectNode scores = root.putObject("exercises");
            exercises.forEach(scores::put);
            root.put("seconds", seconds);
            notes.forEach(root.putArray("notes")::add);
            JSON.writeValue(file.toFile(), root);
        }

        static Row read(Path file) throws IOException {
            JsonNode root = JSON.readTree(file.toFile());
            Map<String, Double> scores = new LinkedHashMap<>();
            root.get("exercises").properties().forEach(e -> scores.put(e.getKey(), e.getValue().asDouble()));
            List<String> notes = new ArrayList<>();
            root.get("notes").forEach(n -> notes.add(n.asText()));
            return new Row(root.get("submission").asText(), root.get("score").asDouble(),
                root.get("max_score").asDouble(), scores, root.get("seconds").asDouble(), notes);
        }
    }

    /** A worker gets the whole-run limit plus this for its own start, compile and reports. */
    private static final Duration WORKER_MARGIN = Duration.ofSeconds(90);
    /** A folder submission with more entries than this, whatever they are, is not copied. */
    static final int MAX_WALKED = 50_000;

    private final List<Suite> suites;
    private final Limits limits;
    private final int jobs;
    private final Sandbox.Kind sandbox;
    private final int firstUid;
    private final CaseSeed seed;

    /**
     * @param sandbox  the boundary each worker must use (the one this machine gave the batch)
     * @param firstUid the uid of job slot 0; slot k uses {@code firstUid + k}
     * @param seed     the seed of the suites' random cases, handed to each worker
     */
    public Batch(List<Suite> suites, Limits limits, int jobs, Sandbox.Kind sandbox, int firstUid, CaseSeed seed) {
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be >= 1, got " + jobs);
        }
        this.suites = List.copyOf(suites);
        this.limits = limits;
        this.jobs = jobs;
        this.sandbox = sandbox;
        this.firstUid = firstUid;
        this.seed = seed;
    }

    /** The submissions of a folder: its sub-folders and .zip files, by name. */
    public static List<Path> submissionsIn(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("--batch must be a folder of submissions, got " + folder);
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                    || Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                    && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip"))
                .filter(p -> !p.getFileName().toString().startsWith("."))
                .sorted().toList();
        }
    }

    /**
     * The output folder name of each submission; refuses (IllegalArgumentException, a usage error)
     * when two inputs would write to the same folder, naming both.
     */
    public static Map<Path, String> outputNames(List<Path> submissions) {
        Map<Path, String> names = new LinkedHashMap<>();
        Map<String, Path> taken = new HashMap<>();
        for (Path path : submissions) {
            String name = safeName(path);
            Path other = taken.putIfAbsent(name.toLowerCase(Locale.ROOT), path);
            if (other != null) {
                throw new IllegalArgumentException("two submissions would be written to the same folder \"" + name
                    + "\": \"" + other.getFileName() + "\" and \"" + path.getFileName() + "\"; rename one of them");
            }
            names.put(path, name);
        }
        return names;
    }

    public Summary run(Path folder, Path out, Progress progress, Consumer<String> log) throws IOException {
        long start = System.nanoTime();
        List<Path> submissions = submissionsIn(folder);
        Map<Path, String> names = outputNames(submissions);
        Files.createDirectories(out);
        AtomicInteger done = new AtomicInteger();
        AtomicInteger faults = new AtomicInteger();
        BlockingQueue<Integer> slots = new ArrayBlockingQueue<>(jobs);
        for (int slot = 0; slot < jobs; slot++) {
            slots.add(slot);
        }
        List<Row> rows = new ArrayList<>();
        progress.update(0, submissions.size(), "");
        try (ExecutorService pool = Executors.newFixedThreadPool(jobs)) {
            List<Future<Row>> futures = new ArrayList<>();
            for (Path path : submissions) {
                futures.add(pool.submit(() -> {
                    int slot = slots.take();
                    try {
                        Row row = gradeOne(path, names.get(path), out.resolve(names.get(path)), firstUid + slot, faults, log);
                        progress.update(done.incrementAndGet(), submissions.size(), row.submission());
                        return row;
                    } finally {
                        slots.add(slot);
                    }
                }));
            }
            for (Future<Row> future : futures) {
                rows.add(future.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("batch interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("batch failed: " + e.getCause(), e.getCause());
        }
        Path gradebook = out.resolve("gradebook.csv");
        writeGradebook(rows, gradebook);
        return new Summary(submissions.size(), faults.get(), (System.nanoTime() - start) / 1e9, gradebook);
    }

    /** Grades one submission in a worker process; whatever happens, returns its row and writes its results.json. */
    private Row gradeOne(Path path, String name, Path target, int uid, AtomicInteger faults, Consumer<String> log)
        throws IOException {
        long start = System.nanoTime();
        Files.createDirectories(target);
        Path scratch = Files.createTempDirectory("convkit-batch");
        try {
            Path copy;
            try {
                copy = privateCopy(path, scratch.resolve("in"));
            } catch (UnreadableSubmissionException e) { // the student's file, as when its worker cannot open it
                GradeReport report = GradeReport.notOpened(path.getFileName().toString(), suites, e.getMessage());
                GradescopeJson.write(report, target.resolve("results.json"));
                HtmlReport.write(report, target.resolve("results.html"));
                Row refused = Row.of(report);
                return new Row(name, refused.score(), refused.maxScore(), refused.exercises(),
                    (System.nanoTime() - start) / 1e9, refused.notes());
            } catch (IOException | java.io.UncheckedIOException e) { // the row says so; the batch goes on
                String reason = "the submission could not be copied: " + ControlChars.escape(String.valueOf(e.getMessage()));
                faults.incrementAndGet();
                log.accept("grader fault on " + name + ": " + reason);
                GradescopeJson.writeFault(name, reason, target.resolve("results.json"));
                return Row.fault(name, reason, suites.stream().mapToDouble(Suite::maxScore).sum(),
                    (System.nanoTime() - start) / 1e9);
            }
            Path results = Files.createDirectories(scratch.resolve("out"));
            String why = runWorker(copy, results, uid);
            Path row = results.resolve("row.json");
            if (why.isEmpty() && Files.isRegularFile(row)) {
                for (String file : List.of("results.json", "results.html")) {
                    Files.move(results.resolve(file), target.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                }
                Row graded = Row.read(row);
                return new Row(name, graded.score(), graded.maxScore(), graded.exercises(), graded.seconds(), graded.notes());
            }
            String reason = why.isEmpty() ? "the grading process wrote no results" : why;
            faults.incrementAndGet();
            log.accept("grader fault on " + name + ": " + reason);
            GradescopeJson.writeFault(name, reason, target.resolve("results.json"));
            return Row.fault(name, reason, suites.stream().mapToDouble(Suite::maxScore).sum(),
                (System.nanoTime() - start) / 1e9);
        } finally {
            ChildInvoker.deleteTree(scratch);
        }
    }

    /** Runs a {@link GradeWorker}; "" when it ended well, else why not. */
    private String runWorker(Path submission, Path results, int uid) throws IOException {
        List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:+DisableAttachMechanism", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx512m",
            "-cp", System.getProperty("java.class.path"),
            GradeWorker.class.getName(), submission.toString(), results.toString(), sandbox.id(),
            String.valueOf(uid), String.valueOf(limits.perTest().toMillis()),
            String.valueOf(limits.wholeRun().toMillis())));
        suites.forEach(s -> command.add(s.exercise()));
        Process worker = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(results.resolve("worker.log").toFile()).start();
        // the seed goes down the pipe, not on the command line that other processes can read
        worker.getOutputStream().write((seed.token() + "\n").getBytes(StandardCharsets.US_ASCII));
        worker.getOutputStream().flush();
        Duration limit = limits.wholeRun().plus(WORKER_MARGIN);
        try {
            if (!worker.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(worker);
                return "grading took longer than " + limit.toSeconds() + " s and was stopped";
            }
            if (worker.exitValue() != 0) {
                return "the grading process ended with exit status " + worker.exitValue() + ": " + tail(results.resolve("worker.log"));
            }
            return "";
        } catch (InterruptedException e) {
            kill(worker);
            Thread.currentThread().interrupt();
            return "interrupted";
        } finally {
            worker.getOutputStream().close();
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            // what the worker printed can hold a submission's file names: shown, not obeyed, on the terminal and in the gradebook
            return ControlChars.escape(String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size())));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /**
     * A private copy of a submission: a zip as it is (none larger than {@link Submission#MAX_ZIP_BYTES}),
     * a folder as its {@code .java} files and links, {@link Submission#SEARCH_DEPTH} folders deep at most
     * (the search for sources looks no deeper). Its links are copied as links, never followed (one
     * may lead to the instructor's solutions), so that grading the copy can tell the student they
     * were not graded ({@link Submission#source}). A folder with more than {@link Submission#MAX_BYTES}
     * bytes of such files, more than {@link Submission#MAX_ENTRIES} of them, or more than
     * {@value #MAX_WALKED} entries in all is refused as a zip over the cap is
     * ({@link UnreadableSubmissionException}), and what was copied of it is deleted: a folder of a
     * million empty files would otherwise be copied file by file into the grader's scratch folder.
     */
    static Path privateCopy(Path submission, Path target) throws IOException {
        if (Files.isRegularFile(submission, LinkOption.NOFOLLOW_LINKS)) {
            Submission.checkZipSize(submission); // before a byte is written: a sparse file takes no disk until copied
            Files.createDirectories(target);
            Path zip = target.resolve(submission.getFileName());
            Files.copy(submission, zip);
            return zip;
        }
        Path folder = target.resolve(submission.getFileName());
        try {
            copyFolder(submission, folder);
        } catch (IOException | RuntimeException e) {
            ChildInvoker.deleteTree(folder);
            throw e;
        }
        Files.createDirectories(folder);
        return folder;
    }

    private static void copyFolder(Path submission, Path folder) throws IOException {
        long bytes = 0;
        int copied = 0;
        int walked = 0;
        try (Stream<Path> files = Files.walk(submission, Submission.SEARCH_DEPTH)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (++walked > MAX_WALKED) {
                    throw UnreadableSubmissionException.folderTooLarge(submission,
                        String.format(Locale.ROOT, "more than %,d files and folders, the most the grader looks through", MAX_WALKED));
                }
                boolean link = Files.isSymbolicLink(file);
                if (!link && (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || !file.toString().endsWith(".java"))) {
                    continue;
                }
                if (++copied > Submission.MAX_ENTRIES) {
                    throw UnreadableSubmissionException.folderTooLarge(submission, String.format(Locale.ROOT,
                        "more than %,d .java files and links, the most the grader copies", Submission.MAX_ENTRIES));
                }
                Path to = folder.resolve(submission.relativize(file).toString());
                Files.createDirectories(to.getParent());
                if (link) {
                    Files.createSymbolicLink(to, Files.readSymbolicLink(file));
                    continue;
                }
                bytes += Files.size(file);
                if (bytes > Submission.MAX_BYTES) { // before the copy: a sparse file takes no disk until copied
                    throw UnreadableSubmissionException.folderTooLarge(submission, String.format(Locale.ROOT,
                        "more than %,d bytes of .java files, the most the grader copies", Submission.MAX_BYTES));
                }
                try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                    Files.copy(in, to);
                }
            }
        } catch (java.io.UncheckedIOException e) { // the walk's own failure
            throw e.getCause();
        }
    }

    private static String safeName(Path path) {
        String name = path.getFileName().toString();
        if (name.toLowerCase(Locale.ROOT).endsWith(".zip")) {
            name = name.substring(0, name.length() - 4);
        }
        return name.replaceAll("[^A-Za-z0-9._@-]", "_");
    }

    /** One row per submission: name, total, maximum, then each exercise's score, then seconds. */
    void writeGradebook(List<Row> rows, Path file) throws IOException {
        WholeFile.write(file, temp -> writeGradebookTo(rows, temp));
    }

    private void writeGradebookTo(List<Row> rows, Path temp) throws IOException {
        try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(temp, StandardCharsets.UTF_8))) {
            StringBuilder header = new StringBuilder("submission,score,max_score");
            suites.forEach(s -> header.append(',').append(s.exercise()));
            header.append(",seconds,notes");
            csv.println(header);
            for (Row row : rows) {
                StringBuilder line = new StringBuilder(csvField(row.submission()));
                line.append(',').append(number(row.score())).append(',').append(number(row.maxScore()));
                for (Suite suite : suites) {
                    line.append(',').append(number(row.exercises().getOrDefault(suite.exercise(), 0.0)));
                }
                line.append(',').append(String.format(Locale.ROOT, "%.1f", row.seconds()));
                line.append(',').append(csvField(String.join("; ", row.notes())));
                csv.println(line);
            }
            if (csv.checkError()) { // a PrintWriter keeps its failures to itself
                throw new IOException("the gradebook could not be written to " + temp);
            }
        }
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.3f", value);
    }

    /**
     * A quoted field. Notes hold a submission's own file and zip entry names: their control
     * characters are shown, not obeyed (an instructor who runs {@code cat gradebook.csv} would
     * otherwise see rows a name rewrote), and a field that a spreadsheet would take for a formula
     * (it starts with =, +, -, @ or a tab) starts with a quote mark instead.
     */
    static String csvField(String text) {
        String shown = ControlChars.escape(text);
        String safe = !shown.isEmpty() && "=+-@\t".indexOf(shown.charAt(0)) >= 0 ? "'" + shown : shown;
        return "\"" + safe.replace("\"", "\"\"") + "\"";
    }
}

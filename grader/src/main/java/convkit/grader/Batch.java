package convkit.grader;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

import convkit.grader.report.GradescopeJson;
import convkit.grader.report.HtmlReport;
import convkit.grader.run.Limits;
import convkit.grader.suite.Suite;
import convkit.grader.suite.Suites;

/**
 * Grades every submission (folder or .zip) of a folder, {@code jobs} at a time, each submission in
 * its own child JVMs and temporary folders; writes {@code <out>/<name>/results.json} and
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

    private final List<Suite> suites;
    private final Limits limits;
    private final int jobs;

    public Batch(List<Suite> suites, Limits limits, int jobs) {
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be >= 1, got " + jobs);
        }
        this.suites = List.copyOf(suites);
        this.limits = limits;
        this.jobs = jobs;
    }

    /** The submissions of a folder: its sub-folders and .zip files, by name. */
    public static List<Path> submissionsIn(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("--batch must be a folder of submissions, got " + folder);
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(p -> Files.isDirectory(p) || p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip"))
                .filter(p -> !p.getFileName().toString().startsWith("."))
                .sorted().toList();
        }
    }

    public Summary run(Path folder, Path out, Progress progress, Consumer<String> log) throws IOException {
        long start = System.nanoTime();
        List<Path> submissions = submissionsIn(folder);
        Files.createDirectories(out);
        AtomicInteger done = new AtomicInteger();
        AtomicInteger faults = new AtomicInteger();
        List<GradeReport> reports = new ArrayList<>();
        progress.update(0, submissions.size(), "");
        try (ExecutorService pool = Executors.newFixedThreadPool(jobs)) {
            List<Future<GradeReport>> futures = new ArrayList<>();
            for (Path path : submissions) {
                futures.add(pool.submit(() -> {
                    GradeReport report = gradeOne(path, out, faults, log);
                    progress.update(done.incrementAndGet(), submissions.size(), report.submission());
                    return report;
                }));
            }
            for (Future<GradeReport> future : futures) {
                reports.add(future.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("batch interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("batch failed: " + e.getCause(), e.getCause());
        }
        Path gradebook = out.resolve("gradebook.csv");
        writeGradebook(reports, gradebook);
        return new Summary(submissions.size(), faults.get(), (System.nanoTime() - start) / 1e9, gradebook);
    }

    private GradeReport gradeOne(Path path, Path out, AtomicInteger faults, Consumer<String> log) throws IOException {
        String name = safeName(path);
        Path target = out.resolve(name);
        Files.createDirectories(target);
        try (Submission submission = Submission.open(path)) {
            GradeReport report = new Grader(suites, limits, 1).grade(submission);
            GradescopeJson.write(report, target.resolve("results.json"));
            HtmlReport.write(report, target.resolve("results.html"));
            return report;
        } catch (UnreadableSubmissionException e) { // the student's file, not a grader fault
            log.accept(name + ": " + e.getMessage());
            GradeReport report = GradeReport.notOpened(name, suites, e.getMessage());
            GradescopeJson.write(report, target.resolve("results.json"));
            HtmlReport.write(report, target.resolve("results.html"));
            return report;
        } catch (RuntimeException | IOException e) {
            faults.incrementAndGet();
            log.accept("grader fault on " + name + ": " + e);
            GradescopeJson.writeFault(name, String.valueOf(e.getMessage()), target.resolve("results.json"));
            return new GradeReport(name, List.of(), List.of("grader fault: " + e.getMessage()), 0, Suites.seedOf(suites).kind());
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
    void writeGradebook(List<GradeReport> reports, Path file) throws IOException {
        try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            StringBuilder header = new StringBuilder("submission,score,max_score");
            suites.forEach(s -> header.append(',').append(s.exercise()));
            header.append(",seconds,notes");
            csv.println(header);
            for (GradeReport report : reports) {
                StringBuilder row = new StringBuilder(csvField(report.submission()));
                row.append(',').append(number(report.score())).append(',').append(number(maxScore(report)));
                for (Suite suite : suites) {
                    double score = report.exercises().stream().filter(e -> e.exercise().equals(suite.exercise()))
                        .mapToDouble(ExerciseResult::score).findFirst().orElse(0);
                    row.append(',').append(number(score));
                }
                row.append(',').append(String.format(Locale.ROOT, "%.1f", report.seconds()));
                row.append(',').append(csvField(String.join("; ", report.notes())));
                csv.println(row);
            }
        }
    }

    private double maxScore(GradeReport report) {
        return report.exercises().isEmpty() ? suites.stream().mapToDouble(Suite::maxScore).sum() : report.maxScore();
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.3f", value);
    }

    private static String csvField(String text) {
        String safe = text.startsWith("=") || text.startsWith("+") || text.startsWith("-") || text.startsWith("@")
            ? "'" + text : text;
        return "\"" + safe.replace("\"", "\"\"") + "\"";
    }
}

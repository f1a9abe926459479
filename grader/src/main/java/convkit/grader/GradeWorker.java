package convkit.grader;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import convkit.grader.report.GradescopeJson;
import convkit.grader.report.HtmlReport;
import convkit.grader.run.Limits;
import convkit.grader.run.Sandbox;
import convkit.grader.suite.CaseSeed;
import convkit.grader.suite.Suite;
import convkit.grader.suite.Suites;

/**
 * The process that grades one submission of a batch ({@link Batch} starts one per submission and
 * supervises it), so that whatever happens while grading one submission costs only its own row.
 *
 * <p>Arguments: {@code <submission> <out-folder> <sandbox-kind> <uid> <per-test-ms> <whole-run-ms>
 * [exercise...]}. Writes
 * {@code results.json}, {@code results.html} and {@code row.json} (the gradebook's row) into the
 * out folder. Reads the seed of the random cases ({@link CaseSeed#token()}) as the first line of
 * its stdin, then exits when its parent goes away (its stdin ends), so killing a batch leaves no
 * worker behind; its sandboxed children die with it.
 */
public final class GradeWorker {

    private GradeWorker() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 6) {
            System.err.println("usage: GradeWorker <submission> <out-folder> <auto|bwrap|uid|none> <uid> <per-test-ms>"
                + " <whole-run-ms> [exercise...]");
            System.exit(2);
        }
        CaseSeed seed = CaseSeed.fromToken(readLine());
        watchParent();
        Path submissionPath = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Sandbox sandbox = Sandbox.detect(Sandbox.Choice.parse(args[2]), Integer.parseInt(args[3]));
        Limits limits = Limits.DEFAULT.withPerTest(Duration.ofMillis(Long.parseLong(args[4])))
            .withWholeRun(Duration.ofMillis(Long.parseLong(args[5])));
        List<Suite> suites = new ArrayList<>();
        for (int i = 6; i < args.length; i++) {
            String name = args[i];
            suites.add(Suites.named(name, seed).orElseThrow(() -> new IllegalArgumentException("no exercise " + name)));
        }
        if (suites.isEmpty()) {
            suites = Suites.all(seed);
        }
        GradeReport report;
        try (Submission submission = Submission.open(submissionPath)) {
            report = new Grader(suites, limits, 1, sandbox).grade(submission);
        } catch (UnreadableSubmissionException e) { // the student's file, not a grader fault
            report = GradeReport.notOpened(submissionPath.getFileName().toString(), suites, e.getMessage());
        }
        GradescopeJson.write(report, out.resolve("results.json"));
        HtmlReport.write(report, out.resolve("results.html"));
        Batch.Row.of(report).write(out.resolve("row.json"));
        System.exit(0);
    }

    /** One line of stdin, read byte by byte (nothing more is consumed: the rest is the parent watch). */
    private static String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = System.in.read()) >= 0 && b != '\n') {
            line.append((char) b);
        }
        return line.toString();
    }

    /** Ends this process when the batch that started it ends (its stdin closes). */
    private static void watchParent() {
        Thread watcher = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // the parent writes nothing; EOF means it is gone
                }
            } catch (IOException e) {
                // the same: the pipe broke
            }
            Runtime.getRuntime().halt(3);
        }, "parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}

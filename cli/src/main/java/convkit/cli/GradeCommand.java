package convkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import convkit.grader.Batch;
import convkit.grader.GradeReport;
import convkit.grader.Grader;
import convkit.grader.Submission;
import convkit.grader.UnreadableSubmissionException;
import convkit.grader.report.ControlChars;
import convkit.grader.report.GradescopeJson;
import convkit.grader.report.HtmlReport;
import convkit.grader.report.TerminalTable;
import convkit.grader.run.Limits;
import convkit.grader.run.Sandbox;
import convkit.grader.suite.CaseSeed;
import convkit.grader.suite.Suite;
import convkit.grader.suite.Suites;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code convkit grade}: grades a submission (or a folder of them) against the hidden suites, in
 * child JVMs. Exit codes: 0 graded (whatever the score), 1 grader fault, 2 usage error.
 */
@Command(name = "grade", sortOptions = false,
    description = {"Grade exercises against the hidden tests, each exercise in its own child JVM.",
        "With no --submission, grades this checkout's exercises/."})
final class GradeCommand implements Callable<Integer> {

    /** Where a grade goes unless --results says otherwise, relative to the checkout: the progress page's input. */
    static final String DEFAULT_RESULTS = ServeCommand.RESULTS;

    @Spec
    private CommandSpec spec;

    @Option(names = "--submission", paramLabel = "DIR|ZIP",
        description = "A folder or .zip holding the exercise sources anywhere inside (default: this checkout's exercises/).")
    private Path submission;

    @Option(names = "--results", paramLabel = "FILE",
        description = "Where to write the Gradescope results.json (default: " + DEFAULT_RESULTS
            + " in this checkout, which the site's progress page reads).")
    private Path results;

    @Option(names = "--html", paramLabel = "FILE", description = "Also write an HTML report.")
    private Path html;

    @Option(names = "--only", paramLabel = "EXERCISE", description = "Grade one exercise: Ex05ConvLayer, Ex05 or 5.")
    private String only;

    @Option(names = "--batch", paramLabel = "DIR", description = "Grade every folder and .zip in DIR (needs --out).")
    private Path batch;

    @Option(names = "--out", paramLabel = "DIR", description = "With --batch: one folder per submission plus gradebook.csv.")
    private Path out;

    @Option(names = "--jobs", paramLabel = "N", defaultValue = "2", description = "With --batch: submissions graded at once (default: ${DEFAULT-VALUE}).")
    private int jobs;

    @Option(names = "--self-check",
        description = "Grade the instructor solutions of this checkout; exit 1 unless they score full marks.")
    private boolean selfCheck;

    @Option(names = "--official",
        description = {"Draw the random test inputs from the course's secret seed (--seed-file, else $"
            + SeedChoice.ENVIRONMENT + ").", "Without it: the public practice seed."})
    private boolean official;

    @Option(names = "--seed-file", paramLabel = "FILE", description = "With --official: a file holding the course seed.")
    private Path seedFile;

    @Option(names = "--draw", paramLabel = "HEX",
        description = {"With --official: the random cases of an earlier official run (its draw: the first line it",
            "printed, results.json's extra_data.draw). Without it each official run draws new ones."})
    private String draw;

    @Option(names = "--sandbox", paramLabel = "KIND", defaultValue = "auto",
        description = {"The OS boundary around student code: auto (the best this machine offers), bwrap (bubblewrap",
            "namespaces; fails if unavailable), uid (a separate unprivileged uid; needs root), none (no boundary).",
            "Default: ${DEFAULT-VALUE}."})
    private String sandboxChoice;

    @Option(names = "--allow-unsandboxed",
        description = "With --official: grade even where no sandbox can be made (student code then runs as you).")
    private boolean allowUnsandboxed;

    @Option(names = "--sandbox-uid", paramLabel = "UID", defaultValue = "" + Sandbox.DEFAULT_UID, hidden = true,
        description = "The uid student code runs as when the grader is root (a batch uses UID, UID+1, …; default: ${DEFAULT-VALUE}).")
    private int sandboxUid;

    @Mixin
    private HelpOption help;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        SeedChoice seed = SeedChoice.of(official, seedFile, System.getenv(), draw);
        List<Suite> suites = suites(seed.seed());
        Sandbox sandbox = sandbox();
        if (batch != null) {
            return batch(suites, seed, sandbox, out);
        }
        if (this.out != null) {
            throw new ParameterException(spec.commandLine(), "--out is only for --batch");
        }
        Path root = ProjectRoot.find();
        Path target = selfCheck ? solutions(root) : submission != null ? submission : root.resolve("exercises");
        Path results = this.results != null ? this.results : root.resolve(DEFAULT_RESULTS);
        Files.createDirectories(results.toAbsolutePath().getParent());
        closeToTheSandbox(sandbox, List.of(root, results.toAbsolutePath().getParent()));
        if (!Files.exists(target)) {
            throw new ParameterException(spec.commandLine(), "no such submission: " + target);
        }
        if (Files.isRegularFile(target) && !target.toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
            throw new ParameterException(spec.commandLine(), "--submission must be a folder or a .zip, got " + target);
        }
        out.println(seed.announcement());
        out.flush();
        GradeReport report;
        try (Submission opened = Submission.open(target)) {
            report = new Grader(suites, Limits.DEFAULT, 2, sandbox).grade(opened);
        } catch (UnreadableSubmissionException e) {
            throw new ParameterException(spec.commandLine(), "--submission: " + e.getMessage());
        } catch (RuntimeException e) {
            GradescopeJson.writeFault(target.getFileName().toString(), String.valueOf(e), results);
            spec.commandLine().getErr().println("convkit grade: grader fault: " + e);
            return Main.EXIT_FAILURE;
        }
        GradescopeJson.write(report, results);
        if (html != null) {
            HtmlReport.write(report, html);
        }
        new TerminalTable(TerminalTable.colourWanted()).print(report, out);
        out.println("results: " + results + (html != null ? ", report: " + html : ""));
        if (selfCheck && report.score() < report.maxScore()) {
            spec.commandLine().getErr().println("convkit grade --self-check: the instructor solutions lost points");
            return Main.EXIT_FAILURE;
        }
        return 0;
    }

    /**
     * The boundary asked for, said once on stderr when it is weaker than bubblewrap; an official
     * grade refuses to run without any boundary unless --allow-unsandboxed.
     */
    private Sandbox sandbox() {
        Sandbox sandbox;
        try {
            sandbox = Sandbox.detect(Sandbox.Choice.parse(sandboxChoice), sandboxUid);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (sandbox.kind() == Sandbox.Kind.NONE && official && !allowUnsandboxed) {
            throw new ParameterException(spec.commandLine(), "--official refuses to run student code without a sandbox ("
                + sandbox.reason() + "); install bubblewrap, run as root, or pass --allow-unsandboxed");
        }
        if (sandbox.kind() != Sandbox.Kind.NAMESPACES) {
            spec.commandLine().getErr().println("convkit grade: sandbox: " + sandbox.describe());
        }
        return sandbox;
    }

    /**
     * Without namespaces, student code runs as another uid that sees this machine's files: the
     * checkout and the results folder must be closed to it.
     */
    private void closeToTheSandbox(Sandbox sandbox, List<Path> paths) {
        List<Path> closed = sandbox.closeToOthers(paths);
        if (!closed.isEmpty()) {
            spec.commandLine().getErr().println("convkit grade: closed to other users, so that the sandbox's uid cannot read them: "
                + closed);
        }
    }

    private List<Suite> suites(CaseSeed seed) {
        if (only == null) {
            return Suites.all(seed);
        }
        return List.of(Suites.named(only, seed).orElseThrow(() -> new ParameterException(spec.commandLine(),
            "--only: no exercise " + only + "; expected one of "
                + Suites.all(seed).stream().map(Suite::exercise).toList())));
    }

    /** The instructor solutions of this checkout; a handout has none, so there --self-check is refused. */
    private Path solutions(Path root) {
        Path solutions = root.resolve("grader/src/solutions/java");
        if (!Files.isDirectory(solutions)) {
            throw new ParameterException(spec.commandLine(), "--self-check grades the instructor solutions ("
                + root.relativize(solutions) + "), which only the instructor's checkout has, not a student handout");
        }
        return solutions;
    }

    private int batch(List<Suite> suites, SeedChoice seed, Sandbox sandbox, PrintWriter out) throws IOException {
        if (this.out == null) {
            throw new ParameterException(spec.commandLine(), "--batch needs --out DIR");
        }
        if (submission != null || selfCheck) {
            throw new ParameterException(spec.commandLine(), "--batch grades a folder: leave out --submission and --self-check");
        }
        if (jobs < 1) {
            throw new ParameterException(spec.commandLine(), "--jobs must be at least 1, got " + jobs);
        }
        if (!Files.isDirectory(batch)) {
            throw new ParameterException(spec.commandLine(), "--batch must be a folder, got " + batch);
        }
        Files.createDirectories(this.out);
        closeToTheSandbox(sandbox, List.of(ProjectRoot.find(), batch.toAbsolutePath(), this.out.toAbsolutePath()));
        out.println(seed.announcement());
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        ProgressBar bar = new ProgressBar(err);
        Batch.Summary summary = new Batch(suites, Limits.DEFAULT, jobs, sandbox.kind(), sandboxUid, seed.seed())
            .run(batch, this.out, (done, total, last) -> bar.update(done, total, ControlChars.escape(last)),
            bar::println);
        bar.finish();
        out.printf(Locale.ROOT, "graded %d submission%s in %.1f s (%.1f s per submission, %d job%s); gradebook: %s%n",
            summary.submissions(), summary.submissions() == 1 ? "" : "s", summary.seconds(),
            summary.seconds() / Math.max(1, summary.submissions()), jobs, jobs == 1 ? "" : "s", summary.gradebook());
        if (summary.faults() > 0) {
            out.printf(Locale.ROOT, "%d submissions hit a grader fault (their results.json says so)%n", summary.faults());
            return Main.EXIT_FAILURE;
        }
        return 0;
    }
}

package convkit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import com.sun.net.httpserver.HttpServer;

import convkit.site.SiteBuilder;
import convkit.site.SiteServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code convkit serve}: grades this checkout's exercises (when the {@code grade} command is
 * there), rebuilds what is stale, and serves the site on localhost until Ctrl+C.
 *
 * <p>The grading hook: if {@code convkit grade} is registered, it runs as
 * {@code grade --results .convkit/grade/results.json} (grading this checkout's {@code exercises/}
 * into grade's default results file), and the progress page is built from that file whatever the score.
 */
@Command(name = "serve", description = "Grade this checkout, build the site and serve it on localhost (Ctrl+C stops).")
final class ServeCommand implements Callable<Integer> {

    @Mixin
    private HelpOption help;

    /** Where the grader writes by default; the site's progress page reads the same file by default. */
    static final String RESULTS = ".convkit/grade/results.json";

    @Spec
    private CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8000", description = "The port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    private int port;

    @Option(names = "--no-grade", description = "Do not grade the exercises first; show the last results.")
    private boolean noGrade;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        Path root = ProjectRoot.find();
        Path results = root.resolve(RESULTS);
        if (!noGrade) {
            grade(results, out);
        }
        SiteBuilder.Report report = SiteCommand.build(SiteCommand.options(root, null, results, null), out);
        HttpServer server = SiteServer.start(report.out(), port);
        out.println("serving " + report.out() + " at " + SiteServer.url(server) + "  (Ctrl+C stops)");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(0);
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }

    /** Runs {@code convkit grade} for the progress page when that command exists; says so either way. */
    private void grade(Path results, PrintWriter out) {
        CommandLine grade = spec.root().commandLine().getSubcommands().get("grade");
        if (grade == null) {
            out.println("progress page: no `grade` command in this build, showing " + RESULTS + " if it exists");
            return;
        }
        out.println("grading this checkout's exercises for the progress page …");
        out.flush();
        int code = grade.execute("--results", results.toString());
        if (code != 0) {
            out.println("grading stopped with exit code " + code + "; the progress page shows the last results, if any");
        }
    }
}

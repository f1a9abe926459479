package convkit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import convkit.site.SiteBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code convkit site}: builds the lesson site (lessons, sources, progress, performance, Javadoc)
 * into a folder that works from {@code file://}. Bad input (front matter, links, snippets, figures)
 * stops with file, line and what to fix: exit code 2.
 */
@Command(name = "site", description = "Build the lesson site (default into site/target/site); open its index.html or run `convkit serve`.")
final class SiteCommand implements Callable<Integer> {

    @Mixin
    private HelpOption help;

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to build the site (default: site/target/site).")
    private Path out;

    @Option(names = "--results", paramLabel = "FILE",
        description = "The grader's results.json for the progress page (default: .convkit/grade/results.json).")
    private Path results;

    @Option(names = "--bench", paramLabel = "FILE",
        description = "A benchmark JSON from `convkit bench --json FILE` (default: the recorded one).")
    private Path bench;

    @Override
    public Integer call() {
        SiteBuilder.Report report = build(options(ProjectRoot.find(), out, results, bench), spec.commandLine().getOut());
        spec.commandLine().getOut().printf("open %s%n", report.out().resolve("index.html").toUri());
        return 0;
    }

    static SiteBuilder.Options options(Path root, Path out, Path results, Path bench) {
        SiteBuilder.Options options = SiteBuilder.Options.defaults(root);
        if (out != null) {
            options = options.withOut(out.toAbsolutePath());
        }
        if (results != null) {
            options = options.withResults(results.toAbsolutePath());
        }
        if (bench != null) {
            options = options.withBenchmark(bench.toAbsolutePath());
        }
        return options;
    }

    static SiteBuilder.Report build(SiteBuilder.Options options, PrintWriter out) {
        out.println("building the site from " + options.root().resolve("lessons") + " …");
        out.flush();
        SiteBuilder.Report report = new SiteBuilder(options).build();
        out.printf(Locale.ROOT, "built %d pages into %s in %.1f s (lessons run: %d, from cache: %d)%n",
            report.pages(), report.out(), report.millis() / 1000.0, report.lessonsRun(), report.lessonsCached());
        return report;
    }
}

package convkit.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import convkit.grader.dist.Handout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code convkit handout}: writes the student distribution (no solutions, no hidden suites). */
@Command(name = "handout", description = {"Write the student distribution: lessons, exercise stubs with their visible tests,",
    "reference, site, CLI, launcher, Maven wrapper and the grader compiled (./convkit grade works there);",
    "no solutions, no hidden suite sources."})
final class HandoutCommand implements Callable<Integer> {

    @Mixin
    private HelpOption help;

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "A new or empty folder.")
    private Path out;

    @Override
    public Integer call() throws IOException {
        List<String> written = Handout.write(ProjectRoot.find(), out);
        spec.commandLine().getOut().println("handout written to " + out + ": " + String.join(", ", written));
        spec.commandLine().getOut().println("students run their visible tests with ./mvnw -pl exercises test and grade"
            + " themselves with ./convkit grade (the grader is in it compiled: practice random cases, no solutions)");
        return 0;
    }
}

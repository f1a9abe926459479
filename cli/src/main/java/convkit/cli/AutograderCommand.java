package convkit.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import convkit.grader.dist.AutograderBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code convkit autograder}: writes a Gradescope autograder zip ({@code setup.sh}, {@code run_autograder}). */
@Command(name = "autograder", description = {"Write a Gradescope autograder bundle (setup.sh, run_autograder, the sources)",
    "that grades with the random cases of the course's secret seed."})
final class AutograderCommand implements Callable<Integer> {

    @Mixin
    private HelpOption help;

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", paramLabel = "FILE.zip", required = true, description = "The zip to write.")
    private Path out;

    @Option(names = "--seed-file", paramLabel = "FILE", required = true,
        description = {"The course's secret seed: a text file holding a number or a passphrase, one per course and term.",
            "The bundle carries a copy; its official grades draw their random cases from it."})
    private Path seedFile;

    @Override
    public Integer call() throws IOException {
        if (!out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
            throw new ParameterException(spec.commandLine(), "--out must name a .zip file, got " + out);
        }
        int files = AutograderBundle.write(ProjectRoot.find(), out, seedFile);
        spec.commandLine().getOut().printf(Locale.ROOT, "autograder bundle written to %s (%d files); upload it to Gradescope%n",
            out, files);
        return 0;
    }
}

package convkit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code convkit} command line. Each subcommand is one small class.
 *
 * <p>Exit codes, for every subcommand: 0 ok, 1 failure, 2 usage error (bad flags or bad input).
 */
@Command(
    name = "convkit",
    mixinStandardHelpOptions = true,
    version = "convkit 0.1.0",
    description = "A teaching toolkit for convolution layers.",
    footer = {"", "The launcher ./convkit also runs Maven for two commands (each answers --help):",
        "  test       every test of the project, as CI runs them",
        "  mutation   mutation testing (PIT) of the solutions against the hidden suites"},
    subcommands = {
        DoctorCommand.class,
        Conv2dCommand.class,
        Conv2dBackwardCommand.class,
        Pool2dCommand.class,
        Pool2dBackwardCommand.class,
        BenchCommand.class,
        TrainCommand.class,
        PredictCommand.class,
        GradeCommand.class,
        HandoutCommand.class,
        AutograderCommand.class,
        SiteCommand.class,
        ServeCommand.class,
        CommandLine.HelpCommand.class,
    })
public final class Main {

    /** Exit code for a failure of the command itself. */
    public static final int EXIT_FAILURE = 1;
    /** Exit code for bad flags or bad input. */
    public static final int EXIT_USAGE = 2;

    private Main() {
    }

    /** The commands only an instructor's checkout has (a student handout leaves them out). */
    static final java.util.List<String> INSTRUCTOR_COMMANDS = java.util.List.of("handout", "autograder");

    /** Builds the command line with convkit's conventions (exit codes, error handling). */
    public static CommandLine commandLine() {
        return withConventions(new CommandLine(new Main()));
    }

    /** Exit codes, error messages, and a clear word when an instructor command is missing (a handout). */
    static CommandLine withConventions(CommandLine cli) {
        cli.setCaseInsensitiveEnumValuesAllowed(true); // --impl im2col, --mode max, --padding-mode reflect
        CommandLine.IParameterExceptionHandler usage = cli.getParameterExceptionHandler();
        cli.setParameterExceptionHandler((e, args) -> {
            String first = args.length > 0 ? args[0] : "";
            if (e.getCommandLine() == cli && INSTRUCTOR_COMMANDS.contains(first) && !cli.getSubcommands().containsKey(first)) {
                cli.getErr().println("convkit " + first + ": an instructor command; this is a student handout, which"
                    + " leaves it out (the instructor's checkout has it)");
                return EXIT_USAGE;
            }
            return usage.handleParseException(e, args);
        });
        cli.setExitCodeExceptionMapper(Main::exitCodeOf);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("convkit " + commandLine.getCommandName() + ": " + e.getMessage());
            return commandLine.getExitCodeExceptionMapper().getExitCode(e);
        });
        return cli;
    }

    /** Bad flags and bad input (shapes, files) are usage errors; anything else is a failure. */
    static int exitCodeOf(Throwable e) {
        return e instanceof CommandLine.ParameterException || e instanceof IllegalArgumentException
            ? EXIT_USAGE : EXIT_FAILURE;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}

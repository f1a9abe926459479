package convkit.cli;

import picocli.CommandLine.Option;

/**
 * {@code -h, --help}, mixed into every subcommand: picocli prints the command's usage and exits
 * with 0, before it checks required options (so {@code convkit handout --help} needs no --out).
 */
final class HelpOption {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
}

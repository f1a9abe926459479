package convkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every registered subcommand answers {@code -h} and {@code --help} with its usage and exit 0
 * (the README promises it). The commands are read from {@link Main#commandLine()}, so a command
 * added later is covered without touching this test.
 */
class EveryCommandHelpTests {

    static Stream<String> subcommands() {
        List<String> names = List.copyOf(Main.commandLine().getSubcommands().keySet());
        assertTrue(names.size() >= 12, "expected every convkit command to be registered, got " + names);
        return names.stream();
    }

    @ParameterizedTest(name = "convkit {0} --help")
    @MethodSource("subcommands")
    void longHelpPrintsTheUsageAndExitsZero(String command) {
        assertPrintsUsage(command, CliRun.of(command, "--help"));
    }

    @ParameterizedTest(name = "convkit {0} -h")
    @MethodSource("subcommands")
    void shortHelpPrintsTheUsageAndExitsZero(String command) {
        assertPrintsUsage(command, CliRun.of(command, "-h"));
    }

    private static void assertPrintsUsage(String command, CliRun run) {
        assertEquals(0, run.exitCode(), "convkit " + command + " --help: " + run.err());
        assertTrue(run.out().contains("Usage: convkit " + command + " "), run.out());
        assertTrue(run.out().contains("-h, --help"), run.out());
        assertFalse(run.err().contains("Unknown option"), run.err());
    }
}

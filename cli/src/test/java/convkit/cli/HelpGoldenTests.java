package convkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * The help of the numerics commands is an interface (people script against these flags), and
 * that of doctor, bench and site is what a newcomer reads first: each must match the golden
 * files in src/test/resources/golden exactly. After an intended change,
 * regenerate them with {@code ./convkit <command> --help > cli/src/test/resources/golden/<command>-help.txt}.
 */
class HelpGoldenTests {

    private static String golden(String command) throws IOException {
        try (InputStream in = HelpGoldenTests.class.getResourceAsStream("/golden/" + command + "-help.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void assertHelpMatchesGolden(String command) throws IOException {
        CliRun run = CliRun.of(command, "--help");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(golden(command).replace("\r\n", "\n"), run.out().replace("\r\n", "\n").replace(System.lineSeparator(), "\n"));
    }

    @Test
    void conv2dHelpMatchesGolden() throws IOException {
        assertHelpMatchesGolden("conv2d");
    }

    @Test
    void conv2dBackwardHelpMatchesGolden() throws IOException {
        assertHelpMatchesGolden("conv2d-backward");
    }

    @Test
    void pool2dHelpMatchesGolden() throws IOException {
        assertHelpMatchesGolden("pool2d");
    }

    @Test
    void pool2dBackwardHelpMatchesGolden() throws IOException {
        assertHelpMatchesGolden("pool2d-backward");
    }

    @Test
    void trainHelpMatchesGolden() throws IOException {
        assertHelpMatchesGolden("train");
    }

    @Test
    void predictHelpMatchesGolden() throws IOException {
        assertHelpMatchesGolden("predict");
    }

    @Test
    void doctorHelpMatchesGolden() throws IOException {
        assertHelpMatchesGolden("doctor");
    }

    @Test
    void benchHelpMatchesGolden() throws IOException {
        assertHelpMatchesGolden("bench");
    }

    @Test
    void siteHelpMatchesGolden() throws IOException {
        assertHelpMatchesGolden("site");
    }

    @Test
    void topLevelHelpNamesTheLauncherOnlyCommands() {
        CliRun run = CliRun.of("--help");
        assertEquals(0, run.exitCode());
        org.junit.jupiter.api.Assertions.assertTrue(run.out().contains("\n  test       every test of the project"), run.out());
        org.junit.jupiter.api.Assertions.assertTrue(run.out().contains("\n  mutation   mutation testing"), run.out());
    }

    @Test
    void topLevelHelpListsTheNumericsCommands() {
        CliRun run = CliRun.of("--help");
        assertEquals(0, run.exitCode());
        for (String command : new String[] {"conv2d ", "conv2d-backward", "pool2d ", "pool2d-backward"}) {
            org.junit.jupiter.api.Assertions.assertTrue(run.out().contains(command), run.out());
        }
    }
}

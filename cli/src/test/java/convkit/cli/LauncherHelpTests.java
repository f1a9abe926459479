package convkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The launcher runs {@code test} and {@code mutation} with Maven itself; asked for help, it prints
 * a short usage and exits 0 instead of passing {@code --help} on to Maven.
 */
@DisabledOnOs(OS.WINDOWS)
class LauncherHelpTests {

    @ParameterizedTest(name = "./convkit {0} {1}")
    @CsvSource({"test, --help", "test, -h", "mutation, --help", "mutation, -h"})
    void mavenCommandsPrintAShortUsage(String command, String flag) throws IOException, InterruptedException {
        Path launcher = ProjectRoot.find().resolve("convkit");
        Process process = new ProcessBuilder("bash", launcher.toString(), command, flag).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the launcher did not finish");
        assertEquals(0, process.exitValue(), out);
        assertTrue(out.startsWith("Usage: convkit " + command + " "), out);
        assertTrue(!out.contains("[INFO]"), "Maven ran: " + out);
    }
}

package convkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTests {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertEquals(Main.EXIT_USAGE, run("--no-such-flag"));
        assertTrue(err.toString().contains("--no-such-flag"), err.toString());
    }

    @Test
    void doctorReportsTheRunningJdk() {
        assertEquals(0, run("doctor"));
        assertTrue(out.toString().contains(Runtime.version().toString()), out.toString());
    }

    @Test
    void helpListsTheDoctorCommand() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("doctor"), out.toString());
    }
}

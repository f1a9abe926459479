package convkit.grader.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fallback boundary for a root grader where namespaces are refused (a Docker container with
 * the default seccomp profile, as on Gradescope): student code runs as an unprivileged uid of its
 * own, the grader's files are closed to other users, and every process of that uid is killed
 * when the submission is done. Forced here with {@link Sandbox.Choice#UID}; needs root.
 */
class SeparateUidTests {

    static Sandbox sandbox;

    @BeforeAll
    static void rootOnly() {
        assumeTrue(Sandbox.isRoot(), "only a root grader can run children as another uid");
        sandbox = Sandbox.detect(Sandbox.Choice.UID, Sandbox.DEFAULT_UID + 20);
        assertEquals(Sandbox.Kind.SEPARATE_UID, sandbox.kind());
    }

    @Test
    void theChildRunsAsTheUnprivilegedUid() throws IOException {
        String body = """
            public static String who() throws Exception {
              return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/status")).lines()
                  .filter(l -> l.startsWith("Uid:")).findFirst().orElse("?").replaceAll("\\\\s+", " ");
            }
            """;
        try (ChildInvoker invoker = SandboxTests.probe(sandbox, body)) {
            assertEquals("Uid: " + sandbox.uid() + " " + sandbox.uid() + " " + sandbox.uid() + " " + sandbox.uid(),
                SandboxTests.ask(invoker, "who"));
        }
    }

    @Test
    void filesClosedToOthersCannotBeReadOrWritten() throws IOException {
        Path checkout = Files.createTempDirectory("convkit-fake-checkout");
        ChildInvoker.deleteTreeAtExit(checkout);
        Files.setPosixFilePermissions(checkout, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path secret = Files.writeString(checkout.resolve("Ex05ConvLayer.java"), "// Instructor solution");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertEquals(List.of(checkout), sandbox.closeToOthers(List.of(checkout)));
        String body = """
            public static String attack() {
              StringBuilder s = new StringBuilder();
              try {
                String text = java.nio.file.Files.readString(java.nio.file.Path.of("SECRET"));
                s.append("read ").append(text);
              } catch (Exception e) {
                s.append("no read ");
              }
              try {
                java.nio.file.Files.writeString(java.nio.file.Path.of("SECRET"), "forged");
                s.append("wrote");
              } catch (Exception e) {
                s.append("no write");
              }
              return s.toString();
            }
            """.replace("SECRET", secret.toString());
        try (ChildInvoker invoker = SandboxTests.probe(sandbox, body)) {
            assertEquals("no read no write", SandboxTests.ask(invoker, "attack"));
        }
        assertEquals("// Instructor solution", Files.readString(secret));
    }

    @Test
    void sharedFoldersAreNeverClosed() throws IOException {
        assertEquals(List.of(), sandbox.closeToOthers(List.of(Path.of("/"), Path.of("/tmp"))));
        assertTrue(Files.getPosixFilePermissions(Path.of("/tmp")).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE));
    }

    @Test
    void aDaemonOfTheUidIsKilledWhenTheSubmissionIsDone() throws IOException, InterruptedException {
        String tag = "convkit-uid-daemon-" + System.nanoTime();
        String body = """
            public static String fork() throws Exception {
              new ProcessBuilder("setsid", "sh", "-c", "(sleep 30; echo TAG) >/dev/null 2>&1 & exit 0")
                  .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
              Thread.sleep(300);
              return "forked";
            }
            """.replace("TAG", tag);
        try (ChildInvoker invoker = SandboxTests.probe(sandbox, body)) {
            assertEquals("forked", SandboxTests.ask(invoker, "fork"));
        }
        sandbox.killStragglers();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (sandbox.processesLeft() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(0, sandbox.processesLeft(), "processes of uid " + sandbox.uid() + " left behind");
        assertFalse(ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().orElse("").contains(tag)));
    }

    @Test
    void theGradersMemoryAndEnvironmentCannotBeReadThroughProc() throws IOException {
        // the grader's pid is visible here, its files under /proc are another uid's
        String said = SandboxTests.peekAtTheGrader(sandbox);
        assertEquals(3, said.lines().filter(line -> line.contains("=refused")).count(), said);
    }

    @Test
    void theChildCannotSignalTheGrader() throws IOException {
        String body = """
            public static String kill() {
              long self = ProcessHandle.current().pid();
              return ProcessHandle.current().parent().map(p -> p.destroyForcibly() ? "signalled" : "refused").orElse("none");
            }
            """;
        try (ChildInvoker invoker = SandboxTests.probe(sandbox, body)) {
            String said = SandboxTests.ask(invoker, "kill");
            assertTrue(said.equals("refused") || said.equals("none"), said);
        }
    }
}

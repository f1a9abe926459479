package convkit.grader.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Where the machine lets the grader make cgroups, every child and each process it starts share a
 * memory limit (its heap plus 512 MiB): a process that grows past it is killed, the grader is not.
 */
class CgroupTests {

    /** A probe's method {@code eat}: a pipeline that holds 1.5 GB outside the JVM; its exit code and the bytes that passed. */
    static final String EAT = """
        public static String eat() throws Exception {
          // one line of 1.5 GB of zeros: tail keeps all of it in memory
          Process p = new ProcessBuilder("sh", "-c", "head -c 1500M /dev/zero | tail -n 1 | wc -c")
              .redirectErrorStream(true).start();
          String out = new String(p.getInputStream().readAllBytes()).strip();
          return p.waitFor() + " " + out;
        }
        """;

    @Test
    void aProcessThatEatsMemoryIsKilledAtTheChildsLimit() throws IOException {
        Sandbox sandbox = SandboxTests.SANDBOX;
        assumeTrue(sandbox.cgroupLimits(), "no writable cgroup here: " + sandbox.describe());
        try (ChildInvoker invoker = SandboxTests.probe(sandbox, EAT)) {
            Outcome outcome = invoker.invoke(Call.of("convkit.exercises.Probe", "eat", List.of()), java.time.Duration.ofSeconds(60));
            if (outcome.kind() == Outcome.Kind.RETURNED) {
                assertFalse(String.valueOf(outcome.value()).endsWith(" " + (1500L << 20)), "1.5 GB were allowed: " + outcome.value());
            } else {
                assertEquals(Outcome.Kind.DIED, outcome.kind(), outcome.toString());
                assertTrue(outcome.message().contains("cgroup"), outcome.message());
            }
        }
    }

    @Test
    void theDescriptionSaysWhichCgroupsLimitTheChildren() {
        Sandbox sandbox = SandboxTests.SANDBOX;
        assumeTrue(sandbox.cgroupLimits(), "no writable cgroup here: " + sandbox.describe());
        assertTrue(sandbox.describe().contains("memory and processes capped by cgroup v"), sandbox.describe());
    }
}

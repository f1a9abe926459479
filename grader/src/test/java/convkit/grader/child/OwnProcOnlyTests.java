package convkit.grader.child;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The separate uid's first step ({@link OwnProcOnly}), run here as this user (a Landlock domain
 * needs no privilege): the command it becomes reads its own entries of {@code /proc} and the
 * machine-wide files, and no other process's, though the same command without it reads them all;
 * given {@code /proc} to open, or no command, it runs nothing and says why.
 */
class OwnProcOnlyTests {

    /** A shell that says, for each thing under /proc, whether it could read it. */
    private static final String LOOK = """
        r() { if cat "$1" >/dev/null 2>&1; then echo "$2 read"; else echo "$2 refused"; fi; }
        r /proc/1/cmdline init; r /proc/GRADER/cmdline grader; r /proc/GRADER/status status
        if read -r line < /proc/$$/status; then echo "own read"; else echo "own refused"; fi
        if ls /proc >/dev/null 2>&1; then echo "list read"; else echo "list refused"; fi
        r /proc/meminfo meminfo; r /proc/sys/kernel/pid_max sysctl
        r /proc/$$/../1/cmdline "init from its own folder"
        for fd in /proc/$$/fd/*; do
          if [ "$(readlink "$fd")" = "/proc/$$" ]; then r "$fd/../1/cmdline" "init through the kept descriptor"; fi
        done
        """.replace("GRADER", String.valueOf(ProcessHandle.current().pid()));

    @BeforeAll
    static void landlockOnly() throws Throwable {
        long abi = System.getProperty("os.name").startsWith("Linux") ? LandlockRuleset.abi() : -1;
        assumeTrue(abi >= 1, "no Landlock here (" + abi + ")");
    }

    private static List<String> topsButProc() throws IOException {
        try (var entries = Files.list(Path.of("/"))) {
            return entries.filter(p -> !p.toString().equals("/proc")).map(Path::toString).toList();
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Runs {@code command}; its exit status and what it wrote. */
    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), out);
        return process.exitValue() + "\n" + out.strip();
    }

    @Test
    void theCommandReadsItsOwnEntriesAndNoOtherProcesss() throws Exception {
        List<String> shell = List.of("/bin/sh", "-c", LOOK);
        String stepped = run(OwnProcOnly.command(java(), System.getProperty("java.class.path"), topsButProc(), shell));
        // the step keeps a descriptor of its own folder open (the rule's hold on it): no way out through it either
        assertEquals("0\ninit refused\ngrader refused\nstatus refused\nown read\nlist refused\nmeminfo read\nsysctl read"
            + "\ninit from its own folder refused\ninit through the kept descriptor refused", stepped);
        // the control: the same shell without the step reads them all
        assertEquals("0\ninit read\ngrader read\nstatus read\nown read\nlist read\nmeminfo read\nsysctl read"
            + "\ninit from its own folder read", run(shell));
    }

    @Test
    void anEntryOfTheRootThatLeadsNowhereIsLeftOut() throws Exception {
        // a link to nothing at the top of a container's root (opening it for a rule fails)
        Path folder = Files.createTempDirectory("convkit-dangling");
        Path link = Files.createSymbolicLink(folder.resolve("gone"), folder.resolve("nothing-here"));
        try {
            List<String> tops = new ArrayList<>(topsButProc());
            tops.add(link.toString());
            assertEquals("0\nran", run(OwnProcOnly.command(java(), System.getProperty("java.class.path"), tops,
                List.of("/bin/echo", "ran"))));
        } finally {
            Files.delete(link);
            Files.delete(folder);
        }
    }

    @Test
    void aStepGivenProcOrNoCommandRunsNothingAndSaysWhy() throws Exception {
        String classPath = System.getProperty("java.class.path");
        List<String> tops = new ArrayList<>(topsButProc());
        tops.add("/proc");
        String withProc = run(OwnProcOnly.command(java(), classPath, tops, List.of("/bin/echo", "ran")));
        assertTrue(withProc.startsWith(OwnProcOnly.NOT_CLOSED + "\n") && withProc.contains("got /proc")
            && withProc.contains("no student code runs") && !withProc.contains("ran"), withProc);
        List<String> noCommand = new ArrayList<>(OwnProcOnly.command(java(), classPath, topsButProc(), List.of("x")));
        noCommand.removeLast();
        String none = run(noCommand);
        assertTrue(none.startsWith(OwnProcOnly.NOT_CLOSED + "\n") && none.contains("needs TOP... -- COMMAND..."), none);
        String missing = run(OwnProcOnly.command(java(), classPath, topsButProc(), List.of("/nonexistent/program")));
        assertTrue(missing.startsWith(OwnProcOnly.NOT_CLOSED + "\n") && missing.contains("execv(/nonexistent/program) failed: errno 2"),
            missing);
    }
}

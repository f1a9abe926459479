package convkit.grader.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import convkit.grader.child.LandlockRuleset;

/**
 * Linux's Landlock for the separate-uid boundary, which has no mount namespace: the child's
 * process tree may open files only beneath the folders its jail names, however the files' modes
 * read. Read and run: the system's programs and libraries, {@code /etc}, {@code /proc} (which the
 * child's first step narrows to its own entries, {@link convkit.grader.child.OwnProcOnly}),
 * {@code /sys}, {@code /dev}, the JDK and what the jail binds read-only; read and write: the
 * child's working folder, what the jail binds writable, its cgroup, and {@code /dev/null}.
 * Everything else, such as {@code /tmp} outside the working folder, other users' world-readable
 * files and what another submission of a batch left there, is refused ({@code EACCES}). Where the
 * kernel's Landlock has them (ABI 4 and 6), TCP binds and connects are refused too, and the child
 * may not signal a process outside its domain, nor reach an abstract Unix socket made outside it.
 *
 * <p>A Landlock domain binds a thread and what it starts: the grader starts each jailed child from
 * a thread of its own that first restricts itself (after {@code no_new_privs}, for that thread
 * only) and then ends, so the child and every process it starts inherit the domain, and no other
 * thread of the grader is touched. The calls: {@link LandlockRuleset}.
 */
final class Landlock {

    private static final long NET_BIND_TCP = 1L;
    private static final long NET_CONNECT_TCP = 1L << 1;
    private static final long SCOPE_ABSTRACT_UNIX_SOCKET = 1L;
    private static final long SCOPE_SIGNAL = 1L << 1;

    /** The rights of a read-only rule: open files to read or run them, and list folders. */
    private static final long READ = LandlockRuleset.EXECUTE | LandlockRuleset.READ_FILE | LandlockRuleset.READ_DIR;

    private Landlock() {
    }

    /** A folder or file the child may use, and whether it may write there. */
    record Rule(Path path, boolean writable) {
    }

    /** This kernel's Landlock ABI version, or empty with the reason it has none. */
    static Optional<Integer> abi() {
        return Probe.HERE.version();
    }

    /** Why there is no Landlock here (empty when there is). */
    static String unavailable() {
        return Probe.HERE.reason();
    }

    /** What the kernel said when first asked for its Landlock ABI. */
    private record Probe(Optional<Integer> version, String reason) {
        static final Probe HERE = probe();
    }

    private static Probe probe() {
        String arch = System.getProperty("os.arch");
        if (!System.getProperty("os.name", "").startsWith("Linux") || !(arch.equals("amd64") || arch.equals("aarch64"))) {
            return new Probe(Optional.empty(), "Landlock is for Linux on x86-64 and ARM64");
        }
        try {
            long version = LandlockRuleset.abi();
            if (version < 1) {
                return new Probe(Optional.empty(), "the kernel has no Landlock (errno " + -version + ")");
            }
            return new Probe(Optional.of((int) version), "");
        } catch (Throwable e) {
            return new Probe(Optional.empty(), "no native access to make a Landlock ruleset (" + e + ")");
        }
    }

    /**
     * Starts {@code builder}'s process in a Landlock domain that allows only {@code rules}: on a
     * thread of its own that restricts itself, starts the process, and then waits for it to end.
     * The thread outlives the process on purpose: the child asks the kernel ({@code setpriv
     * --pdeathsig=KILL}) for SIGKILL when the thread that started it ends, meant for when the
     * grader dies; a thread that ended at once killed the child whenever it ended after setpriv
     * asked, which on a machine without cgroups (nothing run before setpriv) was most times.
     * Throws IOException when the process cannot start, IllegalStateException naming the call when
     * the domain cannot be made.
     */
    static Process start(ProcessBuilder builder, List<Rule> rules) throws IOException {
        int version = abi().orElseThrow(() -> new IllegalStateException("no Landlock: " + unavailable()));
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        Thread spawner = new Thread(() -> {
            Process process;
            try {
                restrictThisThread(version, rules);
                process = builder.start();
            } catch (Throwable e) {
                outcome.complete(e);
                return;
            }
            outcome.complete(process);
            while (process.isAlive()) {
                try {
                    process.waitFor();
                } catch (InterruptedException e) {
                    // this thread ends with its child only
                }
            }
        }, "convkit-landlock-spawn");
        spawner.setDaemon(true);
        spawner.start();
        // waited for whatever happens: a process it started must not go unseen (starting takes milliseconds)
        boolean interrupted = false;
        Object result = null;
        while (result == null) {
            try {
                result = outcome.get();
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException e) {
                throw new IllegalStateException(e); // never: the future is only completed with a value
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (result instanceof Process process) {
            return process;
        }
        if (result instanceof IOException e) {
            throw e;
        }
        if (result instanceof RuntimeException e) {
            throw e;
        }
        throw new IllegalStateException("the child could not be started in its Landlock domain: " + result,
            (Throwable) result);
    }

    /** The rights a ruleset of this ABI handles: every file right it knows. */
    static long handledFiles(int version) {
        long rights = LandlockRuleset.ABI_1;
        if (version >= 2) {
            rights |= LandlockRuleset.REFER;
        }
        if (version >= 3) {
            rights |= LandlockRuleset.TRUNCATE;
        }
        if (version >= 5) {
            rights |= LandlockRuleset.IOCTL_DEV;
        }
        return rights;
    }

    /** What a rule grants: read and run, or everything handled (a file: only a file's, {@link LandlockRuleset#allow}). */
    static long allowed(Rule rule, long handled) {
        return rule.writable() ? handled : READ;
    }

    private static void restrictThisThread(int version, List<Rule> rules) throws Throwable {
        long handled = handledFiles(version);
        try (LandlockRuleset ruleset = LandlockRuleset.create(handled,
                version >= 4 ? NET_BIND_TCP | NET_CONNECT_TCP : 0, version >= 6 ? SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL : 0)) {
            for (Rule rule : rules) {
                ruleset.allow(rule.path(), allowed(rule, handled), false);
            }
            ruleset.restrictThisThread();
        }
    }
}

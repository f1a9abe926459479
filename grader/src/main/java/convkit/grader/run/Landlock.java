package convkit.grader.run;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import convkit.grader.child.Libc;

/**
 * Linux's Landlock for the separate-uid boundary, which has no mount namespace: the child's
 * process tree may open files only beneath the folders its jail names, however the files' modes
 * read. Read and run: the system's programs and libraries, {@code /etc}, {@code /proc},
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
 * thread of the grader is touched. Through the Foreign Function and Memory API ({@link Libc});
 * x86-64 and ARM64 number the three Landlock calls alike.
 */
final class Landlock {

    private static final long CREATE_RULESET = 444;
    private static final long ADD_RULE = 445;
    private static final long RESTRICT_SELF = 446;
    private static final long CREATE_RULESET_VERSION = 1;
    private static final long RULE_PATH_BENEATH = 1;
    private static final int O_PATH = 010000000;
    private static final int O_CLOEXEC = 02000000;

    static final long EXECUTE = 1L;
    static final long WRITE_FILE = 1L << 1;
    static final long READ_FILE = 1L << 2;
    static final long READ_DIR = 1L << 3;
    /** ABI 1's rights: the three above, listing, and making or removing every kind of entry. */
    private static final long ABI_1 = (1L << 13) - 1;
    private static final long REFER = 1L << 13;
    private static final long TRUNCATE = 1L << 14;
    private static final long IOCTL_DEV = 1L << 15;
    private static final long NET_BIND_TCP = 1L;
    private static final long NET_CONNECT_TCP = 1L << 1;
    private static final long SCOPE_ABSTRACT_UNIX_SOCKET = 1L;
    private static final long SCOPE_SIGNAL = 1L << 1;

    /** The rights of a read-only rule: open files to read or run them, and list folders. */
    private static final long READ = EXECUTE | READ_FILE | READ_DIR;

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
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.state(arena);
            long version = Libc.syscall(state, CREATE_RULESET, 0L, 0L, CREATE_RULESET_VERSION, 0L);
            if (version < 1) {
                return new Probe(Optional.empty(), "the kernel has no Landlock (errno " + Libc.errno(state) + ")");
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
        long rights = ABI_1;
        if (version >= 2) {
            rights |= REFER;
        }
        if (version >= 3) {
            rights |= TRUNCATE;
        }
        if (version >= 5) {
            rights |= IOCTL_DEV;
        }
        return rights;
    }

    /** What a rule grants: read and run, or everything handled; a file only a file's rights. */
    static long allowed(Rule rule, long handled, boolean folder) {
        long rights = rule.writable() ? handled : READ;
        // a rule on a file may hold only a file's rights
        return folder ? rights : rights & (EXECUTE | WRITE_FILE | READ_FILE | TRUNCATE | IOCTL_DEV);
    }

    private static void restrictThisThread(int version, List<Rule> rules) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.state(arena);
            long handled = handledFiles(version);
            // struct landlock_ruleset_attr { u64 handled_access_fs; u64 handled_access_net (ABI 4); u64 scoped (ABI 6) }
            MemorySegment attr = arena.allocate(24, 8);
            attr.set(ValueLayout.JAVA_LONG, 0, handled);
            attr.set(ValueLayout.JAVA_LONG, 8, version >= 4 ? NET_BIND_TCP | NET_CONNECT_TCP : 0);
            attr.set(ValueLayout.JAVA_LONG, 16, version >= 6 ? SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL : 0);
            long size = version >= 6 ? 24 : version >= 4 ? 16 : 8;
            long ruleset = Libc.syscall(state, CREATE_RULESET, attr.address(), size, 0L, 0L);
            if (ruleset < 0) {
                throw new IllegalStateException("landlock_create_ruleset failed: errno " + Libc.errno(state));
            }
            try {
                // struct landlock_path_beneath_attr { u64 allowed_access; s32 parent_fd; } (packed)
                MemorySegment beneath = arena.allocate(12, 4);
                for (Rule rule : rules) {
                    Path path = rule.path().toAbsolutePath().normalize();
                    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.exists(path)) {
                        continue; // e.g. /lib64 on a machine that has none
                    }
                    int fd = Libc.open(state, arena.allocateFrom(path.toString()), O_PATH | O_CLOEXEC);
                    if (fd < 0) {
                        throw new IllegalStateException("open(" + path + ", O_PATH) failed: errno " + Libc.errno(state));
                    }
                    try {
                        beneath.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, allowed(rule, handled, Files.isDirectory(path)));
                        beneath.set(ValueLayout.JAVA_INT_UNALIGNED, 8, fd);
                        long added = Libc.syscall(state, ADD_RULE, ruleset, RULE_PATH_BENEATH, beneath.address(), 0L);
                        if (added != 0) {
                            throw new IllegalStateException("landlock_add_rule(" + path + ") failed: errno "
                                + Libc.errno(state));
                        }
                    } finally {
                        Libc.close(fd);
                    }
                }
                Libc.noNewPrivileges(state);
                long restricted = Libc.syscall(state, RESTRICT_SELF, ruleset, 0L, 0L, 0L);
                if (restricted != 0) {
                    throw new IllegalStateException("landlock_restrict_self failed: errno " + Libc.errno(state));
                }
            } finally {
                Libc.close((int) ruleset);
            }
        }
    }
}

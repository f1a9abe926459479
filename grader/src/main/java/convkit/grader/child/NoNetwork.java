package convkit.grader.child;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes the network away from this JVM and everything it starts, before student code runs: a
 * seccomp filter (Linux, x86-64 and AArch64) on every thread of the process ({@code TSYNC}),
 * inherited by every thread and process started afterwards, that answers {@code EPERM} to
 * {@code socket(2)} of any family and to {@code io_uring_setup(2)} (whose ring can open sockets
 * without calling socket), to {@code memfd_create(2)} (a file in memory that no process need map:
 * where no cgroup caps the child, the grader's memory watch, which adds up the processes' resident
 * pages, would not see it), and to any system call of another ABI (i386's, or x32's numbers on
 * x86-64) where the numbers mean something else; and, where the grader asks ({@link #IPC_PROPERTY}),
 * to {@code shmget}, {@code semget}, {@code msgget} and {@code mq_open}, so that no System V IPC
 * object or POSIX queue can be made or opened. Everything else is allowed. The runner talks to
 * the grader over its stdin and stdout, pipes made before it started, so it needs no socket.
 *
 * <p>Under the namespace sandbox this stands behind the network namespace (only {@code lo}); under
 * the separate uid, which has the host's network, it is the network's only boundary. Once
 * installed it cannot be removed: seccomp filters only add up, and {@code no_new_privs} (set
 * first, as an unprivileged filter needs) keeps a set-uid program from shedding it.
 *
 * <p>Uses only {@code java.base} (the Foreign Function and Memory API, through {@link Libc}).
 */
public final class NoNetwork {

    /** The system property by which the grader asks its runners to install the filter: {@code deny}. */
    public static final String PROPERTY = "convkit.runner.network";
    /**
     * The system property by which the grader asks for System V IPC and POSIX message queues to be
     * refused too ({@code deny}): under the separate uid, which has no IPC namespace, two
     * submissions graded at once could otherwise pass answers through a queue or a segment; and in
     * the namespace sandbox where no cgroup caps the child, since a System V segment made, filled
     * and detached holds memory that no process's resident pages show.
     */
    public static final String IPC_PROPERTY = "convkit.runner.ipc";
    /** Exit status of a runner asked to deny the network that could not. */
    public static final int NOT_DENIED = 5;

    private static final int SECCOMP_SET_MODE_FILTER = 1;
    private static final int SECCOMP_FILTER_FLAG_TSYNC = 1;
    private static final int EPERM = 1;

    private static final int SECCOMP_RET_ALLOW = 0x7fff0000;
    private static final int SECCOMP_RET_ERRNO = 0x00050000;
    /** BPF_LD | BPF_W | BPF_ABS: load the 32-bit word of seccomp_data at k. */
    private static final short LOAD = 0x20;
    /** BPF_JMP | BPF_JEQ | BPF_K. */
    private static final short JUMP_EQUAL = 0x15;
    /** BPF_JMP | BPF_JGE | BPF_K. */
    private static final short JUMP_AT_LEAST = 0x35;
    /** BPF_RET | BPF_K. */
    private static final short RETURN = 0x06;
    /** Offsets in struct seccomp_data: the call's number, then its ABI. */
    private static final int NR = 0;
    private static final int ARCH = 4;
    /** x86-64's x32 ABI marks its numbers with this bit. */
    private static final int X32_BIT = 0x40000000;

    private NoNetwork() {
    }

    /** The system calls of one ABI that the filter refuses: the network's, and IPC's where asked. */
    record Abi(String osArch, int auditArch, int seccompCall, int[] refused, int[] ipc) {

        /** The calls refused, with or without IPC's. */
        int[] refused(boolean withIpc) {
            return withIpc ? java.util.stream.IntStream.concat(java.util.Arrays.stream(refused),
                java.util.Arrays.stream(ipc)).toArray() : refused.clone();
        }
    }

    /**
     * The ABIs the filter knows: x86-64 (socket 41, memfd_create 319, io_uring_setup 425; shmget 29,
     * semget 64, msgget 68, mq_open 240) and AArch64 (socket 198, memfd_create 279, io_uring_setup 425;
     * mq_open 180, msgget 186, semget 190, shmget 194).
     */
    static final List<Abi> ABIS = List.of(
        new Abi("amd64", 0xC000003E, 317, new int[] {41, 319, 425}, new int[] {29, 64, 68, 240}),
        new Abi("aarch64", 0xC00000B7, 277, new int[] {198, 279, 425}, new int[] {180, 186, 190, 194}));

    /** This machine's ABI, or null where the filter does not know it. */
    static Abi abi() {
        String arch = System.getProperty("os.arch");
        if (!System.getProperty("os.name", "").startsWith("Linux")) {
            return null;
        }
        return ABIS.stream().filter(abi -> abi.osArch().equals(arch)).findFirst().orElse(null);
    }

    /**
     * The filter as BPF instructions, each {code, jt, jf, k}: another ABI refused; on x86-64 the
     * x32 numbers refused; each refused call answered EPERM; the rest allowed.
     */
    static List<int[]> program(Abi abi, boolean withIpc) {
        List<int[]> program = new ArrayList<>();
        program.add(new int[] {LOAD, 0, 0, ARCH});
        program.add(new int[] {JUMP_EQUAL, 1, 0, abi.auditArch()});
        program.add(new int[] {RETURN, 0, 0, SECCOMP_RET_ERRNO | EPERM});
        program.add(new int[] {LOAD, 0, 0, NR});
        if (abi.osArch().equals("amd64")) {
            program.add(new int[] {JUMP_AT_LEAST, 0, 1, X32_BIT});
            program.add(new int[] {RETURN, 0, 0, SECCOMP_RET_ERRNO | EPERM});
        }
        int[] refused = abi.refused(withIpc);
        for (int i = 0; i < refused.length; i++) {
            // to the EPERM after the last test and the ALLOW
            program.add(new int[] {JUMP_EQUAL, refused.length - i, 0, refused[i]});
        }
        program.add(new int[] {RETURN, 0, 0, SECCOMP_RET_ALLOW});
        program.add(new int[] {RETURN, 0, 0, SECCOMP_RET_ERRNO | EPERM});
        return program;
    }

    /**
     * Installs the filter on every thread of this process. Throws IllegalStateException naming
     * what failed (not Linux, an ABI it does not know, or the call's errno) when it could not.
     */
    public static void install(boolean withIpc) {
        Abi abi = abi();
        if (abi == null) {
            throw new IllegalStateException("no seccomp filter for " + System.getProperty("os.name") + " on "
                + System.getProperty("os.arch") + " (it knows Linux on amd64 and aarch64)");
        }
        List<int[]> program = program(abi, withIpc);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.state(arena);
            MemorySegment filter = arena.allocate(8L * program.size(), 8);
            for (int i = 0; i < program.size(); i++) {
                // struct sock_filter { u16 code; u8 jt; u8 jf; u32 k; }, in this machine's byte order
                int[] op = program.get(i);
                long at = 8L * i;
                filter.set(ValueLayout.JAVA_SHORT, at, (short) op[0]);
                filter.set(ValueLayout.JAVA_BYTE, at + 2, (byte) op[1]);
                filter.set(ValueLayout.JAVA_BYTE, at + 3, (byte) op[2]);
                filter.set(ValueLayout.JAVA_INT, at + 4, op[3]);
            }
            // struct sock_fprog { unsigned short len; struct sock_filter *filter; }
            MemorySegment fprog = arena.allocate(16, 8);
            fprog.set(ValueLayout.JAVA_SHORT, 0, (short) program.size());
            fprog.set(ValueLayout.ADDRESS, 8, filter);
            Libc.noNewPrivileges(state);
            long result = Libc.syscall(state, abi.seccompCall(), SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC,
                fprog.address(), 0L);
            if (result != 0) {
                throw new IllegalStateException(result > 0
                    ? "seccomp(TSYNC) could not reach thread " + result + " of this JVM"
                    : "seccomp(SECCOMP_SET_MODE_FILTER) failed: errno " + Libc.errno(state));
            }
        } catch (IllegalStateException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("the seccomp filter could not be installed: " + e, e);
        }
    }

    /**
     * Installs the filter when {@link #PROPERTY} is {@code deny}; if it cannot, says why on stderr
     * and ends this JVM with {@link #NOT_DENIED} before any student code runs.
     */
    static void installIfAsked() {
        if (!"deny".equals(System.getProperty(PROPERTY))) {
            return;
        }
        try {
            install("deny".equals(System.getProperty(IPC_PROPERTY)));
        } catch (IllegalStateException e) {
            System.err.println("convkit runner: the grader asked for no network, and " + e.getMessage()
                + "; no student code runs");
            System.err.flush();
            Runtime.getRuntime().halt(NOT_DENIED);
        }
    }
}

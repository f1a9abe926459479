package convkit.grader.child;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Linux's three Landlock calls: a ruleset is made with the rights it handles, given rules (a
 * folder or file and the rights allowed beneath it), and laid on the calling thread, which, with
 * every process and thread it starts afterwards, can never again use a handled right the rules do
 * not allow. Domains stack: a process already in one can only narrow it. Used by the grader for
 * the separate uid's domain and by {@link OwnProcOnly} in the child; uses only {@code java.base}
 * (through {@link Libc}); x86-64 and ARM64 number the calls alike.
 */
public final class LandlockRuleset implements AutoCloseable {

    public static final long EXECUTE = 1L;
    public static final long WRITE_FILE = 1L << 1;
    public static final long READ_FILE = 1L << 2;
    public static final long READ_DIR = 1L << 3;
    /** ABI 1's rights: the four above, and making or removing every kind of entry. */
    public static final long ABI_1 = (1L << 13) - 1;
    public static final long REFER = 1L << 13;
    public static final long TRUNCATE = 1L << 14;
    public static final long IOCTL_DEV = 1L << 15;
    /** The rights a rule on a file (not a folder) may hold. */
    public static final long FILE_RIGHTS = EXECUTE | WRITE_FILE | READ_FILE | TRUNCATE | IOCTL_DEV;

    private static final long CREATE_RULESET = 444;
    private static final long ADD_RULE = 445;
    private static final long RESTRICT_SELF = 446;
    private static final long CREATE_RULESET_VERSION = 1;
    private static final long RULE_PATH_BENEATH = 1;
    private static final int O_PATH = 010000000;
    private static final int O_CLOEXEC = 02000000;

    private final Arena arena;
    private final MemorySegment state;
    private final int descriptor;

    private LandlockRuleset(Arena arena, MemorySegment state, int descriptor) {
        this.arena = arena;
        this.state = state;
        this.descriptor = descriptor;
    }

    /** This kernel's Landlock ABI version, or the negated errno of the question (no Landlock). */
    public static long abi() throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.state(arena);
            long version = Libc.syscall(state, CREATE_RULESET, 0L, 0L, CREATE_RULESET_VERSION, 0L);
            return version >= 1 ? version : -Libc.errno(state);
        }
    }

    /**
     * A new ruleset handling {@code files} (file rights), {@code network} (ABI 4's TCP rights)
     * and {@code scopes} (ABI 6's); the last two are left out of the kernel's structure where
     * zero, so that an older ABI accepts it. Throws IllegalStateException with the errno.
     */
    public static LandlockRuleset create(long files, long network, long scopes) throws Throwable {
        Arena arena = Arena.ofConfined();
        try {
            MemorySegment state = Libc.state(arena);
            // struct landlock_ruleset_attr { u64 handled_access_fs; u64 handled_access_net (ABI 4); u64 scoped (ABI 6) }
            MemorySegment attr = arena.allocate(24, 8);
            attr.set(ValueLayout.JAVA_LONG, 0, files);
            attr.set(ValueLayout.JAVA_LONG, 8, network);
            attr.set(ValueLayout.JAVA_LONG, 16, scopes);
            long size = scopes != 0 ? 24 : network != 0 ? 16 : 8;
            long ruleset = Libc.syscall(state, CREATE_RULESET, attr.address(), size, 0L, 0L);
            if (ruleset < 0) {
                throw new IllegalStateException("landlock_create_ruleset failed: errno " + Libc.errno(state));
            }
            return new LandlockRuleset(arena, state, (int) ruleset);
        } catch (Throwable e) {
            arena.close();
            throw e;
        }
    }

    /**
     * Allows {@code rights} beneath {@code path} (on a file, only its {@link #FILE_RIGHTS});
     * false, with nothing added, when the path leads nowhere (such as {@code /lib64} on a machine
     * that has none, or a link to nothing). With {@code keepOpen} the descriptor that names the path stays open, and
     * open across {@code exec}: it holds the path's entry in the kernel's cache, so that the rule
     * keeps naming it (a {@code /proc} entry dropped from the cache comes back as a new inode, which
     * no rule names). Throws IllegalStateException naming the path and the errno.
     */
    public boolean allow(Path path, long rights, boolean keepOpen) throws Throwable {
        Path absolute = path.toAbsolutePath().normalize();
        if (!Files.exists(absolute)) {
            return false;
        }
        int fd = Libc.open(state, arena.allocateFrom(absolute.toString()), O_PATH | (keepOpen ? 0 : O_CLOEXEC));
        if (fd < 0) {
            throw new IllegalStateException("open(" + absolute + ", O_PATH) failed: errno " + Libc.errno(state));
        }
        try {
            // struct landlock_path_beneath_attr { u64 allowed_access; s32 parent_fd; } (packed)
            MemorySegment beneath = arena.allocate(12, 4);
            beneath.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, Files.isDirectory(absolute) ? rights : rights & FILE_RIGHTS);
            beneath.set(ValueLayout.JAVA_INT_UNALIGNED, 8, fd);
            long added = Libc.syscall(state, ADD_RULE, descriptor, RULE_PATH_BENEATH, beneath.address(), 0L);
            if (added != 0) {
                throw new IllegalStateException("landlock_add_rule(" + absolute + ") failed: errno " + Libc.errno(state));
            }
        } finally {
            if (!keepOpen) {
                Libc.close(fd);
            }
        }
        return true;
    }

    /**
     * Lays the ruleset on the calling thread (after {@code no_new_privs}, which it needs), and on
     * whatever it starts from now on; the process's other threads are untouched. Throws
     * IllegalStateException with the errno.
     */
    public void restrictThisThread() throws Throwable {
        Libc.noNewPrivileges(state);
        long restricted = Libc.syscall(state, RESTRICT_SELF, descriptor, 0L, 0L, 0L);
        if (restricted != 0) {
            throw new IllegalStateException("landlock_restrict_self failed: errno " + Libc.errno(state));
        }
    }

    @Override
    public void close() {
        try {
            Libc.close(descriptor);
        } catch (Throwable e) {
            // closing a descriptor the ruleset owns cannot fail in a way worth reporting
        } finally {
            arena.close();
        }
    }
}

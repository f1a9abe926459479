package convkit.grader.child;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.List;

/**
 * The few libc calls the sandbox makes itself, through the Foreign Function and Memory API: the
 * runner's seccomp filter ({@link NoNetwork}), the Landlock domains ({@link LandlockRuleset}) and
 * the child's first step ({@link OwnProcOnly}). Each call captures {@code errno} into a state
 * segment ({@link #state}); {@code syscall} and {@code prctl} are variadic, so every argument
 * after the first goes as a long (a pointer as its address).
 * Uses only {@code java.base}: it runs in the child JVM too. Looked up on first use; needs native
 * access.
 */
public final class Libc {

    /** {@code prctl}'s option that keeps a thread and its children from gaining privileges by exec. */
    public static final int PR_SET_NO_NEW_PRIVS = 38;

    private static final StructLayout ERRNO_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = ERRNO_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private Libc() {
    }

    /** The handles, made when first asked for. */
    private static final class Handles {
        static final MethodHandle SYSCALL;
        static final MethodHandle PRCTL;
        static final MethodHandle OPEN;
        static final MethodHandle CLOSE;
        static final MethodHandle EXECV;

        static {
            Linker linker = Linker.nativeLinker();
            Linker.Option capture = Linker.Option.captureCallState("errno");
            var libc = linker.defaultLookup();
            ValueLayout.OfLong word = ValueLayout.JAVA_LONG;
            // long syscall(long number, ...): four arguments, the unused ones zero
            SYSCALL = linker.downcallHandle(libc.findOrThrow("syscall"),
                FunctionDescriptor.of(word, word, word, word, word, word), capture, Linker.Option.firstVariadicArg(1));
            // int prctl(int option, ...)
            PRCTL = linker.downcallHandle(libc.findOrThrow("prctl"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, word, word, word, word), capture,
                Linker.Option.firstVariadicArg(1));
            // int open(const char *path, int flags, ...): the mode, unused without O_CREAT
            OPEN = linker.downcallHandle(libc.findOrThrow("open"), FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), capture, Linker.Option.firstVariadicArg(2));
            CLOSE = linker.downcallHandle(libc.findOrThrow("close"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            // int execv(const char *path, char *const argv[])
            EXECV = linker.downcallHandle(libc.findOrThrow("execv"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS), capture);
        }
    }

    /** A segment the calls write {@code errno} into. */
    public static MemorySegment state(Arena arena) {
        return arena.allocate(ERRNO_LAYOUT);
    }

    /** The {@code errno} the last call through {@code state} left. */
    public static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    /** {@code syscall(number, a, b, c, d)}: its result (negative on failure, errno in {@code state}). */
    public static long syscall(MemorySegment state, long number, long a, long b, long c, long d) throws Throwable {
        return (long) Handles.SYSCALL.invokeExact(state, number, a, b, c, d);
    }

    /**
     * Sets {@code no_new_privs} on the calling thread (an unprivileged seccomp filter or Landlock
     * domain needs it); throws IllegalStateException with the errno when refused.
     */
    public static void noNewPrivileges(MemorySegment state) throws Throwable {
        int done = (int) Handles.PRCTL.invokeExact(state, PR_SET_NO_NEW_PRIVS, 1L, 0L, 0L, 0L);
        if (done != 0) {
            throw new IllegalStateException("prctl(PR_SET_NO_NEW_PRIVS) failed: errno " + errno(state));
        }
    }

    /** {@code open(path, flags)}: a descriptor, or -1 with errno in {@code state}. */
    public static int open(MemorySegment state, MemorySegment path, int flags) throws Throwable {
        return (int) Handles.OPEN.invokeExact(state, path, flags, 0);
    }

    /**
     * {@code execv(command[0], command)}: this process becomes the program, keeping its pid, its
     * descriptors not marked close-on-exec and its calling thread's credentials (every other
     * thread ends). Returns only on failure, with the errno.
     */
    public static int execv(List<String> command) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = state(arena);
            MemorySegment argv = arena.allocate(ValueLayout.ADDRESS, command.size() + 1L);
            for (int i = 0; i < command.size(); i++) {
                argv.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(command.get(i)));
            }
            argv.setAtIndex(ValueLayout.ADDRESS, command.size(), MemorySegment.NULL);
            int ignored = (int) Handles.EXECV.invokeExact(state, argv.getAtIndex(ValueLayout.ADDRESS, 0), argv);
            return errno(state);
        }
    }

    /** {@code close(fd)}. */
    public static void close(int fd) throws Throwable {
        int ignored = (int) Handles.CLOSE.invokeExact(fd);
    }
}

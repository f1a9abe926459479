package convkit.cli;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The process's counters the bench reads around each timed run: its CPU time (every thread, native
 * ones too), the JIT's compilation time, the collections and the bytes allocated. Reading them must
 * itself cost next to nothing and allocate nothing, or it would show in the runs it measures.
 */
final class ProcessCounters {

    private ProcessCounters() {
    }

    /** {@code clock_gettime} from the C library (POSIX), or null where there is none. */
    private static final MethodHandle CLOCK_GETTIME = downcall("clock_gettime",
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    /** Whether this is Linux, whose clock id {@link #CLOCK_PROCESS_CPUTIME_ID} is. */
    private static final boolean LINUX = System.getProperty("os.name", "").startsWith("Linux");
    /** Linux's CLOCK_PROCESS_CPUTIME_ID: CPU time of every thread of the process, in nanoseconds. */
    private static final int CLOCK_PROCESS_CPUTIME_ID = 2;

    /**
     * Where {@link #processCpuNanos} has clock_gettime write its answer: one buffer for the life of
     * the process. A confined arena a call, as before, put allocation and its classes in the timed
     * loop: C2's code for the clock was thrown away when a layer's first pass loaded other memory
     * segment classes, and compiled again in the middle of a later layer's timed runs (seen with
     * -XX:+PrintCompilation, .bench/isolated-planning-2026-12-04.md).
     */
    private static final MemorySegment TIMESPEC = Arena.global().allocate(16, 8);

    /**
     * CPU time of the whole process (all threads, native BLAS threads included). On a machine
     * shared with other work, wall time measures the share of the cores we got; CPU time the work.
     * Linux: clock_gettime(CLOCK_PROCESS_CPUTIME_ID) (nanoseconds); elsewhere the JVM's figure
     * (which may tick in 10 ms steps). Synchronized: one buffer serves every call.
     */
    static synchronized long processCpuNanos() {
        if (CLOCK_GETTIME != null && LINUX) {
            try {
                int status = (int) CLOCK_GETTIME.invokeExact(CLOCK_PROCESS_CPUTIME_ID, TIMESPEC);
                if (status == 0) {
                    return TIMESPEC.get(JAVA_LONG, 0) * 1_000_000_000L + TIMESPEC.get(JAVA_LONG, 8);
                }
            } catch (Throwable e) {
                throw new IllegalStateException("clock_gettime failed: " + e, e);
            }
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    /** {@code getrusage} from the C library (POSIX), or null where there is none. */
    private static final MethodHandle GETRUSAGE = downcall("getrusage", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    /** getrusage's RUSAGE_SELF: every thread of the process, those that ended too. */
    private static final int RUSAGE_SELF = 0;
    /**
     * Where {@link #usage} has getrusage write: Linux's {@code struct rusage} on a 64-bit machine,
     * two timevals and fourteen longs; ru_minflt, ru_majflt and ru_nivcsw at these offsets.
     */
    private static final MemorySegment RUSAGE = Arena.global().allocate(144, 8);
    private static final long MINFLT = 64;
    private static final long MAJFLT = 72;
    private static final long NIVCSW = 136;
    /** Whether {@link #RUSAGE}'s layout is this machine's: Linux, 64 bits. */
    private static final boolean LINUX_64 = LINUX && ADDRESS.byteSize() == 8;

    /**
     * Reads the process's page faults (minor and major, every thread) into {@code into[0]} and the
     * times its threads were taken off a core against their will (involuntary context switches:
     * another thread or process wanted the core) into {@code into[1]}; -1 in both where there is no
     * getrusage of Linux's layout. A page fault of a buffer touched for the first time, or given back
     * to the system and touched again, is work the layer's own counters do not show.
     */
    static synchronized void usage(long[] into) {
        if (GETRUSAGE != null && LINUX_64) {
            try {
                if ((int) GETRUSAGE.invokeExact(RUSAGE_SELF, RUSAGE) == 0) {
                    into[0] = RUSAGE.get(JAVA_LONG, MINFLT) + RUSAGE.get(JAVA_LONG, MAJFLT);
                    into[1] = RUSAGE.get(JAVA_LONG, NIVCSW);
                    return;
                }
            } catch (Throwable e) {
                throw new IllegalStateException("getrusage failed: " + e, e);
            }
        }
        into[0] = -1;
        into[1] = -1;
    }

    /** {@code pread} from the C library, or null. */
    private static final MethodHandle PREAD = downcall("pread",
        FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
    /** {@code open} and {@code close} from the C library, or null (before {@link #STAT_FD}, which opens with them). */
    private static final MethodHandle OPEN = downcall("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle CLOSE = downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    /** Where {@link #stealMillis} reads the first line of /proc/stat: the machine's CPU times. */
    private static final MemorySegment STAT = Arena.global().allocate(256, 8);
    /** /proc/stat, open for the life of the process, or -1 where it cannot be opened (not Linux). */
    private static final int STAT_FD = openStat();
    /** Linux's USER_HZ: /proc/stat counts in hundredths of a second on every architecture. */
    private static final int USER_HZ = 100;
    /** open's flags: read only, and not inherited by programs this process starts. */
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 02000000;

    private static int openStat() {
        return LINUX ? openForReading("/proc/stat") : -1;
    }

    /** A file of /proc opened for {@code pread}, or -1 where it cannot be (not Linux, no such file). */
    private static int openForReading(String file) {
        if (OPEN == null || PREAD == null) {
            return -1;
        }
        try (Arena arena = Arena.ofConfined()) {
            return (int) OPEN.invokeExact(arena.allocateFrom(file), O_RDONLY | O_CLOEXEC);
        } catch (Throwable e) {
            return -1;
        }
    }

    /**
     * Milliseconds the host took from this virtual machine so far, summed over its CPUs (the
     * "steal" column of /proc/stat's first line, in steps of 10 ms), or -1 where the machine does
     * not say (not Linux, no /proc, a kernel too old to count it). On Linux with the hypervisor's
     * steal clock, time taken this way is not counted as the process's CPU time: a run slowed by it
     * shows as waiting. Reading it costs a few microseconds (the kernel writes the file afresh), so
     * the bench reads it only outside the timed passes.
     */
    static synchronized long stealMillis() {
        if (STAT_FD < 0) {
            return -1;
        }
        long read;
        try {
            read = (long) PREAD.invokeExact(STAT_FD, STAT, STAT.byteSize(), 0L);
        } catch (Throwable e) {
            throw new IllegalStateException("reading /proc/stat failed: " + e, e);
        }
        long steal = stealColumn(STAT, read);
        return steal < 0 ? -1 : steal * (1000 / USER_HZ);
    }

    /**
     * The eighth number of the first line of {@code text}'s first {@code length} bytes ("cpu  user
     * nice system idle iowait irq softirq steal ..."), or -1 when the line is not that, has fewer
     * numbers or is cut off before the eighth ends. Parses bytes, allocating nothing.
     */
    static long stealColumn(MemorySegment text, long length) {
        if (length < 4 || text.get(JAVA_BYTE, 0) != 'c' || text.get(JAVA_BYTE, 1) != 'p'
            || text.get(JAVA_BYTE, 2) != 'u' || text.get(JAVA_BYTE, 3) != ' ') {
            return -1;
        }
        return number(text, 4, length, 8);
    }

    /**
     * The {@code n}th (from 1) of the numbers separated by spaces in {@code text}'s bytes from
     * {@code from} to {@code length}, on the first line; -1 when the line has fewer, is cut off
     * inside the {@code n}th or holds anything but digits and spaces before it ends. Allocates nothing.
     */
    private static long number(MemorySegment text, long from, long length, int n) {
        int column = 0;
        long value = 0;
        boolean inNumber = false;
        for (long i = from; i < length; i++) {
            byte b = text.get(JAVA_BYTE, i);
            if (b >= '0' && b <= '9') {
                value = inNumber ? value * 10 + (b - '0') : b - '0';
                inNumber = true;
            } else if (b == ' ' || b == '\n') {
                if (inNumber && ++column == n) {
                    return value;
                }
                inNumber = false;
                if (b == '\n') {
                    return -1;
                }
            } else {
                return -1;
            }
        }
        return -1;
    }

    /**
     * How long some of this process's threads were ready to run but waited for a core: the
     * scheduler's run-queue delay of each (Linux's /proc/PID/task/TID/schedstat, its second number,
     * in nanoseconds), summed. For the layer's own threads a wait in a timed run means another task
     * held their core (a kernel thread, the JIT, another process; on a virtual machine the host's
     * taking of the whole vCPU is not counted here but as steal). Opened once a layer, outside the
     * timed runs; read around each run with one {@code pread} a thread, allocating nothing.
     */
    static final class ReadyWait implements AutoCloseable {
        /** Where {@link #nanos} reads a thread's schedstat line ("run-ns wait-ns slices"). */
        private static final MemorySegment LINE = Arena.global().allocate(128, 8);
        private final int[] files;
        /** Each thread's wait as last read: a thread that has ended keeps it (its file no longer reads). */
        private final long[] last;

        private ReadyWait(int[] files) {
            this.files = files;
            this.last = new long[files.length];
        }

        /**
         * The calling thread and every thread of the process whose name (its {@code comm}, cut to 15
         * bytes) starts with {@code prefix}; none where the system has no such files.
         */
        static ReadyWait of(String prefix) {
            if (!LINUX) {
                return new ReadyWait(new int[0]);
            }
            List<String> tids = new ArrayList<>();
            try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
                // /proc/thread-self names the calling thread: "PID/task/TID"
                tids.add(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
                String named = prefix.substring(0, Math.min(prefix.length(), 15));
                for (Path task : tasks.toList()) {
                    String tid = task.getFileName().toString();
                    if (readOrEmpty(task.resolve("comm")).startsWith(named) && !tids.contains(tid)) {
                        tids.add(tid);
                    }
                }
            } catch (IOException | UnsupportedOperationException e) {
                return new ReadyWait(new int[0]);
            }
            return new ReadyWait(tids.stream().mapToInt(tid -> openForReading("/proc/self/task/" + tid + "/schedstat"))
                .filter(fd -> fd >= 0).toArray());
        }

        private static String readOrEmpty(Path file) {
            try {
                return Files.readString(file).strip();
            } catch (IOException e) {
                return ""; // the thread ended meanwhile
            }
        }

        /** How many threads it reads. */
        int threads() {
            return files.length;
        }

        /**
         * The threads' run-queue delay so far, summed, in nanoseconds; -1 where none could be opened.
         * A thread that has ended counts with its wait as last read.
         */
        long nanos() {
            if (files.length == 0) {
                return -1;
            }
            long sum = 0;
            synchronized (LINE) {
                for (int i = 0; i < files.length; i++) {
                    long read;
                    try {
                        read = (long) PREAD.invokeExact(files[i], LINE, LINE.byteSize(), 0L);
                    } catch (Throwable e) {
                        throw new IllegalStateException("reading a thread's schedstat failed: " + e, e);
                    }
                    long wait = waitColumn(LINE, read);
                    if (wait >= 0) {
                        last[i] = wait;
                    }
                    sum += last[i];
                }
            }
            return sum;
        }

        @Override
        public void close() {
            for (int file : files) {
                try {
                    int ignored = (int) CLOSE.invokeExact(file);
                } catch (Throwable e) {
                    throw new IllegalStateException("closing a thread's schedstat failed: " + e, e);
                }
            }
        }
    }

    /**
     * The second number of a schedstat line ({@code "run-ns wait-ns timeslices\n"}) in {@code
     * text}'s first {@code length} bytes, or -1 when the text is not such a line (or is cut off
     * before the second number ends, or {@code length} is negative: a failed read).
     */
    static long waitColumn(MemorySegment text, long length) {
        return number(text, 0, length, 2);
    }

    private static MethodHandle downcall(String name, FunctionDescriptor signature) {
        return java.lang.foreign.Linker.nativeLinker().defaultLookup().find(name)
            .map(symbol -> java.lang.foreign.Linker.nativeLinker().downcallHandle(symbol, signature))
            .orElse(null);
    }

    /** The JIT's counter, or null where the JVM has none or does not count compilation time. */
    private static final java.lang.management.CompilationMXBean JIT =
        java.util.Optional.ofNullable(ManagementFactory.getCompilationMXBean())
            .filter(java.lang.management.CompilationMXBean::isCompilationTimeMonitoringSupported).orElse(null);
    /** The collectors' counters. */
    private static final List<java.lang.management.GarbageCollectorMXBean> COLLECTORS =
        List.copyOf(ManagementFactory.getGarbageCollectorMXBeans());

    /** The JIT's compilation time so far (all compiler threads, milliseconds), or 0 where the JVM does not count it. */
    static long jitMillis() {
        return JIT == null ? 0 : JIT.getTotalCompilationTime();
    }

    /** Garbage collections so far, of every collector. */
    static long collections() {
        long count = 0;
        for (java.lang.management.GarbageCollectorMXBean gc : COLLECTORS) {
            count += Math.max(0, gc.getCollectionCount());
        }
        return count;
    }

    /** The threads' allocation counter, where the JVM has one that is on. */
    private static final com.sun.management.ThreadMXBean ALLOCATION =
        ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
            && threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled() ? threads : null;

    /**
     * Bytes allocated on the heap so far by every thread of the process (those that ended too), or
     * -1 where the JVM does not count them. Garbage made in the timed runs is what starts a
     * collection in them: this names the layer that makes it.
     */
    static long allocatedBytes() {
        return ALLOCATION == null ? -1 : ALLOCATION.getTotalThreadAllocatedBytes();
    }
}

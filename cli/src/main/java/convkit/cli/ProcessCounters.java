package convkit.cli;

import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * The process's counters the bench reads around each timed run: its CPU time (every thread, native
 * ones too), the JIT's compilation time, the collections and the bytes allocated. Reading them must
 * itself cost next to nothing and allocate nothing, or it would show in the runs it measures.
 */
final class ProcessCounters {

    private ProcessCounters() {
    }

    /** {@code clock_gettime} from the C library (POSIX), or null where there is none. */
    private static final java.lang.invoke.MethodHandle CLOCK_GETTIME = java.lang.foreign.Linker.nativeLinker()
        .defaultLookup().find("clock_gettime")
        .map(symbol -> java.lang.foreign.Linker.nativeLinker().downcallHandle(symbol,
            java.lang.foreign.FunctionDescriptor.of(java.lang.foreign.ValueLayout.JAVA_INT,
                java.lang.foreign.ValueLayout.JAVA_INT, java.lang.foreign.ValueLayout.ADDRESS)))
        .orElse(null);
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
    private static final java.lang.foreign.MemorySegment TIMESPEC = java.lang.foreign.Arena.global().allocate(16, 8);

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
                    return TIMESPEC.get(java.lang.foreign.ValueLayout.JAVA_LONG, 0) * 1_000_000_000L
                        + TIMESPEC.get(java.lang.foreign.ValueLayout.JAVA_LONG, 8);
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

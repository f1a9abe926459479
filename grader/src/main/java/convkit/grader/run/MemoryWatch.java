package convkit.grader.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongToIntFunction;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The memory cap where the grader can make no cgroup (a container without a writable one): the
 * child's JVM is held to its heap by {@code -Xmx}, but not the memory it takes outside it (native
 * allocations through the Foreign Function and Memory API) nor the processes it starts, and
 * {@code prlimit} has no limit on a process tree's memory. A child that filled the machine's
 * memory could make the kernel's OOM killer end the grader, or anything else on the machine.
 *
 * <p>This watch adds up, every {@link #POLL_MILLIS}, the memory the child's processes hold that
 * only they hold: each one's resident anonymous and shared-memory pages ({@code RssAnon} and
 * {@code RssShmem} of {@code /proc/PID/status}; the pages of files it maps are the page cache's,
 * which the kernel can drop), and ends them all when the sum passes the child's limit (the same as
 * its cgroup's would be: heap + 512 MiB), saying why. Which processes are the child's: everything
 * below it (in the namespace sandbox that is the whole PID namespace, where a daemon's new parent
 * is the sandbox's init), and under the separate uid also that uid's strays, since a daemon there
 * leaves the tree ({@link #treeAndStrays}). A page shared after a fork counts once per process:
 * the sum errs high.
 *
 * <p>It looks from outside, so a child that grows faster than it looks passes the limit before it
 * is ended: by what it can touch in a poll's time (MemoryWatchTests measure it). In front of it,
 * each process has a data limit ({@code prlimit --data}, the same number): the kernel refuses a
 * process's private writable memory past it at once, so a JVM allocating outside its heap gets an
 * {@code OutOfMemoryError} at the limit instead of passing it between two looks. The watch
 * remains for what processes hold together, and for memory the kernel does not
 * charge to that limit: a private mapping made with {@code MAP_FIXED} over a range reserved
 * without access is charged nothing when it is made (tried: 1.5 GB mapped and filled under a
 * 768 MiB data limit).
 *
 * <p>A watch that waits for a core looks late: at each look it also keeps the child's sessions
 * below the grader's ({@link Autogroups}), without which busy processes of the child's held it up
 * for seconds.
 */
final class MemoryWatch {

    /** How often the processes' memory is added up: a read of {@code /proc/PID/status} each. */
    static final long POLL_MILLIS = 20;

    private final Process process;
    private final long limit;
    private final Supplier<Stream<ProcessHandle>> processes;
    private final Autogroups autogroups = new Autogroups();
    private volatile String exceeded;

    private MemoryWatch(Process process, long limit, Supplier<Stream<ProcessHandle>> processes) {
        this.process = process;
        this.limit = limit;
        this.processes = processes;
    }

    /**
     * Watches the memory of {@code processes} (the child's, asked anew on every look) on a daemon
     * thread until {@code child} ends; ends them and {@code child}'s tree when they hold more than
     * {@code limit} bytes.
     */
    static MemoryWatch start(Process child, long limit, Supplier<Stream<ProcessHandle>> processes) {
        MemoryWatch watch = new MemoryWatch(child, limit, processes);
        Thread thread = new Thread(watch::run, "sandbox-memory-watch");
        thread.setDaemon(true);
        thread.start();
        return watch;
    }

    /** The live children of each separate uid, each with a watch: whatever else runs as that uid is a stray. */
    private static final ConcurrentMap<Integer, Set<ProcessHandle>> CHILDREN = new ConcurrentHashMap<>();

    /**
     * The processes a child under the separate uid answers for: its own tree, and the uid's strays,
     * processes of {@code uid} below none of its live children (a daemon, which leaves its tree for
     * the host's init). Another child of the same uid running at once (the compiler while a test
     * runs) counts against its own limit, not this one's.
     */
    static Supplier<Stream<ProcessHandle>> treeAndStrays(Process child, int uid, LongToIntFunction owner) {
        Set<ProcessHandle> live = CHILDREN.computeIfAbsent(uid, u -> ConcurrentHashMap.newKeySet());
        live.add(child.toHandle());
        child.onExit().thenRun(() -> live.remove(child.toHandle()));
        ProcessHandle self = child.toHandle();
        return () -> {
            // each live child's tree once a look; this child's own is what it answers for
            Set<Long> trees = new HashSet<>();
            List<ProcessHandle> own = List.of();
            for (ProcessHandle root : live) {
                List<ProcessHandle> tree = tree(root).toList();
                tree.forEach(p -> trees.add(p.pid()));
                if (root.equals(self)) {
                    own = tree;
                }
            }
            Stream<ProcessHandle> strays = ProcessHandle.allProcesses()
                .filter(p -> !trees.contains(p.pid()) && owner.applyAsInt(p.pid()) == uid);
            return Stream.concat(own.stream(), strays);
        };
    }

    /** A process and everything below it. */
    static Stream<ProcessHandle> tree(ProcessHandle root) {
        return Stream.concat(Stream.of(root), root.descendants());
    }

    /**
     * What ended the child, or null while nothing has: "its processes held 1,043 MiB of memory (at
     * most 768 MiB ...); the most, 1,002 MiB, in tail", or what it did to its session's priority
     * ({@link Autogroups}).
     */
    String exceeded() {
        return exceeded;
    }

    private void run() {
        while (process.isAlive()) {
            List<ProcessHandle> now = processes.get().toList();
            String scheduling = autogroups.look(now);
            if (scheduling != null) {
                end(scheduling, now);
                return;
            }
            long held = 0;
            long most = 0;
            long largest = -1;
            for (ProcessHandle p : now) {
                long bytes = held(p.pid());
                held += bytes;
                if (bytes > most) {
                    most = bytes;
                    largest = p.pid();
                }
            }
            if (held > limit) {
                end(String.format(Locale.ROOT, "its processes held %,d MiB of memory (at most %,d MiB: its"
                    + " heap and 512 MiB; no cgroup here caps it); the most, %,d MiB, in %s", mebibytes(held),
                    limit >> 20, mebibytes(most), name(largest)), now);
                return;
            }
            if (!ScratchWatch.pause(POLL_MILLIS)) {
                return;
            }
        }
    }

    /** File {@code file} of {@code /proc/PID}, its bytes as they are (a process's name is any bytes it chose). */
    static byte[] proc(long pid, String file) throws IOException {
        return Files.readAllBytes(Path.of("/proc/" + pid + "/" + file));
    }

    /** Ends the child and {@code processes}, saying why. */
    private void end(String why, List<ProcessHandle> processes) {
        exceeded = why;
        ScratchWatch.end(process);
        processes.forEach(ProcessHandle::destroyForcibly);
    }

    private static long mebibytes(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }

    /**
     * What process {@code pid} runs, as the kernel names it ({@code comm}: "java", "tail"; bytes that
     * are not UTF-8 shown as U+FFFD), or its number.
     */
    static String name(long pid) {
        try {
            return new String(proc(pid, "comm"), StandardCharsets.UTF_8).strip();
        } catch (IOException | RuntimeException e) {
            return "process " + pid;
        }
    }

    /**
     * The resident anonymous and shared-memory bytes of process {@code pid}; 0 when it is gone.
     * The status is read byte for byte, not as UTF-8: its first line is the process's name, which
     * the process chooses (the file it runs, a link named with any bytes), and a name that was not
     * UTF-8 made the read fail and the process count as nothing.
     */
    static long held(long pid) {
        try {
            long kib = 0;
            for (String line : new String(proc(pid, "status"), StandardCharsets.ISO_8859_1).split("\n")) {
                if (line.startsWith("RssAnon:") || line.startsWith("RssShmem:")) {
                    kib += Long.parseLong(line.substring(line.indexOf(':') + 1).replace("kB", "").strip());
                }
            }
            return kib << 10;
        } catch (IOException | RuntimeException e) {
            return 0; // ended while it was read
        }
    }
}

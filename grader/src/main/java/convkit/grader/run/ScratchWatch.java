package convkit.grader.run;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Counts the files in a namespace sandbox's private folders while it runs, and ends the sandbox
 * when one holds more than {@link #MAX_FILES}. Those folders (its home and {@code /tmp}) are tmpfs:
 * the machine's memory. {@code --size} bounds their bytes, but an empty file takes none of them and
 * still costs the kernel about a kilobyte, and bwrap cannot set a tmpfs's count of files (by
 * default one per two pages of memory: millions). A child writing empty files held gigabytes of the
 * machine's memory until its timeout.
 *
 * <p>It looks from outside, as the grader: through {@code /proc/PID/root} of a process inside the
 * sandbox (a child of bwrap's own init there, so the sandbox's mounts are made) it asks Linux for
 * the folder's file system ({@code statfs}), and counts only a tmpfs of the sandbox's size (not the
 * host's {@code /tmp} seen before the sandbox's is mounted). The tmpfs counts a hard link as a file
 * and a file's user attributes as a file a kilobyte; a child makes 100,000-200,000 files or links a
 * second, or 400 MB of attributes (400,000 "files"), so a look every {@link #POLL_MILLIS} lets it
 * pass the limit by a few thousand (and the look as each answer comes, {@link FolderWatch}, makes
 * what was made between two looks cost the test that made it).
 *
 * <p>Best effort, like {@link OwnerAccess}: off Linux on x86-64 or ARM64, or in a JVM not allowed
 * native access, it watches nothing (and {@link #watching()} says so).
 */
final class ScratchWatch extends FolderWatch {

    /** Files (and folders) one of the sandbox's folders may hold: far more than a test needs. */
    static final long MAX_FILES = 10_000;
    /** How often the folders are counted: two {@code statfs} calls, microseconds. */
    static final long POLL_MILLIS = 10;
    /** Linux's magic number of a tmpfs in {@code statfs}'s {@code f_type}. */
    private static final long TMPFS_MAGIC = 0x01021994L;

    /** {@code int statfs(const char *, struct statfs *)}, or {@code null}. */
    private static final MethodHandle STATFS = statfs();
    /** Linux's {@code struct statfs} on a 64-bit machine: f_type, f_bsize, f_blocks at 0, 8, 16; f_files, f_ffree at 40, 48. */
    private static final long STATFS_BYTES = 120;

    private final Process process;
    private final List<String> folders;
    private final long scratchBytes;
    private final long limit;
    /** A process inside the sandbox, through whose root the folders are seen; found on the first look. */
    private Optional<ProcessHandle> inside = Optional.empty();

    private ScratchWatch(Process process, List<String> folders, long scratchBytes, long limit) {
        super(process);
        this.process = process;
        this.folders = folders;
        this.scratchBytes = scratchBytes;
        this.limit = limit;
    }

    /**
     * Watches {@code folders} (paths inside the sandbox, each a tmpfs of {@code scratchBytes}) of the
     * sandbox {@code bwrap} runs, on a daemon thread, until it ends; kills it, and everything in it,
     * when one holds more than {@code limit} files.
     */
    static ScratchWatch start(Process bwrap, List<String> folders, long scratchBytes, long limit) {
        ScratchWatch watch = new ScratchWatch(bwrap, List.copyOf(folders), scratchBytes, limit);
        if (watching()) {
            watch.watchEvery(POLL_MILLIS, "sandbox-scratch-watch");
        }
        return watch;
    }

    /** Whether this JVM can count a folder's files (Linux, x86-64 or ARM64, native access). */
    static boolean watching() {
        return STATFS != null;
    }

    /** "its /tmp held 10,412 files (at most 10,000; ...)", or null (also where nothing can be counted). */
    @Override
    String over() {
        if (!watching()) {
            return null;
        }
        if (inside.isEmpty() || !inside.get().isAlive()) {
            // found once (listing descendants reads every process's entry in /proc), again if it ends
            inside = process.descendants()
                .filter(p -> p.parent().map(parent -> parent.pid() != process.pid()).orElse(false))
                .findFirst();
        }
        if (inside.isPresent()) {
            for (String folder : folders) {
                long files = files("/proc/" + inside.get().pid() + "/root" + folder, scratchBytes);
                if (files > limit) {
                    return String.format(Locale.ROOT,
                        "its %s held %,d files (at most %,d; a link, and a kilobyte of a file's attributes, count as one;"
                            + " every file, even an empty one, takes the machine's memory there)",
                        folder, files, limit);
                }
            }
        }
        return null;
    }

    /** Kills {@code process} and everything it started (a watch's verdict). */
    static void end(Process process) {
        List<ProcessHandle> all = process.descendants().toList();
        process.destroyForcibly();
        all.forEach(ProcessHandle::destroyForcibly);
    }

    /** Sleeps {@code millis}; false when interrupted (the watch then stops). */
    static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /**
     * Files and folders in use on the file system at {@code path} when it is a tmpfs of {@code bytes}
     * bytes; -1 when it is something else, is not there (the process ended), or cannot be asked.
     */
    static long files(String path, long bytes) {
        if (STATFS == null) {
            return -1;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment stat = arena.allocate(STATFS_BYTES, 8);
            if ((int) STATFS.invokeExact(arena.allocateFrom(path), stat) != 0) {
                return -1;
            }
            long type = stat.get(ValueLayout.JAVA_LONG, 0);
            long size = stat.get(ValueLayout.JAVA_LONG, 8) * stat.get(ValueLayout.JAVA_LONG, 16);
            if (type != TMPFS_MAGIC || size != bytes) {
                return -1;
            }
            return stat.get(ValueLayout.JAVA_LONG, 40) - stat.get(ValueLayout.JAVA_LONG, 48);
        } catch (Throwable e) {
            return -1;
        }
    }

    private static MethodHandle statfs() {
        String arch = System.getProperty("os.arch");
        if (!"Linux".equals(System.getProperty("os.name"))
            || !List.of("amd64", "x86_64", "aarch64", "arm64").contains(arch)
            || !ScratchWatch.class.getModule().isNativeAccessEnabled()) {
            return null;
        }
        try {
            Linker linker = Linker.nativeLinker();
            return linker.downcallHandle(linker.defaultLookup().find("statfs").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
        } catch (RuntimeException e) {
            return null;
        }
    }
}

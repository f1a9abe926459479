package convkit.grader.child;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The first step of a child under the separate uid, which has the host's {@code /proc}: closes
 * {@code /proc} to every process but this one, then becomes the child's real command
 * ({@code execv}: the same pid, so its own entries stay open to it). Without it student code could
 * read every process's command line, status and start time ({@code /proc/PID/cmdline} is open to
 * all users), list the machine's processes, and find the grader and its siblings; the namespace
 * sandbox has no need of it, since it mounts a {@code /proc} of its own PID namespace.
 *
 * <p>{@code java OwnProcOnly TOP... -- COMMAND...}: a Landlock domain (stacked on the grader's,
 * which still decides what may be written, run or reached) that handles reading files and listing
 * folders, allowed beneath each {@code TOP} (the grader names every entry of {@code /} but
 * {@code /proc}) and, in {@code /proc}, only beneath this process's own folder and the few
 * machine-wide entries a JVM reads ({@link #MACHINE_FILES}). Laid on this thread, which then
 * replaces the whole process: a domain binds the thread that asks and what it starts, and
 * {@code exec} ends every other thread, so the JVM that follows starts whole inside it, with no
 * thread left outside (a domain laid from within the child JVM would leave the threads it had
 * already started, which run finalizers, signal handlers and notification listeners, outside).
 * If any step fails, it says why on stderr and ends with {@link #NOT_CLOSED}: no student code
 * runs.
 */
public final class OwnProcOnly {

    /** Exit status when {@code /proc} could not be closed. */
    public static final int NOT_CLOSED = 6;
    /**
     * Machine-wide entries of {@code /proc} that a JVM reads: memory, processors, cgroups, load,
     * and the kernel's settings under {@code sys}; none names a process.
     */
    public static final List<String> MACHINE_FILES = List.of("cpuinfo", "meminfo", "stat", "cgroups", "loadavg",
        "uptime", "version", "filesystems", "sys");

    /**
     * The flags of a small JVM that starts fast and says little: the runners' (with their own
     * heap, properties and class path) and this step's.
     */
    public static final List<String> SMALL_JVM = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-XX:-UsePerfData", "-XX:+DisableAttachMechanism", "-XX:+DisplayVMOutputToStderr", "-Xlog:disable",
        "-Xlog:all=warning:stderr", "-Xshare:auto", "--enable-native-access=ALL-UNNAMED");

    private OwnProcOnly() {
    }

    public static void main(String[] args) {
        int split = Arrays.asList(args).indexOf("--");
        if (split < 0 || split == args.length - 1) {
            fail("OwnProcOnly needs TOP... -- COMMAND..., got " + Arrays.toString(args));
        }
        List<String> command = List.of(args).subList(split + 1, args.length);
        try {
            close(List.of(args).subList(0, split));
            int errno = Libc.execv(command);
            fail("execv(" + command.get(0) + ") failed: errno " + errno);
        } catch (IllegalStateException e) {
            fail(e.getMessage());
        } catch (Throwable e) {
            fail(e.toString());
        }
    }

    /** Lays the domain on this thread: {@code tops} and this process's own part of {@code /proc}. */
    static void close(List<String> tops) throws Throwable {
        long read = LandlockRuleset.READ_FILE | LandlockRuleset.READ_DIR;
        try (LandlockRuleset ruleset = LandlockRuleset.create(read, 0, 0)) {
            for (String top : tops) {
                Path path = Path.of(top);
                if (path.getNameCount() == 0 || path.getName(0).toString().equals("proc")) {
                    throw new IllegalStateException("OwnProcOnly is given the entries of / but /proc, got " + top);
                }
                ruleset.allow(path, read, false);
            }
            Path proc = Path.of("/proc");
            // kept open across exec: holds the entry, which would otherwise come back as a new inode no rule names
            if (!ruleset.allow(proc.resolve(String.valueOf(ProcessHandle.current().pid())), read, true)) {
                throw new IllegalStateException("this process has no folder in /proc");
            }
            for (String file : MACHINE_FILES) {
                ruleset.allow(proc.resolve(file), read, false);
            }
            ruleset.restrictThisThread();
        }
    }

    private static void fail(String why) {
        System.err.println("convkit runner: /proc could not be closed to other processes (" + why + "); no student code runs");
        System.err.flush();
        Runtime.getRuntime().halt(NOT_CLOSED);
    }

    /**
     * The arguments that start {@code command} through this step: {@code java} with
     * {@code classPath} holding this class, given the entries of {@code /} but {@code /proc}.
     */
    public static List<String> command(String java, String classPath, List<String> tops, List<String> command) {
        List<String> all = new ArrayList<>(List.of(java));
        all.addAll(SMALL_JVM);
        all.addAll(List.of("-Xmx32m", "-cp", classPath, OwnProcOnly.class.getName()));
        all.addAll(tops);
        all.add("--");
        all.addAll(command);
        return all;
    }
}

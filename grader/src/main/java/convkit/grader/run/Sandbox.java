package convkit.grader.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import convkit.grader.child.OwnProcOnly;

/**
 * The OS boundary around every compile and every child JVM: student code never runs as the
 * grader, with the grader's files, or with a network.
 *
 * <p>Three kinds, best first, chosen once per grader process ({@link #detect}):
 * <ul>
 *   <li>{@link Kind#NAMESPACES}: bubblewrap ({@code bwrap}) gives the child its own user, PID, IPC,
 *       UTS, cgroup and network namespaces (no interface but a down loopback), a new session,
 *       {@code --die-with-parent}, its own {@code /dev} and {@code /proc}, read-only binds of the
 *       system's {@code /usr} (the JDK and its libraries) and of exactly the folders the caller
 *       {@link Jail#bind binds}, and private tmpfs folders as home, working folder and
 *       {@code /tmp}. The checkout, the grader's jars, {@code ~/.m2}, {@code /autograder} and the
 *       results are not in it at all. Run as root, the grader first drops to an unprivileged uid
 *       ({@code setpriv}) so that nothing in the sandbox is root outside it either.</li>
 *   <li>{@link Kind#SEPARATE_UID}: where namespaces are refused (a Docker container with the
 *       default seccomp profile, as on Gradescope) but the grader is root, the child runs as an
 *       unprivileged uid of its own; the grader closes its own files to other users
 *       ({@link #closeToOthers}) and kills every process of that uid when a submission is done;
 *       where the kernel has Landlock, the child's files are held to its jail ({@link Landlock})
 *       and {@code /proc} to its own entries ({@link OwnProcOnly}).</li>
 *   <li>{@link Kind#NONE}: no boundary can be made (macOS, Windows, a non-root user without user
 *       namespaces). Practice grading still runs and says so; official grading refuses.</li>
 * </ul>
 * In every kind the child gets resource limits the kernel offers without cgroups
 * ({@code prlimit}): CPU seconds, file size, open files, no core dumps, a process count when it
 * has a uid of its own, and where no cgroup caps its memory, the private writable memory of each
 * process ({@code RLIMIT_DATA}, at the child's memory limit; {@link MemoryWatch} adds up the rest).
 */
public final class Sandbox {

    /** How strong the boundary is. */
    public enum Kind {
        NAMESPACES("bubblewrap: own user, PID, IPC, UTS and network namespaces, only the JDK and the runner mounted, no socket"),
        SEPARATE_UID("a separate unprivileged uid, without namespaces: no socket, the grader's files closed to it, its processes killed after each submission"),
        NONE("none: student code runs as you, with your files and your network");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        /** One line for the terminal, results.json and {@code doctor}. */
        public String description() {
            return description;
        }

        /** The short name used by {@code --sandbox} and in results.json. */
        public String id() {
            return switch (this) {
                case NAMESPACES -> "bwrap";
                case SEPARATE_UID -> "uid";
                case NONE -> "none";
            };
        }
    }

    /** What {@code --sandbox} asks for. */
    public enum Choice {
        AUTO, BWRAP, UID, NONE;

        /** Parses {@code auto|bwrap|uid|none}. */
        public static Choice parse(String text) {
            for (Choice c : values()) {
                if (c.name().equalsIgnoreCase(text.strip())) {
                    return c;
                }
            }
            throw new IllegalArgumentException("--sandbox must be auto, bwrap, uid or none, got " + text);
        }
    }

    /** Where the child runner's classes appear in the child's file system ({@link RunnerClasses}). */
    static final String RUNNER_INSIDE = "/opt/convkit-runner";
    /** The first uid the grader gives its children when it runs as root. */
    public static final int DEFAULT_UID = 61000;

    /** Where a child's private folders appear inside the namespace sandbox. */
    static final String HOME = "/home/student";

    private static final Map<String, String> LIMITS = Map.of(
        "--fsize", String.valueOf(64L << 20),  // no file over 64 MiB (a disk filler)
        "--nofile", "512",                     // open files: the JVM needs ~40
        "--core", "0");                        // no core dumps of student JVMs
    /**
     * Bytes each of the child's writable folders in the namespace sandbox (its home and {@code /tmp},
     * both held in memory) may hold: with {@code --fsize} alone, a child writing file after file
     * there would fill the machine's memory, not a disk.
     */
    static final long SCRATCH_BYTES = 128L << 20;
    /** Bytes the separate uid's working folder may hold (its disk twin of the two folders of {@link #SCRATCH_BYTES}). */
    static final long WORK_BYTES = 2 * SCRATCH_BYTES;
    /** Processes and threads of the child's uid (a JVM runs ~20 threads, JShell ~30). */
    private static final int MAX_PROCESSES = 256;

    private final Kind kind;
    private final int uid;
    private final String bwrap;
    private final String reason;
    private final Optional<Cgroups> cgroups;
    /** Whether a child's memory is watched where no cgroup caps it (false only in tests, as the control). */
    private final boolean watchMemory;

    private Sandbox(Kind kind, int uid, String bwrap, String reason) {
        this(kind, uid, bwrap, reason, Cgroups.detect(), true);
    }

    private Sandbox(Kind kind, int uid, String bwrap, String reason, Optional<Cgroups> cgroups, boolean watchMemory) {
        this.kind = kind;
        this.uid = uid;
        this.bwrap = bwrap;
        this.reason = reason;
        this.cgroups = cgroups;
        this.watchMemory = watchMemory;
    }

    /**
     * This sandbox as on a machine without a writable cgroup (tests of {@link MemoryWatch}), with
     * or without the watch that caps the children's memory there.
     */
    Sandbox withoutCgroups(boolean watchMemory) {
        return new Sandbox(kind, uid, bwrap, reason, Optional.empty(), watchMemory);
    }

    /** No boundary: student code runs as this user (tests of the in-process paths, or no choice). */
    public static Sandbox none(String reason) {
        return new Sandbox(Kind.NONE, -1, null, reason);
    }

    /**
     * The boundary this machine offers for {@code choice}.
     *
     * @param uid the unprivileged uid children run as when the grader is root (each concurrently
     *            graded submission of a batch gets its own)
     * @throws IllegalStateException when a forced kind is not available here, saying why
     */
    public static Sandbox detect(Choice choice, int uid) {
        return DETECTED.computeIfAbsent(choice + ":" + uid, key -> detectNow(choice, uid));
    }

    private static final java.util.concurrent.ConcurrentMap<String, Sandbox> DETECTED =
        new java.util.concurrent.ConcurrentHashMap<>();

    private static Sandbox detectNow(Choice choice, int uid) {
        if (uid <= 0) {
            throw new IllegalArgumentException("the sandbox uid must be > 0, got " + uid);
        }
        boolean root = isRoot();
        boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
        if (choice == Choice.NONE) {
            return none("asked for with --sandbox none");
        }
        Optional<String> bwrap = linux ? onPath("bwrap") : Optional.empty();
        String whyNot;
        if (!linux) {
            whyNot = "bubblewrap needs Linux; this is " + System.getProperty("os.name");
        } else if (bwrap.isEmpty()) {
            whyNot = "bubblewrap (bwrap) is not installed: apt-get install bubblewrap";
        } else if (root && onPath("setpriv").isEmpty()) {
            whyNot = "setpriv (util-linux) is missing, so the grader cannot drop root";
        } else {
            Sandbox candidate = new Sandbox(Kind.NAMESPACES, root ? uid : -1, bwrap.get(), "");
            whyNot = candidate.probe();
            if (whyNot.isEmpty() && choice != Choice.UID) {
                return candidate;
            }
        }
        if (choice == Choice.BWRAP) {
            throw new IllegalStateException("--sandbox bwrap: no namespace sandbox on this machine: " + whyNot);
        }
        if (root && linux && onPath("setpriv").isPresent()) {
            return new Sandbox(Kind.SEPARATE_UID, uid, null, whyNot);
        }
        if (choice == Choice.UID) {
            throw new IllegalStateException("--sandbox uid needs the grader to run as root on Linux with setpriv; "
                + (root ? "setpriv is missing" : "this user is not root"));
        }
        return none(whyNot + (root ? "" : "; not root either, so no separate uid"));
    }

    public Kind kind() {
        return kind;
    }

    /** Why a stronger kind was not used (empty for {@link Kind#NAMESPACES}). */
    public String reason() {
        return reason;
    }

    /** The uid children run as, or -1 when they run as the grader's own user. */
    public int uid() {
        return uid;
    }

    /** A one-line account: the kind, why no stronger one, whether cgroups limit memory, and what shares the cores. */
    public String describe() {
        String share = cpuShare();
        return kind.description() + (reason.isEmpty() ? "" : " (" + reason + ")")
            + (kind != Kind.SEPARATE_UID ? ""
                : Landlock.abi().map(v -> "; files beyond its own folders closed by Landlock (ABI " + v
                        + "), and /proc but for its own entries")
                    .orElse("; no Landlock (" + Landlock.unavailable() + "): files outside closed folders are open to it"))
            + cgroups.map(c -> "; memory and processes capped by " + c.describe())
                .orElse(watchMemory ? "; no writable cgroup: memory capped by a data limit per process and a watch"
                    + " from outside"
                    : "; no writable cgroup, memory not capped")
            + (share != null ? "; cores shared between children by " + share
                : kind == Kind.NONE ? ""
                : "; cores not shared between children: one with many threads slows those graded beside it");
    }

    /** Whether children graded at once share the cores as equals, whatever their threads (see {@link #cpuShare}). */
    public boolean sharesCpu() {
        return cpuShare() != null;
    }

    /**
     * What shares the cores between children graded at once, or null: a cpu cgroup of each
     * child's own, else, where the kernel groups tasks by session (autogroup), the session each
     * child starts (bwrap's {@code --new-session}, {@code setsid} under the separate uid).
     */
    private String cpuShare() {
        if (cgroups.map(Cgroups::sharesCpu).orElse(false)) {
            return "a cpu cgroup each";
        }
        boolean session = kind == Kind.NAMESPACES || kind == Kind.SEPARATE_UID && onPath("setsid").isPresent();
        return session && Cgroups.autogroupApplies() ? "a session each (the kernel's autogroup)" : null;
    }

    /** Whether each child gets a cgroup of its own with a memory and a process limit. */
    public boolean cgroupLimits() {
        return cgroups.isPresent();
    }

    /**
     * A new jail for one JVM: its private folders, binds and limits. Where a cgroup can be made,
     * the JVM and every process it starts may use its heap plus 512 MiB (metaspace, code and
     * threads; JShell compiles in the child too).
     *
     * @param cpu           CPU seconds before the kernel stops it
     * @param heapMegabytes the JVM's -Xmx
     */
    public Jail jail(Duration cpu, int heapMegabytes) {
        return new Jail(cpu, (heapMegabytes + 512L) << 20);
    }

    /**
     * Kills every process of the sandbox uid: under {@link Kind#SEPARATE_UID} a double-forked
     * daemon outlives its child's process tree. (A namespace sandbox needs nothing: its PID
     * namespace dies with the child, and other graders' sandboxes may share the uid.) Two graders
     * running at once under SEPARATE_UID need different uids ({@code --sandbox-uid}); a batch gives
     * each of its job slots its own.
     */
    public void killStragglers() {
        if (kind != Kind.SEPARATE_UID) {
            return;
        }
        ProcessHandle.allProcesses().filter(p -> ownerUid(p.pid()) == uid).forEach(ProcessHandle::destroyForcibly);
    }

    /** The number of live processes owned by the sandbox uid (tests: nothing left behind). */
    public long processesLeft() {
        return uid < 0 ? 0 : ProcessHandle.allProcesses().filter(p -> p.isAlive() && ownerUid(p.pid()) == uid).count();
    }

    /**
     * Makes {@code paths} unreachable to other users (mode o-rwx on each), so that a child under
     * {@link Kind#SEPARATE_UID} cannot read the checkout, the grader's jars or the results. Does
     * nothing for the other kinds (those paths are not in their namespace at all).
     *
     * @return the paths whose mode was changed
     */
    public List<Path> closeToOthers(List<Path> paths) {
        List<Path> changed = new ArrayList<>();
        if (kind != Kind.SEPARATE_UID) {
            return changed;
        }
        for (Path path : paths) {
            try {
                if (!Files.exists(path) || shared(path)) {
                    continue;
                }
                var mode = Files.getPosixFilePermissions(path);
                if (mode.removeIf(p -> p.name().startsWith("OTHERS"))) {
                    Files.setPosixFilePermissions(path, mode);
                    changed.add(path);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close " + path + " to other users", e);
            }
        }
        return changed;
    }

    /**
     * A folder every user needs, left as it is: the root, or one with the sticky bit such as
     * {@code /tmp} (results written there are mode 600 through a temporary file, and the sticky bit
     * keeps other users from replacing them).
     */
    static boolean shared(Path path) throws IOException {
        Path absolute = path.toAbsolutePath().normalize();
        if (absolute.getParent() == null) {
            return true;
        }
        Object mode = Files.getAttribute(absolute, "unix:mode");
        return mode instanceof Integer bits && (bits & 01000) != 0;
    }

    /** Runs {@code java -version} in a jail: "" when it works, else what went wrong. */
    private String probe() {
        Jail jail = jail(Duration.ofSeconds(30), 64);
        try {
            List<String> command = jail.command(List.of(ChildJvm.javaExecutable(), "-Xshare:auto", "-version"));
            Process process = jail.builder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "the namespace probe did not finish in 30 s";
            }
            if (process.exitValue() != 0) {
                String text = new String(output, java.nio.charset.StandardCharsets.UTF_8).strip();
                return "bwrap refused (exit " + process.exitValue() + "): "
                    + text.lines().findFirst().orElse("no message");
            }
            return "";
        } catch (IOException e) {
            return "bwrap could not start: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } finally {
            jail.close();
        }
    }

    /**
     * The watches of a child from outside ({@link Jail#watch}).
     *
     * @param ended   why they ended the child, asked after it ended; null when nothing did
     * @param lookNow looks at the child's folders at once, ending it when one is past its limit: why,
     *                or null; asked when a test's answer comes, so that files made between two looks
     *                cost the test that made them
     */
    record Watch(java.util.function.Supplier<String> ended, java.util.function.Supplier<String> lookNow) {
    }

    /**
     * One child's confinement: the folders it may see (bound read-only or writable), a private
     * working folder, and the limits; turns a command into the wrapped command line.
     */
    public final class Jail implements AutoCloseable {
        private final Duration cpu;
        private final List<String> binds = new ArrayList<>();
        /** Under the separate uid: what {@link #bind} made visible, for the Landlock domain. */
        private final List<Landlock.Rule> landlock = new ArrayList<>();
        private final Path hostWork;
        private final Cgroups.Group group;
        private final long memory;

        private Jail(Duration cpu, long memory) {
            this.cpu = cpu;
            this.memory = memory;
            try {
                this.hostWork = kind == Kind.NAMESPACES ? null : privateFolder();
                this.group = cgroups.isPresent() ? cgroups.get().create(memory, MAX_PROCESSES) : null;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the child's working folder or cgroup", e);
            }
        }

        /** Whether the child's cgroup hit its memory limit (false without a cgroup). */
        public boolean outOfMemory() {
            return group != null && group.outOfMemory();
        }

        /**
         * For a child started in this jail, what the sandbox ended it for, asked after it ended
         * (null when nothing did). The files it made: in the namespace sandbox a watch that ends it
         * when its home or {@code /tmp} holds more than {@link ScratchWatch#MAX_FILES} files; under
         * the separate uid one that ends it when its working folder, on the grader's disk, holds
         * more than that many or more than {@link #WORK_BYTES} ({@link WorkFolderWatch}). And where
         * no cgroup caps the child's memory, the memory its processes hold ({@link MemoryWatch}).
         */
        Watch watch(Process child) {
            Watch files = switch (kind) {
                case NAMESPACES -> {
                    ScratchWatch scratch = ScratchWatch.start(child, List.of("/tmp", HOME), SCRATCH_BYTES,
                        ScratchWatch.MAX_FILES);
                    yield new Watch(scratch::exceeded, scratch::lookNow);
                }
                case SEPARATE_UID -> {
                    WorkFolderWatch work = WorkFolderWatch.start(child, hostWork, ScratchWatch.MAX_FILES, WORK_BYTES);
                    yield new Watch(work::exceeded, work::lookNow);
                }
                case NONE -> new Watch(() -> null, () -> null);
            };
            if (!memoryWatched()) {
                return files;
            }
            MemoryWatch memoryWatch = MemoryWatch.start(child, memory, kind == Kind.SEPARATE_UID
                ? MemoryWatch.treeAndStrays(child, uid, Sandbox::ownerUid) : () -> MemoryWatch.tree(child.toHandle()));
            return new Watch(() -> {
                String why = files.ended().get();
                return why != null ? why : memoryWatch.exceeded();
            }, files.lookNow());
        }

        /**
         * Makes {@code host} visible to the child; returns the path the child must use for it
         * ({@code inside} in the namespace sandbox, the host path otherwise).
         */
        public Path bind(Path host, String inside, boolean writable) {
            if (kind == Kind.SEPARATE_UID) {
                landlock.add(new Landlock.Rule(host, writable));
            }
            if (kind != Kind.NAMESPACES) {
                return host;
            }
            binds.add(writable ? "--bind" : "--ro-bind");
            binds.add(host.toAbsolutePath().toString());
            binds.add(inside);
            return Path.of(inside);
        }

        /**
         * Whether the child's JVM must take its network away itself ({@link convkit.grader.child.NoNetwork}'s
         * seccomp filter): under both boundaries, the network's only one under the separate uid;
         * not without a sandbox, where student code runs as you.
         */
        public boolean deniesNetwork() {
            return kind != Kind.NONE;
        }

        /**
         * Whether the child's filter must refuse System V IPC and POSIX message queues too: under
         * the separate uid, which has no IPC namespace (the namespace sandbox gives each child its
         * own); and in the namespace sandbox where the memory watch is the child's only memory cap,
         * since a System V segment filled and detached holds memory that no process's resident
         * pages show.
         */
        public boolean deniesIpc() {
            return kind == Kind.SEPARATE_UID || kind == Kind.NAMESPACES && memoryWatched();
        }

        /** Whether {@link MemoryWatch} caps the child's memory (no cgroup does). */
        boolean memoryWatched() {
            return group == null && watchMemory;
        }

        /** The child's private, writable working folder (also its home and temporary folder). */
        public Path workDir() {
            return kind == Kind.NAMESPACES ? Path.of(HOME) : hostWork;
        }

        /**
         * Starts {@code command} (from {@link #command}) with {@link #builder}'s environment; under
         * the separate uid where the kernel has Landlock, in a domain that allows only the
         * system's folders (read and run), the JDK, what was bound, the working folder and the
         * cgroup ({@link Landlock}).
         */
        public Process start(List<String> command) throws IOException {
            ProcessBuilder builder = builder(command);
            if (kind != Kind.SEPARATE_UID || Landlock.abi().isEmpty()) {
                return builder.start();
            }
            List<Landlock.Rule> rules = new ArrayList<>();
            for (String system : List.of("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc", "/proc",
                    "/sys", "/dev", System.getProperty("java.home"))) {
                rules.add(new Landlock.Rule(Path.of(system), false));
            }
            rules.add(new Landlock.Rule(Path.of("/dev/null"), true));
            rules.add(new Landlock.Rule(hostWork, true));
            if (group != null) {
                group.folders().forEach(folder -> rules.add(new Landlock.Rule(folder, true)));
            }
            rules.addAll(landlock);
            return Landlock.start(builder, rules);
        }

        /**
         * Whether a child must start through {@link OwnProcOnly}, which closes {@code /proc} but for
         * its own entries: under the separate uid, which has the host's {@code /proc}, where the
         * kernel has Landlock ({@link JailedJava} adds the step).
         */
        public boolean closesProc() {
            return kind == Kind.SEPARATE_UID && Landlock.abi().isPresent();
        }

        /** The full command line that runs {@code inner} in this jail. */
        public List<String> command(List<String> inner) {
            List<String> command = new ArrayList<>();
            if (group != null) {
                command.addAll(group.joinPrefix());
            }
            if (kind == Kind.SEPARATE_UID) {
                // a session of its own, as bwrap's --new-session gives: the kernel's autogroup then shares
                // the cores between children, not between their threads (--wait: were it ever a process
                // group leader, setsid would fork, and the jail's process would end at once)
                onPath("setsid").ifPresent(setsid -> command.addAll(List.of(setsid, "--wait")));
            }
            if (uid >= 0) {
                command.addAll(List.of(onPath("setpriv").orElse("setpriv"), "--reuid=" + uid, "--regid=" + uid,
                    "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs"));
                if (kind == Kind.SEPARATE_UID) {
                    command.add("--pdeathsig=KILL");
                }
            }
            onPath("prlimit").ifPresent(prlimit -> {
                command.add(prlimit);
                LIMITS.forEach((flag, value) -> command.add(flag + "=" + value));
                command.add("--cpu=" + Math.max(1, cpu.toSeconds()));
                if (uid >= 0) {
                    command.add("--nproc=" + MAX_PROCESSES);
                }
                if (memoryWatched()) {
                    // no cgroup: each process's private writable memory is refused past the child's limit at
                    // once; the watch stays for what processes hold together, and for mappings the kernel
                    // charges nothing (MAP_FIXED over a reserved range)
                    command.add("--data=" + memory);
                }
                command.add("--");
            });
            if (kind == Kind.NAMESPACES) {
                command.addAll(List.of(bwrap, "--unshare-all", "--unshare-user", "--disable-userns",
                    "--die-with-parent", "--new-session", "--hostname", "sandbox", "--cap-drop", "ALL",
                    "--clearenv", "--setenv", "PATH", "/usr/bin:/bin", "--setenv", "LANG", "C.UTF-8",
                    "--setenv", "HOME", HOME));
                command.addAll(systemBinds());
                String size = String.valueOf(SCRATCH_BYTES);
                command.addAll(List.of("--proc", "/proc", "--dev", "/dev",
                    "--size", size, "--tmpfs", "/tmp", "--size", size, "--tmpfs", HOME, "--chdir", HOME));
                command.addAll(binds);
                // the sandbox's root and /dev are memory too: once every mount is made, closed
                command.addAll(List.of("--remount-ro", "/dev", "--remount-ro", "/"));
            }
            command.addAll(inner);
            return command;
        }

        /** A process builder for {@code command}: working folder and an emptied environment. */
        public ProcessBuilder builder(List<String> command) {
            ProcessBuilder builder = new ProcessBuilder(command);
            Map<String, String> environment = builder.environment();
            String path = environment.getOrDefault("PATH", "/usr/bin:/bin");
            environment.clear();
            environment.put("PATH", path);
            environment.put("LANG", "C.UTF-8");
            if (hostWork != null) {
                builder.directory(hostWork.toFile());
                environment.put("HOME", hostWork.toString());
            }
            return builder;
        }

        /** Kills what is left in the child's cgroup, removes it, and deletes the private working folder. */
        @Override
        public void close() {
            if (group != null) {
                group.close();
            }
            if (hostWork != null) {
                ChildInvoker.deleteTree(hostWork);
            }
        }
    }

    /**
     * A new folder the child may write in: owned by the child's uid when the grader is root,
     * closed to everyone else.
     */
    Path privateFolder() throws IOException {
        Path folder = Files.createTempDirectory("convkit-child");
        handTo(folder);
        return folder;
    }

    /** Gives {@code folder} to the sandbox uid (when there is one), mode 700. */
    public void handTo(Path folder) throws IOException {
        if (uid >= 0) {
            Files.setAttribute(folder, "unix:uid", uid);
            Files.setAttribute(folder, "unix:gid", uid);
        }
    }

    /**
     * Lets the sandbox uid read {@code path} and everything under it, and traverse (not list) its
     * parents up to {@code top}: mode 755 below, group-traversable (710, group = the sandbox uid's
     * group) for {@code top}, so other uids on the machine still cannot enter it.
     */
    public void openTo(Path top, Path path) throws IOException {
        if (uid < 0) {
            return;
        }
        Files.setAttribute(top, "unix:gid", uid);
        Files.setPosixFilePermissions(top, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x---"));
        for (Path p = path; p != null && !p.equals(top) && p.startsWith(top); p = p.getParent()) {
            if (Files.isDirectory(p)) {
                Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        if (Files.isDirectory(path)) {
            try (var files = Files.walk(path)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString(
                        Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        } else {
            Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /** The entries of {@code /} but {@code /proc}, as absolute paths (what {@link OwnProcOnly} leaves readable). */
    static List<String> topsButProc() {
        try (var entries = Files.list(Path.of("/"))) {
            return entries.filter(p -> !p.getFileName().toString().equals("proc")).map(Path::toString).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list / for the child's view of /proc", e);
        }
    }

    /** Read-only binds of the system: {@code /usr} and its merged-usr links, the JDK, the loader cache. */
    private static List<String> systemBinds() {
        List<String> args = new ArrayList<>(List.of("--ro-bind", "/usr", "/usr"));
        for (String top : List.of("/lib", "/lib64", "/lib32", "/bin", "/sbin")) {
            Path path = Path.of(top);
            try {
                if (Files.isSymbolicLink(path)) {
                    args.addAll(List.of("--symlink", Files.readSymbolicLink(path).toString(), top));
                } else if (Files.isDirectory(path)) {
                    args.addAll(List.of("--ro-bind", top, top));
                }
            } catch (IOException e) {
                // a link we cannot read is left out
            }
        }
        for (String etc : List.of("/etc/ld.so.cache", "/etc/localtime")) {
            if (Files.exists(Path.of(etc))) {
                args.addAll(List.of("--ro-bind", etc, etc));
            }
        }
        Path java = javaHome();
        if (!java.startsWith("/usr/")) {
            args.addAll(List.of("--ro-bind", java.toString(), java.toString()));
        }
        // Debian's OpenJDK packages keep part of the JDK's configuration in /etc/java-NN-openjdk
        try (var etc = Files.list(Path.of("/etc"))) {
            etc.filter(p -> p.getFileName().toString().startsWith("java-")).forEach(p ->
                args.addAll(List.of("--ro-bind", p.toString(), p.toString())));
        } catch (IOException e) {
            // no /etc to look at
        }
        return args;
    }

    private static Path javaHome() {
        Path home = Path.of(System.getProperty("java.home"));
        try {
            return home.toRealPath();
        } catch (IOException e) {
            return home;
        }
    }

    static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid", LinkOption.NOFOLLOW_LINKS));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    private static int ownerUid(long pid) {
        try {
            Object owner = Files.getAttribute(Path.of("/proc/" + pid), "unix:uid", LinkOption.NOFOLLOW_LINKS);
            return owner instanceof Integer i ? i : -1;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return -1;
        }
    }

    /** The absolute path of a program on the PATH (or in /usr/bin, /usr/sbin). */
    static Optional<String> onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/usr/sbin:/bin:/sbin";
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }
}

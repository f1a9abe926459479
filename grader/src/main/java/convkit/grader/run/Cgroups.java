package convkit.grader.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Memory and process-count limits from cgroups, for one child and everything it starts, where this
 * machine lets the grader make a cgroup: a cgroup v2 whose own cgroup delegates the {@code memory}
 * and {@code pids} controllers, or the cgroup v1 {@code memory} and {@code pids} hierarchies. Each
 * child gets a new cgroup under the grader's own (its limits: {@code memory.max} /
 * {@code memory.limit_in_bytes}, {@code pids.max}); the child's command joins it before it
 * {@code exec}s (a {@code sh} prefix writes its own pid into {@code cgroup.procs}), so no process of
 * the child ever runs outside it. Where no writable cgroup exists, {@link #detect} is empty and the
 * rlimits of {@link Sandbox} are what there is.
 *
 * <p>Where the {@code cpu} controller is delegated too (v2) or its v1 hierarchy is writable, the
 * child's cgroup is also a cpu cgroup of the default weight: the scheduler shares the cores between
 * sibling cgroups, not between threads, so a child that spins a hundred threads gets no more of
 * the machine than a child graded beside it with one ({@link #sharesCpu}).
 */
final class Cgroups {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Where new cgroups go, and whether it is cgroup v2 (else a v1 hierarchy). */
    private record Parent(Path folder, boolean v2) {
    }

    /** The controllers (v2) or hierarchies (v1) a child's cgroups must have; {@link #CPU} it gets where it can. */
    private static final List<String> REQUIRED = List.of("memory", "pids");
    private static final String CPU = "cpu";

    /** "cgroup v2" or "cgroup v1 (memory, pids)", for the sandbox's description. */
    String describe() {
        return parents.getFirst().v2() ? "cgroup v2" : "cgroup v1";
    }

    private final List<Parent> parents;
    private final boolean cpu;

    private Cgroups(List<Parent> parents, boolean cpu) {
        this.parents = List.copyOf(parents);
        this.cpu = cpu;
    }

    /** Whether each child's cgroup is a cpu cgroup too, so that children share the cores as equals. */
    boolean sharesCpu() {
        return cpu;
    }

    /**
     * Whether the kernel's autogroup shares the cores between sessions for this process's children:
     * it is on ({@code kernel.sched_autogroup_enabled}) and this process's tasks are in the root
     * task group, the only one in which the kernel groups tasks by session: in cgroup v1, the root
     * of the {@code cpu} hierarchy; in v2, a cgroup with no cpu controller on the way up (a cgroup
     * where it is on has {@code cpu.weight}, the root has none).
     */
    static boolean autogroupApplies() {
        try {
            Optional<Path> v2Mount = mountPoint(Files.readAllLines(Path.of("/proc/self/mountinfo")), "cgroup2", null);
            return autogroupApplies(Files.readString(Path.of("/proc/sys/kernel/sched_autogroup_enabled")),
                Files.readAllLines(Path.of("/proc/self/cgroup")), v2Mount, Files::exists);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * {@link #autogroupApplies()} from what it reads: the sysctl's text, /proc/self/cgroup's lines,
     * the cgroup v2 mount point, and which files exist.
     */
    static boolean autogroupApplies(String enabled, List<String> own, Optional<Path> v2Mount, Predicate<Path> exists) {
        if (!enabled.strip().equals("1")) {
            return false;
        }
        Optional<String> v1 = ownPath(own, CPU);
        if (v1.isPresent()) {
            return v1.get().equals("/");
        }
        Optional<String> v2 = own.stream().filter(l -> l.startsWith("0::")).map(l -> l.substring(3)).findFirst();
        if (v2.isEmpty() || v2Mount.isEmpty()) {
            return true; // no cpu cgroup anywhere
        }
        for (Path folder = under(v2Mount.get(), v2.get()); folder != null && folder.startsWith(v2Mount.get());
             folder = folder.getParent()) {
            if (exists.test(folder.resolve("cpu.weight"))) {
                return false;
            }
        }
        return true;
    }

    /** The cgroups this process can create children in; empty where none is writable. */
    static Optional<Cgroups> detect() {
        try {
            List<String> mounts = Files.readAllLines(Path.of("/proc/self/mountinfo"));
            List<String> own = Files.readAllLines(Path.of("/proc/self/cgroup"));
            Optional<Cgroups> v2 = version2(mounts, own);
            return v2.isPresent() ? v2 : version1(mounts, own);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<Cgroups> version2(List<String> mounts, List<String> own) throws IOException {
        Optional<Path> mount = mountPoint(mounts, "cgroup2", null);
        Optional<String> path = own.stream().filter(l -> l.startsWith("0::")).map(l -> l.substring(3)).findFirst();
        if (mount.isEmpty() || path.isEmpty()) {
            return Optional.empty();
        }
        Path folder = under(mount.get(), path.get());
        Path control = folder.resolve("cgroup.subtree_control");
        if (!Files.isWritable(folder) || !Files.isRegularFile(control)) {
            return Optional.empty();
        }
        List<String> delegated = List.of(Files.readString(control).strip().split("\\s+"));
        if (!delegated.containsAll(REQUIRED)) {
            return Optional.empty();
        }
        return Optional.of(new Cgroups(List.of(new Parent(folder, true)), delegated.contains(CPU)));
    }

    private static Optional<Cgroups> version1(List<String> mounts, List<String> own) {
        List<Parent> parents = new ArrayList<>();
        for (String controller : REQUIRED) {
            writableV1(mounts, own, controller).ifPresent(folder -> parents.add(new Parent(folder, false)));
        }
        if (parents.size() != REQUIRED.size()) {
            return Optional.empty();
        }
        Optional<Path> cpu = writableV1(mounts, own, CPU);
        // a cpu hierarchy mounted with memory or pids is already among them
        cpu.filter(folder -> parents.stream().noneMatch(p -> p.folder().equals(folder)))
            .ifPresent(folder -> parents.add(new Parent(folder, false)));
        return Optional.of(new Cgroups(parents, cpu.isPresent()));
    }

    /** This process's own cgroup in the v1 hierarchy of {@code controller}, if it is there and writable. */
    private static Optional<Path> writableV1(List<String> mounts, List<String> own, String controller) {
        Optional<Path> mount = mountPoint(mounts, "cgroup", controller);
        Optional<String> path = ownPath(own, controller);
        if (mount.isEmpty() || path.isEmpty()) {
            return Optional.empty();
        }
        Path folder = under(mount.get(), path.get());
        return Files.isWritable(folder) ? Optional.of(folder) : Optional.empty();
    }

    /** This process's cgroup in the v1 hierarchy that has {@code controller} (from /proc/self/cgroup's lines). */
    private static Optional<String> ownPath(List<String> own, String controller) {
        return own.stream().map(l -> l.split(":", 3))
            .filter(f -> f.length == 3 && List.of(f[1].split(",")).contains(controller)).map(f -> f[2]).findFirst();
    }

    /** The mount point of a cgroup file system ({@code controller} among its options for v1). */
    private static Optional<Path> mountPoint(List<String> mountinfo, String type, String controller) {
        for (String line : mountinfo) {
            String[] halves = line.split(" - ", 2);
            if (halves.length < 2) {
                continue;
            }
            String[] after = halves[1].split(" ");
            String[] before = halves[0].split(" ");
            if (after.length >= 3 && after[0].equals(type)
                && (controller == null || List.of(after[2].split(",")).contains(controller))) {
                return Optional.of(Path.of(before[4]));
            }
        }
        return Optional.empty();
    }

    private static Path under(Path mount, String path) {
        return path.equals("/") ? mount : mount.resolve(path.substring(1));
    }

    /** A new cgroup (one per hierarchy) for one child, with these limits. */
    Group create(long memoryBytes, int processes) throws IOException {
        String name = "convkit-" + HexFormat.of().formatHex(RANDOM.generateSeed(6));
        List<Path> folders = new ArrayList<>();
        try {
            for (Parent parent : parents) {
                Path folder = Files.createDirectory(parent.folder().resolve(name));
                folders.add(folder);
                // v2: memory.max, memory.swap.max, pids.max; v1: each hierarchy has its own file
                for (String[] limit : new String[][] {{"memory.max", String.valueOf(memoryBytes)}, {"memory.swap.max", "0"},
                    {"memory.limit_in_bytes", String.valueOf(memoryBytes)}, {"pids.max", String.valueOf(processes)}}) {
                    Path file = folder.resolve(limit[0]);
                    if (Files.exists(file)) {
                        Files.writeString(file, limit[1]);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            new Group(folders).close();
            throw e;
        }
        return new Group(folders);
    }

    /** One child's cgroups. */
    record Group(List<Path> folders) implements AutoCloseable {

        /** The prefix that makes a command join these cgroups before it runs: {@code sh -c '…' sh}. */
        List<String> joinPrefix() {
            StringBuilder script = new StringBuilder();
            for (Path folder : folders) {
                script.append("echo $$ > '").append(folder.resolve("cgroup.procs")).append("' || exit 126; ");
            }
            script.append("exec \"$@\"");
            return List.of("/bin/sh", "-c", script.toString(), "sh");
        }

        /** Whether the memory limit was reached (an OOM kill inside the group). */
        boolean outOfMemory() {
            for (Path folder : folders) {
                for (String file : List.of("memory.events", "memory.oom_control")) {
                    try {
                        String text = Files.readString(folder.resolve(file));
                        if (text.lines().anyMatch(l -> l.matches("oom_kill [1-9][0-9]*"))) {
                            return true;
                        }
                    } catch (IOException e) {
                        // not this hierarchy's file
                    }
                }
            }
            return false;
        }

        /** Kills whatever is left in the cgroups and removes them. */
        @Override
        public void close() {
            for (int attempt = 0; attempt < 50; attempt++) {
                boolean empty = true;
                for (Path folder : folders) {
                    try {
                        for (String pid : Files.readAllLines(folder.resolve("cgroup.procs"))) {
                            empty = false;
                            ProcessHandle.of(Long.parseLong(pid.strip())).ifPresent(ProcessHandle::destroyForcibly);
                        }
                    } catch (IOException | NumberFormatException e) {
                        // gone already
                    }
                }
                if (empty) {
                    break;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            for (Path folder : folders) {
                try {
                    Files.deleteIfExists(folder);
                } catch (IOException e) {
                    // still busy: the kernel removes an empty cgroup's folder only when asked again
                }
            }
        }
    }
}

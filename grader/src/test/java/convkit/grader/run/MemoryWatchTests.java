package convkit.grader.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * Where no cgroup can be made (a container without a writable one), the child's memory outside
 * its heap is capped by a data limit per process and by {@link MemoryWatch} from outside. Each
 * attack runs twice in each sandbox this machine has (namespaces; the separate uid when the tests
 * run as root), both times as if there were no cgroup: capped, the child is refused at its limit,
 * or ended and told why; without the cap (the control), the attack holds its 1.5 GB.
 */
class MemoryWatchTests {

    /** A test child's limit: Limits.DEFAULT's heap of 256 MiB and 512 MiB. */
    private static final long LIMIT_MIB = 256 + 512;
    private static final long EATEN = 1500L << 20;
    private static final Pattern HELD = Pattern.compile("its processes held ([\\d,]+) MiB of memory \\(at most 768 MiB");

    /** The sandboxes to try: the namespace sandbox where there is one, the separate uid under root. */
    private static List<Sandbox> sandboxes() {
        List<Sandbox> all = new ArrayList<>();
        if (SandboxTests.SANDBOX.kind() == Sandbox.Kind.NAMESPACES) {
            all.add(SandboxTests.SANDBOX);
        }
        if (Sandbox.isRoot()) {
            all.add(Sandbox.detect(Sandbox.Choice.UID, Sandbox.DEFAULT_UID + 21));
        }
        assumeTrue(!all.isEmpty(), "neither sandbox here: " + SandboxTests.SANDBOX.describe());
        return all;
    }

    /** Runs {@code method} of a probe with {@code body} in {@code sandbox} as if it had no cgroup. */
    private static Outcome run(Sandbox sandbox, boolean watch, String body, String method) throws IOException {
        try (ChildInvoker invoker = SandboxTests.probe(sandbox.withoutCgroups(watch), body)) {
            return invoker.invoke(Call.of("convkit.exercises.Probe", method, List.of()), Duration.ofSeconds(60));
        }
    }

    /** The watched child was ended for its memory, saying so, before it held all it asked for; what it held. */
    private static long endedForMemory(Sandbox sandbox, Outcome outcome, String largest) {
        return endedForMemory(sandbox, outcome, largest, EATEN >> 20);
    }

    /** As above, where the attack's processes would hold {@code all} MiB together. */
    private static long endedForMemory(Sandbox sandbox, Outcome outcome, String largest, long all) {
        assertEquals(Outcome.Kind.DIED, outcome.kind(), sandbox.kind() + ": " + outcome);
        Matcher held = HELD.matcher(outcome.message());
        assertTrue(held.find(), sandbox.kind() + ": " + outcome.message());
        long mib = Long.parseLong(held.group(1).replace(",", ""));
        assertTrue(mib > LIMIT_MIB && mib < all, sandbox.kind() + ": " + outcome.message());
        // the feedback names the process that held the most
        assertTrue(outcome.message().contains(" MiB, in " + largest + ")"), sandbox.kind() + ": " + outcome.message());
        System.out.println(sandbox.kind() + ": ended at " + mib + " MiB (limit " + LIMIT_MIB + ")");
        return mib;
    }

    private static void waitUntilNoneLeft(Sandbox sandbox) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (sandbox.processesLeft() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(0, sandbox.processesLeft(), sandbox.kind() + ": processes of the uid left");
    }

    /** Whether a JVM that runs the child runner is among {@code p}'s ancestors (not bwrap or setpriv, whose arguments name it). */
    private static boolean underTheRunner(ProcessHandle p) {
        for (var up = p.parent(); up.isPresent(); up = up.get().parent()) {
            ProcessHandle.Info info = up.get().info();
            if (info.command().orElse("").endsWith("/java")
                && info.commandLine().orElse("").contains(convkit.grader.child.ChildRunner.class.getName())) {
                return true;
            }
        }
        return false;
    }

    /** Something to run that may throw IOException. */
    private interface Run<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code during} while a thread of the test looks, every 10 ms, at every process named
     * {@code tail} outside the child JVM's tree (a daemon), and writes the most resident anonymous
     * memory one held into {@code held[0]}; after it, goes on looking while such a daemon lives
     * and holds less than {@code until} bytes (a minute in all at most).
     */
    private static <T> T whileWatchingTail(long[] held, long until, Run<T> during) throws IOException {
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Thread looker = new Thread(() -> {
            while (System.nanoTime() < deadline) {
                boolean seen = false;
                for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
                    try {
                        Path proc = Path.of("/proc", String.valueOf(p.pid()));
                        if (!Files.readString(proc.resolve("comm")).strip().equals("tail") || underTheRunner(p)) {
                            continue;
                        }
                        for (String line : Files.readAllLines(proc.resolve("status"))) {
                            if (line.startsWith("RssAnon:")) {
                                held[0] = Math.max(held[0], Long.parseLong(line.replaceAll("[^0-9]", "")) << 10);
                                seen = true;
                            }
                        }
                    } catch (IOException | RuntimeException e) {
                        // gone
                    }
                }
                // once the child has returned, a daemon that outlived it is looked at until it holds `until` or ends
                if (done.get() && (!seen || held[0] >= until)) {
                    return;
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "tail-looker");
        looker.start();
        try {
            return during.run();
        } finally {
            done.set(true);
            try {
                looker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void theDescriptionSaysTheWatchCapsMemoryWhereNoCgroupDoes() {
        for (Sandbox sandbox : sandboxes()) {
            // the memory clause, then what shares the cores (CpuShareTests)
            assertTrue(sandbox.withoutCgroups(true).describe().matches(
                ".*; no writable cgroup: memory capped by a data limit per process and a watch from outside; cores (not )?"
                    + "shared between children[^;]*"),
                sandbox.withoutCgroups(true).describe());
            assertTrue(sandbox.withoutCgroups(false).describe().matches(
                ".*; no writable cgroup, memory not capped; cores (not )?shared between children[^;]*"),
                sandbox.withoutCgroups(false).describe());
        }
    }

    @Test
    void theSolutionsScoreFullMarksUnderTheWatch() throws IOException {
        // the watch must not end children that keep to their limits: the compiler and two exercises'
        // children run at once (under the uid: as the same uid, each counted against its own limit)
        for (Sandbox sandbox : sandboxes()) {
            Path folder = Files.createTempDirectory("convkit-solutions");
            ChildInvoker.deleteTreeAtExit(folder);
            Path solutions = convkit.grader.Solutions.writeTo(folder.resolve("solutions"));
            convkit.grader.GradeReport report;
            try (convkit.grader.Submission submission = convkit.grader.Submission.open(solutions)) {
                report = new convkit.grader.Grader(convkit.grader.suite.Suites.all(), Limits.DEFAULT, 2,
                    sandbox.withoutCgroups(true)).grade(submission);
            }
            String failures = report.exercises().stream().flatMap(e -> e.tests().stream()).filter(t -> !t.passed())
                .map(t -> t.test().exercise() + " " + t.test().name() + ": " + t.output())
                .collect(Collectors.joining("\n"));
            assertEquals(report.maxScore(), report.score(), sandbox.kind() + ": " + failures);
            assertEquals(11, report.exercises().size());
        }
    }

    /**
     * In each sandbox: the control (no watch) holds all it asked for and answers {@code held}; watched,
     * it is ended, the feedback naming {@code largest} as the process that held the most.
     */
    private static void heldThenEnded(String body, String method, String held, String largest) throws IOException {
        for (Sandbox sandbox : sandboxes()) {
            Outcome control = run(sandbox, false, body, method);
            assertEquals(Outcome.Kind.RETURNED, control.kind(), sandbox.kind() + ": " + control);
            assertEquals(held, control.value(), sandbox.kind() + ": " + control);
            endedForMemory(sandbox, run(sandbox, true, body, method), largest);
        }
    }

    @Test
    void processesThatEatMemoryAreEndedAndToldWhy() throws IOException {
        heldThenEnded(CgroupTests.EAT, "eat", "0 " + EATEN, "tail");
    }

    /**
     * A JVM that allocates outside its heap, 64 MiB at a time, each filled: the data limit refuses
     * it at once ({@code OutOfMemoryError}) before the process holds its limit, so the watch has
     * nothing to end and nothing passes the limit between two looks. The control, without the
     * watch and the data limit, holds all 1,536 MiB.
     */
    @Test
    void aJvmThatAllocatesOutsideItsHeapIsRefusedBeforeItHoldsItsLimit() throws IOException {
        String body = """
            public static String allocate() {
              // native memory through the Foreign Function and Memory API: not the heap, not direct buffers
              long held = 0;
              try {
                while (held < 1500L << 20) {
                  java.lang.foreign.Arena.global().allocate(64L << 20).fill((byte) 1);
                  held += 64L << 20;
                }
                return "held " + (held >> 20) + " MiB";
              } catch (OutOfMemoryError e) {
                return "refused after " + (held >> 20) + " MiB";
              }
            }
            """;
        for (Sandbox sandbox : sandboxes()) {
            Outcome control = run(sandbox, false, body, "allocate");
            assertEquals("held 1536 MiB", control.value(), sandbox.kind() + ": " + control);
            Outcome watched = run(sandbox, true, body, "allocate");
            assertEquals(Outcome.Kind.RETURNED, watched.kind(), sandbox.kind() + ": " + watched);
            Matcher refused = Pattern.compile("refused after (\\d+) MiB").matcher(String.valueOf(watched.value()));
            assertTrue(refused.matches(), sandbox.kind() + ": " + watched);
            long mib = Long.parseLong(refused.group(1));
            assertTrue(mib > 0 && mib < LIMIT_MIB, sandbox.kind() + ": " + watched.value());
            System.out.println(sandbox.kind() + ": native memory refused after " + mib + " MiB (limit " + LIMIT_MIB + ")");
        }
    }

    /**
     * The data limit's gap: a private mapping made with {@code MAP_FIXED} over a range reserved
     * without access is charged nothing when it is made, so a child that maps 1.5 GB so and fills
     * it is not refused; the watch ends it and says why. Its control, without the watch: it holds
     * all of it.
     */
    @Test
    void memoryTheDataLimitDoesNotChargeIsEndedByTheWatch() throws IOException {
        String body = """
            public static String mapOverReserved() throws Throwable {
              var linker = java.lang.foreign.Linker.nativeLinker();
              var address = java.lang.foreign.ValueLayout.ADDRESS;
              var integer = java.lang.foreign.ValueLayout.JAVA_INT;
              var length = java.lang.foreign.ValueLayout.JAVA_LONG;
              java.lang.invoke.MethodHandle mmap = linker.downcallHandle(linker.defaultLookup().find("mmap").orElseThrow(),
                  java.lang.foreign.FunctionDescriptor.of(address, address, length, integer, integer, integer, length));
              long size = 1500L << 20;
              // PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE: reserved, not data
              var reserved = (java.lang.foreign.MemorySegment) mmap.invokeExact(java.lang.foreign.MemorySegment.NULL,
                  size, 0, 0x02 | 0x20 | 0x4000, -1, 0L);
              // PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED over it
              var mapped = (java.lang.foreign.MemorySegment) mmap.invokeExact(reserved, size, 3, 0x02 | 0x20 | 0x10, -1, 0L);
              if (mapped.address() != reserved.address()) {
                return "not mapped";
              }
              mapped.reinterpret(size).fill((byte) 1);
              return "held " + (size >> 20) + " MiB";
            }
            """;
        heldThenEnded(body, "mapOverReserved", "held 1500 MiB", "java");
    }

    @Test
    void memoryThatNoProcessMapsCannotBeMade() throws IOException {
        // a System V segment filled and then detached, and a file in memory (memfd) no process maps:
        // neither shows in any process's resident pages, so the watch could not count them
        String body = """
            static final java.lang.foreign.Linker C = java.lang.foreign.Linker.nativeLinker();
            static java.lang.invoke.MethodHandle call(String name, java.lang.foreign.FunctionDescriptor d) {
              return C.downcallHandle(C.defaultLookup().find(name).orElseThrow(), d);
            }
            public static String segment() throws Throwable {
              var J = java.lang.foreign.ValueLayout.JAVA_INT;
              var A = java.lang.foreign.ValueLayout.ADDRESS;
              long size = 1500L << 20;
              int id = (int) call("shmget", java.lang.foreign.FunctionDescriptor.of(J, J,
                  java.lang.foreign.ValueLayout.JAVA_LONG, J)).invokeExact(0, size, 01000 | 0600);
              if (id < 0) {
                return "segment refused";
              }
              var at = (java.lang.foreign.MemorySegment) call("shmat", java.lang.foreign.FunctionDescriptor.of(A, J, A, J))
                  .invokeExact(id, java.lang.foreign.MemorySegment.NULL, 0);
              at.reinterpret(size).fill((byte) 1);
              int detached = (int) call("shmdt", java.lang.foreign.FunctionDescriptor.of(J, A)).invokeExact(at);
              String rss = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status")).stream()
                  .filter(l -> l.startsWith("RssShmem:")).findFirst().orElse("?").replaceAll("\\\\s+", " ");
              String held = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/sysvipc/shm")).stream()
                  .skip(1).map(l -> l.trim().split("\\\\s+")).filter(f -> f[1].equals(String.valueOf(id)))
                  .map(f -> f[f.length - 2]).findFirst().orElse("?"); // the segment's resident bytes
              return "segment held " + (Long.parseLong(held) >> 20) + " MiB, detached " + detached + ", " + rss;
            }
            public static String memfd() throws Throwable {
              try (var arena = java.lang.foreign.Arena.ofConfined()) {
                int fd = (int) call("memfd_create", java.lang.foreign.FunctionDescriptor.of(
                    java.lang.foreign.ValueLayout.JAVA_INT, java.lang.foreign.ValueLayout.ADDRESS,
                    java.lang.foreign.ValueLayout.JAVA_INT)).invokeExact(arena.allocateFrom("answers"), 0);
                return fd < 0 ? "memfd refused" : "memfd made";
              }
            }
            """;
        for (Sandbox sandbox : sandboxes()) {
            if (sandbox.kind() == Sandbox.Kind.NAMESPACES) {
                // the control: without a cap, a segment of the sandbox's own IPC namespace holds 1.5 GB that
                // its process no longer shows (the uid's control: SeparateUidTests, the uid makes a queue)
                Outcome control = run(sandbox, false, body, "segment");
                assertEquals(Outcome.Kind.RETURNED, control.kind(), control.toString());
                assertEquals("segment held 1500 MiB, detached 0, RssShmem: 0 kB", control.value(), control.toString());
            }
            try (ChildInvoker invoker = SandboxTests.probe(sandbox.withoutCgroups(true), body)) {
                assertEquals("segment refused", SandboxTests.ask(invoker, "segment"), sandbox.kind().toString());
                // the filter's control: NoNetworkTests, memfd made before the filter
                assertEquals("memfd refused", SandboxTests.ask(invoker, "memfd"), sandbox.kind().toString());
            }
        }
    }

    /**
     * A probe method {@code pipelines} that runs three pipelines of {@code head} into {@code tail}
     * (through a link named {@code name}, made by {@code printf}) of 400 MiB each, each under the
     * data limit, 1,200 MiB together, held until their output is read, 15 s later; it answers the
     * exit status and the three byte counts.
     */
    private static String threePipelines(String name) {
        return """
            public static String pipelines() throws Exception {
              String script = "name=$(printf '%s'); ln -sf \\"$(command -v tail)\\" \\"$name\\"; "
                  + "for i in 1 2 3; do head -c 400M /dev/zero | ./\\"$name\\" -n 1 | (sleep 15; wc -c) & done; wait";
              Process p = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
              String out = new String(p.getInputStream().readAllBytes()).strip().replaceAll("\\\\s+", " ");
              return p.waitFor() + " " + out;
            }
            """.formatted(name);
    }

    /** In each sandbox: the control holds all three pipelines' 1,200 MiB; watched, the child is ended; what it held. */
    private static List<Long> pipelinesHeldThenEnded(String name, String largest) throws IOException {
        String each = String.valueOf(400L << 20);
        List<Long> held = new ArrayList<>();
        for (Sandbox sandbox : sandboxes()) {
            Outcome control = run(sandbox, false, threePipelines(name), "pipelines");
            assertEquals("0 " + each + " " + each + " " + each, control.value(), sandbox.kind() + ": " + control);
            held.add(endedForMemory(sandbox, run(sandbox, true, threePipelines(name), "pipelines"), largest,
                3 * 400 + LIMIT_MIB));
        }
        return held;
    }

    /**
     * Processes that name themselves with bytes that are not UTF-8: the kernel names a process by
     * the file it runs, here a link to {@code tail} named 0xFF 0xFE, and shows that name in
     * {@code /proc/PID/status}, which the watch reads (tried: while the watch read the status as
     * UTF-8, it counted nothing for them and the call returned holding 1,200 MiB).
     */
    @Test
    void processesNamedWithBytesThatAreNotUtf8AreCountedToo() throws IOException {
        pipelinesHeldThenEnded("\\\\377\\\\376", "\uFFFD\uFFFD");
    }

    /**
     * Busy processes in the child's own session must not hold up the watch: the kernel's autogroup
     * schedules a session as one group, and three busy pipelines in the child's left the grader's
     * threads waiting for a core for seconds, so the watch, due every 20 ms, ended the child at
     * 887-1,475 MiB (tried, before {@link Autogroups}). With the child's session below the
     * grader's, the watch ends it within 64 MiB of its limit.
     */
    @Test
    void busyProcessesInTheChildsSessionDoNotHoldUpTheWatch() throws IOException {
        for (long mib : pipelinesHeldThenEnded("tail", "tail")) {
            assertTrue(mib <= LIMIT_MIB + 64, "the watch looked late: ended at " + mib + " MiB");
        }
    }

    /**
     * The child's session is set to nice {@link Autogroups#NICE}, and a child that sets it back
     * (any process may write its own {@code /proc/PID/autogroup}) is ended and told why. Under the
     * separate uid where the kernel has Landlock, the write is refused outright. The control,
     * without the watch: the child's session stays as it set it.
     */
    @Test
    void aChildThatSetsItsSessionsPriorityBackIsEnded() throws IOException {
        assumeTrue(Autogroups.applies(), "the kernel does not group this grader's children by session here");
        String body = """
            public static String setBack() throws Exception {
              Thread.sleep(500); // the watch has looked
              java.nio.file.Path group = java.nio.file.Path.of("/proc/self/autogroup");
              String before = java.nio.file.Files.readString(group).strip().replaceAll("^/autogroup-[0-9]+ ", "");
              try {
                java.nio.file.Files.writeString(group, "0");
              } catch (java.io.IOException e) {
                return before + ", refused: " + e;
              }
              Thread.sleep(2000);
              return before + ", then " + java.nio.file.Files.readString(group).strip().replaceAll("^/autogroup-[0-9]+ ", "");
            }
            """;
        for (Sandbox sandbox : sandboxes()) {
            boolean landlock = sandbox.kind() == Sandbox.Kind.SEPARATE_UID && Landlock.abi().isPresent();
            Outcome control = run(sandbox, false, body, "setBack");
            assertEquals(Outcome.Kind.RETURNED, control.kind(), sandbox.kind() + ": " + control);
            assertTrue(String.valueOf(control.value()).startsWith(landlock ? "nice 0, refused" : "nice 0, then nice 0"),
                sandbox.kind() + ": " + control);
            Outcome watched = run(sandbox, true, body, "setBack");
            if (landlock) {
                assertEquals(Outcome.Kind.RETURNED, watched.kind(), sandbox.kind() + ": " + watched);
                assertTrue(String.valueOf(watched.value()).startsWith("nice " + Autogroups.NICE + ", refused"),
                    sandbox.kind() + ": " + watched);
            } else {
                assertEquals(Outcome.Kind.DIED, watched.kind(), sandbox.kind() + ": " + watched);
                assertTrue(watched.message().contains("it set its session's scheduling priority back (nice 0;"),
                    sandbox.kind() + ": " + watched.message());
            }
        }
    }

    @Test
    void aDaemonOutsideTheChildsTreeThatEatsMemoryIsEndedToo() throws IOException {
        // the daemon's parent ends at once: it leaves the JVM's tree (to the sandbox's init, or the host's under the uid)
        // the child cannot see what the daemon holds (under the uid its /proc shows only itself): looked at from outside
        String body = """
            public static String daemon() throws Exception {
              new ProcessBuilder("setsid", "-f", "sh", "-c", "head -c 1500M /dev/zero | tail -n 1 > /dev/null")
                  .start().waitFor();
              // 6 s at least; longer while a tail it can see still reads (a namespace's daemon dies with the
              // child, and filling 1500 MiB through a pipe took 9 s on one machine); under the uid it sees none
              long start = System.nanoTime();
              while (System.nanoTime() - start < 6_000_000_000L
                  || (System.nanoTime() - start < 40_000_000_000L && tailSeen())) {
                Thread.sleep(50);
              }
              return "daemon started";
            }
            static boolean tailSeen() {
              try {
                return ProcessHandle.allProcesses().anyMatch(p -> p.info().command().orElse("").endsWith("/tail"));
              } catch (RuntimeException e) { // under the uid, /proc cannot be listed
                return false;
              }
            }
            """;
        for (Sandbox sandbox : sandboxes()) {
            long[] held = new long[1];
            Outcome control = whileWatchingTail(held, 1400L << 20, () -> run(sandbox, false, body, "daemon"));
            assertEquals(Outcome.Kind.RETURNED, control.kind(), sandbox.kind() + ": " + control);
            assertTrue(held[0] >= 1400L << 20, sandbox.kind() + ": tail outside the tree held only "
                + (held[0] >> 20) + " MiB");
            // the control's daemon outlives its child under the uid (a namespace dies with its child):
            // ended, as the grader does after each submission, before the watched run
            sandbox.killStragglers();
            waitUntilNoneLeft(sandbox);
            endedForMemory(sandbox, run(sandbox, true, body, "daemon"), "tail");
            waitUntilNoneLeft(sandbox);
        }
    }
}

package convkit.grader.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import convkit.grader.StudentCompiler;

/**
 * Hostile code against the namespace sandbox (bubblewrap), the boundary CI and Gradescope-like
 * machines with user namespaces get. Each test runs a probe in a sandboxed child and checks, from
 * outside, that the attack reached nothing. Needs bubblewrap: where the machine has none, the
 * tests say so and are skipped (CI installs it, so there they run).
 */
class SandboxTests {

    static final Sandbox SANDBOX = Sandbox.detect(Sandbox.Choice.AUTO, Sandbox.DEFAULT_UID);
    /** This checkout: the grader module's folder (surefire runs in it). */
    static final Path CHECKOUT = Path.of("").toAbsolutePath().getParent();

    /** A probe's method that runs a command in the sandbox: its exit code, a space, and its output (or -1 and the exception). */
    static final String RUN = """
            public static String run(String... command) {
              try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes()).strip();
                return p.waitFor() + " " + out;
              } catch (Exception e) {
                return "-1 " + e;
              }
            }
            """;

    static void requireNamespaces() {
        assumeTrue(SANDBOX.kind() == Sandbox.Kind.NAMESPACES, "no namespace sandbox here: " + SANDBOX.describe());
    }

    /** Compiles {@code Probe} with the given static methods, in the sandbox, and opens an invoker on it. */
    static ChildInvoker probe(Sandbox sandbox, String body) throws IOException {
        Path source = Files.createTempDirectory("convkit-probe").resolve("Probe.java");
        Files.writeString(source, "package convkit.exercises;\npublic final class Probe {\n" + body + "\n}\n");
        StudentCompiler.Result compiled = StudentCompiler.compileAlone(sandbox, source, Duration.ofSeconds(60));
        ChildInvoker.deleteTreeAtExit(source.getParent());
        ChildInvoker.deleteTreeAtExit(compiled.classes().getParent().getParent()); // compileAlone's folder: FOLDER/Probe/classes
        assertTrue(compiled.ok(), compiled.diagnostics());
        return new ChildInvoker(sandbox, compiled.classes(), Limits.DEFAULT, System.nanoTime() + Duration.ofMinutes(2).toNanos());
    }

    static String ask(ChildInvoker invoker, String method) {
        Outcome outcome = invoker.invoke(Call.of("convkit.exercises.Probe", method, List.of()), Duration.ofSeconds(30));
        assertEquals(Outcome.Kind.RETURNED, outcome.kind(), outcome.toString());
        return String.valueOf(outcome.value());
    }

    @Test
    void theNetworkHasNoInterfaceButLoopbackAndTheHostsListenerStaysUnreached() throws IOException {
        requireNamespaces();
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger accepted = new AtomicInteger();
            Thread acceptor = new Thread(() -> {
                try {
                    listener.setSoTimeout(200);
                    while (!listener.isClosed()) {
                        try (Socket s = listener.accept()) {
                            accepted.incrementAndGet();
                        } catch (SocketTimeoutException e) {
                            // keep listening
                        }
                    }
                } catch (IOException e) {
                    // closed
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            String body = """
                public static String interfaces() throws Exception {
                  // from /proc: listing them through Java needs a socket, which the runner's filter refuses
                  StringBuilder s = new StringBuilder();
                  for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/net/dev"))) {
                    if (line.contains(":")) {
                      s.append(line.substring(0, line.indexOf(':')).strip()).append(' ');
                    }
                  }
                  return s.toString().strip();
                }
                public static String socket() {
                  try (var socket = new java.net.DatagramSocket()) {
                    return "made";
                  } catch (Exception e) {
                    return "refused: " + e.getMessage();
                  }
                }
                public static String connect() {
                  try (var socket = new java.net.Socket()) {
                    socket.connect(new java.net.InetSocketAddress("127.0.0.1", PORT), 2000);
                    return "connected";
                  } catch (Exception e) {
                    return "refused: " + e.getClass().getSimpleName();
                  }
                }
                """.replace("PORT", String.valueOf(listener.getLocalPort()));
            try (ChildInvoker invoker = probe(SANDBOX, body)) {
                assertEquals("lo", ask(invoker, "interfaces"));
                assertTrue(ask(invoker, "connect").startsWith("refused"));
                // and behind the namespace, the runner's own filter: no socket at all
                String socket = ask(invoker, "socket");
                assertTrue(socket.startsWith("refused: Operation not permitted"), socket);
            }
            assertEquals(0, accepted.get(), "the host's loopback listener was reached from the sandbox");
        }
    }

    @Test
    void theChildSeesOnlyItsOwnProcessesAndNotTheGraders() throws IOException {
        requireNamespaces();
        String body = """
            public static String processes() {
              StringBuilder s = new StringBuilder();
              ProcessHandle.allProcesses().forEach(p -> s.append(p.pid()).append('=')
                  .append(p.info().commandLine().orElse("?")).append('\\n'));
              return s.toString();
            }
            public static String parent() {
              return ProcessHandle.current().parent().map(p -> p.info().commandLine().orElse("?")).orElse("none");
            }
            """;
        try (ChildInvoker invoker = probe(SANDBOX, body)) {
            String processes = ask(invoker, "processes");
            String parent = ask(invoker, "parent");
            long count = processes.lines().count();
            assertTrue(count <= 3, "the child sees only bwrap's init and itself:\n" + processes);
            for (String secret : List.of(CHECKOUT.toString(), "surefire", System.getProperty("java.class.path").split(":")[0])) {
                assertFalse(processes.contains(secret), "visible: " + secret + " in\n" + processes);
                assertFalse(parent.contains(secret), "visible: " + secret + " in " + parent);
            }
        }
    }

    @Test
    void theCheckoutTheHomeAndTheResultsAreNotInTheSandbox() throws IOException {
        requireNamespaces();
        Path marker = CHECKOUT.resolve("grader/target/sandbox-write-attempt.txt");
        Files.deleteIfExists(marker);
        String body = """
            public static String look() {
              StringBuilder s = new StringBuilder();
              for (String p : new String[] {"CHECKOUT", "CHECKOUT/grader/src/solutions", "M2", "/autograder",
                  "/etc/passwd", "/etc/shadow"}) {
                s.append(p).append(java.nio.file.Files.exists(java.nio.file.Path.of(p)) ? " exists\\n" : " absent\\n");
              }
              try {
                java.nio.file.Files.writeString(java.nio.file.Path.of("MARKER"), "written");
                s.append("wrote the marker\\n");
              } catch (Exception e) {
                s.append("could not write: ").append(e.getClass().getSimpleName()).append('\\n');
              }
              return s.toString();
            }
            """.replace("CHECKOUT", CHECKOUT.toString()).replace("MARKER", marker.toString())
                .replace("M2", Path.of(System.getProperty("user.home"), ".m2").toString());
        try (ChildInvoker invoker = probe(SANDBOX, body)) {
            String seen = ask(invoker, "look");
            assertFalse(seen.contains(" exists"), seen);
            assertTrue(seen.contains("could not write"), seen);
        }
        assertFalse(Files.exists(marker), "the sandbox wrote into the checkout");
    }

    @Test
    void aDoubleForkedDaemonDiesWithItsChild() throws IOException, InterruptedException {
        requireNamespaces();
        String tag = "convkit-daemon-" + System.nanoTime();
        String body = """
            public static String fork() throws Exception {
              Process p = new ProcessBuilder("setsid", "sh", "-c", "(sleep 30; echo TAG) >/dev/null 2>&1 & exit 0")
                  .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
              String said = "";
              p.waitFor();
              Thread.sleep(300);
              StringBuilder seen = new StringBuilder();
              ProcessHandle.allProcesses().forEach(h -> seen.append(h.info().commandLine().orElse("?")).append('|'));
              return "forked " + p.exitValue() + " " + said + " " + seen;
            }
            """.replace("TAG", tag);
        try (ChildInvoker invoker = probe(SANDBOX, body)) {
            String forked = ask(invoker, "fork");
            assertTrue(forked.startsWith("forked 0"), forked);
            // seen from inside while the child runs (the child may be replaced at once: the JDK's process
            // reaper thread counts as a thread left running)
            assertTrue(forked.contains("(sleep 30; echo " + tag + ")"), "the daemon should be running: " + forked);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (running(tag) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertFalse(running(tag), "a daemon outlived the child by more than 5 s");
    }

    private static boolean running(String tag) {
        return ProcessHandle.allProcesses().anyMatch(p -> p.isAlive()
            && p.info().commandLine().orElse("").contains(tag));
    }

    @Test
    void theAttachApiFindsNoOtherJvm() throws IOException {
        requireNamespaces();
        String body = """
            public static String attach() throws Exception {
              Class<?> vm = Class.forName("com.sun.tools.attach.VirtualMachine", true, ClassLoader.getSystemClassLoader());
              java.util.List<?> list = (java.util.List<?>) vm.getMethod("list").invoke(null);
              StringBuilder s = new StringBuilder();
              long self = ProcessHandle.current().pid();
              for (Object d : list) {
                String id = (String) d.getClass().getMethod("id").invoke(d);
                if (!id.equals(String.valueOf(self))) {
                  s.append(id).append(' ');
                }
              }
              System.setProperty("sun.tools.attach.attachTimeout", "1000");
              for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
                if (p.pid() == self || !p.info().command().orElse("").endsWith("java")) continue;
                try {
                  vm.getMethod("attach", String.class).invoke(null, String.valueOf(p.pid()));
                  s.append("attached to ").append(p.pid()).append(' ');
                } catch (Exception e) {
                  // attach refused
                }
              }
              return s.toString().strip();
            }
            """.replace("HOME_FOLDER", Sandbox.HOME);
        try (ChildInvoker invoker = probe(SANDBOX, body)) {
            assertEquals("", ask(invoker, "attach"));
        }
    }

    @Test
    void theGradersMemoryAndEnvironmentCannotBeReadThroughProc() throws IOException {
        requireNamespaces();
        // without the sandbox (student code as the grader's user) the attack reaches the grader's environment
        String open = peekAtTheGrader(Sandbox.none("the control of a test"));
        assertTrue(open.contains("environ=read") && open.contains("maps=read"), open);
        String sandboxed = peekAtTheGrader(SANDBOX);
        assertFalse(sandboxed.contains("=read"), sandboxed);
    }

    /**
     * Hostile: the expected answers of the hidden tests are in the grader's memory, so a child
     * reads {@code /proc/<grader>/mem} at the grader's first readable mapping (found in its
     * {@code maps}), and its {@code environ}; the grader's pid is written into the probe, since
     * a sandboxed child cannot see it. Each file: "read", "refused" or "missing".
     */
    static String peekAtTheGrader(Sandbox sandbox) throws IOException {
        String body = """
            public static String peek() {
              StringBuilder s = new StringBuilder();
              long address = -1;
              for (String file : new String[] {"environ", "maps", "mem"}) {
                s.append(file).append('=');
                try (var in = new java.io.RandomAccessFile("/proc/GRADER/" + file, "r")) {
                  if (file.equals("mem") && address >= 0) {
                    in.seek(address);
                  }
                  byte[] bytes = new byte[4096];
                  int n = in.read(bytes);
                  if (file.equals("maps") && n > 0) {
                    for (String line : new String(bytes, 0, n).split("\\n")) {
                      String[] fields = line.split(" ");
                      if (fields.length > 1 && fields[1].startsWith("r") && address < 0) {
                        address = Long.parseUnsignedLong(fields[0].substring(0, fields[0].indexOf('-')), 16);
                      }
                    }
                  }
                  s.append(n > 0 ? "read" : "empty");
                } catch (java.io.IOException e) {
                  String why = String.valueOf(e.getMessage());
                  s.append(why.contains("No such file") ? "missing" : "refused (" + why + ")");
                }
                s.append('\\n');
              }
              return s.toString();
            }
            """.replace("GRADER", String.valueOf(ProcessHandle.current().pid()));
        try (ChildInvoker invoker = probe(sandbox, body)) {
            return ask(invoker, "peek");
        }
    }

    @Test
    void systemPropertiesDoNotCarryOverToTheNextTest() throws IOException {
        String body = """
            public static String set() {
              System.setProperty("convkit.answer", "42");
              java.util.Locale.setDefault(java.util.Locale.GERMANY);
              return "set";
            }
            public static String get() {
              return System.getProperty("convkit.answer") + " " + java.util.Locale.getDefault();
            }
            """;
        try (ChildInvoker invoker = probe(SANDBOX, body)) {
            assertEquals("set", ask(invoker, "set"));
            String after = ask(invoker, "get");
            assertTrue(after.startsWith("null "), after);
            assertFalse(after.contains("de_DE"), after);
        }
    }

    @Test
    void asRootTheChildRunsAsTheUnprivilegedUidWithItsOwnDevAndLimits() throws IOException {
        requireNamespaces();
        assumeTrue(Sandbox.isRoot(), "only a root grader drops to another uid");
        String body = """
            public static String who() throws Exception {
              String status = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/status"));
              String uid = status.lines().filter(l -> l.startsWith("Uid:")).findFirst().orElse("?");
              String limits = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/limits"));
              String procs = limits.lines().filter(l -> l.startsWith("Max processes")).findFirst().orElse("?");
              String size = limits.lines().filter(l -> l.startsWith("Max file size")).findFirst().orElse("?");
              java.nio.file.Files.writeString(java.nio.file.Path.of("/dev/null"), "x");
              return uid.replaceAll("\\\\s+", " ") + "|" + procs.replaceAll("\\\\s+", " ") + "|" + size.replaceAll("\\\\s+", " ");
            }
            """;
        try (ChildInvoker invoker = probe(SANDBOX, body)) {
            String who = ask(invoker, "who");
            assertFalse(who.startsWith("Uid: 0 "), who);
            assertTrue(who.contains("Max processes 256 256"), who);
            assertTrue(who.contains("Max file size " + (64L << 20)), who);
        }
    }

    @Test
    void theChildCannotFillTheMachinesMemoryThroughTheFoldersItMayWrite() throws IOException {
        requireNamespaces();
        // the namespace sandbox's folders are memory (tmpfs): file after file of under 64 MiB, up
        // to 512 MiB a folder, in every folder the child might write; what could be written is
        // removed again before the answer
        String body = """
            public static String fill() {
              StringBuilder s = new StringBuilder();
              byte[] mib = new byte[1 << 20];
              for (String place : new String[] {"/", "/dev", "/dev/shm", "/tmp", "HOME_FOLDER"}) {
                java.util.List<java.nio.file.Path> files = new java.util.ArrayList<>();
                long written = 0;
                try {
                  for (int f = 0; written < (512L << 20); f++) {
                    java.nio.file.Path file = java.nio.file.Path.of(place, "fill-" + f);
                    files.add(file);
                    try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(file)) {
                      for (int m = 0; m < 32; m++) {
                        out.write(mib);
                        written += mib.length;
                      }
                    }
                  }
                } catch (java.io.IOException e) {
                  // full, or not writable
                }
                for (java.nio.file.Path file : files) {
                  try {
                    java.nio.file.Files.deleteIfExists(file);
                  } catch (java.io.IOException e) {
                    // not there
                  }
                }
                s.append(place).append('=').append(written >> 20).append(' ');
              }
              return s.toString().strip();
            }
            """.replace("HOME_FOLDER", Sandbox.HOME);
        try (ChildInvoker invoker = probe(SANDBOX, body)) {
            String filled = ask(invoker, "fill");
            Map<String, Long> mib = new java.util.HashMap<>();
            for (String pair : filled.split(" ")) {
                String[] parts = pair.split("=");
                mib.put(parts[0], Long.parseLong(parts[1]));
            }
            long cap = Sandbox.SCRATCH_BYTES >> 20;
            assertEquals(0L, mib.get("/"), "MiB written in the sandbox's root: " + filled);
            assertEquals(0L, mib.get("/dev"), "MiB written in /dev: " + filled);
            assertEquals(0L, mib.get("/dev/shm"), "MiB written in /dev/shm: " + filled);
            assertTrue(mib.get("/tmp") <= cap, "MiB written in /tmp, at most " + cap + ": " + filled);
            assertTrue(mib.get(Sandbox.HOME) <= cap, "MiB written in the home folder, at most " + cap + ": " + filled);
            assertTrue(mib.get(Sandbox.HOME) >= cap / 2, "the home folder must still take files: " + filled);
        }
    }

    @Test
    void theChildCannotMakeANamespaceOfItsOwnToMountAFolderNothingWatches() throws IOException {
        requireNamespaces();
        // a user namespace of its own would give the child every capability there: a tmpfs mounted
        // in it has no --size (half the machine's memory) and is none of the folders the grader
        // counts, and a mount or network namespace of its own escapes what the sandbox set up
        String body = RUN + """
            public static String userNamespace() {
              return run("unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
                  "mount -t tmpfs none /tmp && touch /tmp/unwatched && echo mounted");
            }
            public static String withoutUser() {
              return run("unshare", "--mount", "--net", "--ipc", "true");
            }
            public static String nestedBwrap() {
              return run("bwrap", "--unshare-user", "--ro-bind", "/", "/", "--tmpfs", "/tmp", "true");
            }
            """;
        try (ChildInvoker invoker = probe(SANDBOX, body)) {
            Map<String, String> answers = new java.util.LinkedHashMap<>();
            for (String method : List.of("userNamespace", "withoutUser", "nestedBwrap")) {
                String answer = ask(invoker, method);
                answers.put(method, answer);
                assertFalse(answer.startsWith("0"), method + " succeeded in the sandbox: " + answer);
                assertFalse(answer.contains("mounted"), method + ": " + answer);
            }
            // bwrap's --disable-userns: the count of user namespaces below the sandbox's is used up
            // (ENOSPC), rather than the tool missing or failing for a reason of its own
            assertTrue(answers.get("userNamespace").contains("No space left on device"), answers.toString());
        }
    }

    @Test
    void twoSubmissionsGradedAtOnceCannotPassAnswersToEachOther() throws Exception {
        requireNamespaces();
        twoSubmissionsAtOnce(SANDBOX);
    }

    @Test
    void twoSubmissionsGradedAtOnceWithoutACgroupCannotPassAnswersEither() throws Exception {
        // where the memory watch is the cap, the runner's filter refuses System V IPC as well
        requireNamespaces();
        twoSubmissionsAtOnce(SANDBOX.withoutCgroups(true));
    }

    private static void twoSubmissionsAtOnce(Sandbox sandbox) throws Exception {
        // one student's code leaves what it learned where another's, graded at the same time (a batch
        // on two workers) as the same unprivileged uid, might look: files in the writable folders, and
        // System V message queues and shared memory open to every uid (util-linux's ipcmk and ipcs).
        // Nothing a test leaves outlives it (each call starts afresh), so the first child leaves them
        // and waits while the second looks; the clocks (one for the host and both sandboxes) show
        // that the look came while they were there
        String body = RUN + """
            static final String[] PLACES = {"/tmp/answers", "HOME_FOLDER/answers", "/dev/shm/answers"};
            public static String leaveAndWait() throws Exception {
              StringBuilder s = new StringBuilder();
              for (String place : PLACES) {
                try {
                  java.nio.file.Files.writeString(java.nio.file.Path.of(place), "42");
                  s.append("wrote ").append(place).append('\\n');
                } catch (java.io.IOException e) {
                  s.append("could not write ").append(place).append('\\n');
                }
              }
              s.append(run("ipcmk", "--queue", "--mode", "0666")).append('\\n');
              s.append(run("ipcmk", "--shmem", "4096", "--mode", "0666")).append('\\n');
              s.append(look());
              s.append("\\nfrom ").append(System.currentTimeMillis());
              Thread.sleep(12_000);
              s.append("\\nuntil ").append(System.currentTimeMillis());
              return s.toString();
            }
            public static String look() {
              StringBuilder s = new StringBuilder("at " + System.currentTimeMillis() + "\\n");
              for (String place : PLACES) {
                s.append(place).append(java.nio.file.Files.exists(java.nio.file.Path.of(place)) ? " found" : " absent")
                    .append('\\n');
              }
              s.append(run("ipcs", "--queues", "--shmems"));
              return s.toString();
            }
            """.replace("HOME_FOLDER", Sandbox.HOME);
        String[] answers = meanwhile(sandbox, body, "leaveAndWait", "look");
        String own = answers[0];
        String seen = answers[1];
        // the attack works where nothing stands in its way: the first child finds what it left
        assertTrue(own.contains("wrote /tmp/answers") && own.contains("wrote " + Sandbox.HOME + "/answers"), own);
        assertTrue(own.contains("/tmp/answers found") && own.contains(Sandbox.HOME + "/answers found"), own);
        if (sandbox.cgroupLimits()) {
            assertTrue(own.contains("Message queue id:") && own.contains("Shared memory id:"), own);
            assertEquals(2, own.lines().filter(line -> line.contains(" 666 ")).count(),
                "the first child's own queue and segment:\n" + own);
        } else {
            // without a cgroup the runner's filter refuses System V IPC here too (MemoryWatchTests)
            assertFalse(own.contains("Message queue id:") || own.contains("Shared memory id:"), own);
        }
        // the second sees none of it
        assertFalse(seen.contains(" found"), "the second child found the first's files:\n" + seen);
        assertEquals(0, seen.lines().filter(line -> line.contains(" 666 ")).count(),
            "the second child sees the first's queue or shared memory:\n" + seen);
    }

    /**
     * Two children of {@code sandbox} at once, as two submissions of a batch: the first runs {@code
     * waiting} (which stamps "from" and "until" lines around a wait of 12 s or more), the second {@code
     * looking} 5 s in (its answer starts "at" a time). Their answers, once the clocks show that the
     * second's look came during the first's wait.
     */
    static String[] meanwhile(Sandbox sandbox, String body, String waiting, String looking) throws Exception {
        try (ChildInvoker first = probe(sandbox, body); ChildInvoker second = probe(sandbox, body)) {
            java.util.concurrent.CompletableFuture<String> waited = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> ask(first, waiting));
            Thread.sleep(5_000);
            String seen = ask(second, looking);
            String own = waited.get(60, java.util.concurrent.TimeUnit.SECONDS);
            if (own.startsWith("cannot listen")) {
                return new String[] {own, seen}; // nothing waited, so nothing to line up
            }
            long from = Long.parseLong(own.replaceAll("(?s).*\nfrom (\\d+).*", "$1"));
            long until = Long.parseLong(own.replaceAll("(?s).*\nuntil (\\d+).*", "$1"));
            long at = Long.parseLong(seen.replaceAll("(?s)^at (\\d+).*", "$1"));
            assertTrue(from <= at && at <= until, "the second looked at " + at + ", not while the first waited ("
                + from + " to " + until + ")");
            return new String[] {own, seen};
        }
    }

    /**
     * Two probes' methods for a pair of submissions graded at once: the first listens on the
     * loopback at {@code port} (TCP and UDP), reaches its own listeners and records who else
     * does for 12 s (or says it cannot listen); the second connects and sends meanwhile.
     */
    static String talkOverTheLoopback(int port) {
        return """
            public static String listenAndWait() throws Exception {
              StringBuilder s = new StringBuilder();
              var loopback = java.net.InetAddress.getByName("127.0.0.1");
              java.net.ServerSocket listener;
              try {
                listener = new java.net.ServerSocket(PORT, 50, loopback);
              } catch (java.io.IOException e) {
                return "cannot listen: " + e.getMessage();
              }
              try (var tcp = listener;
                   var udp = new java.net.DatagramSocket(new java.net.InetSocketAddress(loopback, PORT))) {
                s.append("listening\\n");
                s.append("own tcp ").append(connect()).append('\\n');
                s.append("own udp ").append(send()).append('\\n');
                tcp.setSoTimeout(200);
                udp.setSoTimeout(200);
                s.append("from ").append(System.currentTimeMillis()).append('\\n');
                long end = System.currentTimeMillis() + 12_000;
                while (System.currentTimeMillis() < end) {
                  try (var peer = tcp.accept()) {
                    s.append("accepted ").append(new String(peer.getInputStream().readNBytes(2))).append('\\n');
                  } catch (java.net.SocketTimeoutException e) {
                    // nobody yet
                  }
                  try {
                    var packet = new java.net.DatagramPacket(new byte[16], 16);
                    udp.receive(packet);
                    s.append("datagram ").append(new String(packet.getData(), 0, packet.getLength())).append('\\n');
                  } catch (java.net.SocketTimeoutException e) {
                    // nothing yet
                  }
                }
                s.append("until ").append(System.currentTimeMillis());
              }
              return s.toString();
            }
            public static String connect() {
              try (var socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress("127.0.0.1", PORT), 2000);
                socket.getOutputStream().write("42".getBytes());
                return "connected";
              } catch (Exception e) {
                return "refused: " + e.getClass().getSimpleName();
              }
            }
            public static String send() {
              try (var socket = new java.net.DatagramSocket()) {
                socket.send(new java.net.DatagramPacket("42".getBytes(), 2,
                    new java.net.InetSocketAddress("127.0.0.1", PORT)));
                return "sent";
              } catch (Exception e) {
                return "failed: " + e;
              }
            }
            public static String reach() {
              return "at " + System.currentTimeMillis() + "\\ntcp " + connect() + "\\nudp " + send();
            }
            """.replace("PORT", String.valueOf(port));
    }

    @Test
    void twoSubmissionsGradedAtOnceCannotTalkOverTheLoopback() throws Exception {
        requireNamespaces();
        // the same two students, by the network: the first child listens on the loopback (TCP and
        // UDP, a port free on the host) and answers whoever connects; the second, meanwhile, connects
        // and sends. Each has its own network namespace, so its loopback is its own; and the
        // runner's filter refuses every socket, so the first cannot even listen
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String body = talkOverTheLoopback(port);
        // without the sandbox (student code as the grader's user, on the host's loopback) the attack works
        String[] open = meanwhile(Sandbox.none("the control of a test"), body, "listenAndWait", "reach");
        assertTrue(open[1].contains("tcp connected"), open[1]);
        assertEquals(2, open[0].lines().filter(line -> line.equals("accepted 42")).count(), open[0]);
        String[] sandboxed = meanwhile(SANDBOX, body, "listenAndWait", "reach");
        assertTrue(open[0].contains("own tcp connected") && open[0].contains("own udp sent"), open[0]);
        assertTrue(sandboxed[0].startsWith("cannot listen: Operation not permitted"), sandboxed[0]);
        assertTrue(sandboxed[1].contains("tcp refused") && sandboxed[1].contains("udp failed"), sandboxed[1]);
    }

    @Test
    void aChildThatFillsItsFoldersWithEmptyFilesIsEndedAndToldWhy() throws IOException {
        requireNamespaces();
        assumeTrue(ScratchWatch.watching(), "this JVM cannot count a folder's files (not Linux, or no native access)");
        // empty files take none of a tmpfs's bytes (--size) but a kilobyte of the kernel's memory
        // each; 200,000 of them (about 2 s of work) in /tmp, then in the home folder; then 400 MB
        // of user attributes on one file (the tmpfs counts them against its files, a kilobyte each); then 11 MB
        // of them at once, answered before the watch looks again: the look made as the answer comes ends it
        String body = """
            public static String files(String place, int count) {
              int made = 0;
              try {
                for (; made < count; made++) {
                  java.nio.file.Files.createFile(java.nio.file.Path.of(place, "empty-" + made));
                }
              } catch (java.io.IOException e) {
                return made + " then " + e;
              }
              return String.valueOf(made);
            }
            public static String fillTmp() {
              return files("/tmp", 200_000);
            }
            public static String fillHome() {
              return files("HOME_FOLDER", 200_000);
            }
            public static String aFewInHome() {
              return files("HOME_FOLDER", 2_000);
            }
            public static String attributes(String name, int bytes, int count) throws java.io.IOException {
              java.nio.file.Path file = java.nio.file.Files.createFile(java.nio.file.Path.of("/tmp", name));
              var view = java.nio.file.Files.getFileAttributeView(file,
                  java.nio.file.attribute.UserDefinedFileAttributeView.class);
              java.nio.ByteBuffer value = java.nio.ByteBuffer.allocate(bytes);
              int made = 0;
              for (; made < count; made++) {
                view.write("k" + made, value.clear());
              }
              return String.valueOf(made);
            }
            public static String fillAttributes() throws java.io.IOException {
              // a tmpfs keeps a file's user attributes in the kernel's memory too: 4,000 bytes each
              return attributes("attributes", 4_000, 100_000);
            }
            public static String burstOfAttributes() throws java.io.IOException {
              // 11 MB of attributes in 170 writes of 64 KB, a millisecond or two: over the limit, then answered at
              // once, between two of the watch's looks
              return attributes("burst", 65_000, 170);
            }
            """.replace("HOME_FOLDER", Sandbox.HOME);
        try (ChildInvoker invoker = probe(SANDBOX, body)) {
            assertEquals("2000", ask(invoker, "aFewInHome"), "a test may make some files");
            for (String method : List.of("fillTmp", "fillHome", "fillAttributes", "burstOfAttributes")) {
                Outcome outcome = invoker.invoke(Call.of("convkit.exercises.Probe", method, List.of()),
                    Duration.ofSeconds(60));
                assertEquals(Outcome.Kind.DIED, outcome.kind(), method + ": " + outcome);
                java.util.regex.Matcher held = java.util.regex.Pattern
                    .compile("held ([0-9,]+) files \\(at most 10,000;").matcher(outcome.message());
                assertTrue(held.find(), method + ": " + outcome.message());
                // ended long before the end of what was tried (200,000 files; the attributes count as
                // about 400,000): 10,880-14,026 on a quiet machine; the bound leaves room for the watch's
                // thread to be held up for a fifth of a second on a busy one, not for a missing watch
                assertTrue(Long.parseLong(held.group(1).replace(",", "")) < 10 * ScratchWatch.MAX_FILES,
                    method + ": " + outcome.message());
            }
        }
    }
}

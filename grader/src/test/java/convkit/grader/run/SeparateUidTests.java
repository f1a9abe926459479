package convkit.grader.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;

import convkit.grader.child.Listeners;
import org.junit.jupiter.api.Test;

/**
 * The fallback boundary for a root grader where namespaces are refused (a Docker container with
 * the default seccomp profile, as on Gradescope): student code runs as an unprivileged uid of its
 * own, the grader's files are closed to other users, and every process of that uid is killed
 * when the submission is done. Forced here with {@link Sandbox.Choice#UID}; needs root.
 */
class SeparateUidTests {

    static Sandbox sandbox;

    @BeforeAll
    static void rootOnly() {
        assumeTrue(Sandbox.isRoot(), "only a root grader can run children as another uid");
        sandbox = Sandbox.detect(Sandbox.Choice.UID, Sandbox.DEFAULT_UID + 20);
        assertEquals(Sandbox.Kind.SEPARATE_UID, sandbox.kind());
    }

    /** A file every user may read and write (mode 0666) in a new temporary folder of {@code folderMode}, deleted at exit. */
    private static Path fileOpenToAll(String prefix, String folderMode, String name, String text) throws IOException {
        Path folder = Files.createTempDirectory(prefix);
        ChildInvoker.deleteTreeAtExit(folder);
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString(folderMode));
        Path file = Files.writeString(folder.resolve(name), text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        return file;
    }

    @Test
    void childrenStartedWithoutACgroupLiveUntilTheyAreDone() throws IOException {
        // setpriv asks for SIGKILL when the thread that started the child ends: that thread must outlive
        // it. Without a cgroup nothing runs before setpriv, and a spawner thread that ended at once killed
        // the compiler or the child (exit status 137) three times in four here
        Sandbox bare = sandbox.withoutCgroups(true);
        for (int i = 0; i < 4; i++) {
            try (ChildInvoker invoker = SandboxTests.probe(bare, "public static String ok() { return \"ok\"; }")) {
                assertEquals("ok", SandboxTests.ask(invoker, "ok"));
            }
        }
    }

    @Test
    void theChildRunsAsTheUnprivilegedUid() throws IOException {
        String body = """
            public static String who() throws Exception {
              return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/status")).lines()
                  .filter(l -> l.startsWith("Uid:")).findFirst().orElse("?").replaceAll("\\\\s+", " ");
            }
            """;
        try (ChildInvoker invoker = SandboxTests.probe(sandbox, body)) {
            assertEquals("Uid: " + sandbox.uid() + " " + sandbox.uid() + " " + sandbox.uid() + " " + sandbox.uid(),
                SandboxTests.ask(invoker, "who"));
        }
    }

    @Test
    void filesClosedToOthersCannotBeReadOrWritten() throws IOException {
        Path secret = fileOpenToAll("convkit-fake-checkout", "rwxr-xr-x", "Ex05ConvLayer.java", "// Instructor solution");
        Path checkout = secret.getParent();
        assertEquals(List.of(checkout), sandbox.closeToOthers(List.of(checkout)));
        String body = """
            public static String attack() {
              StringBuilder s = new StringBuilder();
              try {
                String text = java.nio.file.Files.readString(java.nio.file.Path.of("SECRET"));
                s.append("read ").append(text);
              } catch (Exception e) {
                s.append("no read ");
              }
              try {
                java.nio.file.Files.writeString(java.nio.file.Path.of("SECRET"), "forged");
                s.append("wrote");
              } catch (Exception e) {
                s.append("no write");
              }
              return s.toString();
            }
            """.replace("SECRET", secret.toString());
        try (ChildInvoker invoker = SandboxTests.probe(sandbox, body)) {
            assertEquals("no read no write", SandboxTests.ask(invoker, "attack"));
        }
        assertEquals("// Instructor solution", Files.readString(secret));
    }

    @Test
    void sharedFoldersAreNeverClosed() throws IOException {
        assertEquals(List.of(), sandbox.closeToOthers(List.of(Path.of("/"), Path.of("/tmp"))));
        assertTrue(Files.getPosixFilePermissions(Path.of("/tmp")).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE));
    }

    @Test
    void aDaemonOfTheUidIsKilledWhenTheSubmissionIsDone() throws IOException, InterruptedException {
        String tag = "convkit-uid-daemon-" + System.nanoTime();
        String body = """
            public static String fork() throws Exception {
              new ProcessBuilder("setsid", "sh", "-c", "(sleep 30; echo TAG) >/dev/null 2>&1 & exit 0")
                  .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
              Thread.sleep(300);
              return "forked";
            }
            """.replace("TAG", tag);
        try (ChildInvoker invoker = SandboxTests.probe(sandbox, body)) {
            assertEquals("forked", SandboxTests.ask(invoker, "fork"));
        }
        sandbox.killStragglers();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (sandbox.processesLeft() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(0, sandbox.processesLeft(), "processes of uid " + sandbox.uid() + " left behind");
        assertFalse(ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().orElse("").contains(tag)));
    }

    @Test
    void theGradersMemoryAndEnvironmentCannotBeReadThroughProc() throws IOException {
        // the grader's pid is visible here, its files under /proc are another uid's
        String said = SandboxTests.peekAtTheGrader(sandbox);
        assertEquals(3, said.lines().filter(line -> line.contains("=refused")).count(), said);
    }

    @Test
    void theChildHasNoNetworkThoughTheUidAloneWouldReachTheHostsListeners() throws Exception {
        // this boundary keeps the host's network namespace: the child's own seccomp filter
        // (NoNetwork) is what refuses its sockets
        try (Listeners listeners = new Listeners()) {
            String body = SandboxTests.RUN + """
                public static String connect() {
                  StringBuilder s = new StringBuilder();
                  try (var socket = new java.net.Socket()) {
                    socket.connect(new java.net.InetSocketAddress("127.0.0.1", TCP), 2000);
                    s.append("tcp connected");
                  } catch (Exception e) {
                    s.append("tcp refused: ").append(e.getMessage());
                  }
                  try (var socket = new java.net.DatagramSocket()) {
                    byte[] bytes = {1, 2, 3};
                    socket.send(new java.net.DatagramPacket(bytes, 3, java.net.InetAddress.getLoopbackAddress(), UDP));
                    s.append("; udp sent");
                  } catch (Exception e) {
                    s.append("; udp refused: ").append(e.getMessage());
                  }
                  try (var channel = java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
                    channel.connect(java.net.UnixDomainSocketAddress.of("SOCKET_PATH"));
                    s.append("; unix connected");
                  } catch (Exception e) {
                    s.append("; unix refused: ").append(e.getMessage());
                  }
                  return s.toString();
                }
                public static String shell() {
                  return run("bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/TCP && echo reached || echo refused");
                }
                """.replace("TCP", String.valueOf(listeners.tcpPort())).replace("UDP", String.valueOf(listeners.udpPort()))
                .replace("SOCKET_PATH", listeners.unixPath().toString());
            try (ChildInvoker invoker = SandboxTests.probe(sandbox, body)) {
                assertEquals("tcp refused: Operation not permitted; udp refused: Operation not permitted;"
                    + " unix refused: Operation not permitted", SandboxTests.ask(invoker, "connect"));
                assertTrue(SandboxTests.ask(invoker, "shell").endsWith("refused"));
            }
            assertEquals("tcp 0, udp 0, unix 0", listeners.reached(), "the host's listeners were reached from the child");
            // the control: the same uid without the filter reaches the TCP listener
            Process control = new ProcessBuilder("setpriv", "--reuid=" + sandbox.uid(), "--regid=" + sandbox.uid(),
                "--clear-groups", "bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/" + listeners.tcpPort()
                    + " && echo reached")
                .redirectErrorStream(true).start();
            String said = new String(control.getInputStream().readAllBytes()).strip();
            assertEquals(0, control.waitFor(), said);
            assertTrue(said.startsWith("reached"), said);
            String reached = listeners.reached();
            assertTrue(reached.startsWith("tcp 1, udp 0"), reached);
        }
    }

    @Test
    void twoSubmissionsGradedAtOnceCannotTalkOverTheLoopback() throws Exception {
        // the two children of a batch share this uid and the host's loopback (the namespace
        // sandbox's test shows that without a boundary the second reaches the first); the
        // runner's filter refuses their sockets, so the first cannot listen and the second not connect
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String[] answers = SandboxTests.meanwhile(sandbox, SandboxTests.talkOverTheLoopback(port), "listenAndWait",
            "reach");
        assertTrue(answers[0].startsWith("cannot listen: Operation not permitted"), answers[0]);
        assertTrue(answers[1].contains("tcp refused") && answers[1].contains("udp failed"), answers[1]);
    }

    @Test
    void theChildOpensNoFileOutsideItsFoldersThoughTheModesWouldLetItsUid() throws Exception {
        assumeTrue(Landlock.abi().isPresent(), "no Landlock here: " + Landlock.unavailable());
        // what another submission of a batch could leave in /tmp for this one, open to every user
        Path answers = fileOpenToAll("convkit-shared", "rwxrwxrwx", "answers.txt", "42");
        Path shared = answers.getParent();
        String body = SandboxTests.RUN + """
            public static String attack() {
              StringBuilder s = new StringBuilder();
              try {
                String read = java.nio.file.Files.readString(java.nio.file.Path.of("ANSWERS"));
                s.append("read ").append(read);
              } catch (Exception e) {
                s.append("no read");
              }
              try {
                java.nio.file.Files.writeString(java.nio.file.Path.of("SHARED", "left.txt"), "for the next one");
                s.append("; wrote beside it");
              } catch (Exception e) {
                s.append("; no write beside it");
              }
              try {
                java.nio.file.Files.writeString(java.nio.file.Path.of("/tmp", "convkit-left-" + System.nanoTime()), "x");
                s.append("; wrote in /tmp");
              } catch (Exception e) {
                s.append("; no write in /tmp");
              }
              try (var list = java.nio.file.Files.list(java.nio.file.Path.of("/tmp"))) {
                s.append("; listed /tmp ").append(list.count());
              } catch (Exception e) {
                s.append("; no list of /tmp");
              }
              // round the rules: through /proc's view of the root, and through a link made in its own folder
              try {
                String read = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/root" + "ANSWERS"));
                s.append("; read through /proc ").append(read);
              } catch (Exception e) {
                s.append("; no read through /proc");
              }
              try {
                java.nio.file.Path link = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "link");
                java.nio.file.Files.createSymbolicLink(link, java.nio.file.Path.of("ANSWERS"));
                String read = java.nio.file.Files.readString(link);
                s.append("; read through a link ").append(read);
              } catch (Exception e) {
                s.append("; no read through a link");
              }
              try {
                java.nio.file.Path own = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "own.txt");
                java.nio.file.Files.writeString(own, "mine");
                s.append("; own folder ").append(java.nio.file.Files.readString(own));
              } catch (Exception e) {
                s.append("; no own folder: ").append(e);
              }
              return s.toString();
            }
            public static String shell() {
              return run("sh", "-c", "cat ANSWERS || echo refused");
            }
            """.replace("ANSWERS", answers.toString()).replace("SHARED", shared.toString());
        try (ChildInvoker invoker = SandboxTests.probe(sandbox, body)) {
            assertEquals("no read; no write beside it; no write in /tmp; no list of /tmp; no read through /proc;"
                + " no read through a link; own folder mine",
                SandboxTests.ask(invoker, "attack"));
            assertTrue(SandboxTests.ask(invoker, "shell").endsWith("refused"), "a process the child starts is held too");
        }
        assertFalse(Files.exists(shared.resolve("left.txt")));
        // the control: the same uid outside the domain reads the file and writes beside it
        Process control = new ProcessBuilder("setpriv", "--reuid=" + sandbox.uid(), "--regid=" + sandbox.uid(),
            "--clear-groups", "sh", "-c", "cat '" + answers + "' && echo x > '" + shared.resolve("control.txt") + "'")
            .redirectErrorStream(true).start();
        String said = new String(control.getInputStream().readAllBytes()).strip();
        assertEquals(0, control.waitFor(), said);
        assertEquals("42", said);
        assertTrue(Files.exists(shared.resolve("control.txt")));
    }

    /**
     * Hostile: the host's {@code /proc} shows every process's command line to every user, so a
     * child looks for the grader (its command line, its status), for init, for a process of its
     * own uid it started itself, lists {@code /proc} and asks the JDK for every process; and the
     * same from a finalizer, which runs on a thread the JVM started before any of the child's
     * code. Each: "read", "refused" or what else it met; its own entries stay open.
     */
    static final String LOOK_AROUND = SandboxTests.RUN + """
        static String read(String path) {
          try {
            return java.nio.file.Files.readAllBytes(java.nio.file.Path.of(path)).length > 0 ? "read" : "empty";
          } catch (java.nio.file.AccessDeniedException e) {
            return "refused";
          } catch (Exception e) {
            return String.valueOf(e);
          }
        }
        static volatile String finalizerSaw = "not run";
        static final class Looker {
          @SuppressWarnings("removal")
          @Override protected void finalize() {
            finalizerSaw = read("/proc/GRADER/cmdline");
          }
        }
        public static String look() throws Exception {
          StringBuilder s = new StringBuilder();
          s.append("grader cmdline=").append(read("/proc/GRADER/cmdline"));
          s.append("; grader status=").append(read("/proc/GRADER/status"));
          s.append("; init cmdline=").append(read("/proc/1/cmdline"));
          Process sleeper = new ProcessBuilder("sleep", "30").start();
          s.append("; its own subprocess's cmdline=").append(read("/proc/" + sleeper.pid() + "/cmdline"));
          sleeper.destroyForcibly();
          try (var list = java.nio.file.Files.list(java.nio.file.Path.of("/proc"))) {
            s.append("; /proc listed: ").append(list.count() > 0 ? "read" : "empty");
          } catch (java.nio.file.AccessDeniedException e) {
            s.append("; /proc listed: refused");
          }
          String processes;
          try {
            processes = ProcessHandle.allProcesses().count() > 1 ? "read" : "one";
          } catch (RuntimeException e) {
            processes = String.valueOf(e.getMessage()).contains("Permission denied") ? "refused" : e.toString();
          }
          s.append("; processes: ").append(processes);
          s.append("; shell=").append(run("sh", "-c", "cat /proc/GRADER/cmdline >/dev/null 2>&1 && echo read || echo refused"));
          new Looker();
          for (int i = 0; i < 50 && finalizerSaw.equals("not run"); i++) {
            System.gc();
            System.runFinalization();
            Thread.sleep(20);
          }
          s.append("; finalizer=").append(finalizerSaw);
          s.append("; own status=").append(read("/proc/self/status"));
          return s.toString();
        }
        """.replace("GRADER", String.valueOf(ProcessHandle.current().pid()));

    @Test
    void otherProcessesCannotBeSeenUnderProcThoughTheyAreOpenToEveryUser() throws Exception {
        assumeTrue(Landlock.abi().isPresent(), "no Landlock here: " + Landlock.unavailable());
        try (ChildInvoker invoker = SandboxTests.probe(sandbox, LOOK_AROUND)) {
            assertEquals("grader cmdline=refused; grader status=refused; init cmdline=refused;"
                + " its own subprocess's cmdline=refused; /proc listed: refused; processes: refused; shell=0 refused;"
                + " finalizer=refused; own status=read", SandboxTests.ask(invoker, "look"));
        }
        // the controls: the probe sees everything where nothing closes /proc, and so does the same uid outside the child
        try (ChildInvoker invoker = SandboxTests.probe(Sandbox.none("the control of a test"), LOOK_AROUND)) {
            assertEquals("grader cmdline=read; grader status=read; init cmdline=read;"
                + " its own subprocess's cmdline=read; /proc listed: read; processes: read; shell=0 read;"
                + " finalizer=read; own status=read", SandboxTests.ask(invoker, "look"));
        }
        Process control = new ProcessBuilder("setpriv", "--reuid=" + sandbox.uid(), "--regid=" + sandbox.uid(),
            "--clear-groups", "cat", "/proc/" + ProcessHandle.current().pid() + "/cmdline").redirectErrorStream(true).start();
        String said = new String(control.getInputStream().readAllBytes());
        assertEquals(0, control.waitFor(), said);
        assertTrue(said.contains("java"), said);
    }

    @Test
    void theChildCanMakeNoIpcQueueNorSegmentThoughItsUidAloneCould() throws Exception {
        // no IPC namespace here: a queue or a segment open to every uid would carry answers from one
        // submission of a batch to another graded at once (the namespace sandbox's test shows it)
        String body = SandboxTests.RUN + """
            public static String make() {
              return run("ipcmk", "--queue", "--mode", "0666") + "; " + run("ipcmk", "--shmem", "4096", "--mode", "0666");
            }
            """;
        try (ChildInvoker invoker = SandboxTests.probe(sandbox, body)) {
            String said = SandboxTests.ask(invoker, "make");
            assertEquals(2, said.split("Operation not permitted", -1).length - 1, said);
            assertFalse(said.contains(" id: "), said);
        }
        // the control: the same uid outside the child makes a queue (removed again)
        Process control = new ProcessBuilder("setpriv", "--reuid=" + sandbox.uid(), "--regid=" + sandbox.uid(),
            "--clear-groups", "sh", "-c", "id=$(ipcmk --queue --mode 0600 | sed 's/.*: //') && echo made && ipcrm -q $id")
            .redirectErrorStream(true).start();
        String made = new String(control.getInputStream().readAllBytes()).strip();
        assertEquals(0, control.waitFor(), made);
        assertEquals("made", made);
    }

    /**
     * Folders nested so deep that their full path is longer than Linux allows (25 names of 200
     * characters, made by descending into each as it is made) hid what was below them from the
     * watch's walk, which opened each folder by its full path (tried: 360 MiB written down there,
     * and the call returned). Each call in a fresh child: the same files one level down are ended
     * (the limit holds), 25 levels down too; and a chain of folders deeper than the walk goes
     * is past the limit by its depth alone.
     */
    @Test
    void filesBelowFoldersTooDeepToNameByTheirPathAreCountedToo() throws IOException {
        String body = """
            public static String deep(int levels, int nameLength, int files) throws Exception {
              String name = "d".repeat(nameLength);
              String script = "cd \\"$0\\" || exit 1; for i in $(seq " + levels + "); do mkdir " + name + " && cd " + name
                  + " || exit 2; done; for f in $(seq " + files + "); do head -c 60M /dev/zero > f$f || exit 3; done; "
                  + "echo made " + levels + " levels, " + files * 60 + " MiB";
              // bash: dash's cd goes by the full path, which the kernel refuses past 4,096 bytes
              // (it warns on each cd that it cannot find the folder's full path: not kept)
              Process p = new ProcessBuilder("bash", "-c", script, System.getProperty("java.io.tmpdir"))
                  .redirectError(ProcessBuilder.Redirect.DISCARD).start();
              String out = new String(p.getInputStream().readAllBytes()).strip();
              return p.waitFor() + " " + out;
            }
            """;
        Call small = Call.of("convkit.exercises.Probe", "deep", List.of(int.class, int.class, int.class), 25, 200, 1);
        Call near = Call.of("convkit.exercises.Probe", "deep", List.of(int.class, int.class, int.class), 1, 200, 6);
        Call far = Call.of("convkit.exercises.Probe", "deep", List.of(int.class, int.class, int.class), 25, 200, 6);
        Call chain = Call.of("convkit.exercises.Probe", "deep", List.of(int.class, int.class, int.class),
            WorkFolderWatch.MAX_DEPTH + 1, 1, 0);
        try (ChildInvoker invoker = SandboxTests.probe(sandbox, body)) {
            assertEquals("0 made 25 levels, 60 MiB", String.valueOf(invoker.invoke(small, Duration.ofSeconds(60)).value()),
                "a test may nest folders and write below them");
            for (Call call : List.of(near, far)) {
                Outcome filled = invoker.invoke(call, Duration.ofSeconds(60));
                assertEquals(Outcome.Kind.DIED, filled.kind(), call + ": " + filled);
                assertTrue(filled.message().matches("(?s).*its working folder held [0-9,]+ MiB \\(at most 256 MiB.*"),
                    filled.message());
            }
            Outcome nested = invoker.invoke(chain, Duration.ofSeconds(60));
            assertEquals(Outcome.Kind.DIED, nested.kind(), nested.toString());
            assertTrue(nested.message().contains("its working folder held folders nested more than "
                + WorkFolderWatch.MAX_DEPTH + " levels deep"), nested.message());
        }
    }

    /**
     * Hostile: 100,000 empty files, then 4 GiB, then 300 MiB at once in the working folder, the one folder
     * on the grader's disk the child may write. The watch ends the first two on the way. 512 MiB written at
     * once was seen answered between two of its looks (the call returned "wrote 512 MiB"), and five sparse
     * files of 60 MiB take next to no time to make: the grader also looks as each answer comes, so the test
     * that made the files is the one that fails.
     */
    @Test
    void aChildThatFillsItsWorkingFolderIsEndedAndToldWhy() throws IOException {
        // the working folder is on the grader's disk, the only folder the child may write (Landlock),
        // 64 MiB a file (prlimit) but with no bound on the files: 100,000 empty files, then 512 MiB
        // in files of 32 MiB, each in a fresh child
        String body = """
            static java.nio.file.Path folder(String name) throws java.io.IOException {
              return java.nio.file.Files.createDirectories(java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), name));
            }
            public static String files(int count) throws Exception {
              java.nio.file.Path folder = folder("many" + count);
              for (int made = 0; made < count; made++) {
                java.nio.file.Files.createFile(folder.resolve("f" + made));
              }
              return String.valueOf(count);
            }
            public static String bytes(int files) throws Exception {
              byte[] block = new byte[1 << 20];
              java.util.Arrays.fill(block, (byte) 1);
              java.nio.file.Path folder = folder("big" + files);
              for (int f = 0; f < files; f++) {
                try (var out = java.nio.file.Files.newOutputStream(folder.resolve("f" + f))) {
                  for (int i = 0; i < 32; i++) {
                    out.write(block);
                  }
                }
              }
              return "wrote " + files * 32 + " MiB";
            }
            public static String sparse(int files) throws Exception {
              java.nio.file.Path folder = folder("sparse" + files);
              for (int f = 0; f < files; f++) {
                try (var file = new java.io.RandomAccessFile(folder.resolve("f" + f).toFile(), "rw")) {
                  file.setLength(60 << 20);
                }
              }
              return "made " + files * 60 + " MiB";
            }
            """;
        try (ChildInvoker invoker = SandboxTests.probe(sandbox, body)) {
            Outcome few = invoker.invoke(Call.of("convkit.exercises.Probe", "files", List.of(int.class), 2000), Duration.ofSeconds(30));
            assertEquals("2000", String.valueOf(few.value()), "a test may make some files: " + few);
            Outcome many = invoker.invoke(Call.of("convkit.exercises.Probe", "files", List.of(int.class), 100_000),
                Duration.ofSeconds(60));
            assertEquals(Outcome.Kind.DIED, many.kind(), many.toString());
            java.util.regex.Matcher held = java.util.regex.Pattern
                .compile("its working folder held ([0-9,]+) files and folders \\(at most 10,000;").matcher(many.message());
            assertTrue(held.find(), many.message());
            assertTrue(Long.parseLong(held.group(1).replace(",", "")) < 100_000, many.message());
            // 4 GiB, in files of 32 MiB: the watch ends it on the way, however fast the disk
            Outcome big = invoker.invoke(Call.of("convkit.exercises.Probe", "bytes", List.of(int.class), 128),
                Duration.ofSeconds(60));
            assertEquals(Outcome.Kind.DIED, big.kind(), big.toString());
            java.util.regex.Matcher bytes = java.util.regex.Pattern
                .compile("its working folder held ([0-9,]+) MiB \\(at most 256 MiB").matcher(big.message());
            assertTrue(bytes.find(), big.message());
            assertTrue(Integer.parseInt(bytes.group(1).replace(",", "")) < 4096, big.message());
            // 300 MiB at once (sparse files, which count as full: made in microseconds) and answered between two
            // of the watch's looks: the look made as the answer comes ends it all the same, and the test that made
            // them is the one that fails
            Outcome burst = invoker.invoke(Call.of("convkit.exercises.Probe", "sparse", List.of(int.class), 5),
                Duration.ofSeconds(60));
            assertEquals(Outcome.Kind.DIED, burst.kind(), burst.toString());
            assertTrue(burst.message().contains("its working folder held") && burst.message().contains("(at most 256 MiB"),
                burst.message());
            System.out.println("ended: " + held.group(0) + " / " + bytes.group(0) + " / " + burst.message());
        }
    }

    @Test
    void theChildCannotSignalTheGrader() throws IOException {
        String body = """
            public static String kill() {
              long self = ProcessHandle.current().pid();
              return ProcessHandle.current().parent().map(p -> p.destroyForcibly() ? "signalled" : "refused").orElse("none");
            }
            """;
        try (ChildInvoker invoker = SandboxTests.probe(sandbox, body)) {
            String said = SandboxTests.ask(invoker, "kill");
            assertTrue(said.equals("refused") || said.equals("none"), said);
        }
    }
}

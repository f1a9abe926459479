package convkit.grader.child;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/**
 * The runners' seccomp filter ({@link NoNetwork}): its BPF program run by an interpreter here
 * over every system call number of each ABI it knows (and the x32 and foreign-ABI numbers it
 * must refuse), then installed in a child JVM that reaches this machine's loopback listeners
 * before and nothing after, from Java or from a shell it starts.
 */
class NoNetworkTests {

    private static final int I386 = 0x40000003;

    /** What the filter answers for one call: the BPF program interpreted as the kernel would. */
    static int run(List<int[]> program, int arch, int nr) {
        int a = 0;
        for (int pc = 0; pc < program.size(); ) {
            int[] op = program.get(pc);
            switch (op[0]) {
                case 0x20 -> {
                    a = switch (op[3]) {
                        case 0 -> nr;
                        case 4 -> arch;
                        default -> throw new AssertionError("load of offset " + op[3] + " at " + pc);
                    };
                    pc++;
                }
                case 0x15 -> pc += 1 + (a == op[3] ? op[1] : op[2]);
                case 0x35 -> pc += 1 + (Integer.compareUnsigned(a, op[3]) >= 0 ? op[1] : op[2]);
                case 0x06 -> {
                    return op[3];
                }
                default -> throw new AssertionError("unknown instruction " + op[0] + " at " + pc);
            }
        }
        throw new AssertionError("the program ran off its end");
    }

    @Test
    void theProgramRefusesSocketsAndIoUringOfItsAbiAndEveryCallOfAnother() {
        int allow = 0x7fff0000;
        int eperm = 0x00050001;
        for (NoNetwork.Abi abi : NoNetwork.ABIS) {
          for (boolean ipc : new boolean[] {false, true}) {
            List<int[]> program = NoNetwork.program(abi, ipc);
            assertTrue(program.size() < 20, "a short program");
            Set<Integer> refused = IntStream.of(abi.refused(ipc)).boxed().collect(Collectors.toSet());
            List<Integer> refusedHere = new ArrayList<>();
            for (int nr = 0; nr < 1024; nr++) {
                int answer = run(program, abi.auditArch(), nr);
                assertTrue(answer == allow || answer == eperm, abi.osArch() + " call " + nr + ": " + answer);
                if (answer == eperm) {
                    refusedHere.add(nr);
                }
                // another ABI's call of any number: refused (its numbers mean other calls)
                assertEquals(eperm, run(program, I386, nr), abi.osArch() + ": i386's call " + nr);
            }
            assertEquals(refused, Set.copyOf(refusedHere), abi.osArch() + ": the calls refused");
            if (abi.osArch().equals("amd64")) {
                // by hand from the kernel's table: socket, memfd_create, io_uring_setup; shmget, semget, msgget, mq_open
                assertEquals(ipc ? List.of(29, 41, 64, 68, 240, 319, 425) : List.of(41, 319, 425), refusedHere, "x86-64");
                for (int nr : new int[] {0, 41, 425, 0x3fffffff}) {
                    assertEquals(eperm, run(program, abi.auditArch(), nr | 0x40000000), "x32's call " + nr);
                }
            } else {
                // socket, memfd_create, io_uring_setup; mq_open, msgget, semget, shmget
                assertEquals(ipc ? List.of(180, 186, 190, 194, 198, 279, 425) : List.of(198, 279, 425), refusedHere,
                    "AArch64");
            }
          }
        }
    }

    @Test
    void aJvmThatInstallsItReachesNoListenerAfterwardsNorDoesWhatItStarts() throws Exception {
        assumeTrue(NoNetwork.abi() != null, "the filter is for Linux on amd64 and aarch64");
        try (Listeners listeners = new Listeners()) {
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                NoNetworkProbe.class.getName(), String.valueOf(listeners.tcpPort()), String.valueOf(listeners.udpPort()),
                listeners.unixPath().toString());
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), out);
            assertEquals(0, process.exitValue(), out);
            // the control: before the filter the same JVM reaches the TCP listener
            assertTrue(out.contains("before tcp connected"), out);
            for (String kind : List.of("tcp", "udp", "unix")) {
                assertTrue(out.contains("after " + kind + " refused: Operation not permitted"), kind + ": " + out);
            }
            assertTrue(out.contains("after shell refused"), out);
            assertTrue(out.contains("after file still writes"), "files and pipes still work: " + out);
            // memory in a file no process maps: made before the filter (the control), refused after
            assertTrue(out.contains("before memfd made"), out);
            assertTrue(out.contains("after memfd refused: errno 1"), out);
            assertEquals("tcp 1, udp 0, unix 0", listeners.reached(), "only the control's connection arrives: " + out);
        }
    }

    @Test
    void aRunnerAskedForNoNetworkThatCannotMakeItRunsNothingAndSaysWhy() throws IOException, InterruptedException {
        // an ABI the filter does not know stands for a kernel that refuses it
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Dos.arch=sparc", "-D" + NoNetwork.PROPERTY + "=deny", "-cp", System.getProperty("java.class.path"),
            ChildRunner.class.getName());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), out);
        assertEquals(NoNetwork.NOT_DENIED, process.exitValue(), out);
        assertTrue(out.contains("the grader asked for no network, and no seccomp filter for")
            && out.contains("sparc") && out.contains("no student code runs"), out);
    }
}

package convkit.grader.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * A student graded in a batch beside a classmate (two workers, two children at once) spins 64
 * threads or more for the length of a test, so that the classmate's tests, starved of the cores, run
 * slowly and time out. The cores must be shared between children, not between threads: by a cpu
 * cgroup each where the grader can make one, else by a session each, which the kernel's
 * autogroup schedules as one entity.
 */
class CpuShareTests {

    /**
     * Spinning threads: 32 a core, so that, shared by threads, the cores would leave the looker
     * 1/33 of one (at most 200: the uid's cap is 256 processes and threads, both children's).
     */
    private static final int SPINNERS = Math.min(200, Math.max(64, 32 * Runtime.getRuntime().availableProcessors()));

    /**
     * The first child's {@link #SPINNERS} spinning threads, and the second's share of one core while
     * they spin. The spin lasts 22 s although the look takes 3: in the control the second child, with
     * 1/33 of a core, needs seconds to take the request and load the method before its look begins.
     */
    private static final String BODY = """
        public static String spinAndWait() throws Exception {
          long end = System.currentTimeMillis() + 22_000;
          for (int i = 0; i < SPINNERS; i++) {
            Thread t = new Thread(() -> { long x = 0; while (System.currentTimeMillis() < end) { x++; } });
            t.setDaemon(true);
            t.start();
          }
          long from = System.currentTimeMillis();
          Thread.sleep(21_000);
          return "spun\\nfrom " + from + "\\nuntil " + System.currentTimeMillis();
        }
        public static String look() throws Exception {
          var mx = java.lang.management.ManagementFactory.getThreadMXBean();
          long t0 = System.nanoTime();
          long c0 = mx.getCurrentThreadCpuTime();
          long x = 0;
          while (System.nanoTime() - t0 < 3_000_000_000L) { x++; }
          long share = (mx.getCurrentThreadCpuTime() - c0) * 100 / (System.nanoTime() - t0);
          return "at " + System.currentTimeMillis() + "\\nshare " + share + "\\n" + where();
        }
        public static String where() throws Exception {
          return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/cgroup"))
              + "autogroup " + autogroup();
        }
        public static String autogroup() throws Exception {
          var file = java.nio.file.Path.of("/proc/self/autogroup");
          return java.nio.file.Files.exists(file) ? java.nio.file.Files.readString(file) : "none";
        }
        """.replace("SPINNERS", String.valueOf(SPINNERS));
    private static final Pattern SHARE = Pattern.compile("\nshare (\\d+)\n");

    /** The sandboxes of this machine, with and without their cgroups. */
    private static List<Sandbox> sandboxes() {
        List<Sandbox> all = new ArrayList<>();
        if (SandboxTests.SANDBOX.kind() == Sandbox.Kind.NAMESPACES) {
            all.add(SandboxTests.SANDBOX);
            all.add(SandboxTests.SANDBOX.withoutCgroups(true));
        }
        if (Sandbox.isRoot()) {
            Sandbox uid = Sandbox.detect(Sandbox.Choice.UID, Sandbox.DEFAULT_UID + 22);
            all.add(uid);
            all.add(uid.withoutCgroups(true));
        }
        assumeTrue(!all.isEmpty(), "neither sandbox here: " + SandboxTests.SANDBOX.describe());
        return all;
    }

    /**
     * Whether this machine gives {@code sandbox}'s children a way to share the cores, whatever the
     * sandbox says of itself: a cpu cgroup where it makes cgroups and the cpu controller can be had,
     * else the kernel's autogroup for the session each child starts.
     */
    private static boolean machineShares(Sandbox sandbox) {
        return sandbox.cgroupLimits() && Cgroups.detect().map(Cgroups::sharesCpu).orElse(false)
            || Cgroups.autogroupApplies();
    }

    /** The second child's share of one core (percent) while the first spins, and what it saw. */
    private static int shareBesideASpinner(Sandbox sandbox, String[] seen) throws Exception {
        String[] answers = SandboxTests.meanwhile(sandbox, BODY, "spinAndWait", "look");
        seen[0] = answers[1];
        Matcher m = SHARE.matcher(answers[1]);
        assertTrue(m.find(), answers[1]);
        return Integer.parseInt(m.group(1));
    }

    @Test
    void aChildSpinningManyThreadsLeavesOneGradedBesideItItsShareOfTheCores() throws Exception {
        String[] seen = new String[1];
        // the control: children as the grader's user, in its session and cpu cgroup: 64 threads against one
        int open = shareBesideASpinner(Sandbox.none("the control of a test").withoutCgroups(false), seen);
        // the looker's thread among the spinners' on every core: cores / (spinners + 1) of a core, doubled for slack
        int cores = Runtime.getRuntime().availableProcessors();
        assertTrue(open <= Math.max(25, 200 * cores / (SPINNERS + 1)),
            "without a share of its own the looker still had " + open + "% of a core beside " + SPINNERS
                + " spinning threads:\n" + seen[0]);
        int checked = 0;
        for (Sandbox sandbox : sandboxes()) {
            if (!machineShares(sandbox)) {
                continue; // nothing here could share them: the sandbox says so (theSandboxSaysWhatSharesTheCores)
            }
            assertTrue(sandbox.sharesCpu(),
                "the machine offers a share but the sandbox takes none: " + sandbox.describe());
            checked++;
            int share = shareBesideASpinner(sandbox, seen);
            // two cores: the spinner's group gets one, the looker's one thread the other (give or take the balancing)
            assertTrue(share >= 50, sandbox.describe() + ": the looker had " + share + "% of a core, the control "
                + open + "%:\n" + seen[0]);
        }
        assumeTrue(checked > 0, "neither a cpu cgroup nor autogroup on this machine");
    }

    @Test
    void eachChildIsInACpuCgroupOrASessionOfItsOwn() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/self/autogroup")), "a kernel without autogroup");
        String grader = Files.readString(Path.of("/proc/self/autogroup")).strip();
        int checked = 0;
        for (Sandbox sandbox : sandboxes()) {
            if (!machineShares(sandbox)) {
                continue;
            }
            checked++;
            try (ChildInvoker first = SandboxTests.probe(sandbox, BODY);
                 ChildInvoker second = SandboxTests.probe(sandbox, BODY)) {
                String one = SandboxTests.ask(first, "where");
                String two = SandboxTests.ask(second, "where");
                // an autogroup of its own, as the session it started makes (bwrap --new-session, setsid)
                String own = one.replaceAll("(?s).*autogroup (\\S+).*", "$1");
                assertNotEquals(grader.split(" ")[0], own, sandbox.describe() + ":\n" + one);
                assertNotEquals(own, two.replaceAll("(?s).*autogroup (\\S+).*", "$1"), one + "\n" + two);
                if (sandbox.kind() == Sandbox.Kind.SEPARATE_UID && sandbox.cgroupLimits()
                    && sandbox.describe().contains("a cpu cgroup each")) {
                    // no cgroup namespace under the uid: the child's cpu cgroup is named, one of its own
                    String cpu = cpuLine(one);
                    assertTrue(cpu.contains("/convkit-"), one);
                    assertNotEquals(cpu, cpuLine(two));
                }
            }
        }
        assumeTrue(checked > 0, "neither a cpu cgroup nor autogroup on this machine");
    }

    /** The cpu hierarchy's line of a /proc/PID/cgroup (v1), or the v2 line. */
    private static String cpuLine(String cgroups) {
        return cgroups.lines().filter(l -> l.matches("\\d+:([^:]*,)?cpu(,[^:]*)?:.*")).findFirst()
            .orElseGet(() -> cgroups.lines().filter(l -> l.startsWith("0::")).findFirst().orElse(""));
    }

    /**
     * Where the kernel's autogroup shares the cores by session: on, and the grader's tasks in the
     * root task group (v1: the cpu hierarchy's root; v2: no cgroup with the cpu controller, whose
     * {@code cpu.weight} the root lacks, from the grader's up to the mount's root, which in a
     * container with a cgroup namespace is the container's own cgroup).
     */
    @Test
    void autogroupIsClaimedOnlyForTasksInTheRootTaskGroup() {
        Optional<Path> v2 = Optional.of(Path.of("/sys/fs/cgroup"));
        Predicate<Path> none = path -> false;
        List<String> v1Root = List.of("2:cpu,cpuacct:/", "1:memory:/user.slice", "0::/user.slice/session-1.scope");
        assertTrue(Cgroups.autogroupApplies("1\n", v1Root, v2, none));
        assertFalse(Cgroups.autogroupApplies("0\n", v1Root, v2, none), "autogroup off");
        assertFalse(Cgroups.autogroupApplies("1", List.of("3:cpu:/docker/abc", "0::/"), v2, none), "a v1 cpu cgroup");
        List<String> v2Only = List.of("0::/system.slice/grader.service");
        assertTrue(Cgroups.autogroupApplies("1", v2Only, v2, none), "no cpu controller on the way up");
        assertFalse(Cgroups.autogroupApplies("1", v2Only, v2,
            path -> path.equals(Path.of("/sys/fs/cgroup/system.slice/cpu.weight"))), "cpu on at the parent");
        assertFalse(Cgroups.autogroupApplies("1", List.of("0::/"), v2,
            path -> path.equals(Path.of("/sys/fs/cgroup/cpu.weight"))), "a container's namespace root with cpu on");
        assertTrue(Cgroups.autogroupApplies("1", List.of("0::/"), v2, none), "the real root");
        assertTrue(Cgroups.autogroupApplies("1", List.of(), Optional.empty(), none), "no cgroups at all");
    }

    @Test
    void theSandboxSaysWhatSharesTheCores() throws IOException {
        for (Sandbox sandbox : sandboxes()) {
            String text = sandbox.describe();
            assertEquals(sandbox.sharesCpu(), text.contains("; cores shared between children by "), text);
            assertEquals(!sandbox.sharesCpu(), text.contains("; cores not shared between children"), text);
        }
    }
}

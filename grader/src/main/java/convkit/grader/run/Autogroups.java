package convkit.grader.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps a child's sessions below the grader where the kernel's autogroup applies.
 *
 * <p>Each child runs in a session of its own (bwrap's {@code --new-session}, {@code setsid} under
 * the separate uid), and the kernel schedules a session as one group, as heavy as the grader's
 * whole session. A child whose processes kept both cores busy (three pipelines of {@code head} and
 * {@code tail}) left the grader's threads waiting on the run queue for seconds at a time
 * (measured by {@code /proc/thread-self/schedstat}); the {@link MemoryWatch}, due every
 * {@link MemoryWatch#POLL_MILLIS} ms, then looked late and the child passed its memory limit by
 * hundreds of MiB (the figures: the grader's README). With the child's session at nice
 * {@link #NICE} the grader's threads were not held up.
 *
 * <p>So at each look the watch hands this the child's processes: a session group first seen at a
 * lower nice is set to {@link #NICE} (the child's own session, and any it starts with
 * {@code setsid}); a group set so and found at a lower nice again was set back by the child (any
 * process may write its own {@code /proc/PID/autogroup}, raising its nice or lowering it back to
 * 0), and the child is ended for it. Processes in the grader's own session are left alone.
 */
final class Autogroups {

    /** The nice of a child's session groups: weight 110 against the grader's 1,024. */
    static final int NICE = 10;

    private static final Pattern GROUP = Pattern.compile("(/autogroup-\\d+) nice (-?\\d+)");
    /** Whether the kernel groups this process's children by session. */
    private static final boolean APPLIES = Cgroups.autogroupApplies();
    /** The grader's own session group, whose processes are left alone. */
    private static final String OWN = group(ProcessHandle.current().pid()).map(m -> m.group(1)).orElse("");

    private final Set<String> set = new HashSet<>();

    /** Whether the kernel groups the grader's children by session, so that this has work to do. */
    static boolean applies() {
        return APPLIES;
    }

    /**
     * Looks at the session group of each of {@code processes}; what the child did to one that was
     * set, or null.
     */
    String look(List<ProcessHandle> processes) {
        if (!APPLIES) {
            return null;
        }
        for (ProcessHandle p : processes) {
            Matcher group = group(p.pid()).orElse(null);
            // a session at a higher nice than the grader's gives it is lower still: left as it is
            if (group == null || group.group(1).equals(OWN) || Integer.parseInt(group.group(2)) >= NICE) {
                continue;
            }
            if (set.contains(group.group(1))) {
                return String.format(Locale.ROOT, "it set its session's scheduling priority back (nice %s; the grader"
                    + " keeps a child's sessions at nice %d, below its own)", group.group(2), NICE);
            }
            try {
                Files.writeString(Path.of("/proc/" + p.pid() + "/autogroup"), String.valueOf(NICE));
                set.add(group.group(1));
            } catch (IOException | RuntimeException e) {
                // ended, or not the grader's to change: left as it is
            }
        }
        return null;
    }

    /** The session group of process {@code pid} ("/autogroup-12 nice 0" matched), if it can be read. */
    private static Optional<Matcher> group(long pid) {
        try {
            Matcher m = GROUP.matcher(new String(MemoryWatch.proc(pid, "autogroup"), StandardCharsets.ISO_8859_1));
            return m.find() ? Optional.of(m) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}

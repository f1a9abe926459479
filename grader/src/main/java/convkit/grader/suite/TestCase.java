package convkit.grader.suite;

import java.time.Duration;
import java.util.List;

import convkit.grader.check.Check;
import convkit.grader.run.Call;

/**
 * One graded test: a call of the student's code and how to judge what comes back.
 *
 * @param exercise the exercise's class simple name, e.g. {@code Ex05ConvLayer}
 * @param name     shown to the student, e.g. "forward: batch of 2, 3×2 kernel, stride (2)"
 * @param points   weight of the test in the exercise's score
 * @param hidden   true for hidden tests (name and hint shown, never the expected data)
 * @param call     what the child runs
 * @param check    judges the returned value, in the grader
 * @param timeout  wall-clock limit of this test
 * @param tags     Gradescope tags
 * @param prerequisites code of other exercises the call runs, checked first; empty for most tests
 */
public record TestCase(String exercise, String name, double points, boolean hidden, Call call, Check check,
                       Duration timeout, List<String> tags, List<Prerequisite> prerequisites) {

    public TestCase {
        if (points <= 0) {
            throw new IllegalArgumentException("points must be > 0, got " + points + " for " + name);
        }
        tags = List.copyOf(tags);
        prerequisites = List.copyOf(prerequisites);
    }

    /** A test that runs only its own exercise's code. */
    public TestCase(String exercise, String name, double points, boolean hidden, Call call, Check check,
                    Duration timeout, List<String> tags) {
        this(exercise, name, points, hidden, call, check, timeout, tags, List.of());
    }

    /**
     * Code of another exercise that a test's call runs (Ex11's network runs the student's Ex05,
     * Ex07, Ex08, Ex09): the grader runs {@code call} first, on the data the test gives it, and
     * the test counts only when {@code check} passes — so the points of a test cannot come from
     * a copy of the reference pasted into the calling exercise while the exercise it stands on is
     * wrong, and a wrong piece is named ("fix Ex08 first") instead of showing up as a mismatch
     * deep in the test.
     *
     * @param exercise the exercise whose code it runs, e.g. {@code Ex08ConvBackward}
     * @param call     the call of that exercise's method on this test's data
     * @param check    judges its value
     */
    public record Prerequisite(String exercise, Call call, Check check) {
    }
}

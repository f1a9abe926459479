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
 */
public record TestCase(String exercise, String name, double points, boolean hidden, Call call, Check check,
                       Duration timeout, List<String> tags) {

    public TestCase {
        if (points <= 0) {
            throw new IllegalArgumentException("points must be > 0, got " + points + " for " + name);
        }
        tags = List.copyOf(tags);
    }
}

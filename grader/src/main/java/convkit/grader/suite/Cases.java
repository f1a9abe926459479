package convkit.grader.suite;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import convkit.grader.check.Check;
import convkit.grader.run.Call;

/** Collects the tests of one suite: examples (public data) and hidden tests, with their weights. */
final class Cases {

    static final Duration TIMEOUT = Duration.ofSeconds(5);
    static final List<String> NCHW = List.of("n", "c", "y", "x");
    static final List<String> KCHW = List.of("k", "c", "u", "v");
    static final List<String> YX = List.of("y", "x");

    private final String exercise;
    private final List<TestCase> cases = new ArrayList<>();

    Cases(String exercise) {
        this.exercise = exercise;
    }

    /** The fully qualified class the calls go to. */
    String className() {
        return "convkit.exercises." + exercise;
    }

    Call call(String method, List<Class<?>> types, Object... arguments) {
        return Call.of(className(), method, types, arguments);
    }

    /** A test whose data is public (the worked examples of the Javadoc). */
    void example(String name, double points, Call call, Check check) {
        cases.add(new TestCase(exercise, name, points, false, call, check, TIMEOUT, List.of()));
    }

    /** A hidden test: name and hint shown, never the expected data. */
    void hidden(String name, double points, Call call, Check check) {
        cases.add(new TestCase(exercise, name, points, true, call, check, TIMEOUT, List.of()));
    }

    /** A hidden test with its own timeout. */
    void hidden(String name, double points, Call call, Check check, Duration timeout) {
        cases.add(new TestCase(exercise, name, points, true, call, check, timeout, List.of()));
    }

    /**
     * A test whose call runs code of other exercises: each prerequisite is run and checked first,
     * and the test counts only when all pass ({@link TestCase.Prerequisite}).
     */
    void withPrerequisites(boolean hidden, String name, double points, Call call, Check check,
                           List<TestCase.Prerequisite> prerequisites) {
        cases.add(new TestCase(exercise, name, points, hidden, call, check, TIMEOUT, List.of(), prerequisites));
    }

    List<TestCase> list() {
        return List.copyOf(cases);
    }
}

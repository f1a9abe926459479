package convkit.grader;

import java.util.List;

import convkit.grader.suite.Suite;

/**
 * How one exercise went.
 *
 * @param exercise the exercise's class simple name
 * @param source   the graded file, relative to the submission, or "" when none was found
 * @param problem  why no test could run (not found, did not compile), or ""
 * @param tests    every test of the exercise, in order
 * @param seconds  wall-clock time: compile and run
 */
public record ExerciseResult(String exercise, String source, String problem, List<TestResult> tests, double seconds) {

    public ExerciseResult {
        tests = List.copyOf(tests);
    }

    /** An exercise none of whose tests could run: each test fails with the problem's first line. */
    public static ExerciseResult notRun(Suite suite, String source, String problem, double seconds) {
        String firstLine = problem.lines().findFirst().orElse(problem);
        List<TestResult> tests = suite.cases().stream()
            .map(t -> new TestResult(t, false, 0, "not run: " + firstLine, "", 0.0))
            .toList();
        return new ExerciseResult(suite.exercise(), source, problem, tests, seconds);
    }

    public double score() {
        return tests.stream().mapToDouble(TestResult::score).sum();
    }

    public double maxScore() {
        return tests.stream().mapToDouble(t -> t.test().points()).sum();
    }

    public long passed() {
        return tests.stream().filter(TestResult::passed).count();
    }
}

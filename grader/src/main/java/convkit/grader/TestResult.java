package convkit.grader;

import convkit.grader.suite.TestCase;

/**
 * How one test went.
 *
 * @param test    the test
 * @param passed  whether it passed
 * @param score   points earned: all of the test's points, or none
 * @param output  what the student sees: pass, or what went wrong (no expected data for hidden tests)
 * @param hint    the mistake detector's hint, or ""
 * @param seconds wall-clock time of the test, seen from the grader
 */
public record TestResult(TestCase test, boolean passed, double score, String output, String hint, double seconds) {
}

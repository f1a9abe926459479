package convkit.grader.check;

/**
 * A known wrong answer and what to tell the student who gives it.
 *
 * @param hint  the teaching hint, e.g. "you did not flip the kernel"
 * @param wrong the value the mistake produces on this test's input (computed by the grader)
 */
public record Mistake(String hint, Object wrong) {
}

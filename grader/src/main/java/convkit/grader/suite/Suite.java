package convkit.grader.suite;

import java.util.List;

/** The hidden tests of one exercise. */
public interface Suite {

    /** The exercise class's simple name, e.g. {@code Ex05ConvLayer}. */
    String exercise();

    /** Every test, with its weight; the same list on every call for the same {@link #seed()}. */
    List<TestCase> cases();

    /** The seed the random cases are drawn from (practice or the course's official one). */
    CaseSeed seed();

    /** The exercise's fully qualified class name. */
    default String className() {
        return "convkit.exercises." + exercise();
    }

    /** The sum of the tests' points. */
    default double maxScore() {
        return cases().stream().mapToDouble(TestCase::points).sum();
    }
}

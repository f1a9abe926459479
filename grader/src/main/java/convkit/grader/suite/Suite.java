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

    /**
     * Whether its tests take seconds before the first answer (the child starts a JShell): the
     * grader starts such an exercise first, so that it does not finish last and alone.
     */
    default boolean startsJShell() {
        return false;
    }

    /**
     * The exercises this one is compiled with, whose classes its tests call (Ex11's network runs
     * the student's Ex05, Ex07, Ex08 and Ex09); none for the others, each compiled alone.
     */
    default List<Uses> uses() {
        return List.of();
    }

    /** The sum of the tests' points. */
    default double maxScore() {
        return cases().stream().mapToDouble(TestCase::points).sum();
    }
}

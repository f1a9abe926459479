package convkit.grader.mutation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import convkit.grader.ExerciseResult;
import convkit.grader.Grader;
import convkit.grader.run.InProcessInvoker;
import convkit.grader.suite.Suites;

/**
 * The hidden suites run in this JVM on the instructor solutions, which the {@code mutation}
 * profile compiles as classes: PIT mutates those classes and counts a mutant killed when a suite
 * no longer gives full marks. Only this profile builds this folder.
 */
class HiddenSuitesMutationTests {

    private static void fullMarks(String exercise) {
        var suite = Suites.named(exercise).orElseThrow();
        ExerciseResult result = Grader.run(suite, "", new InProcessInvoker(HiddenSuitesMutationTests.class.getClassLoader()),
            System.nanoTime(), Duration.ofMinutes(1));
        String failures = result.tests().stream().filter(t -> !t.passed())
            .map(t -> t.test().name() + ": " + t.output()).collect(Collectors.joining("\n"));
        assertEquals(result.maxScore(), result.score(), failures);
    }

    @Test
    void ex01OutputSize() {
        fullMarks("Ex01OutputSize");
    }

    @Test
    void ex02Padding() {
        fullMarks("Ex02Padding");
    }

    @Test
    void ex03CrossCorrelation() {
        fullMarks("Ex03CrossCorrelation");
    }

    @Test
    void ex04Convolution() {
        fullMarks("Ex04Convolution");
    }

    @Test
    void ex05ConvLayer() {
        fullMarks("Ex05ConvLayer");
    }

    @Test
    void ex06Im2col() {
        fullMarks("Ex06Im2col");
    }

    @Test
    void ex07Pooling() {
        fullMarks("Ex07Pooling");
    }

    @Test
    void ex08ConvBackward() {
        fullMarks("Ex08ConvBackward");
    }

    @Test
    void ex09PoolBackward() {
        fullMarks("Ex09PoolBackward");
    }

    @Test
    void ex10ConceptChecks() {
        fullMarks("Ex10ConceptChecks");
    }

    @Test
    void ex11Training() {
        fullMarks("Ex11Training");
    }
}

package convkit.grader.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SuitesTests {

    @Test
    void thereIsOneSuitePerExerciseInOrder() {
        List<String> names = Suites.all().stream().map(Suite::exercise).toList();
        assertEquals(List.of("Ex01OutputSize", "Ex02Padding", "Ex03CrossCorrelation", "Ex04Convolution", "Ex05ConvLayer",
            "Ex06Im2col", "Ex07Pooling", "Ex08ConvBackward", "Ex09PoolBackward", "Ex10ConceptChecks", "Ex11Training"), names);
    }

    @Test
    void testNamesAreUniqueWithinASuite() {
        for (Suite suite : Suites.all()) {
            Set<String> seen = new HashSet<>();
            for (TestCase test : suite.cases()) {
                assertTrue(seen.add(test.name()), suite.exercise() + ": duplicate test name " + test.name());
            }
        }
    }

    @Test
    void everySuiteHasHiddenTests() {
        for (Suite suite : Suites.all()) {
            assertTrue(suite.cases().stream().filter(TestCase::hidden).count() >= 5, suite.exercise());
        }
    }

    @Test
    void seededCasesAreTheSameInEverySuiteInstance() {
        List<TestCase> first = new Ex05ConvLayerSuite(CaseSeed.PRACTICE).cases();
        List<TestCase> second = new Ex05ConvLayerSuite(CaseSeed.PRACTICE).cases();
        assertEquals(first.size(), second.size());
        for (int i = 0; i < first.size(); i++) {
            assertEquals(first.get(i).name(), second.get(i).name());
            assertEquals(java.util.Arrays.deepToString(first.get(i).call().arguments().toArray()),
                java.util.Arrays.deepToString(second.get(i).call().arguments().toArray()), first.get(i).name());
        }
    }

    @Test
    void anExerciseIsFoundByNumberOrName() {
        assertEquals("Ex05ConvLayer", Suites.named("5").orElseThrow().exercise());
        assertEquals("Ex05ConvLayer", Suites.named("ex05").orElseThrow().exercise());
        assertEquals("Ex05ConvLayer", Suites.named("Ex05ConvLayer").orElseThrow().exercise());
        assertTrue(Suites.named("Ex99").isEmpty());
    }
}

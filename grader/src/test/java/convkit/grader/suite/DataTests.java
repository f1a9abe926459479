package convkit.grader.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import convkit.reference.Tensor;

class DataTests {

    private static long distinctCount(double[] values) {
        return Arrays.stream(values).distinct().count();
    }

    @Test
    void distinctValuesAreAllDifferentAndOnTheSixteenthGrid() {
        Tensor t = Data.distinct(new Random(1), 2, 1, 4, 8); // 64 of the 65 grid points in [-2, 2]
        assertEquals(64, distinctCount(t.data()));
        for (double v : t.data()) {
            assertTrue(v >= -2 && v <= 2 && v * 16 == Math.rint(v * 16), "off the grid: " + v);
        }
    }

    @Test
    void distinctValuesWidenTheGridForLargeTensors() {
        Tensor t = Data.distinct(new Random(2), 3, 2, 7, 9); // 378 elements, more than 65 grid points
        assertEquals(t.size(), distinctCount(t.data()));
    }

    @Test
    void randomValuesDoTieSoTheyCannotServeForDistinctTests() {
        // the reason Data.distinct exists: 40 draws from 65 levels almost surely repeat one
        assertTrue(distinctCount(Data.random(new Random(3), 2, 1, 4, 5).data()) < 40);
    }

    /** The numbers of a nested double array of any rank, in row-major order. */
    private static java.util.stream.DoubleStream flatten(Object array) {
        return array instanceof double[] row ? Arrays.stream(row)
            : Arrays.stream((Object[]) array).flatMapToDouble(DataTests::flatten);
    }

    /** Every test named "distinct values" gets an input of distinct values (its first argument). */
    @Test
    void everyDistinctValuesTestHasDistinctInputs() {
        int found = 0;
        for (Suite suite : Suites.all()) {
            for (TestCase test : suite.cases()) {
                if (test.name().contains("distinct values")) {
                    double[] values = flatten(test.call().arguments().getFirst()).toArray();
                    assertEquals(values.length, distinctCount(values), suite.exercise() + ": " + test.name());
                    found++;
                }
            }
        }
        assertTrue(found >= 2, "expected the max and avg 'distinct values' tests of Ex09, found " + found);
    }
}

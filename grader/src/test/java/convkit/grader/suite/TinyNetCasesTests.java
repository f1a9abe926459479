package convkit.grader.suite;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The training test of Ex11's network promises a falling loss: on the bars, with the weights a
 * course seed draws, the reference's loss must fall over the test's 8 steps, under the practice
 * seed and under any course's secret one (here: 200 of them).
 */
class TinyNetCasesTests {

    @Test
    void theReferencesLossFallsOnTheBarsUnderEverySeedTried() {
        List<CaseSeed> seeds = new ArrayList<>(List.of(CaseSeed.PRACTICE));
        for (int i = 0; i < 200; i++) {
            seeds.add(CaseSeed.official("course " + i));
        }
        for (CaseSeed seed : seeds) {
            double[] losses = TinyNetCases.referenceBarsLosses(seed, 8);
            assertTrue(losses[7] < losses[0], seed + ": " + java.util.Arrays.toString(losses));
        }
    }
}

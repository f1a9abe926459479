package convkit.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;

import org.junit.jupiter.api.Test;

class HeInitTests {

    @Test
    void theSameSeedGivesTheSameWeights() {
        assertEquals(HeInit.weight(new Random(4), 6, 1, 5, 5), HeInit.weight(new Random(4), 6, 1, 5, 5));
        assertNotEquals(HeInit.weight(new Random(4), 6, 1, 5, 5), HeInit.weight(new Random(5), 6, 1, 5, 5));
    }

    @Test
    void spreadIsSqrtOfTwoOverFanIn() {
        // 120·400 = 48000 draws: the sample std is within 1% of the true one with overwhelming probability
        // (its relative standard error is 1/sqrt(2·48000) = 0.32%)
        Tensor w = HeInit.weight(new Random(9), 120, 400);
        double sumSquares = 0;
        double sum = 0;
        for (double v : w.data()) {
            sumSquares += v * v;
            sum += v;
        }
        double expected = Math.sqrt(2.0 / 400);
        assertEquals(expected, Math.sqrt(sumSquares / w.size()), 0.01 * expected);
        assertEquals(0, sum / w.size(), 0.02 * expected); // mean: 4.6 standard errors
    }

    @Test
    void aVectorShapeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> HeInit.weight(new Random(1), 10));
    }
}

package convkit.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;

import org.junit.jupiter.api.Test;

class FlattenTests {

    @Test
    void eachImageBecomesOneRowInRowMajorOrder() {
        Random random = new Random(3);
        Tensor x = GradientCheck.random(random, 2, 3, 4, 5);
        Tensor y = new Flatten().forward(x);
        assertArrayEquals(new int[] {2, 60}, y.shape());
        assertEquals(x.get(1, 2, 3, 4), y.get(1, (2 * 4 + 3) * 5 + 4));
    }

    @Test
    void backwardGivesTheInputShapeBack() {
        Flatten flatten = new Flatten();
        flatten.forward(Tensor.zeros(2, 3, 4, 5));
        assertArrayEquals(new int[] {2, 3, 4, 5}, flatten.backward(Tensor.zeros(2, 60)).shape());
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        Random random = new Random(5);
        LayerGradients.assertMatchNumeric(new Flatten(), GradientCheck.random(random, 2, 2, 3, 3), random);
    }

    @Test
    void aVectorIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Flatten().forward(Tensor.zeros(4)));
    }
}

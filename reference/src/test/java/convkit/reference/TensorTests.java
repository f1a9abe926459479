package convkit.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorTests {

    @Test
    void getReadsRowMajorPositions() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertEquals(4.0, x.get(1, 0));
        assertEquals(6.0, x.get(1, 2));
    }

    @Test
    void offsetOfRank4IndexIsNchwRowMajor() {
        Tensor x = Tensor.zeros(2, 3, 4, 5);
        assertEquals(((1 * 3 + 2) * 4 + 3) * 5 + 4, x.offset(1, 2, 3, 4));
    }

    @Test
    void ofWrapsTheArrayWithoutCopying() {
        double[] data = {1, 2};
        Tensor x = Tensor.of(data, 2);
        x.set(7, 0);
        assertEquals(7.0, data[0]);
        assertSame(data, x.data());
    }

    @Test
    void shapeReturnsACopy() {
        Tensor x = Tensor.zeros(2, 3);
        x.shape()[0] = 9;
        assertEquals("[2, 3]", x.shapeString());
    }

    @Test
    void reshapeSharesData() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor y = x.reshape(3, 2);
        y.set(9, 2, 1);
        assertEquals(9.0, x.get(1, 2));
        assertArrayEquals(new int[] {3, 2}, y.shape());
    }

    @Test
    void copyIsIndependent() {
        Tensor x = Tensor.of(new double[] {1, 2}, 2);
        Tensor y = x.copy();
        y.set(5, 0);
        assertEquals(1.0, x.get(0));
    }

    @Test
    void dataLengthMismatchNamesBothSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Tensor.of(new double[5], 2, 3));
        assertTrue(e.getMessage().contains("6") && e.getMessage().contains("5"), e.getMessage());
    }

    @Test
    void indexOutOfBoundsIsRejectedWithShape() {
        Tensor x = Tensor.zeros(2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.get(2, 0));
        assertTrue(e.getMessage().contains("[2, 3]"), e.getMessage());
    }

    @Test
    void wrongIndexRankIsRejected() {
        Tensor x = Tensor.zeros(2, 3);
        assertThrows(IllegalArgumentException.class, () -> x.get(1));
    }

    @Test
    void reshapeToOtherSizeIsRejected() {
        Tensor x = Tensor.zeros(2, 3);
        assertThrows(IllegalArgumentException.class, () -> x.reshape(4, 2));
    }

    @Test
    void requireRankNamesTensorAndShape() {
        Tensor x = Tensor.zeros(3, 5, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> x.requireRank("input x", 4, "[N][C][H][W]"));
        assertEquals("input x: expected rank 4 [N][C][H][W] but was rank 3 with shape [3, 5, 5]", e.getMessage());
    }
}

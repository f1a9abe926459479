package convkit.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Padding, Parameters, GradientCheck, Compare and Kernels on hand-computed cases. */
class SmallHelpersTests {

    @Test
    void zeroPaddingReadsOutsideAsMinusOne() {
        assertEquals(-1, Padding.source(-1, 4, PaddingMode.ZEROS));
        assertEquals(-1, Padding.source(4, 4, PaddingMode.ZEROS));
        assertEquals(3, Padding.source(3, 4, PaddingMode.ZEROS));
    }

    @Test
    void reflectPaddingMirrorsWithoutTheEdge() {
        assertArrayEquals(new int[] {2, 1, 0, 1, 2, 3, 2, 1}, java.util.stream.IntStream.range(-2, 6)
            .map(i -> Padding.source(i, 4, PaddingMode.REFLECT)).toArray());
    }

    @Test
    void reflectMoreThanOneImageAwayIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Padding.source(-4, 4, PaddingMode.REFLECT));
    }

    @Test
    void parameterCountsFromTheNotes() {
        assertEquals(1024L * 1024 * 1000 + 1000, Parameters.fullyConnected(1024 * 1024, 1000));
        assertEquals((5 * 5 + 1) * 100, Parameters.receptiveFields(5, 5, 100));
        assertEquals(5 * 5 + 1, Parameters.sharedWeights(5, 5));
        assertEquals(64 * (3 * 3 * 3 + 1), Parameters.convLayer(3, 3, 3, 64));
        assertEquals(0, Parameters.pooling());
    }

    @Test
    void parameterCountOfAConvLayerEqualsTheWeightAndBiasSizes() {
        Tensor w = Tensor.zeros(8, 3, 5, 4);
        Tensor b = Tensor.zeros(8);
        assertEquals(w.size() + b.size(), Parameters.convLayer(5, 4, 3, 8));
    }

    @Test
    void parameterCountRejectsZeroSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Parameters.convLayer(3, 3, 0, 8));
        assertEquals("c: expected >= 1 but was 0", e.getMessage());
    }

    @Test
    void numericGradientOfASquareIsTwiceX() {
        Tensor x = Tensor.of(new double[] {1.5, -2}, 2);
        Tensor g = GradientCheck.numericGradient(t -> t.get(0) * t.get(0) + 3 * t.get(1), x);
        assertEquals(3.0, g.get(0), 1e-8);
        assertEquals(3.0, g.get(1), 1e-8);
        assertArrayEquals(new double[] {1.5, -2}, x.data(), "x is restored");
    }

    @Test
    void relativeErrorCatchesAWrongGradient() {
        Tensor a = Tensor.of(new double[] {1, 2}, 2);
        Tensor b = Tensor.of(new double[] {1, 2.2}, 2);
        assertEquals(0.2 / 4.2, GradientCheck.maxRelativeError(a, b), 1e-15);
    }

    @Test
    void compareNamesTheFirstDifferenceLikeJUnit() {
        Tensor expected = Tensor.zeros(1, 3, 2, 4);
        Tensor actual = expected.copy();
        actual.set(1.25, 0, 2, 1, 3);
        assertEquals("output differs at [n=0, c=2, y=1, x=3]: expected <0.0> but was <1.25> (tolerance 1.0E-6)",
            Compare.firstDifference("output", expected, actual, 1e-6));
    }

    @Test
    void compareAcceptsDifferencesWithinTolerance() {
        Tensor expected = Tensor.of(new double[] {1000, 0}, 2);
        Tensor actual = Tensor.of(new double[] {1000.0001, 1e-7}, 2);
        assertNull(Compare.firstDifference("y", expected, actual, 1e-6));
    }

    @Test
    void compareReportsAShapeMismatch() {
        assertTrue(Compare.firstDifference("y", Tensor.zeros(2, 2), Tensor.zeros(4), 0).contains("shape differs"));
    }

    @Test
    void flip180OfAWeightTensorFlipsEveryPlane() {
        Tensor w = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 1, 2, 2);
        assertArrayEquals(new double[] {4, 3, 2, 1, 8, 7, 6, 5}, Kernels.flip180(w).data());
    }
}

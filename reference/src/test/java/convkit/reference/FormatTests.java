package convkit.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FormatTests {

    @Test
    void matrixIsOneLineOfNestedBrackets() {
        assertEquals("[[1, 2.5], [3, 4]]", Format.matrix(new double[][] {{1, 2.5}, {3, 4}}));
    }

    @Test
    void gridPutsOneRowPerLineRightAligned() {
        assertEquals(" 1  -2\n30   4", Format.grid(new double[][] {{1, -2}, {30, 4}}));
    }

    @Test
    void gridOfATensorPlaneReadsThatPlane() {
        Tensor t = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 1, 2, 2, 2);
        assertEquals("5  6\n7  8", Format.grid(t, 0, 1));
    }
}

package convkit.fast;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GemmChecksTests {

    @Test
    void leadingDimensionNarrowerThanARowIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
            GemmChecks.check(Transpose.NO, Transpose.NO, 2, 3, 4, 8, 0, 3, 12, 0, 3, 6, 0, 3));
        assertTrue(e.getMessage().contains("leading dimension of A must be >= 4"), e.getMessage());
    }

    @Test
    void arrayTooShortForTheLastRowIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
            GemmChecks.check(Transpose.NO, Transpose.NO, 2, 3, 4, 8, 0, 4, 12, 0, 3, 5, 0, 3));
        assertTrue(e.getMessage().contains("C (2×3, offset 0, leading dimension 3) needs an array of length >= 6"),
            e.getMessage());
    }

    @Test
    void transposedOperandIsCheckedWithItsStoredShape() {
        // op(A) is 2×4, stored transposed as 4×2: lda >= 2 suffices, but 4 rows need length 8
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
            GemmChecks.check(Transpose.YES, Transpose.NO, 2, 3, 4, 7, 0, 2, 12, 0, 3, 6, 0, 3));
        assertTrue(e.getMessage().contains("A (4×2"), e.getMessage());
    }

    @Test
    void negativeSizeIsRejected() {
        assertThrows(IllegalArgumentException.class, () ->
            GemmChecks.check(Transpose.NO, Transpose.NO, -1, 3, 4, 8, 0, 4, 12, 0, 3, 6, 0, 3));
    }

    @Test
    void nativeBlasRejectsAWrongLeadingDimensionBeforeTheCall() {
        NativeBlas blas = BlasLibraries.discover().blas().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(blas != null, "no native BLAS on this machine");
        float[] a = new float[4];
        float[] b = new float[4];
        float[] c = new float[4];
        assertThrows(IllegalArgumentException.class, () ->
            blas.sgemm(1, Transpose.NO, Transpose.NO, 2, 2, 2, 1, a, 0, 1, b, 0, 2, 0, c, 0, 2));
    }

    @Test
    void offsetPastTheEndIsRejected() {
        assertThrows(IllegalArgumentException.class, () ->
            GemmChecks.check(Transpose.NO, Transpose.NO, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 0, 1));
    }
}

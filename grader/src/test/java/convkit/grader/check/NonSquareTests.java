package convkit.grader.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class NonSquareTests {

    @Test
    void aWideImageIsNamedByItsSize() {
        assertEquals(Optional.of("H×W = 3×5"), NonSquare.imageSize(List.of(new double[3][5], 1)));
    }

    @Test
    void aBatchIsJudgedByItsFirstImage() {
        assertEquals(Optional.of("H×W = 7×2"), NonSquare.imageSize(List.of(new double[2][3][7][2], 2, 2)));
    }

    @Test
    void aNonSquareKernelAfterASquareImageDoesNotCount() {
        assertEquals(Optional.empty(), NonSquare.imageSize(List.of(new double[4][4], new double[2][3])));
    }

    @Test
    void squareImagesAndOtherArgumentsGiveNothing() {
        assertEquals(Optional.empty(), NonSquare.imageSize(List.of(new double[1][2][3][3], 5)));
        assertEquals(Optional.empty(), NonSquare.imageSize(List.of(5, new double[2][3])));
        assertEquals(Optional.empty(), NonSquare.imageSize(List.of(new double[0][0][0][0])));
        assertEquals(Optional.empty(), NonSquare.imageSize(List.of()));
    }
}

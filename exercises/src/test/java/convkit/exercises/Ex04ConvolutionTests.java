package convkit.exercises;

import static convkit.exercises.ArrayAsserts.assertArrayClose;
import static convkit.exercises.ArrayAsserts.assertClose;

import org.junit.jupiter.api.Test;

/** Visible tests of exercise 4. */
class Ex04ConvolutionTests {

  @Test
  void flip180OfTheNotesKernel() {
    double[][] expected = {{9, 8, 7}, {6, 5, 4}, {3, 2, 1}};
    assertArrayClose(expected, Ex04Convolution.flip180(Examples.oneToNine()), "flip180(K)");
  }

  @Test
  void flip180LeavesTheKernelUnchanged() {
    double[][] k = Examples.oneToNine();
    Ex04Convolution.flip180(k);
    assertArrayClose(Examples.oneToNine(), k, "the kernel after flip180(kernel): return a new array");
  }

  @Test
  void flip180OfNonSquareKernel() {
    double[][] k = {{1, 2, 3}, {4, 5, 6}};
    double[][] expected = {{6, 5, 4}, {3, 2, 1}};
    assertArrayClose(expected, Ex04Convolution.flip180(k), "flip180([[1,2,3],[4,5,6]])");
  }

  @Test
  void convolveAtTheCentreWalksTheKernelBackwards() {
    assertClose(23, Ex04Convolution.convolveAt(Examples.oneToNine(), Examples.twoByTwo(), 0, 0),
        "y(0,0) = 5*1 + 4*2 + 2*3 + 1*4");
  }

  @Test
  void convolveAtFarOutsideTheImageIsZero() {
    assertClose(0, Ex04Convolution.convolveAt(Examples.oneToNine(), Examples.twoByTwo(), 10, 0),
        "y(10,0): no kernel tap is in range");
  }

  @Test
  void convolveAtOnEvenImageUsesUpperLeftOfTheMiddleFourAsCentre() {
    double[][] x = new double[4][4];
    x[1][1] = 1; // image coordinates (0,0) when H = W = 4
    double[][] k = {{2}};
    assertClose(2, Ex04Convolution.convolveAt(x, k, 0, 0),
        "on a 4x4 image, array [1][1] is image (0,0): rows run -1..2");
  }

  @Test
  void convolveAtWithTheFlippedSobelKernelGivesTheCrossCorrelation65() {
    double[][] flippedSobel = {{-1, 0, 1}, {-2, 0, 2}, {-1, 0, 1}}; // flip180 of [[1,0,-1],...]
    assertClose(65, Ex04Convolution.convolveAt(Examples.notesPatch(), flippedSobel, 1, 1),
        "y(1,1) with the flipped Sobel kernel: the flip undoes the flip, so this is the"
            + " cross-correlation of the notes, 65");
  }

  @Test
  void convolveFullOfThreeByThreeWithTwoByTwo() {
    double[][] expected = {
        {1, 4, 7, 6},
        {7, 23, 33, 24},
        {19, 53, 63, 42},
        {21, 52, 59, 36}};
    assertArrayClose(expected, Ex04Convolution.convolveFull(Examples.oneToNine(), Examples.twoByTwo()),
        "convolveFull(1..9 as 3x3, [[1,2],[3,4]])");
  }
}

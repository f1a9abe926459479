package convkit.exercises;

import static convkit.exercises.ArrayAsserts.assertArrayClose;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Visible tests of exercise 2. */
class Ex02PaddingTests {

  @Test
  void zeroPadOneAroundTwoByTwo() {
    double[][] x = {{1, 2}, {3, 4}};
    double[][] expected = {
        {0, 0, 0, 0},
        {0, 1, 2, 0},
        {0, 3, 4, 0},
        {0, 0, 0, 0}};
    assertArrayClose(expected, Ex02Padding.zeroPad(x, 1), "zeroPad([[1,2],[3,4]], 1)");
  }

  @Test
  void zeroPadTwoOnNonSquareImage() {
    double[][] x = {{5, 6, 7}};
    double[][] expected = {
        {0, 0, 0, 0, 0, 0, 0},
        {0, 0, 0, 0, 0, 0, 0},
        {0, 0, 5, 6, 7, 0, 0},
        {0, 0, 0, 0, 0, 0, 0},
        {0, 0, 0, 0, 0, 0, 0}};
    assertArrayClose(expected, Ex02Padding.zeroPad(x, 2), "zeroPad([[5,6,7]], 2)");
  }

  @Test
  void zeroPadZeroReturnsACopy() {
    double[][] x = {{1, 2}, {3, 4}};
    double[][] padded = Ex02Padding.zeroPad(x, 0);
    assertArrayClose(new double[][] {{1, 2}, {3, 4}}, padded, "zeroPad(x, 0)");
    assertNotSame(x, padded, "zeroPad must return a new array, not its input");
  }

  @Test
  void reflectPadOneOnTwoByTwo() {
    double[][] x = {{1, 2}, {3, 4}};
    double[][] expected = {
        {4, 3, 4, 3},
        {2, 1, 2, 1},
        {4, 3, 4, 3},
        {2, 1, 2, 1}};
    assertArrayClose(expected, Ex02Padding.reflectPad(x, 1), "reflectPad([[1,2],[3,4]], 1)");
  }

  @Test
  void reflectPadTwoMirrorsWithoutRepeatingTheEdge() {
    double[][] x = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};
    double[][] expected = {
        {9, 8, 7, 8, 9, 8, 7},
        {6, 5, 4, 5, 6, 5, 4},
        {3, 2, 1, 2, 3, 2, 1},
        {6, 5, 4, 5, 6, 5, 4},
        {9, 8, 7, 8, 9, 8, 7},
        {6, 5, 4, 5, 6, 5, 4},
        {3, 2, 1, 2, 3, 2, 1}};
    assertArrayClose(expected, Ex02Padding.reflectPad(x, 2), "reflectPad(1..9 as 3x3, 2)");
  }

  @Test
  void reflectPadAsLargeAsTheImageIsRejected() {
    double[][] x = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};
    assertThrows(IllegalArgumentException.class, () -> Ex02Padding.reflectPad(x, 3),
        "a 3x3 image has only 2 pixels beyond each edge pixel to mirror");
  }

  @Test
  void negativeZeroPadIsRejected() {
    double[][] x = {{1, 2}, {3, 4}};
    assertThrows(IllegalArgumentException.class, () -> Ex02Padding.zeroPad(x, -1),
        "pad -1 is not a size");
  }
}

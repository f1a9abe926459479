package convkit.exercises;

import static convkit.exercises.ArrayAsserts.assertArrayClose;
import static convkit.exercises.ArrayAsserts.batchOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Visible tests of exercise 5. */
class Ex05ConvLayerTests {

  @Test
  void notesPatchWithSobelKernelAndBiasFive() {
    double[][][][] y = Ex05ConvLayer.forward(batchOf(Examples.notesPatch()), batchOf(Examples.sobel()),
        new double[] {5}, 1, 0);
    assertArrayClose(batchOf(new double[][] {{70}}), y, "output (65 from the notes + bias 5)");
  }

  @Test
  void paddingOneKeepsTheSizeAndReadsZerosOutside() {
    double[][][][] y = Ex05ConvLayer.forward(batchOf(Examples.notesPatch()), batchOf(Examples.sobel()),
        new double[] {5}, 1, 1);
    double[][] expected = {
        {-345, 105, 355},
        {-270, 70, 280},
        {-95, 35, 105}};
    assertArrayClose(batchOf(expected), y, "output with pad 1");
  }

  @Test
  void twoImagesTwoChannelsTwoKernelsStrideTwo() {
    double[][][][] y = Ex05ConvLayer.forward(Examples.twoImagesTwoChannels(),
        Examples.twoKernels(), new double[] {0, -1}, 2, 0);
    assertArrayClose(Examples.twoKernelsOutput(), y, "output");
  }

  @Test
  void channelMismatchIsRejected() {
    double[][][][] w = {{{{1}}}}; // one kernel with ONE channel, but x has two
    assertThrows(IllegalArgumentException.class,
        () -> Ex05ConvLayer.forward(Examples.twoImagesTwoChannels(), w, new double[] {0}, 1, 0),
        "weights with 1 channel on an input with 2 channels");
  }
}

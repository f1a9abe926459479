package convkit.exercises;

import static convkit.exercises.ArrayAsserts.assertArrayClose;
import static convkit.exercises.ArrayAsserts.assertClose;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Visible tests of exercise 11. */
class Ex11TrainingTests {

  @Test
  void reluPassesTheGradientWhereTheInputWasPositive() {
    assertArrayClose(new double[] {0, 0, 5}, Ex11Training.reluBackward(new double[] {-2, 0, 3},
        new double[] {5, 5, 5}), "dx (at x = 0 the gradient is 0)", "i");
  }

  @Test
  void lossOfOneRowIsMinusLogOfItsProbability() {
    double expected = Math.log(Math.exp(-2) + Math.exp(-1) + 1);
    assertClose(expected, Ex11Training.softmaxCrossEntropyLoss(new double[][] {{1, 2, 3}}, new int[] {2}), "loss");
  }

  @Test
  void hugeLogitsGiveAFiniteLoss() {
    // subtract the row's maximum: label 1 of [1000, 0, -1000] has loss exactly 1000
    double loss = Ex11Training.softmaxCrossEntropyLoss(new double[][] {{1000, 0, -1000}}, new int[] {1});
    assertClose(1000, loss, "loss (exp(1000) overflows unless the maximum is subtracted)");
  }

  @Test
  void gradientIsProbabilitiesMinusOneHotOverTheBatch() {
    double[][] expected = {{0.25, -0.25}, {0.25, -0.25}};
    assertArrayClose(expected, Ex11Training.softmaxCrossEntropyGradient(new double[][] {{0, 0}, {0, 0}},
        new int[] {1, 1}), "dz (p = 1/2 each; divided by N = 2)");
  }

  @Test
  void momentumAddsUpTheGradients() {
    double[][] first = Ex11Training.sgdStep(new double[] {1}, new double[] {1}, new double[] {0}, 0.1, 0.9, 0);
    assertArrayClose(new double[] {0.9}, first[0], "w after step 1", "i");
    assertArrayClose(new double[] {1}, first[1], "velocity after step 1", "i");
    double[][] second = Ex11Training.sgdStep(first[0], new double[] {1}, first[1], 0.1, 0.9, 0);
    assertArrayClose(new double[] {0.71}, second[0], "w after step 2", "i");
    assertArrayClose(new double[] {1.9}, second[1], "velocity after step 2", "i");
  }

  @Test
  void weightDecayPullsTowardsZero() {
    // g = 0 + 0.5·2 = 1, v = 1, w = 2 - 0.1·1 = 1.9
    double[][] step = Ex11Training.sgdStep(new double[] {2}, new double[] {0}, new double[] {0}, 0.1, 0, 0.5);
    assertArrayClose(new double[] {1.9}, step[0], "w", "i");
  }

  @Test
  void trainingStartsAtLogKAndTheLossFalls() {
    double[][] x = {{1, 0}, {0, 1}, {1, 1}, {0, 0}};
    int[] labels = {0, 1, 0, 1};
    double[] losses = Ex11Training.trainSoftmaxRegression(x, labels, 2, 10, 0.5, 0.9);
    assertClose(Math.log(2), losses[0], "loss before the first step (all weights 0: p = 1/2)");
    assertTrue(losses[9] < losses[0], "the loss should fall: " + java.util.Arrays.toString(losses));
  }

  @Test
  void aLabelOutOfRangeIsRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> Ex11Training.softmaxCrossEntropyLoss(new double[][] {{0, 0}}, new int[] {2}));
  }
}

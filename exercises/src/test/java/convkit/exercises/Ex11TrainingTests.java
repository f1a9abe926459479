package convkit.exercises;

import static convkit.exercises.ArrayAsserts.assertArrayClose;
import static convkit.exercises.ArrayAsserts.assertClose;
import static convkit.exercises.ArrayAsserts.batchOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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

  // the tiny network of the class comment's worked example: one 4×4 image, the identity kernel, two classes
  private static final double[][][][] X = batchOf(new double[][] {{1, 0, 2, 1}, {0, 1, 0, 2}, {1, 0, 1, 0}, {2, 1, 0, 2}});
  private static final double[][][][] W = batchOf(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});
  private static final double[][] FC_W = {{0.5}, {-0.5}};
  private static final double S = 1 / (1 + Math.exp(4)); // 1 - p(label 0)

  /**
   * The network runs your Ex05, Ex07, Ex09 and Ex08: each must work on this example first, and a
   * test that needs them says which to fix instead of failing somewhere inside the network.
   */
  private static void requireYourLayers() {
    double[][][][] z = batchOf(new double[][] {{3, 0}, {0, 4}});
    double[][][][] dz = batchOf(new double[][] {{0, 0}, {0, -S}});
    yours("Ex05ConvLayer.forward", () -> assertArrayClose(z, Ex05ConvLayer.forward(X, W, new double[] {0}, 1, 0), "z"));
    yours("Ex07Pooling.maxPool", () -> assertArrayClose(batchOf(new double[][] {{4}}), Ex07Pooling.maxPool(z, 2, 2), "p"));
    yours("Ex09PoolBackward.maxPoolBackward", () -> assertArrayClose(dz,
        Ex09PoolBackward.maxPoolBackward(z, batchOf(new double[][] {{-S}}), 2, 2), "da"));
    yours("Ex08ConvBackward.gradWeight", () -> assertArrayClose(batchOf(new double[][] {{-S, 0, -2 * S}, {0, -S, 0},
        {-S, 0, -2 * S}}), Ex08ConvBackward.gradWeight(X, W, dz, 1, 0), "dW"));
    yours("Ex08ConvBackward.gradBias", () -> assertArrayClose(new double[] {-S}, Ex08ConvBackward.gradBias(dz), "db", "k"));
  }

  private static void yours(String method, org.junit.jupiter.api.function.Executable check) {
    try {
      check.execute();
    } catch (Throwable e) {
      fail("Ex11's network uses your " + method + ", which does not work on the worked example yet (" + e.getMessage()
          + "): fix that exercise first, its own tests say more", e);
    }
  }

  @Test
  void tinyNetGradientsOfTheWorkedExample() {
    requireYourLayers();
    Ex11Training.TinyNetGradients g = Ex11Training.tinyNetGradients(X, new int[] {0}, W, new double[] {0}, FC_W,
        new double[] {0, 0});
    assertClose(Math.log(1 + Math.exp(-4)), g.loss(), "loss");
    assertArrayClose(new double[][] {{-4 * S}, {4 * S}}, g.fcW(), "fcW's gradient (dLogits times f = 4)");
    assertArrayClose(new double[] {-S, S}, g.fcB(), "fcB's gradient", "j");
    assertArrayClose(new double[] {-S}, g.convB(), "convB's gradient (only z = 4 gets a gradient)", "k");
    assertArrayClose(batchOf(new double[][] {{-S, 0, -2 * S}, {0, -S, 0}, {-S, 0, -2 * S}}), g.convW(),
        "convW's gradient (-s times the block of x under z[1][1])");
  }

  @Test
  void trainingTheTinyNetLowersItsLoss() {
    requireYourLayers();
    double[] losses = Ex11Training.trainTinyNet(X, new int[] {0}, W, new double[] {0}, FC_W, new double[] {0, 0}, 5,
        0.1, 0.9);
    assertClose(Math.log(1 + Math.exp(-4)), losses[0], "loss before the first step");
    assertTrue(losses[4] < losses[0], "the loss should fall: " + java.util.Arrays.toString(losses));
  }

  @Test
  void aLabelOutOfRangeIsRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> Ex11Training.softmaxCrossEntropyLoss(new double[][] {{0, 0}}, new int[] {2}));
  }
}

package convkit.train;

import java.util.List;

import convkit.data.Dataset;
import convkit.reference.Sequential;
import convkit.reference.Tensor;

/**
 * What {@link Trainer} trains: the reference network on float64 tensors ({@link ReferenceNetwork},
 * {@code --impl naive} and {@code im2col}) or its float32 twin ({@link FloatNetwork},
 * {@code --impl fast}). Both start from a {@link Models} network and its seeded weights, and give
 * the trained weights back in it.
 */
interface Network {

    /** A training batch's mean loss and how many of its images were classified right. */
    record Step(double loss, int correct) {
    }

    /** One step of SGD on the images {@code order[from..to)}: forward, loss, backward, update. */
    Step trainStep(Dataset data, int[] order, int from, int to);

    /** The scores (logits) {@code [to-from][CLASSES]} of the images {@code order[from..to)}, no gradients. */
    Tensor scores(Dataset data, int[] order, int from, int to);

    /** The {@link Models} network, holding the trained weights. */
    Sequential sequential();

    /** One line per layer, first to last. */
    List<String> layers();

    /** Seconds spent in each layer's forward and backward during training steps so far, in {@link #layers()} order. */
    double[] layerSeconds();
}

package convkit.train;

import java.util.ArrayList;
import java.util.List;

import convkit.data.Dataset;
import convkit.reference.Layer;
import convkit.reference.Sequential;
import convkit.reference.Sgd;
import convkit.reference.SoftmaxCrossEntropy;
import convkit.reference.Tensor;

/**
 * The reference's own training step: {@link Sequential#trainStep} on float64 tensors, every layer
 * timed ({@link TimedLayer}). What {@code --impl naive} and {@code im2col} train.
 */
final class ReferenceNetwork implements Network {

    private final Sequential network;
    private final List<TimedLayer> timed = new ArrayList<>();
    private final Sequential timedNetwork; // the same layers, each wrapped in its timer
    private final Sgd sgd;

    /** Trains {@code network} with {@code sgd}. */
    ReferenceNetwork(Sequential network, Sgd sgd) {
        this.network = network;
        for (Layer layer : network.layers()) {
            timed.add(new TimedLayer(layer));
        }
        this.timedNetwork = new Sequential(List.copyOf(timed));
        this.sgd = sgd;
    }

    @Override
    public Step trainStep(Dataset data, int[] order, int from, int to) {
        int[] labels = data.labels(order, from, to);
        SoftmaxCrossEntropy.Result r = timedNetwork.trainStep(data.images(order, from, to), labels, sgd);
        return new Step(r.loss(), Trainer.correct(r.probabilities(), labels));
    }

    @Override
    public Tensor scores(Dataset data, int[] order, int from, int to) {
        return network.forward(data.images(order, from, to));
    }

    @Override
    public Sequential sequential() {
        return network;
    }

    @Override
    public List<String> layers() {
        return timed.stream().map(TimedLayer::describe).toList();
    }

    @Override
    public double[] layerSeconds() {
        return timed.stream().mapToDouble(TimedLayer::seconds).toArray();
    }
}

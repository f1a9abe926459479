package convkit.train;

import convkit.reference.Parameter;

/**
 * A learned tensor of the float32 route ({@link FloatNetwork}): its values, one gradient per
 * share of a batch, and the SGD velocity.
 *
 * <pre>
 *   grad = Σ over shares of gradient[share]       the batch's gradient, summed in share order
 *   g    = grad + weightDecay · w
 *   v    = momentum · v + g
 *   w    = w - learningRate · v                   as {@link convkit.reference.Sgd}, in float32
 * </pre>
 */
final class FloatParameter {

    private final Parameter reference; // name and shape; the trained values go back into it
    private final float[] value;       // the reference's shape, row-major
    private final java.util.List<float[]> gradients = new java.util.ArrayList<>(); // [share][size]
    private final float[] velocity;    // [size], 0 before the first step

    /** The values of {@code reference} rounded to float32. */
    FloatParameter(Parameter reference) {
        this.reference = reference;
        double[] values = reference.value().data();
        this.value = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            value[i] = (float) values[i];
        }
        this.velocity = new float[values.length];
    }

    /** The learned values (read by every thread's stages, changed only by {@link #step}). */
    float[] value() {
        return value;
    }

    /**
     * Makes sure shares {@code 0..count-1} each have a gradient array. Only the thread that plans a
     * batch calls it, before any share runs: the threads that run the shares then only read the
     * list (when they grew it themselves on a first step, two threads adding at once lost or
     * nulled arrays of each other's).
     */
    void prepareShares(int count) {
        while (gradients.size() < count) {
            gradients.add(new float[value.length]);
        }
    }

    /** The gradient of share {@code share} of a batch, overwritten by its stage's backward ({@link #prepareShares} first). */
    float[] gradient(int share) {
        if (share < 0 || share >= gradients.size()) {
            throw new IllegalStateException("the gradient of " + reference.name() + " for share " + share
                + ": only " + gradients.size() + " shares prepared (prepareShares runs before a batch)");
        }
        return gradients.get(share);
    }

    /** One SGD update from the gradients of shares {@code 0..shares-1} (share 0's array ends up holding their sum). */
    void step(int shares, float learningRate, float momentum, float weightDecay) {
        // the batch's gradient: every share's added into the first, in share order
        float[] grad = gradients.get(0);
        for (int share = 1; share < shares; share++) {
            float[] part = gradients.get(share);
            for (int i = 0; i < grad.length; i++) {
                grad[i] += part[i];
            }
        }
        // each learned number: decay, velocity, step
        for (int i = 0; i < value.length; i++) {
            float g = grad[i] + weightDecay * value[i];
            velocity[i] = momentum * velocity[i] + g;
            value[i] -= learningRate * velocity[i];
        }
    }

    /** Writes the values (exactly, widened) into the reference parameter. */
    void copyToReference() {
        double[] target = reference.value().data();
        for (int i = 0; i < value.length; i++) {
            target[i] = value[i];
        }
    }
}

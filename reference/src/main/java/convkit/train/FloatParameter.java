package convkit.train;

import convkit.reference.Parameter;

/**
 * A learned tensor of the float32 route ({@link FloatNetwork}): its values, one gradient per
 * thread (each thread's share of the batch), and the SGD velocity.
 *
 * <pre>
 *   grad = Σ over threads of gradient[thread]     the batch's gradient, summed in thread order
 *   g    = grad + weightDecay · w
 *   v    = momentum · v + g
 *   w    = w - learningRate · v                   as {@link convkit.reference.Sgd}, in float32
 * </pre>
 */
final class FloatParameter {

    private final Parameter reference; // name and shape; the trained values go back into it
    private final float[] value;       // the reference's shape, row-major
    private final float[][] gradients; // [thread][size]
    private final float[] velocity;    // [size], 0 before the first step

    /** The values of {@code reference} rounded to float32, with gradients for {@code threads} threads. */
    FloatParameter(Parameter reference, int threads) {
        this.reference = reference;
        double[] values = reference.value().data();
        this.value = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            value[i] = (float) values[i];
        }
        this.gradients = new float[threads][values.length];
        this.velocity = new float[values.length];
    }

    /** The learned values (read by every thread's stages, changed only by {@link #step}). */
    float[] value() {
        return value;
    }

    /** The gradient of {@code thread}'s share of the batch, overwritten by its stage's backward. */
    float[] gradient(int thread) {
        return gradients[thread];
    }

    /** One SGD update from the gradients of threads {@code 0..shares-1}. */
    void step(int shares, float learningRate, float momentum, float weightDecay) {
        // each learned number: the batch's gradient, decay, velocity, step
        for (int i = 0; i < value.length; i++) {
            float grad = gradients[0][i];
            for (int thread = 1; thread < shares; thread++) {
                grad += gradients[thread][i];
            }
            float g = grad + weightDecay * value[i];
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

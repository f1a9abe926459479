package convkit.reference;

import java.util.List;

/**
 * Layer: one stage of a {@link Sequential} network, forward and backward side by side.
 *
 * <p>{@link #forward} computes the stage's output and remembers what its backward needs (the
 * input, or where each maximum came from); {@link #backward} takes ∂L/∂y of that last forward,
 * fills the gradient of each {@link Parameter} and returns ∂L/∂x for the stage before.
 * The stages: {@link Conv2dLayer}, {@link MaxPool2dLayer}, {@link Relu}, {@link Flatten},
 * {@link Linear}.
 */
public interface Layer {

    /** The output for input {@code x}; remembers what {@link #backward} needs. */
    Tensor forward(Tensor x);

    /** ∂L/∂x for {@code dy} = ∂L/∂y of the last forward; fills the parameters' gradients. */
    Tensor backward(Tensor dy);

    /** What this stage learns (none for ReLU, pooling and flatten). */
    default List<Parameter> parameters() {
        return List.of();
    }

    /** One line for a network summary, e.g. {@code conv 5×5, 1 -> 6, pad 2}. */
    String describe();
}

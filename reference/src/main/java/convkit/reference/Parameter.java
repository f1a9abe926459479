package convkit.reference;

/**
 * Parameter: a tensor a network learns, with the gradient of the loss for it.
 *
 * <p>{@link Layer#backward} overwrites {@code grad}; an optimiser ({@link Sgd}) reads it and
 * changes {@code value} in place, so the layer that owns the tensor sees the update.
 *
 * @param name  for reports and weight files, e.g. {@code conv1.weight}
 * @param value the learned numbers, e.g. weights {@code [K][C][KH][KW]}
 * @param grad  ∂L/∂value, the same shape
 */
public record Parameter(String name, Tensor value, Tensor grad) {

    /** A parameter holding {@code value}, with a zero gradient of the same shape. */
    public static Parameter of(String name, Tensor value) {
        return new Parameter(name, value, Tensor.zeros(value.shape()));
    }

    /** Copies {@code gradient} into {@link #grad}, checking its shape. */
    public void setGrad(Tensor gradient) {
        if (!java.util.Arrays.equals(gradient.shape(), grad.shape())) {
            throw new IllegalArgumentException(name + " gradient: expected shape " + grad.shapeString()
                + " but was " + gradient.shapeString());
        }
        System.arraycopy(gradient.data(), 0, grad.data(), 0, grad.size());
    }

    /** The number of learned values. */
    public int size() {
        return value.size();
    }
}

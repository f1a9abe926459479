package convkit.train;

/**
 * A layer of the float32 training route ({@link FloatNetwork}), made for one number of images:
 * its output and input-gradient arrays are allocated once and overwritten by every call.
 *
 * <p>{@link #forward} keeps a reference to its input (not a copy) for {@link #backward}; the
 * caller leaves that array alone until the backward is done. Parameter gradients go to the
 * arrays of the stage's share of the batch ({@link FloatParameter#gradient}), overwritten.
 */
interface FloatStage {

    /** The output for input {@code x}: the stage's own array. */
    float[] forward(float[] x);

    /** ∂L/∂x for {@code dy} = ∂L/∂y of the last forward (the stage's own array); fills the parameters' gradients. */
    float[] backward(float[] dy);
}

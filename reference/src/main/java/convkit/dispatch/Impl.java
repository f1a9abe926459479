package convkit.dispatch;

import convkit.reference.Conv2d;
import convkit.reference.Im2col;

/**
 * How a convolution layer is computed, chosen in one place: {@link ConvLayer}.
 *
 * <ul>
 *   <li>{@link #NAIVE}: the loops of {@link Conv2d}, as the lessons teach them;
 *   <li>{@link #IM2COL}: patches unrolled by {@link Im2col}, then one matrix product per image;
 *   <li>{@link #FAST}: the fast path (package {@code convkit.fast}), when it is available.
 * </ul>
 */
public enum Impl {
    NAIVE,
    IM2COL,
    FAST
}

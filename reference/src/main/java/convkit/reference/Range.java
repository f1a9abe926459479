package convkit.reference;

/**
 * Which outputs of a 2-D convolution or cross-correlation to keep.
 *
 * <ul>
 *   <li>{@link #VALID}: only where the kernel lies wholly on the image, {@code (H-k1+1) × (W-k2+1)};
 *   <li>{@link #FULL}: wherever kernel and image overlap at all, {@code (H+k1-1) × (W+k2-1)},
 *       reading zeros outside the image.
 * </ul>
 */
public enum Range {
    VALID,
    FULL
}

package convkit.reference;

/**
 * What a convolution reads outside the image.
 *
 * <ul>
 *   <li>{@link #ZEROS}: zero, as if the image were surrounded by a border of zeros;
 *   <li>{@link #REFLECT}: the mirror image across the border, not repeating the edge pixel
 *       (row -1 reads row 1, row H reads row H-2), as PyTorch's {@code padding_mode="reflect"};
 *       needs padding smaller than the image.
 * </ul>
 */
public enum PaddingMode {
    ZEROS,
    REFLECT
}

package convkit.reference;

/**
 * Padding as a bounds-checked read, never a padded copy: where does padded position {@code i}
 * of an axis of {@code size} pixels read from?
 *
 * <p>Sample run ({@code java convkit.reference.Padding}): positions -2 .. 5 of an axis of 4 pixels
 * (-1 means "outside, read 0"; REFLECT mirrors without repeating the edge pixel):
 * <pre>
 * ZEROS    -1 -1  0  1  2  3 -1 -1
 * REFLECT   2  1  0  1  2  3  2  1
 * </pre>
 *
 * <p>Limits: one reflection only, so REFLECT needs padding smaller than the image.
 */
public final class Padding {

    private Padding() {
    }

    /** The source index of position {@code i}, or -1 when the read gives zero. */
    public static int source(int i, int size, PaddingMode mode) {
        if (i >= 0 && i < size) {
            return i;
        }
        if (mode == PaddingMode.ZEROS) {
            return -1;
        }
        int mirrored = i < 0 ? -i : 2 * (size - 1) - i;
        if (mirrored < 0 || mirrored >= size) {
            throw new IllegalArgumentException("reflect padding: position " + i + " is more than one image away"
                + " from an axis of " + size + " pixels; reflect needs padding < " + size);
        }
        return mirrored;
    }

    /** Demo: prints the table of the card. */
    public static void main(String[] args) {
        for (PaddingMode mode : PaddingMode.values()) {
            StringBuilder line = new StringBuilder(String.format("%-8s", mode));
            // padded positions -2 .. 5 of an axis of 4 pixels
            for (int i = -2; i < 6; i++) {
                line.append(String.format("%3d", source(i, 4, mode)));
            }
            System.out.println(line);
        }
    }
}

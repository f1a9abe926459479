package convkit.grader.check;

import java.util.List;
import java.util.Optional;

/**
 * Whether a test's input image is non-square, where rows and columns mixed up show: an index out
 * of bounds on such an input often means a width computed from H, or the reverse.
 */
public final class NonSquare {

    private NonSquare() {
    }

    /**
     * "H×W = 5×8" when the first argument, the image of every exercise that takes one, is a
     * non-square {@code double[H][W]} or batch {@code double[N][C][H][W]}; empty otherwise (a
     * non-square kernel after it does not count).
     */
    public static Optional<String> imageSize(List<Object> arguments) {
        Object first = arguments.isEmpty() ? null : arguments.getFirst();
        double[][] image = first instanceof double[][] plane ? plane
            : first instanceof double[][][][] batch && batch.length > 0 && batch[0].length > 0 ? batch[0][0]
            : null;
        return image != null && image.length > 0 && image[0] != null && image.length != image[0].length
            ? Optional.of("H×W = " + image.length + "×" + image[0].length) : Optional.empty();
    }
}

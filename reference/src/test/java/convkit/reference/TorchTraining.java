package convkit.reference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * Test helper: reads the PyTorch fixtures of the training pieces, written once by
 * {@code src/test/fixtures/generate_training_fixtures.py} (float64, see its docstring).
 */
final class TorchTraining {

    private TorchTraining() {
    }

    static Tensor read(String fixture, String name) {
        try {
            Path manifest = Path.of(TorchTraining.class.getResource("/fixtures/torch-training/" + fixture + "/" + name
                + ".npy").toURI());
            return Npy.read(manifest).tensor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing fixture torch-training/" + fixture + "/" + name + ".npy", e);
        }
    }

    /** Integer labels stored as float64. */
    static int[] labels(String fixture) {
        double[] values = read(fixture, "labels").data();
        int[] labels = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            labels[i] = (int) values[i];
        }
        return labels;
    }
}

package convkit.jmh;

import java.util.Random;

/** Inputs of the conv benchmarks. */
final class ConvLayers {

    private ConvLayers() {
    }

    /** n uniform values in [-0.5, 0.5). */
    static float[] randoms(Random random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = random.nextFloat() - 0.5f;
        }
        return values;
    }
}

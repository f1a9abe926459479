package convkit.reference;

import java.util.Random;

/**
 * HeInit: starting weights for layers followed by ReLU (He et al. 2015, PyTorch's
 * {@code kaiming_normal_} with {@code mode="fan_in"}).
 *
 * <pre>
 *   w ~ Normal(0, std²),   std = sqrt(2 / fanIn)
 *   fanIn = C·KH·KW for a conv weight [K][C][KH][KW],  IN for a linear weight [OUT][IN]
 * </pre>
 * ReLU zeroes about half of its inputs; the factor 2 makes up for it, so the signal's variance
 * stays about the same from layer to layer instead of shrinking or growing with depth.
 * Biases start at zero. The same {@link Random} seed gives the same weights.
 *
 * <p>Sample run ({@code java convkit.reference.HeInit}): a [64][32][5][5] weight, seed 1:
 * <pre>
 * fan in 800, std wanted 0.05, std drawn 0.04995
 * </pre>
 */
public final class HeInit {

    private HeInit() {
    }

    /** A weight of the given shape ({@code [K][C][KH][KW]} or {@code [OUT][IN]}), drawn from {@code random}. */
    public static Tensor weight(Random random, int... shape) {
        if (shape.length < 2) {
            throw new IllegalArgumentException("weight shape: expected [OUT][IN] or [K][C][KH][KW] but was "
                + java.util.Arrays.toString(shape));
        }
        Tensor w = Tensor.zeros(shape);
        int fanIn = w.size() / Math.max(1, shape[0]);
        double std = Math.sqrt(2.0 / Math.max(1, fanIn));
        for (int i = 0; i < w.size(); i++) {
            w.data()[i] = std * random.nextGaussian();
        }
        return w;
    }

    /** Demo: the sample run of the card. */
    public static void main(String[] args) {
        Tensor w = weight(new Random(1), 64, 32, 5, 5);
        double sumSquares = 0.0;
        for (double v : w.data()) {
            sumSquares += v * v;
        }
        System.out.printf(java.util.Locale.ROOT, "fan in %d, std wanted %.2f, std drawn %.5f%n",
            32 * 5 * 5, Math.sqrt(2.0 / 800), Math.sqrt(sumSquares / w.size()));
    }
}

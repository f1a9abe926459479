package convkit.reference;

/**
 * Parameters: how many numbers a layer learns, the counts the notes use to argue for convolution.
 *
 * <pre>
 *   fully connected, M inputs, N outputs            M·N + N
 *   receptive fields K1×K2, N output nodes          (K1·K2 + 1)·N       (no sharing)
 *   shared weights, one K1×K2 kernel                 K1·K2 + 1
 *   convolution layer, N kernels K1×K2 over C chans  N·(K1·K2·C + 1)
 *   pooling                                          0
 * </pre>
 *
 * <p>Sample run ({@code java convkit.reference.Parameters}):
 * <pre>
 * fully connected 1024·1024 -> 1000: 1048577000
 * conv 3×3, 3 channels, 64 kernels:  1792
 * </pre>
 */
public final class Parameters {

    private Parameters() {
    }

    /** {@code M·N + N}: one weight per input-output pair and one bias per output. */
    public static long fullyConnected(long m, long n) {
        requirePositive("m", m);
        requirePositive("n", n);
        return m * n + n;
    }

    /** {@code (K1·K2 + 1)·N}: N nodes, each with its own K1×K2 window and bias. */
    public static long receptiveFields(long k1, long k2, long n) {
        requirePositive("k1", k1);
        requirePositive("k2", k2);
        requirePositive("n", n);
        return (k1 * k2 + 1) * n;
    }

    /** {@code K1·K2 + 1}: one kernel and one bias shared by every position. */
    public static long sharedWeights(long k1, long k2) {
        requirePositive("k1", k1);
        requirePositive("k2", k2);
        return k1 * k2 + 1;
    }

    /** {@code N·(K1·K2·C + 1)}: N kernels as deep as the input, one bias each. */
    public static long convLayer(long k1, long k2, long c, long n) {
        requirePositive("k1", k1);
        requirePositive("k2", k2);
        requirePositive("c", c);
        requirePositive("n", n);
        return n * (k1 * k2 * c + 1);
    }

    /** Pooling learns nothing. */
    public static long pooling() {
        return 0;
    }

    private static void requirePositive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + ": expected >= 1 but was " + value);
        }
    }

    /** Demo: the sample run of the card. */
    public static void main(String[] args) {
        System.out.println("fully connected 1024·1024 -> 1000: " + fullyConnected(1024 * 1024, 1000));
        System.out.println("conv 3×3, 3 channels, 64 kernels:  " + convLayer(3, 3, 3, 64));
    }
}

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * What 512-bit loads that straddle two cache lines cost the direct conv's position tile: the
 * tile's inner loop (8 channels × 2 vectors, 16 accumulators, two loads and eight broadcast
 * weights a tap, as in {@code PositionTiles.tile}) run over the same taps from every start shift
 * of 0..15 floats, the shifts taken in turn in one JVM so that each shares the machine's moments
 * with the others. Exactly one shift in sixteen puts every load on a 64-byte boundary; which one
 * depends on where the array's data starts, which Java does not say.
 *
 * <p>Two patterns: {@code l1}, 147 taps within a few KB (resnet_conv1's reduction, every load an
 * L1 hit: the loop's own cost), and {@code planes}, 256 taps 3136 floats apart in an array of
 * 3.2 MB, each tile passed by all 8 panels (resnet1x1_256's in-place 1×1 tiles over one image).
 * An array that large is humongous for G1 (at least half a region) and starts at a region's
 * start: its data sits one array header past a 64-byte boundary.
 *
 * <p>Not part of the build or the tests; needs no build. Run it with the JDK the project uses:
 * <pre>
 *   java --add-modules jdk.incubator.vector .bench/SplitLoads.java [l1|planes] [rounds]
 * </pre>
 * Prints the median GFLOP/s of each shift over the rounds (default 40, after 20 of warm-up) and
 * the fastest shift's median against the median of the others.
 */
public final class SplitLoads {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    private static final int L = 16;
    private static final int MR = 8;

    private SplitLoads() {
    }

    public static void main(String[] args) {
        String pattern = args.length > 0 ? args[0] : "l1";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        boolean planes = switch (pattern) {
            case "l1" -> false;
            case "planes" -> true;
            default -> throw new IllegalArgumentException("SplitLoads: pattern must be l1 or planes, not " + pattern);
        };
        int reduction = planes ? 256 : 147;
        int plane = 3136;
        int[] offsets = new int[reduction];
        for (int p = 0; p < reduction; p++) {
            // l1: 12 phase planes 208 floats apart, 64 floats a row of taps (whole vectors apart)
            offsets[p] = planes ? p * plane : (p % 12) * 208 + (p / 12) * 64;
        }
        float[] t = new float[planes ? reduction * plane + 2 * L : 4096];
        for (int i = 0; i < t.length; i++) {
            t[i] = (i % 7) * 0.1f;
        }
        float[] w = new float[reduction * MR];
        for (int i = 0; i < w.length; i++) {
            w[i] = (i % 5) * 0.01f;
        }
        float[] y = new float[2 * L];
        int warmup = 20;
        double[][] rates = new double[L][rounds];
        for (int round = 0; round < warmup + rounds; round++) {
            for (int j = 0; j < L; j++) {
                int shift = (j + round) % L;
                long tiles = 0;
                long start = System.nanoTime();
                if (planes) {
                    for (int x0 = 0; x0 + 2 * L <= plane - L; x0 += 2 * L) {
                        for (int panel = 0; panel < 8; panel++, tiles++) {
                            tile(t, shift + x0, offsets, w, y);
                        }
                    }
                } else {
                    for (; tiles < 20_000; tiles++) {
                        tile(t, shift + (int) (tiles & 15) * L, offsets, w, y);
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                if (round >= warmup) {
                    rates[shift][round - warmup] = tiles * reduction * 2.0 * MR * 2 * L / seconds / 1e9;
                }
            }
        }
        double[] medians = new double[L];
        int best = 0;
        for (int shift = 0; shift < L; shift++) {
            medians[shift] = median(rates[shift]);
            best = medians[shift] > medians[best] ? shift : best;
        }
        for (int shift = 0; shift < L; shift++) {
            System.out.printf("%s shift %2d floats: %6.1f GFLOP/s%s%n", pattern, shift, medians[shift],
                shift == best ? "  <- fastest" : "");
        }
        double[] others = new double[L - 1];
        for (int shift = 0, i = 0; shift < L; shift++) {
            if (shift != best) {
                others[i++] = medians[shift];
            }
        }
        System.out.printf("%s: fastest shift %d runs %.2f× the median of the other fifteen%n", pattern, best,
            medians[best] / median(others));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The position tile's loop: 8 channels × 2 vectors over the taps from t[base], summed into y. */
    private static void tile(float[] t, int base, int[] offsets, float[] w, float[] y) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c40 = c00;
        FloatVector c41 = c00;
        FloatVector c50 = c00;
        FloatVector c51 = c00;
        FloatVector c60 = c00;
        FloatVector c61 = c00;
        FloatVector c70 = c00;
        FloatVector c71 = c00;
        for (int p = 0; p < offsets.length; p++) {
            int o = base + offsets[p];
            FloatVector b0 = FloatVector.fromArray(S, t, o);
            FloatVector b1 = FloatVector.fromArray(S, t, o + L);
            int a = p * MR;
            FloatVector v = FloatVector.broadcast(S, w[a]);
            c00 = b0.fma(v, c00);
            c01 = b1.fma(v, c01);
            v = FloatVector.broadcast(S, w[a + 1]);
            c10 = b0.fma(v, c10);
            c11 = b1.fma(v, c11);
            v = FloatVector.broadcast(S, w[a + 2]);
            c20 = b0.fma(v, c20);
            c21 = b1.fma(v, c21);
            v = FloatVector.broadcast(S, w[a + 3]);
            c30 = b0.fma(v, c30);
            c31 = b1.fma(v, c31);
            v = FloatVector.broadcast(S, w[a + 4]);
            c40 = b0.fma(v, c40);
            c41 = b1.fma(v, c41);
            v = FloatVector.broadcast(S, w[a + 5]);
            c50 = b0.fma(v, c50);
            c51 = b1.fma(v, c51);
            v = FloatVector.broadcast(S, w[a + 6]);
            c60 = b0.fma(v, c60);
            c61 = b1.fma(v, c61);
            v = FloatVector.broadcast(S, w[a + 7]);
            c70 = b0.fma(v, c70);
            c71 = b1.fma(v, c71);
        }
        c00.add(c10).add(c20).add(c30).add(c40).add(c50).add(c60).add(c70).intoArray(y, 0);
        c01.add(c11).add(c21).add(c31).add(c41).add(c51).add(c61).add(c71).intoArray(y, L);
    }
}

package convkit.fast;

import jdk.incubator.vector.FloatVector;

/**
 * The kernels' side of {@link VectorWinograd}: w's 3×3 kernels into U (G g Gᵀ, 36 values each,
 * laid out [ξν][kernel] for the GEMMs by point), and dU back into dW (Gᵀ dU G). A kernel is
 * numbered kc = k·C + c, as in w; for a layer's dX the kernels are the original layer's, each
 * transposed and turned by 180° ("flipped", read from w backwards).
 */
final class WinogradKernels {

    private static final int L = WinogradTiles.L;
    private static final int POINTS = WinogradTiles.POINTS;
    /** Kernels a staging array of {@link #kernels} holds: 36 rows of them take 18 KiB, within a 32 KiB L1. */
    static final int STAGED = 8 * L;

    /** Lane offsets of L consecutive kernels' same tap in w: 9 floats apart. */
    static final int[] NINES = spaced(9);

    private WinogradKernels() {
    }

    /** {0, stride, 2·stride, ...}: a gather's lane offsets. */
    private static int[] spaced(int stride) {
        int[] lanes = new int[L];
        for (int lane = 0; lane < L; lane++) {
            lanes[lane] = lane * stride;
        }
        return lanes;
    }

    /** dw = Gᵀ dU G, dU the sum of the {@code chunks} dU of {@code sums} ([chunks][36][kcPadded]) in chunk order. */
    static void kernelGradients(WinogradTiling t, float[] sums, int chunks, float[] dw, int threads) {
        float[] gradientTaps = DirectBuffer.WINOGRAD_TAPS.get(9 * t.kcPadded());
        int blocks = t.kcPadded() / L;
        int units = Math.min(blocks, 8 * threads);
        Parallel.forEach(threads, units, unit -> {
            int from = Parallel.slice(blocks, unit, units) * L;
            int to = Parallel.slice(blocks, unit + 1, units) * L;
            addChunks(sums, chunks, POINTS * t.kcPadded(), t.kcPadded(), from, to);
            WinogradTiles.kernelGradients(sums, from, to, t.kcPadded(), gradientTaps,
                DirectBuffer.WINOGRAD_SCRATCH.get(36 * L));
            copyTaps(gradientTaps, t.kcPadded(), from, Math.min(to, t.kc()), dw, 0);
        });
    }

    /** dw[(at + kc)·9 + tap] = taps[tap·ld + kc] for kc in [from, to). */
    private static void copyTaps(float[] taps, int ld, int from, int to, float[] dw, int at) {
        for (int kc = from; kc < to; kc++) {
            for (int tap = 0; tap < 9; tap++) {
                dw[(at + kc) * 9 + tap] = taps[tap * ld + kc];
            }
        }
    }

    /** Adds chunks 1.. of {@code sums} into chunk 0, in chunk order, over kernels [from, to) of every point. */
    private static void addChunks(float[] sums, int chunks, int chunkFloats, int ld, int from, int to) {
        for (int chunk = 1; chunk < chunks; chunk++) {
            int base = chunk * chunkFloats;
            for (int p = 0; p < POINTS; p++) {
                for (int i = p * ld + from; i < p * ld + to; i += L) {
                    FloatVector.fromArray(WinogradTiles.S, sums, i)
                        .add(FloatVector.fromArray(WinogradTiles.S, sums, base + i)).intoArray(sums, i);
                }
            }
        }
    }

    /**
     * G g Gᵀ of kernels kc in [from, to) into {@code u[ξν·ld + kc − origin]}, L kernels at a time:
     * their taps copied side by side into a small buffer (zero past {@code to}), then transformed
     * (the last block's lanes past {@code to} land in the padding of u's rows: ld ≥ to − origin
     * rounded up to L). The transforms of {@link #STAGED} kernels go to a small staging array first
     * and then row by row into u: stored straight into u, each group of L kernels would write one
     * vector into each of 36 rows far apart, and the stores would wait on the cache (U's rows are
     * K·C apart, the same cache sets); a staging row goes out as one run of consecutive floats.
     */
    static void kernels(WinogradTiling t, float[] w, boolean flipped, int from, int to, float[] u, int origin,
                                int ld) {
        int end = Math.min(to, t.kc());
        float[] taps = DirectBuffer.WINOGRAD_TAPS.get(9 * L);
        float[] tmp = DirectBuffer.WINOGRAD_SCRATCH.get(36 * L);
        float[] stage = DirectBuffer.WINOGRAD_STAGE.get(POINTS * STAGED);
        // where L kernels of one row of w keep their same tap: 9 apart, or, flipped, K·9
        int[] lanes = flipped ? spaced(t.s().k() * 9) : NINES;
        for (int s0 = from; s0 < to; s0 += STAGED) {
            int s1 = Math.min(to, s0 + STAGED);
            for (int kc0 = s0; kc0 < s1; kc0 += L) {
                gatherTaps(t, w, flipped, kc0, end, lanes, taps);
                WinogradTiles.kernels(taps, 0, kc0 - s0, STAGED, stage, tmp);
            }
            int count = (s1 - s0 + L - 1) / L * L;
            for (int xi = 0; xi < POINTS; xi++) {
                System.arraycopy(stage, xi * STAGED, u, xi * ld + s0 - origin, count);
            }
        }
    }

    /**
     * The nine taps of kernels kc0 .. kc0 + L − 1 side by side, {@code taps[tap·L + lane]}, zero for
     * kernels at or past {@code end}; gathered a tap at a time where the L kernels are of one row of
     * w, their taps {@code lanes} apart. Flipped: this layer's kernel (k, c) is the original layer's
     * (c, k) turned by 180° (w is [C][K][3][3] of the layer whose dX this is).
     */
    private static void gatherTaps(WinogradTiling t, float[] w, boolean flipped, int kc0, int end, int[] lanes,
                                   float[] taps) {
        int step = flipped ? -1 : 1;
        if (kc0 + L <= end && (!flipped || kc0 / t.s().c() == (kc0 + L - 1) / t.s().c())) {
            // L kernels of one row: their taps evenly apart in w (9, or, flipped, K·9)
            int base = firstTap(t, flipped, kc0);
            for (int tap = 0; tap < 9; tap++) {
                // the tap of all L kernels in one gather
                FloatVector.fromArray(WinogradTiles.S, w, base + step * tap, lanes, 0).intoArray(taps, tap * L);
            }
            return;
        }
        for (int lane = 0; lane < L; lane++) {
            laneTaps(t, w, flipped, kc0 + lane < end ? kc0 + lane : -1, taps, lane);
        }
    }

    /**
     * The nine taps of kernel kc (flipped as in {@link #gatherTaps}) into one lane, {@code
     * taps[to + tap·L]}; zeros for kc &lt; 0, a lane past the kernels.
     */
    static void laneTaps(WinogradTiling t, float[] w, boolean flipped, int kc, float[] taps, int to) {
        int at = kc < 0 ? -1 : firstTap(t, flipped, kc);
        int step = flipped ? -1 : 1;
        for (int tap = 0; tap < 9; tap++) {
            taps[to + tap * L] = at < 0 ? 0f : w[at + step * tap];
        }
    }

    /** Where in w the first tap of kernel kc lies (flipped: its last, read backwards; see {@link #gatherTaps}). */
    private static int firstTap(WinogradTiling t, boolean flipped, int kc) {
        int channels = t.s().c();
        return flipped ? ((kc % channels) * t.s().k() + kc / channels) * 9 + 8 : kc * 9;
    }
}

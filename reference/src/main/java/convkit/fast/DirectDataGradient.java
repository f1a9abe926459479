package convkit.fast;

import convkit.reference.PaddingMode;

/**
 * dX on the direct conv: for a stride-1, zero-padded layer, dX is the forward of a layer that
 * reads dY with the weights transposed (K and C swapped) and each kernel turned by 180°, padded
 * by dilation·(K − 1) − pad ({@link #transposedLayer}). {@link DirectConv#backwardData} runs it.
 */
final class DirectDataGradient {

    /** Weights (elements) from which {@link #transposeFlipped} is split over the threads. */
    static final int PARALLEL_FLIP = 1 << 18;

    private DirectDataGradient() {
    }

    /**
     * The layer whose forward is this layer's dX, for a stride-1, zero-padded layer with
     * dilation·(K−1) >= pad on both axes, or null: it reads dY ([N][K][OH][OW]) with weights
     * [C][K][KH][KW] = w[k][c] flipped (see {@link #transposeFlipped}), padded by
     * dilation·(KH−1) − padH and dilation·(KW−1) − padW, and its output is [N][C][H][W].
     */
    static LayerShape transposedLayer(LayerShape s) {
        int padH = s.dilationH() * (s.kh() - 1) - s.padH();
        int padW = s.dilationW() * (s.kw() - 1) - s.padW();
        if (s.strideH() != 1 || s.strideW() != 1 || s.padding() != PaddingMode.ZEROS || padH < 0 || padW < 0) {
            return null;
        }
        return new LayerShape(s.n(), s.k(), s.oh(), s.ow(), s.c(), s.kh(), s.kw(), 1, 1, padH, padW,
            s.dilationH(), s.dilationW(), PaddingMode.ZEROS);
    }

    /**
     * w [K][C][KH][KW] as [C][K][KH][KW], each kernel turned by 180°, into the calling thread's
     * reused buffer (valid until its next call; elements past w.length are stale): allocating
     * it each call cost more than the copy. Large weights (resnet3x3_512's 9.4 MB) are split over
     * the threads in ranges of K.
     */
    static float[] transposeFlipped(LayerShape s, float[] w, int threads) {
        float[] flipped = DirectBuffer.FLIPPED_WEIGHTS.get(w.length);
        int taps = s.kh() * s.kw();
        int workers = w.length >= PARALLEL_FLIP ? Math.min(threads, s.k()) : 1;
        Parallel.forEachRange(workers, s.k(), Parallel.units(s.k(), workers), (k0, k1) -> {
            for (int k = k0; k < k1; k++) {
                for (int c = 0; c < s.c(); c++) {
                    int from = (k * s.c() + c) * taps;
                    int to = (c * s.k() + k) * taps + taps - 1;
                    for (int tap = 0; tap < taps; tap++) {
                        flipped[to - tap] = w[from + tap];
                    }
                }
            }
        });
        return flipped;
    }
}

package convkit.fast;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FewChannelConv} on the Vector API's preferred vectors: the kernel is {@link PhasedRows}
 * (input rows split into their column phases, one phase with stride 1; a tile of
 * {@link PhasedRows#CK} output channels × {@link PhasedRows#NV} vectors of positions).
 *
 * <p>Until 2026-12-05, layers of stride 1 along W ran a tile of their own (3 channels × 3 vectors,
 * the taps as a nest of channel, row and column loops, x read in place where unpadded); the phased
 * rows' flat table of taps beat it on every stride-1 layer timed, mnist_5x5 included
 * ({@code .bench/zen3-2026-12-05e.md}), so it went.
 */
final class VectorFewChannelConv implements FewChannelConv {

    /** The kernel's vectors. */
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Lanes of a vector. */
    static final int L = S.length();

    @Override
    public String describe() {
        return "few-channel direct conv (Vector API, " + S.vectorBitSize() + "-bit, " + PhasedRows.describe() + ")";
    }

    @Override
    public int tile() {
        return PhasedRows.TILE;
    }

    @Override
    public void forward(LayerShape s, float[] x, float[] w, float[] bias, float[] y, int threads) {
        if (!FewChannelConv.suits(s)) {
            throw new IllegalArgumentException("the few-channel conv needs C·KH·KW <= " + MAX_TAPS
                + ", but the layer is " + s.describe());
        }
        PhasedRows.forward(s, x, w, bias, y, threads);
    }
}

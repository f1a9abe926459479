package convkit.fast;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 forward convolution without a column matrix, on the Vector API: the
 * {@link DirectConv} of the fast path. This class and the ones it calls are the only ones
 * besides {@link VectorKernels} that name {@code jdk.incubator.vector}; {@link DirectConv#available}
 * loads this one reflectively.
 *
 * <p>The idea. im2col copies every input value KH·KW times into a column matrix and a GEMM then
 * reads that matrix back; here the GEMM's micro-kernel reads the input directly. For one output
 * row y and {@code NR} neighbouring output columns x0 … x0+NR−1, the column-matrix row of tap
 * (c, i, j) is {@code NR} input values that are evenly spaced by the stride. Once the input is
 * rewritten as {@code t} — padded, and with each row split into its stride phases (for stride 2,
 * the even columns, then the odd ones) — those values are contiguous, so each is one vector
 * load from {@code t} at {@code base(y, x0) + offset(c, i, j)}.
 *
 * <pre>
 *   t[c][row][phase][q] = padded input (c, row, q·strideW + phase)
 *   offset(c, i, j)     = c·plane + i·dilationH·rowSize + ((j·dilationW) mod strideW)·wq + (j·dilationW) div strideW
 *   base(y, x0)         = y·strideH·rowSize + x0
 * </pre>
 *
 * <p>Where each part lives:
 * <ul>
 *   <li>{@link DirectLayout}: the layouts of t (rows, flat, shifted copies, x in place), one record each;</li>
 *   <li>{@link InputRewrite}: x copied into t;</li>
 *   <li>{@link PositionTiles}: MR = 8 output channels × NR = 2 vectors of positions, the weights
 *       broadcast, the common tile;</li>
 *   <li>{@link ChannelTiles}: CK = 2 vectors of output channels × CB = 12 positions, the
 *       positions broadcast, for long reductions;</li>
 *   <li>{@link DirectWeightGradient}: dW from dY and t, with the channel tiles' tile;
 *       {@link DirectDataGradient}: dX as the forward of the transposed, flipped layer;</li>
 *   <li>{@link DirectBuffer}: the per-thread buffers; {@link VectorTranspose}: a 16×16 transpose.</li>
 * </ul>
 * This class decides which of them a layer takes ({@link #suits}, {@link #byChannels}).
 *
 * <p>Edges. Columns past OW are computed and masked off at the store, so layers whose OW is far
 * from a multiple of NR waste work: {@link #suits} declines them. Tiles may instead run flat
 * across rows ({@link DirectLayout.Flat}): resnet3x3_64 and alexnet_conv1 then waste 4% of their
 * lanes instead of 14-16% (narrow maps with long reductions take the channel tiles instead).
 * Short reductions at stride 1 take shifted copies ({@link DirectLayout.Shifted}), in which an
 * image's outputs are one long row: mnist_5x5 then wastes no lane instead of a quarter. A 1×1,
 * stride-1, unpadded layer whose H·W is a multiple of NR is read in place
 * ({@link DirectLayout.InPlace}).
 *
 * <p>Cold start: until the JIT has compiled the tiles (a few thousand calls), the Vector API
 * runs boxed, orders of magnitude slower, so the first forward of a large layer is slow. The
 * benchmark warms up for that; a one-off call on a large layer pays it. Run the JVM with
 * {@code -XX:Tier3DelayOn=100000} (the launcher, the tests and the JMH forks do): C1 cannot
 * compile the position tile with a profile ("out of virtual registers"), and when C2's queue is
 * long early in a run, tiered compilation may otherwise leave it in C1's profile-less code for
 * good, many times slower (seen in JMH forks of a resnet1x1_256 backward). The figures behind
 * these choices are in {@code .bench/direct-conv-history.md}.
 */
final class VectorDirectConv implements DirectConv {

    /**
     * 512-bit vectors of 16 floats whatever the machine: the tiles, the transposes and the
     * layouts' slack are written for 16 lanes (with the 8-lane vectors of AVX2 the forward gave
     * wrong sums). On a machine without AVX-512 the JIT cannot map them to registers and they run
     * emulated, far slower: {@link DirectConv#available} offers the direct conv only where the
     * preferred vectors are this wide ({@link #vectorBits}), and tests elsewhere still check it.
     */
    static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    /** Lanes of a vector. */
    static final int L = S.length();
    /** Output positions per position tile: two vectors. */
    static final int NR = 2 * L;
    /** Output channels per position tile. */
    static final int MR = 8;
    /** Output channels per channel tile (two vectors); also per weight-gradient tile. */
    static final int CK = 2 * L;
    /** Output positions per channel tile; taps per weight-gradient tile. CK × CB: 24 accumulators. */
    static final int CB = 12;
    /**
     * Shortest reduction tiled flat: a flat tile stores each vector in two pieces, which a short
     * reduction does not pay for (mnist_5x5, 25 taps, ran slower flat).
     */
    static final int FLAT_MIN_REDUCTION = 128;
    /** Largest accepted ratio of computed to needed output lanes ({@link #rowWaste}, {@link #flatWaste}). */
    static final double MAX_WASTE = 1.34;
    /**
     * Shortest reduction for the channel tiles where the position tiles also suit: with 576 taps
     * (resnet3x3_64, vgg_conv1_2) or fewer the channel tiles ran slower, their sums going to y
     * one by one and each tap's column panel gathered first; with 2304 (resnet3x3_256) faster.
     */
    static final int BY_CHANNELS_MIN_REDUCTION = 1024;

    /** Its tile choice ({@link Tuning#tiles}) and block sizes. */
    private final Tuning tuning;
    /** The set-up of each layout of t its kernels have run, made on first use. */
    private final DirectSetups setups = new DirectSetups();

    /** The direct conv tuned by {@code tuning} (made by {@link DirectConv#available}, which loads this class reflectively). */
    VectorDirectConv(Tuning tuning) {
        this.tuning = tuning;
    }

    @Override
    public int vectorBits() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize(); // the hardware's: S is 512 bits everywhere
    }

    @Override
    public String describe() {
        return "direct conv (Vector API, " + S.vectorBitSize() + "-bit)";
    }

    @Override
    public String describeForward(LayerShape s, boolean byChannels) {
        return byChannels ? describe(CK + " channels × " + CB + " positions")
            : describe(MR + " channels × " + NR + " positions");
    }

    @Override
    public String describeWeights() {
        return describe(CK + " channels × " + CB + " taps");
    }

    private String describe(String tile) {
        return "direct conv (Vector API, " + S.vectorBitSize() + "-bit, " + tile + " tile)";
    }

    @Override
    public boolean suits(LayerShape s) {
        return byChannels(s) || pointwiseInPlace(s) || Math.min(rowWaste(s.ow()), flatWaste(s)) <= MAX_WASTE;
    }

    /**
     * Stride 1, whatever the width of the output rows: the tiles run over a dense panel of the
     * outputs' positions, and only its gather pays for a short row (resnet3x3_512, rows of 7, ran
     * its forward + backward faster with the direct weight gradient than with the GEMM's).
     */
    @Override
    public boolean suitsWeights(LayerShape s) {
        return s.strideH() == 1 && s.strideW() == 1;
    }

    /**
     * Whether the forward takes the {@link ChannelTiles}: where the choice is AUTO, for K in
     * whole vector pairs and a reduction of at least {@link #BY_CHANNELS_MIN_REDUCTION}.
     */
    @Override
    public boolean byChannels(LayerShape s) {
        return switch (tuning.tiles()) {
            case CHANNELS -> true;
            case POSITIONS -> false;
            case AUTO -> s.k() % CK == 0 && s.reduction() >= BY_CHANNELS_MIN_REDUCTION;
        };
    }

    /** Lanes computed per output column of a row OW wide (1 = no waste), tiled row by row. */
    static double rowWaste(int ow) {
        return (double) roundUp(ow, NR) / ow;
    }

    /**
     * Lanes computed per output column when tiles run flat over the rows of t
     * ({@link DirectLayout.Flat}): the width of a row of t's grid over OW; infinite where flat
     * tiling does not apply (a reduction shorter than {@link #FLAT_MIN_REDUCTION}, rows under a vector).
     */
    static double flatWaste(LayerShape s) {
        if (s.reduction() < FLAT_MIN_REDUCTION) {
            return Double.POSITIVE_INFINITY;
        }
        int width = s.ow() + (s.kw() - 1) * s.dilationW() / s.strideW();
        return width < L ? Double.POSITIVE_INFINITY : (double) width / s.ow();
    }

    /**
     * Lanes computed per output when tiles run over an image's outputs in order, rows one after
     * the other ({@link DirectLayout.Shifted}): only the last tile of an image is partly unused.
     * Infinite where that layout does not apply: a stride other than 1, or a reduction of
     * {@link #FLAT_MIN_REDUCTION} taps or more (those tile flat, in a layout KW times smaller).
     */
    static double shiftedWaste(LayerShape s) {
        if (s.strideH() != 1 || s.strideW() != 1 || s.reduction() >= FLAT_MIN_REDUCTION) {
            return Double.POSITIVE_INFINITY;
        }
        int outputs = s.oh() * s.ow();
        return (double) roundUp(outputs, NR) / outputs;
    }

    /** Whether x can serve as t: a 1×1, stride-1, unpadded layer whose H·W fills whole tiles. */
    static boolean pointwiseInPlace(LayerShape s) {
        return s.pointwise() && (s.h() * s.w()) % NR == 0;
    }

    static int roundUp(int value, int multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }

    @Override
    public void forward(LayerShape s, float[] x, float[] w, float[] bias, float[] y, int threads, boolean byChannels) {
        if (byChannels) {
            ChannelTiles.forward(s, x, w, bias, y, threads, tuning, setups);
        } else {
            PositionTiles.forward(s, x, w, bias, y, threads, tuning.directGroupBytes(), setups);
        }
    }

    @Override
    public void backwardWeights(LayerShape s, float[] x, float[] dy, float[] dw, int threads) {
        if (s.strideH() != 1 || s.strideW() != 1) {
            throw new IllegalArgumentException("the direct weight gradient takes stride-1 layers, but the stride was ("
                + s.strideH() + ", " + s.strideW() + ") for " + s.describe());
        }
        DirectWeightGradient.backwardWeights(s, x, dy, dw, threads, tuning, setups);
    }
}

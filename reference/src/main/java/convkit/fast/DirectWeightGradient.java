package convkit.fast;

import static convkit.fast.Parallel.slice;
import static convkit.fast.VectorDirectConv.CB;
import static convkit.fast.VectorDirectConv.CK;
import static convkit.fast.VectorDirectConv.L;
import static convkit.fast.VectorDirectConv.pointwiseInPlace;

/**
 * The direct conv's weight gradient (see {@link #backwardWeights}): dY against the column
 * matrix that t stands for, with the channel tiles' {@link ChannelTiles#columnTile}.
 */
final class DirectWeightGradient {

    /** Starting sums of a tile: zeros. */
    private static final float[] ZERO_SUMS = new float[CB * CK];

    private DirectWeightGradient() {
    }

    /**
     * The weight gradient of a stride-1 layer, blocked like the channel tiles: dw[k][tap] = Σ over positions p of
     * dy[k][p] · t[p + offset(tap)], a product of dY with the column matrix, blocked like the
     * forward's channel tiles, and overwritten. A unit of images is rewritten channel by channel (image m of
     * channel c at c·channelStride + m·plane; 1×1 layers read x in place), and dY is copied
     * transposed and cut into groups of CK channels ([group][position][CK]). Then the threads
     * take groups of CB taps as they come free ({@link Parallel#forEach}): for each, the unit's column panel [position][CB] is
     * gathered out of t ({@link #tapPanel}, in 16×16 transposes), and every channel group runs
     * one {@link ChannelTiles#columnTile} over all the unit's positions — the forward's tile, with dY's
     * channels in the vectors and the panel's taps broadcast — into sums kept per (tap group,
     * channel group) across units, [tap group][channel group][CB][CK]; they reach dw at the end.
     * The panel is gathered once for all channel groups (a tile that broadcast t at 12 offsets
     * of its own kept the offsets spilled from registers). Units of at least
     * {@link Tuning#unitPositions} positions run one after the other. Strided layers: see
     * {@link VectorDirectConv#backwardWeights}, which turns them away.
     */
    static void backwardWeights(LayerShape s, float[] x, float[] dy, float[] dw, int threads, Tuning tuning,
                                DirectSetups setups) {
        boolean inPlace = pointwiseInPlace(s);
        int pixels = s.oh() * s.ow();
        // units of at least unitPositions positions and of about the same size: resnet3x3_256
        // (196 positions an image, so at least 6) runs one unit of 8 images, not 6 + 2
        int least = (int) Math.min(s.n(), Math.max(1, (tuning.unitPositions() + pixels - 1) / pixels));
        int units = s.n() / least;
        int group = (s.n() + units - 1) / units;
        DirectSetups.Setup setup = setups.of(inPlace ? new DirectLayout.InPlace(s) : DirectLayout.forUnits(s, group));
        DirectLayout layout = setup.layout();
        int[] offsets = setup.offsets();
        int reduction = s.reduction();
        InputRewrite rewrite = setup.rewrite();
        int plane = layout.plane();
        int positions = group * pixels;
        int kGroups = (s.k() + CK - 1) / CK;
        int tapGroups = (reduction + CB - 1) / CB;
        float[] t = inPlace ? x : DirectBuffer.INPUT.get(layout.size());
        float[] d = DirectBuffer.OUTPUT_GRID.get(kGroups * positions * CK);
        // the sums (resnet3x3_512: 9.4 MB) are not zeroed: the first block starts from zeros
        float[] sums = DirectBuffer.WEIGHT_SUMS.get(tapGroups * kGroups * CB * CK);
        for (int n0 = 0; n0 < s.n(); n0 += group) {
            int first = n0;
            int count = Math.min(group, s.n() - n0);
            // each image of the unit: its rewrite and its dY transposed, each in two halves
            Parallel.forEach(threads, 4 * count, i -> {
                int image = i / 4;
                int half = i % 2;
                if (i % 4 >= 2) {
                    grid(s, dy, first + image, d, image * pixels, positions, slice(pixels, half, 2),
                        slice(pixels, half + 1, 2));
                } else if (!inPlace) {
                    rewrite.rewrite(x, first + image, slice(s.c(), half, 2), slice(s.c(), half + 1, 2), t,
                        image * plane);
                }
            });
            // the outputs' positions in t: in place, one run of H·W per image, x's images C·H·W
            // apart; else a run of OW per output row, rows rowSize apart, images a plane apart
            Runs runs = inPlace ? new Runs(first * s.c() * pixels, s.c() * pixels, 1, 0, pixels)
                : new Runs(0, plane, s.oh(), layout.rowSize(), s.ow());
            // blocks of whole runs, about weightBlockPositions positions each, one after the other
            int runsPerBlock = Math.max(1, tuning.weightBlockPositions() / runs.run());
            int unitRuns = count * runs.rows();
            for (int f0 = 0; f0 < unitRuns; f0 += runsPerBlock) {
                int from = f0;
                int to = Math.min(unitRuns, f0 + runsPerBlock);
                int blockPositions = (to - from) * runs.run();
                boolean firstBlock = first == 0 && from == 0;
                // a tap group a unit: its sums are its own, so no sum depends on which thread ran it
                Parallel.forEach(threads, tapGroups, tg -> {
                    float[] panel = DirectBuffer.TAP_PANEL.get((blockPositions + L) * CB + L);
                    int r0 = tg * CB;
                    int taps = Math.min(CB, reduction - r0);
                    int[] starts = new int[L];
                    for (int j = 0; j < L; j++) {
                        starts[j] = offsets[r0 + Math.min(j, taps - 1)];
                    }
                    tapPanel(t, runs, from, to, starts, panel);
                    for (int kg = 0; kg < kGroups; kg++) {
                        int at = (tg * kGroups + kg) * CB * CK;
                        ChannelTiles.columnTile(panel, 0, blockPositions, d, (kg * positions + from * runs.run()) * CK,
                            firstBlock ? ZERO_SUMS : sums, firstBlock ? 0 : at, sums, at);
                    }
                });
            }
        }
        // sums [tap group][channel group][tap][channel] into dw [K][R]
        Parallel.forEachRange(threads, tapGroups, Parallel.units(tapGroups, threads), (tg0, tg1) -> {
            for (int tg = tg0; tg < tg1; tg++) {
                int r0 = tg * CB;
                int taps = Math.min(CB, reduction - r0);
                for (int k = 0; k < s.k(); k++) {
                    int from = ((tg * kGroups + k / CK) * CB) * CK + k % CK;
                    for (int j = 0, to = k * reduction + r0; j < taps; j++) {
                        dw[to + j] = sums[from + j * CK];
                    }
                }
            }
        });
    }

    /**
     * Where a unit's outputs sit in t: per image {@code rows} runs of {@code run} positions, run
     * number f = image·rows + row from start + image·imageStride + row·rowStride.
     */
    private record Runs(int start, int imageStride, int rows, int rowStride, int run) {
        /** Where run f starts in t. */
        int at(int f) {
            return start + f / rows * imageStride + f % rows * rowStride;
        }
    }

    /**
     * The column panel of runs [f0, f1) for CB taps, [position][CB]: panel[q·CB + j] =
     * t[p + starts[j]] for the q-th position p of those runs. Sixteen positions of a run at a time,
     * a 16×16 transpose of the 16 rows t[p + starts[j] ...] ({@link VectorTranspose#transpose16}); starts[j] for
     * j >= CB only fill lanes the next position overwrites, and the positions past a run's end
     * the next run's. The panel holds L positions and L values of slack.
     */
    private static void tapPanel(float[] t, Runs runs, int f0, int f1, int[] starts, float[] panel) {
        for (int f = f0, q = 0; f < f1; f++, q += runs.run()) {
            int p = runs.at(f);
            for (int x0 = 0; x0 < runs.run(); x0 += L) {
                VectorTranspose.transpose16(t, p + x0, starts, panel, (q + x0) * CB, CB);
            }
        }
    }

    /**
     * Output pixels [p0, p1) of dy[image], transposed and cut into channel groups: channel k of
     * pixel p at d[((k / CK)·positions + at + p)·CK + k mod CK], so that a group's CK channels of
     * consecutive pixels are one contiguous run (lanes k >= K are left as they are: they only
     * feed sums that are never stored). Blocks of L pixels, so that the rows of d being
     * written stay in L1 while every channel passes.
     */
    private static void grid(LayerShape s, float[] dy, int image, float[] d, int at, int positions, int p0, int p1) {
        int pixels = s.oh() * s.ow();
        for (int b0 = p0; b0 < p1; b0 += L) {
            int b1 = Math.min(p1, b0 + L);
            for (int k = 0; k < s.k(); k++) {
                int from = (image * s.k() + k) * pixels;
                for (int p = b0, to = ((k / CK) * positions + at + b0) * CK + k % CK; p < b1; p++, to += CK) {
                    d[to] = dy[from + p];
                }
            }
        }
    }
}

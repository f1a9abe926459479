package convkit.fast;

import jdk.incubator.vector.FloatVector;

/**
 * How {@link VectorWinograd} cuts one stride-1 3×3 layer into 4×4 output tiles: the tiles' rows
 * and columns, the transformed kernels' size, how a pass goes (whole batch or chunks of tile
 * rows, rows of tiles or gathered patches), and, for tiles gathered side by side, where their
 * patches come from ({@link Patches}) and their outputs go ({@link Outputs}).
 */
record WinogradTiling(LayerShape s, int tilesY, int tilesX, int q, int kc, int kcPadded) {

    private static final int L = WinogradTiles.L;
    private static final int POINTS = WinogradTiles.POINTS;

    static WinogradTiling of(LayerShape s) {
        int tilesX = (s.ow() + 3) / 4;
        int kc = s.k() * s.c();
        return new WinogradTiling(s, (s.oh() + 3) / 4, tilesX, WinogradTiles.phaseLength(tilesX), kc,
            (kc + L - 1) / L * L);
    }

    /** Rows of tiles in the batch. */
    int rows() {
        return s.n() * tilesY;
    }

    /** Whether the kernels' transforms are at least half the size of the tiles' (see {@link VectorWinograd}). */
    boolean wholeBatch() {
        return 2L * kc >= (long) rows() * tilesX * (s.c() + s.k());
    }

    /**
     * Whether the transformed kernels (36·K·C floats) are more than 8 × {@code bytes}
     * (resnet3x3_512's 38 MB, four times its weights): written whole, U would go out to
     * memory and be read back by the GEMMs, so the whole-batch forward transforms it a block
     * of output channels at a time, each block's GEMMs right after. Below, the GEMMs by
     * point over all of U ran faster (resnet3x3_256).
     */
    boolean hugeKernels(int bytes) {
        return (long) POINTS * kc * Float.BYTES > 8L * bytes;
    }

    /**
     * Output channels per unit of a whole-batch pass: their transformed kernels (36·C floats
     * each) about {@code bytes}, rounded up to whole panels of 16, and at least four units a thread.
     */
    int kernelBlock(int bytes, int threads) {
        long perChannel = (long) POINTS * Float.BYTES * s.c();
        int byBytes = (int) Math.max(1, bytes / perChannel);
        int byThreads = Math.max(1, s.k() / (4 * threads));
        int block = Math.max(1, Math.min(byBytes, byThreads));
        // whole panels of 16 rows for the BLAS kernels (resnet3x3_512: 28 channels by bytes, 32 ran faster)
        return block >= 16 ? Math.min(byThreads, (block + 15) / 16 * 16) : block;
    }

    /** Rows of tiles per chunk: V and M of a chunk about {@code bytes}. */
    int chunkRows(int bytes) {
        long perTile = (long) POINTS * Float.BYTES * (s.c() + s.k());
        return (int) Math.max(1, Math.min(rows(), bytes / perTile / tilesX));
    }

    /**
     * Whether rows of tiles are too short to fill half a vector (resnet3x3_256's 4 tiles,
     * resnet3x3_512's 2): the transforms then run on the tiles' patches gathered side by side
     * instead of on a row's tiles.
     */
    boolean byPatches() {
        return 2 * tilesX <= L;
    }

    /** Floats of a phase buffer for up to all tile rows of one image. */
    int phaseFloats() {
        return (4 * tilesY + 2) * 4 * q;
    }

    /**
     * Where the size × size patches of the tiles of tile rows [g0, g1) are, to gather them side by
     * side: {@code patches[(size·i + j)·p + tile]}. A channel's planes of the images those rows lie
     * in are first copied into a buffer with a zero border ({@code rows} × {@code columns} each, the
     * tiles' reach), so that element (i, j) of every tile's patch is one gather at offset {@code
     * i·columns + j} from the tiles' corners, with no bounds to check. The border is zeroed once a
     * call ({@link #zeroedPlanes}): every channel's copy writes the same interior.
     *
     * @param size    6 (the input's patches) or 4 (dY's)
     * @param corners where each tile's patch starts in the buffer (tiles up to p, a whole number of
     *                vectors; those past the rows' tiles at 0: their lanes land in the patches' padding)
     */
    record Patches(int size, int firstImage, int images, int rows, int columns, int[] corners) {

        /** The patches of the whole batch, for a pass that hands out channels (null unless by patches). */
        static Patches whole(WinogradTiling t, boolean gradient) {
            return t.byPatches() ? of(t, gradient, 0, t.rows()) : null;
        }

        /** The input's patches, or for {@code gradient} dY's, of tile rows [g0, g1) (null unless by patches). */
        static Patches of(WinogradTiling t, boolean gradient, int g0, int g1) {
            if (!t.byPatches()) {
                return null;
            }
            int size = gradient ? 4 : 6;
            int rows = 4 * (t.tilesY() - 1) + size;
            int columns = 4 * (t.tilesX() - 1) + size;
            int firstImage = g0 / t.tilesY();
            int[] corners = new int[((g1 - g0) * t.tilesX() + L - 1) / L * L];
            int tile = 0;
            for (int g = g0; g < g1; g++) {
                int plane = (g / t.tilesY() - firstImage) * rows * columns;
                int ty = g % t.tilesY();
                for (int tx = 0; tx < t.tilesX(); tx++, tile++) {
                    corners[tile] = plane + 4 * ty * columns + 4 * tx;
                }
            }
            return new Patches(size, firstImage, (g1 - 1) / t.tilesY() - firstImage + 1, rows, columns, corners);
        }

        /** This thread's buffer of planes, zeroed. */
        float[] zeroedPlanes() {
            float[] planes = DirectBuffer.WINOGRAD_PLANES.get(images * rows * columns);
            java.util.Arrays.fill(planes, 0, images * rows * columns, 0f);
            return planes;
        }

        /**
         * The patches of channel {@code channel} of {@code src} ([N][channels][height][width], a
         * patch read from (4ty − padH, 4tx − padW), zero outside), by way of {@code planes}.
         */
        void gather(float[] planes, float[] src, int srcImage, int channels, int channel, int height, int width,
                    int padH, int padW, float[] patches) {
            int inside = Math.max(0, Math.min(width, columns - padW));
            int lastRow = Math.min(height, rows - padH);
            for (int image = 0; image < images; image++) {
                int from = ((firstImage + image - srcImage) * channels + channel) * height * width;
                for (int row = 0; row < lastRow; row++) {
                    System.arraycopy(src, from + row * width, planes, (image * rows + row + padH) * columns + padW, inside);
                }
            }
            int p = corners.length;
            for (int i = 0; i < size; i++) {
                for (int j = 0; j < size; j++) {
                    int offset = i * columns + j;
                    int to = (size * i + j) * p;
                    for (int tile = 0; tile < p; tile += L) {
                        FloatVector.fromArray(WinogradTiles.S, planes, offset, corners, tile).intoArray(patches, to + tile);
                    }
                }
            }
        }
    }

    /**
     * Where the outputs of tile rows [g0, g1) go, for tiles transformed side by side ({@code
     * out[(4i + j)·p + tile]}): the rows hold whole output rows of one image or more, each image's
     * a run of consecutive outputs of a plane, so each output of a run is a gather from {@code out}
     * ({@code from[q]}: where the run's q-th output is) and a run is stored as whole vectors.
     *
     * @param images  the image of each run
     * @param starts  where each run starts in its output plane
     * @param lengths outputs in each run
     * @param from    for the outputs of all runs one after another, where each is in {@code out}
     */
    record Outputs(LayerShape s, int[] images, int[] starts, int[] lengths, int[] from) {

        /** Where the outputs of the whole batch go, for a pass that hands out output channels (null unless by patches). */
        static Outputs whole(WinogradTiling t) {
            return t.byPatches() ? of(t, 0, t.rows()) : null;
        }

        static Outputs of(WinogradTiling t, int g0, int g1) {
            LayerShape s = t.s();
            int p = ((g1 - g0) * t.tilesX() + L - 1) / L * L;
            int firstImage = g0 / t.tilesY();
            int runs = (g1 - 1) / t.tilesY() - firstImage + 1;
            int[] images = new int[runs];
            int[] starts = new int[runs];
            int[] lengths = new int[runs];
            int total = 0;
            for (int r = 0; r < runs; r++) {
                int image = firstImage + r;
                int ty0 = Math.max(g0, image * t.tilesY()) - image * t.tilesY();
                int ty1 = Math.min(g1, (image + 1) * t.tilesY()) - image * t.tilesY();
                images[r] = image;
                starts[r] = 4 * ty0 * s.ow();
                lengths[r] = (Math.min(s.oh(), 4 * ty1) - 4 * ty0) * s.ow();
                total += lengths[r];
            }
            int[] from = new int[total];
            int q = 0;
            for (int r = 0; r < runs; r++) {
                int firstRow = starts[r] / s.ow();
                for (int i = 0; i < lengths[r]; i++, q++) {
                    int row = firstRow + i / s.ow();
                    int col = i % s.ow();
                    int tile = ((images[r] * t.tilesY() + row / 4) - g0) * t.tilesX() + col / 4;
                    from[q] = (4 * (row % 4) + col % 4) * p + tile;
                }
            }
            return new Outputs(s, images, starts, lengths, from);
        }

        /** Output channel k's outputs, each plus {@code bias}, from {@code out} into y. */
        void store(float[] out, float bias, int k, float[] y) {
            int q = 0;
            for (int r = 0; r < images.length; r++) {
                int at = (images[r] * s.k() + k) * s.oh() * s.ow() + starts[r];
                int i = 0;
                for (; i + L <= lengths[r]; i += L) {
                    FloatVector.fromArray(WinogradTiles.S, out, 0, from, q + i).add(bias).intoArray(y, at + i);
                }
                for (; i < lengths[r]; i++) {
                    y[at + i] = out[from[q + i]] + bias;
                }
                q += lengths[r];
            }
        }
    }
}

package convkit.fast;

/**
 * The direct conv's and the Winograd route's per-thread buffers, one constant each: arrays that a call needs in full but
 * that are too large to allocate on every call (resnet3x3_512's weight-gradient sums are 9.4 MB).
 * Each is grown to the largest request on its thread and never shrunk; its contents are stale,
 * so every user writes the part it reads (or reads only lanes that reach no stored result). The
 * planner times its candidates on threads of its own ({@link Parallel#isolated}), so the buffers
 * of routes a layer does not take end with those threads.
 */
enum DirectBuffer {
    /** t, the rewritten input ({@link DirectLayout}). */
    INPUT,
    /** The position tiles' weights packed in panels of MR channels, [panel][tap][MR]. */
    PACKED_WEIGHTS,
    /** The channel tiles' column panels of a block for one chunk of taps, [tile][tap][CB]. */
    COLUMN_PANELS,
    /** The channel tiles' sums of a block, [tile][channel group][CB][CK]. */
    BLOCK_SUMS,
    /** A channel group's weights for one chunk of taps, [tap][CK]. */
    WEIGHT_SLIVER,
    /** The weight gradient's dY transposed in channel groups, [group][position][CK]. */
    OUTPUT_GRID,
    /** The weight gradient's sums of a call, [tap group][channel group][CB][CK]. */
    WEIGHT_SUMS,
    /** The weight gradient's column panel of a block of positions for one tap group, [position][CB]. */
    TAP_PANEL,
    /** dX's weights, transposed and flipped ({@link DirectDataGradient#transposeFlipped}), [C][K][KH][KW]. */
    FLIPPED_WEIGHTS,
    /** Winograd: the kernels' taps transposed, [9][K·C rounded up to a vector]. */
    WINOGRAD_TAPS,
    /** Winograd: the transforms of a few kernels on their way into U, [36][{@link WinogradKernels#STAGED}]. */
    WINOGRAD_STAGE,
    /** Winograd: U or dU, [36][K·C rounded up]; with huge kernels a unit's slivers of U, or of dM ({@link WinogradKernelBlocks}). */
    WINOGRAD_KERNELS,
    /** Winograd: the transformed input V, [C][36][tiles + a vector]. */
    WINOGRAD_TILES,
    /** Winograd: the products M or the transformed dY, [K][36][tiles + a vector]. */
    WINOGRAD_PRODUCTS,
    /** Winograd: phase rows of an image's channel, or a row of output tiles. */
    WINOGRAD_PHASES,
    /** Winograd: an image channel's planes with a zero border, for tiles gathered as patches. */
    WINOGRAD_PLANES,
    /** Winograd with huge kernels: a unit's sums of M, or of dU for a channel group ({@link WinogradKernelBlocks}). */
    WINOGRAD_SUMS,
    /** Winograd with huge kernels: V in panels, of CB tiles (forward) or CB channels (dW) ({@link WinogradKernelBlocks}). */
    WINOGRAD_PANELS,
    /** Winograd: the transforms' scratch. */
    WINOGRAD_SCRATCH,
    /** Winograd of a strided layer: its input, or dX, as the stride-1 layer's ({@link SpaceToDepth}). */
    WINOGRAD_PHASED,
    /**
     * Winograd of a stride-4 layer: the first round of {@link StridedSplit}'s split of an x row's
     * block, and a block at a row's end.
     */
    WINOGRAD_SPLIT,
    /** Winograd of a strided layer: its weights, or dW, as the stride-1 layer's. */
    WINOGRAD_PHASED_WEIGHTS,
    /** The few-channel conv's weights in blocks of its tile's channels, then its bias ({@link PhasedRows}). */
    FEW_CHANNEL_WEIGHTS,
    /** The few-channel conv's padded copy of the input rows a unit reads, split into their column phases ({@link PhasedRows}). */
    FEW_CHANNEL_ROWS;

    private final ThreadLocal<float[]> slot = ThreadLocal.withInitial(() -> new float[0]);

    /** This thread's array of at least {@code length} elements (grown, never shrunk; contents stale). */
    float[] get(int length) {
        float[] buffer = slot.get();
        if (buffer.length < length) {
            buffer = new float[length];
            slot.set(buffer);
        }
        return buffer;
    }

    /** Elements held by all buffers on the calling thread (for tests). */
    static long heldHere() {
        long held = 0;
        for (DirectBuffer buffer : values()) {
            held += buffer.slot.get().length;
        }
        return held;
    }
}

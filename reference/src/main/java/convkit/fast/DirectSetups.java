package convkit.fast;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every pass over one layout of t needs and no pass changes: the layout's tap offsets and
 * its input rewrite, made on the first pass and kept by the direct conv ({@link VectorDirectConv})
 * for its three kernels, the position tiles, the channel tiles and the weight gradient, each of
 * which picks its layout per pass (cheap: a few integers) and asks here for the rest.
 *
 * <p>Why keep them: made anew each pass, their few loops reached the JIT's thresholds only after
 * thousands of passes, and were compiled inside the timed runs of a suite, after every warm-up:
 * resnet_conv1's runs had C2 compiling {@code DirectLayout.tapOffsets} and {@code InputRewrite}'s
 * constructor beside them (.bench/emr-2026-12-06f.md). Nothing in a set-up is written after it is
 * made: threads share it. At most {@link #MOST} are kept (a process that meets ever new shapes
 * starts over), which a network's layers, a few layouts each, stay far below.
 */
final class DirectSetups {

    /** Layouts kept at most. */
    static final int MOST = 256;

    /**
     * One layout's set-up: where each tap reads t from an output's position, the largest of
     * those offsets (a whole-vector read of a run is safe below t.length − L − maxOffset), and
     * how x goes into t (null where x is read in place).
     */
    record Setup(DirectLayout layout, int[] offsets, int maxOffset, InputRewrite rewrite) {

        static Setup of(DirectLayout layout) {
            int[] offsets = layout.tapOffsets();
            return new Setup(layout, offsets, Arrays.stream(offsets).max().orElse(0),
                layout instanceof DirectLayout.InPlace ? null : new InputRewrite(layout));
        }
    }

    private final Map<DirectLayout, Setup> kept = new ConcurrentHashMap<>();
    /** How many set-ups were made (for tests: a pass over a layout met before makes none). */
    private final java.util.concurrent.atomic.AtomicInteger made = new java.util.concurrent.atomic.AtomicInteger();

    /** The set-up of {@code layout}, made now if it was not kept. */
    Setup of(DirectLayout layout) {
        Setup setup = kept.get(layout);
        if (setup != null) {
            return setup;
        }
        if (kept.size() >= MOST) {
            kept.clear();
        }
        setup = Setup.of(layout);
        made.incrementAndGet();
        Setup first = kept.putIfAbsent(layout, setup);
        return first == null ? setup : first;
    }

    /** Set-ups made so far. */
    int made() {
        return made.get();
    }
}

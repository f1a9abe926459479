package convkit.fast;

import java.lang.foreign.MemorySegment;
import java.lang.ref.WeakReference;

/**
 * The heap segments that {@link NativeBlas}' critical calls hand to the library (a float[] or
 * double[] from an element on), kept by array and offset so that a call whose operands were seen
 * before allocates nothing.
 *
 * <p>Why: each segment is two or three small objects ({@code MemorySegment.ofArray} and
 * {@code asSlice}), and the JIT does not reliably remove them (it declines to inline the slice's
 * copy, profiled by every other user of the JDK's segments). The Winograd layers make thousands
 * of small GEMM calls a pass, so their passes left garbage behind, and the young collections it
 * caused fell into the bench's timed runs ({@code .bench/zen3-2026-12-05c.md}). A layer calls
 * with the same arrays and offsets pass after pass (its inputs, its weights, the per-thread
 * buffers), so after the first pass every lookup hits.
 *
 * <p>A fixed table of slots in pairs, a key in either slot of its pair (a second key that lands
 * on a pair takes its free slot rather than evicting the first). Entries hold the array and the
 * segment only weakly: the cache never keeps a caller's array alive (a collection clears the
 * entry, and the next call makes the segment again). Slots are written without locks: an entry's
 * array and offset are final fields, so a thread that sees an entry sees them; its segment may
 * still read as null there, which is a miss (the segment is made again), never a wrong segment.
 *
 * <p>The price of holding weakly: the first collection after the JIT compiled the GEMM's callers
 * clears every segment, and the compiled code, which has never met a cleared one, is thrown away
 * at the first lookup after it ({@code null_check at HeapSegments.found}) and runs slower until it
 * is compiled again, seconds later; a site once per JVM (the recompiled code knows the case). The
 * bench lets that happen before its timed runs ({@code .bench/zen3-2026-12-05g.md} §11).
 */
final class HeapSegments {

    /**
     * Slots of {@link NativeBlas}' table: many times the distinct operands of any pass of the
     * suite (counted in {@code .bench/zen3-2026-12-05c.md}), so that few keys share a pair.
     */
    static final int DEFAULT_SLOTS = 1 << 14;

    private final Entry[] slots;

    /** A table of {@code slots} slots (a power of two; 1 or 2 make every key collide, for tests). */
    HeapSegments(int slots) {
        if (slots <= 0 || Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("heap segment slots: expected a power of two but was " + slots);
        }
        this.slots = new Entry[slots];
    }

    /** The heap array (float[] or double[]) from element {@code offset} on, as a segment. */
    MemorySegment of(Object array, int offset) {
        int first = slot(array, offset);
        int second = (first ^ 1) & (slots.length - 1); // two ways: a key may sit in either slot of its pair
        MemorySegment segment = found(slots[first], array, offset);
        if (segment == null) {
            segment = found(slots[second], array, offset);
        }
        if (segment != null) {
            return segment;
        }
        segment = slice(array, offset);
        // into a free slot of the pair if there is one, else over the first
        slots[free(slots[first]) || !free(slots[second]) ? first : second] = new Entry(array, offset, segment);
        return segment;
    }

    private static MemorySegment found(Entry entry, Object array, int offset) {
        return entry != null && entry.offset == offset && entry.array.get() == array ? entry.get() : null;
    }

    /** Whether a slot holds nothing of use: empty, or its array or segment collected. */
    private static boolean free(Entry entry) {
        return entry == null || entry.get() == null || entry.array.get() == null;
    }

    /** The first slot of the key's pair: the array's identity and the offset, mixed (SplitMix64's finaliser). */
    private int slot(Object array, int offset) {
        long z = (long) System.identityHashCode(array) << 32 | offset & 0xFFFFFFFFL;
        z = (z ^ z >>> 30) * 0xBF58476D1CE4E5B9L;
        z = (z ^ z >>> 27) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (int) z & slots.length - 1;
    }

    private static MemorySegment slice(Object array, int offset) {
        return switch (array) {
            case float[] f -> MemorySegment.ofArray(f).asSlice((long) offset * Float.BYTES);
            case double[] d -> MemorySegment.ofArray(d).asSlice((long) offset * Double.BYTES);
            default -> throw new IllegalArgumentException("a GEMM operand is a float[] or a double[], not "
                + array.getClass());
        };
    }

    /** A segment (weakly), with its array (weakly) and offset. */
    private static final class Entry extends WeakReference<MemorySegment> {
        final WeakReference<Object> array;
        final int offset;

        Entry(Object array, int offset, MemorySegment segment) {
            super(segment);
            this.array = new WeakReference<>(array);
            this.offset = offset;
        }
    }
}

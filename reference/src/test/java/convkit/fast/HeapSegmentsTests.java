package convkit.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class HeapSegmentsTests {

    @Test
    void aSegmentStartsAtTheOffsetOfItsOwnArrayEvenWhenEveryKeyCollides() {
        for (int slots : new int[] {1, 2, HeapSegments.DEFAULT_SLOTS}) {
            HeapSegments segments = new HeapSegments(slots);
            List<float[]> floats = new ArrayList<>();
            List<double[]> doubles = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                float[] f = new float[40];
                double[] d = new double[40];
                for (int j = 0; j < 40; j++) {
                    f[j] = i * 100 + j;
                    d[j] = -(i * 100 + j);
                }
                floats.add(f);
                doubles.add(d);
            }
            // every array and offset in turn, three times over: hits, misses and evictions mixed
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 5; i++) {
                    for (int offset : new int[] {0, 1, 7, 39}) {
                        MemorySegment f = segments.of(floats.get(i), offset);
                        assertSame(floats.get(i), f.heapBase().orElseThrow(), "slots " + slots);
                        assertEquals((40 - offset) * Float.BYTES, f.byteSize(), "slots " + slots);
                        assertEquals(i * 100 + offset, f.get(ValueLayout.JAVA_FLOAT, 0), "slots " + slots);
                        MemorySegment d = segments.of(doubles.get(i), offset);
                        assertSame(doubles.get(i), d.heapBase().orElseThrow(), "slots " + slots);
                        assertEquals(-(i * 100 + offset), d.get(ValueLayout.JAVA_DOUBLE, 0), "slots " + slots);
                    }
                }
            }
        }
    }

    @Test
    void theSameArrayAndOffsetGetTheSameSegmentAndTwoKeysShareAPair() {
        HeapSegments segments = new HeapSegments(2); // one pair: both keys must stay
        float[] a = new float[8];
        float[] b = new float[8];
        MemorySegment first = segments.of(a, 3);
        MemorySegment second = segments.of(b, 3);
        assertSame(first, segments.of(a, 3));
        assertSame(second, segments.of(b, 3));
        assertNotSame(first, segments.of(a, 4)); // another offset is another segment
    }

    @Test
    void theCacheKeepsNoArrayAlive() throws InterruptedException {
        HeapSegments segments = new HeapSegments(HeapSegments.DEFAULT_SLOTS);
        float[] big = new float[1 << 20];
        segments.of(big, 5);
        WeakReference<float[]> ref = new WeakReference<>(big);
        big = null;
        for (int i = 0; i < 50 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(null, ref.get(), "the array is still reachable through the cache");
        assertEquals(16, segments.of(new float[4], 0).byteSize(), "the cache still serves new arrays");
    }

    @Test
    void slotsMustBeAPowerOfTwo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HeapSegments(3));
        assertTrue(e.getMessage().contains("power of two but was 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new HeapSegments(0));
        assertThrows(IllegalArgumentException.class, () -> new HeapSegments(8).of(new int[4], 0));
    }
}

package convkit.grader.child;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The value encoding between the grader and its child, read as the grader reads a child's answer: what
 * a child may send, and what a frame built by hand may not make the reader do.
 */
class WireTests {

    private static final long BUDGET = 32L << 20;

    record Pair(double[][] weights, int steps) {
    }

    private static byte[] written(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Wire.write(new DataOutputStream(bytes), value);
        return bytes.toByteArray();
    }

    private static Object read(byte[] bytes, long budget) throws IOException {
        return Wire.read(new DataInputStream(new ByteArrayInputStream(bytes)), new long[] {budget});
    }

    @Test
    void aTensorARecordAndScalarsComeBackAsTheyWent() throws IOException {
        double[][][][] tensor = {{{{1.5, -2}, {0, 3}}}, {{{4, 5}, {6, 7}}}};
        assertTrue(java.util.Arrays.deepEquals(tensor, (Object[]) read(written(tensor), BUDGET)));
        Map<?, ?> pair = (Map<?, ?>) read(written(new Pair(new double[][] {{1, 2}}, 3)), BUDGET);
        assertEquals("Pair", pair.get("$record"));
        assertArrayEquals(new double[] {1, 2}, ((double[][]) pair.get("weights"))[0]);
        assertEquals(3, pair.get("steps"));
        assertEquals("text", read(written("text"), BUDGET));
        assertEquals(2.5, read(written(2.5), BUDGET));
    }

    /** Arrays in arrays MAX_DEPTH deep are read; one more level is refused, not a stack overflow a million levels on. */
    @Test
    void aValueNestedDeeperThanTheLimitIsRefused() throws IOException {
        assertEquals(Wire.MAX_DEPTH, depth(read(nested(Wire.MAX_DEPTH), BUDGET)));
        for (int levels : new int[] {Wire.MAX_DEPTH + 1, 1_000_000}) {
            IOException refused = assertThrows(IOException.class, () -> read(nested(levels), BUDGET));
            assertTrue(refused.getMessage().contains("nested deeper than " + Wire.MAX_DEPTH), refused.getMessage());
        }
    }

    /** {@code levels} arrays, each holding the next, the last holding null: as a hand-made frame writes them. */
    private static byte[] nested(int levels) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        for (int i = 0; i < levels; i++) {
            out.writeByte(9);
            out.writeInt(0);
            out.writeInt(1);
        }
        out.writeByte(0);
        return bytes.toByteArray();
    }

    private static int depth(Object value) {
        return value instanceof Object[] array ? 1 + depth(array[0]) : 0;
    }

    /**
     * A header's claim is charged before anything is allocated: two billion doubles (16 GiB) claimed by a
     * header with nothing after it are refused; the same data within the budget is read.
     */
    @Test
    void whatAValueWouldTakeIsChargedBeforeItIsAllocated() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(6);
        out.writeInt(Integer.MAX_VALUE);
        IOException refused = assertThrows(IOException.class, () -> read(bytes.toByteArray(), BUDGET));
        assertTrue(refused.getMessage().contains(Integer.MAX_VALUE + " elements would take more memory"),
            refused.getMessage());
        double[] thousand = new double[1000];
        assertEquals(1000, ((double[]) read(written(thousand), 16 + 8 * 1000)).length);
        assertThrows(IOException.class, () -> read(written(thousand), 16 + 8 * 1000 - 1));
    }

    /** Empty records cost a map each once read: 9 bytes on the wire became about 200 on the heap. */
    @Test
    void emptyRecordsAreChargedTheMapsTheyBecome() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        int records = 1_000_000;
        out.writeByte(9);
        out.writeInt(0);
        out.writeInt(records);
        for (int i = 0; i < records; i++) {
            out.writeByte(10);
            out.writeInt(0);
            out.writeInt(0);
        }
        assertTrue(bytes.size() < BUDGET / 3, "the frame itself is small: " + bytes.size());
        IOException refused = assertThrows(IOException.class, () -> read(bytes.toByteArray(), BUDGET));
        assertTrue(refused.getMessage().contains("would take more memory than one value may"), refused.getMessage());
    }
}

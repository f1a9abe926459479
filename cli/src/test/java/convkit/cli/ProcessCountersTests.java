package convkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class ProcessCountersTests {

    private static final boolean LINUX = System.getProperty("os.name", "").startsWith("Linux");

    private static long column(String text) {
        try (Arena arena = Arena.ofConfined()) {
            byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
            MemorySegment segment = arena.allocate(bytes.length + 8L);
            MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, 0, bytes.length);
            return ProcessCounters.stealColumn(segment, bytes.length);
        }
    }

    @Test
    void theStealColumnIsTheEighthNumberOfTheMachinesLineAndNothingElse() {
        assertEquals(11866, column("cpu  7207636 3556 575392 4781573 8766 0 23794 11866 0 0\ncpu0 1 2 3\n"));
        assertEquals(0, column("cpu  1 2 3 4 5 6 7 0 0 0\n"));
        assertEquals(-1, column("cpu  1 2 3 4 5 6 7\ncpu0 8 9 10 11 12 13 14 15\n"), "a kernel that has no steal column");
        assertEquals(-1, column("cpu  1 2 3 4 5 6 7 12"), "the line cut off inside the eighth number");
        assertEquals(-1, column("cpu0 1 2 3 4 5 6 7 8\n"), "a line of one CPU, not the machine's");
        assertEquals(-1, column("intr 1 2 3 4 5 6 7 8\n"));
        assertEquals(-1, column("cpu  1 2 x 4 5 6 7 8\n"));
        assertEquals(-1, column(""));
    }

    @Test
    void theStealTimeIsTheOneProcStatShows() throws IOException {
        assumeTrue(LINUX && Files.isReadable(Path.of("/proc/stat")), "Linux's /proc/stat");
        long before = ProcessCounters.stealMillis();
        String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long after = ProcessCounters.stealMillis();
        assumeTrue(fields.length > 8, "a kernel that counts steal time");
        long shown = Long.parseLong(fields[8]) * 10;
        assertTrue(before >= 0 && before <= shown && shown <= after, before + " <= " + shown + " <= " + after);
        assertTrue(after - before < 1000, "the host took a second between two reads? " + before + ", " + after);
    }

    @Test
    void pagesTouchedForTheFirstTimeAreCountedAsFaults() {
        assumeTrue(LINUX, "Linux's getrusage");
        long[] before = new long[2];
        long[] after = new long[2];
        long size = 64L << 20;
        try (Arena arena = Arena.ofConfined()) {
            ProcessCounters.usage(before);
            MemorySegment fresh = arena.allocate(size, 4096); // zeroed: its pages touched here already
            for (long at = 0; at < size; at += 4096) {
                fresh.set(ValueLayout.JAVA_BYTE, at, (byte) 1);
            }
            ProcessCounters.usage(after);
        }
        // 16,384 pages of 4 KiB, or 32 of 2 MiB where the system gives huge pages
        assertTrue(after[0] - before[0] >= 32, "faults " + before[0] + " -> " + after[0]);
        assertTrue(before[1] >= 0 && after[1] >= before[1], "involuntary switches " + before[1] + " -> " + after[1]);
    }
}

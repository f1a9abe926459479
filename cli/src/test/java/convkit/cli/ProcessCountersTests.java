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

    /** What {@code parser} reads in {@code text}, given as the bytes of a buffer and their count. */
    private static long parsed(String text, java.util.function.ToLongBiFunction<MemorySegment, Long> parser) {
        try (Arena arena = Arena.ofConfined()) {
            byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
            MemorySegment segment = arena.allocate(bytes.length + 8L);
            MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, 0, bytes.length);
            return parser.applyAsLong(segment, (long) bytes.length);
        }
    }

    private static long column(String text) {
        return parsed(text, ProcessCounters::stealColumn);
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

    private static long waitColumn(String text) {
        return parsed(text, ProcessCounters::waitColumn);
    }

    @Test
    void aThreadsWaitForACoreIsTheSecondNumberOfItsSchedstatLine() {
        assertEquals(1140760732L, waitColumn("9474808455 1140760732 2491\n"));
        assertEquals(0, waitColumn("33006336 0 19\n"));
        assertEquals(-1, waitColumn("9474808455 11407"), "cut off inside the second number");
        assertEquals(-1, waitColumn("9474808455"));
        assertEquals(-1, waitColumn("x 1 2\n"));
        assertEquals(-1, waitColumn(""));
        try (Arena arena = Arena.ofConfined()) {
            assertEquals(-1, ProcessCounters.waitColumn(arena.allocate(8), -1), "a failed read");
        }
    }

    /**
     * More spinning threads than cores, those named as the fast path's workers watched: together
     * they wait for a core at least a quarter of their part of what the surplus threads must; once
     * they have ended (a thread's file no longer reads) each counts as last read.
     */
    @Test
    void theWaitsOfTheNamedThreadsAreCountedWhileTheyOutnumberTheCores() throws Exception {
        assumeTrue(LINUX && Files.isReadable(Path.of("/proc/thread-self/schedstat")), "Linux's schedstat");
        int cores = Runtime.getRuntime().availableProcessors();
        int spinners = 2 * cores + 1;
        long spinMillis = 400;
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(spinners);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.List<Thread> threads = new java.util.ArrayList<>();
        for (int i = 0; i < spinners; i++) {
            Thread thread = new Thread(() -> {
                started.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                long x = 0;
                while (!stop.get()) {
                    x++;
                }
            }, (i % 2 == 0 ? BenchRunner.LAYER_THREADS + "test-" : "other-") + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        started.await();
        int watched = (spinners + 1) / 2;
        try (ProcessCounters.ReadyWait ready = ProcessCounters.ReadyWait.of(BenchRunner.LAYER_THREADS)) {
            assertEquals(1 + watched, ready.threads(), "this thread and the named ones");
            long before = ready.nanos();
            go.countDown();
            Thread.sleep(spinMillis);
            long after = ready.nanos();
            stop.set(true);
            for (Thread thread : threads) {
                thread.join();
            }
            // spinners - cores threads' worth of waiting, shared by all; the named ones hold their part
            long least = (spinners - cores) * spinMillis * 1_000_000L * watched / spinners / 4;
            assertTrue(after - before >= least, "waited " + (after - before) / 1e6 + " ms, at least "
                + least / 1e6 + " ms expected of " + watched + " of " + spinners + " spinners on " + cores + " cores");
            long again = ready.nanos();
            assertTrue(again >= after, "read again once the spinners have ended: " + after + " -> " + again);
        }
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

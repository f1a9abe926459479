package convkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench --turns IN,OUT}: the pieces it waits for, in order, and what it says of each. */
class BenchTurnsTests {

    private static final String LAYER = "2,4,12,12,8,3,3,1,1";
    private static final String NAME = "custom_2_4_12_12_8_3_3_1_1";

    @Test
    void everyPieceIsAnnouncedWaitedForAndSaidDoneInOrderThenTheEnd(@TempDir Path dir) throws IOException {
        Path in = Files.writeString(dir.resolve("in"), "go\n".repeat(5));
        // OUT left from an earlier run, longer than what this run says: emptied first
        Path said = Files.writeString(dir.resolve("out"), "left from an earlier run\n".repeat(40));
        Path json = dir.resolve("bench.json");
        CliRun bench = CliRun.of("bench", "--layer", LAYER, "--runs", "3", "--turn-runs", "2", "--warmup", "1",
            "--plan-cache", "off", "--json", json.toString(), "--turns", in + "," + said);
        assertEquals(0, bench.exitCode(), bench.err());
        List<String> expected = new ArrayList<>();
        for (String piece : List.of("prime", "warm " + NAME, "runs " + NAME + " 1/2", "runs " + NAME + " 2/2")) {
            expected.add("ready " + piece);
            expected.add("done " + piece);
        }
        expected.add("end");
        assertEquals(expected, Files.readAllLines(said));
        // three timed runs all the same, cut into turns of two and one
        assertTrue(Files.readString(json).contains("\"runs\": 3, "), Files.readString(json));
        assertTrue(Files.readString(json).contains("\"turns\": true"), Files.readString(json));
    }

    @Test
    void aCoordinatorThatStopsGivingTurnsFailsTheBenchWhichStillSaysItsEnd(@TempDir Path dir) throws IOException {
        Path in = Files.writeString(dir.resolve("in"), "go\ngo\n");
        Path said = dir.resolve("out");
        CliRun bench = CliRun.of("bench", "--layer", LAYER, "--runs", "2", "--warmup", "1",
            "--plan-cache", "off", "--turns", in + "," + said);
        assertEquals(Main.EXIT_FAILURE, bench.exitCode());
        assertTrue(bench.err().contains("IN ended before the turn for 'runs " + NAME + " 1/1'"), bench.err());
        List<String> lines = Files.readAllLines(said);
        assertEquals("end", lines.get(lines.size() - 1), lines.toString());
    }

    @Test
    void aLineOtherThanGoIsAFailureNamingIt(@TempDir Path dir) throws IOException {
        Path in = Files.writeString(dir.resolve("in"), "stop\n");
        CliRun bench = CliRun.of("bench", "--layer", LAYER, "--runs", "1", "--warmup", "1",
            "--plan-cache", "off", "--turns", in + "," + dir.resolve("out"));
        assertEquals(Main.EXIT_FAILURE, bench.exitCode());
        assertTrue(bench.err().contains("expected 'go' before 'prime' but read 'stop'"), bench.err());
    }

    @Test
    void badTurnsAreUsageErrors(@TempDir Path dir) {
        CliRun onePath = CliRun.of("bench", "--layer", LAYER, "--runs", "1", "--plan-cache", "off",
            "--turns", "only-one-path");
        assertEquals(Main.EXIT_USAGE, onePath.exitCode());
        assertTrue(onePath.err().contains("--turns: expected IN,OUT"), onePath.err());
        CliRun missing = CliRun.of("bench", "--layer", LAYER, "--runs", "1", "--plan-cache", "off",
            "--turns", dir.resolve("missing") + "," + dir.resolve("out"));
        assertEquals(Main.EXIT_USAGE, missing.exitCode());
        assertTrue(missing.err().contains("does not exist (make it with mkfifo)"), missing.err());
        CliRun noRuns = CliRun.of("bench", "--layer", LAYER, "--runs", "1", "--turn-runs", "0");
        assertEquals(Main.EXIT_USAGE, noRuns.exitCode());
        assertTrue(noRuns.err().contains("--turn-runs must be >= 1"), noRuns.err());
    }

    /**
     * Through named pipes, as {@code .bench/compare.py --lockstep} drives it: while the coordinator
     * holds a turn, the bench's thread does nothing (its CPU time stands still), whichever piece
     * waits; every piece of this layer takes more than that hold's allowance of work (the warm-up
     * seconds, each turn's untimed passes of 100 ms).
     */
    @Test
    void throughNamedPipesTheBenchDoesNothingWhileItsTurnIsHeld(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in");
        Path said = dir.resolve("out");
        for (Path fifo : List.of(in, said)) {
            Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
            assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo " + fifo);
        }
        CliRun[] result = new CliRun[1];
        Thread bench = new Thread(() -> result[0] = CliRun.of("bench", "--layer", LAYER, "--runs", "2", "--turn-runs", "1",
            "--warmup", "1", "--plan-cache", "off", "--turns", in + "," + said), "bench-under-turns");
        bench.start();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<String> pieces = new ArrayList<>();
        try (Writer go = Files.newBufferedWriter(in, StandardCharsets.UTF_8, StandardOpenOption.WRITE);
             BufferedReader from = Files.newBufferedReader(said, StandardCharsets.UTF_8)) {
            for (String line = from.readLine(); !"end".equals(line); line = from.readLine()) {
                assertTrue(line != null && line.startsWith("ready "), "expected a ready line but read " + line);
                String piece = line.substring("ready ".length());
                long cpuBefore = threads.getThreadCpuTime(bench.getId());
                Thread.sleep(300);
                long heldCpu = threads.getThreadCpuTime(bench.getId()) - cpuBefore;
                assertTrue(heldCpu < 30_000_000L, "the bench worked " + heldCpu / 1e6 + " ms of CPU while '" + piece
                    + "' waited for its turn");
                go.write("go\n");
                go.flush();
                assertEquals("done " + piece, from.readLine());
                pieces.add(piece);
            }
        }
        bench.join(60_000);
        assertEquals(0, result[0].exitCode(), result[0].err());
        assertEquals(List.of("prime", "warm " + NAME, "runs " + NAME + " 1/2", "runs " + NAME + " 2/2"), pieces);
    }
}

package convkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel threads that take a CPU in bursts, found by their names in a /proc. */
class KernelBurstsTests {

    @TempDir
    Path proc;

    private void process(String pid, String comm) throws IOException {
        Files.createDirectories(proc.resolve(pid));
        Files.writeString(proc.resolve(pid).resolve("comm"), comm + "\n");
    }

    @Test
    void kdamondThreadsAreFoundByNameAndNothingElse() throws IOException {
        process("1", "systemd");
        process("83", "kdamond.0");
        process("84", "kdamond.1");
        process("90", "kswapd0");
        process("self", "kdamond.9"); // not a pid
        Files.createDirectories(proc.resolve("91")); // ended: no comm
        assertEquals(List.of("kdamond.0", "kdamond.1"), KernelBursts.find(proc));
        String note = KernelBursts.note(proc).orElseThrow();
        assertTrue(note.startsWith("kdamond.0, kdamond.1 (the kernel's DAMON page reclaim) runs here"), note);
    }

    @Test
    void noneOrNoProcSaysNothing() throws IOException {
        process("1", "systemd");
        assertEquals(Optional.empty(), KernelBursts.note(proc));
        assertEquals(List.of(), KernelBursts.find(proc.resolve("missing")));
    }
}

package convkit.grader.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * {@link ScratchWatch} counts only the sandbox's own folders: a tmpfs of the sandbox's size. The
 * host's folders seen through {@code /proc/PID/root} before the sandbox's are mounted (the host's
 * {@code /tmp} may hold many files) must never end a child. Its hostile test is in {@link SandboxTests}.
 */
class ScratchWatchTests {

    @Test
    void onlyATmpfsOfTheGivenSizeIsCounted() throws IOException {
        assumeTrue(ScratchWatch.watching(), "this JVM cannot count a folder's files");
        Path here = Path.of("").toAbsolutePath();
        assertEquals(-1, ScratchWatch.files(here.toString(), Sandbox.SCRATCH_BYTES), "the checkout's file system");
        assertEquals(-1, ScratchWatch.files("/proc", Sandbox.SCRATCH_BYTES), "procfs");
        assertEquals(-1, ScratchWatch.files("/no/such/folder", Sandbox.SCRATCH_BYTES), "a folder that is not there");
        Path shm = Path.of("/dev/shm");
        assumeTrue(Files.isDirectory(shm) && "tmpfs".equals(Files.getFileStore(shm).type()), "a tmpfs at /dev/shm");
        FileStore store = Files.getFileStore(shm);
        long size = store.getTotalSpace();
        assertTrue(ScratchWatch.files(shm.toString(), size) >= 1, "a tmpfs of the size asked is counted");
        assertEquals(-1, ScratchWatch.files(shm.toString(), size + 4096), "a tmpfs of another size is not");
    }
}

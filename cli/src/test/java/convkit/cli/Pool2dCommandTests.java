package convkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import convkit.reference.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pool2d}'s warning and {@code --strict} for pixels no window reads. */
class Pool2dCommandTests {

    @TempDir
    Path dir;

    @Test
    void aStrideLargerThanTheWindowWarnsAboutThePixelsBetweenWindows() throws IOException {
        Path x10 = CliRun.write(dir, "x10.npy", CliRun.ramp(1, 1, 1, 10, 10), DType.FLOAT64);
        CliRun run = CliRun.of("pool2d", "--mode", "max", "--input", x10.toString(), "--kernel", "3", "--stride", "4",
            "--output", dir.resolve("y.npy").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("never reads 4 of 10 input columns: 3, 7..9"), run.err());
    }

    @Test
    void pixelsBetweenWindowsInStrictModeAreExit2() throws IOException {
        Path x10 = CliRun.write(dir, "x10.npy", CliRun.ramp(1, 1, 1, 10, 10), DType.FLOAT64);
        Path y = dir.resolve("y.npy");
        CliRun run = CliRun.of("pool2d", "--mode", "avg", "--input", x10.toString(), "--kernel", "3", "--stride", "4",
            "--strict", "--output", y.toString());
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("strict mode") && run.err().contains("input rows: 3, 7..9"), run.err());
        assertFalse(Files.exists(y));
    }

    @Test
    void windowsThatTileTheInputPassStrictMode() throws IOException {
        Path x10 = CliRun.write(dir, "x10.npy", CliRun.ramp(1, 1, 1, 10, 10), DType.FLOAT64);
        Path y = dir.resolve("y.npy");
        CliRun run = CliRun.of("pool2d", "--mode", "max", "--input", x10.toString(), "--kernel", "2", "--strict",
            "--output", y.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(Files.exists(y));
    }
}

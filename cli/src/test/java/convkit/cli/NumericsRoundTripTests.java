package convkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import convkit.reference.Compare;
import convkit.reference.Conv2d;
import convkit.reference.ConvSpec;
import convkit.reference.DType;
import convkit.reference.Kernels;
import convkit.reference.Npy;
import convkit.reference.Pool2d;
import convkit.reference.PoolSpec;
import convkit.reference.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through .npy files: conv2d, then pool2d on its output, then pool2d-backward and
 * conv2d-backward back to the input, each result checked against the reference in memory.
 */
class NumericsRoundTripTests {

    @TempDir
    Path dir;

    private String path(String name) {
        return dir.resolve(name).toString();
    }

    private Tensor read(String name) throws IOException {
        return Npy.read(dir.resolve(name)).tensor();
    }

    private static void run(String... args) {
        CliRun run = CliRun.of(args);
        assertEquals(0, run.exitCode(), String.join(" ", args) + "\n" + run.err());
    }

    @Test
    void forwardAndBackwardChainInFloat64MatchesTheReference() throws IOException {
        Tensor x = CliRun.ramp(0.1, 2, 2, 8, 8);
        Tensor w = CliRun.ramp(0.03, 3, 2, 3, 3);
        Tensor b = CliRun.ramp(0.5, 3);
        CliRun.write(dir, "x.npy", x, DType.FLOAT64);
        CliRun.write(dir, "w.npy", w, DType.FLOAT64);
        CliRun.write(dir, "b.npy", b, DType.FLOAT64);
        ConvSpec convSpec = ConvSpec.of(1, 1, 1);
        PoolSpec poolSpec = PoolSpec.of(2, 2, 0);

        run("conv2d", "--input", path("x.npy"), "--weight", path("w.npy"), "--bias", path("b.npy"), "--padding", "1",
            "--output", path("y.npy"));
        Tensor y = Conv2d.forward(x, w, b, convSpec);
        assertEquals(y, read("y.npy"));

        run("pool2d", "--mode", "max", "--input", path("y.npy"), "--kernel", "2", "--output", path("p.npy"));
        Tensor p = Pool2d.maxForward(y, poolSpec).y();
        assertEquals(p, read("p.npy"));

        Tensor dp = CliRun.ramp(1, p.shape());
        CliRun.write(dir, "dp.npy", dp, DType.FLOAT64);
        run("pool2d-backward", "--mode", "max", "--input", path("y.npy"), "--grad-output", path("dp.npy"),
            "--kernel", "2", "--grad-input", path("dy.npy"));
        Tensor dy = Pool2d.maxBackward(y, dp, poolSpec);
        assertEquals(dy, read("dy.npy"));

        run("conv2d-backward", "--input", path("x.npy"), "--weight", path("w.npy"), "--bias", path("b.npy"),
            "--padding", "1", "--grad-output", path("dy.npy"), "--grad-input", path("dx.npy"),
            "--grad-weight", path("dw.npy"), "--grad-bias", path("db.npy"));
        Conv2d.Gradients g = Conv2d.backward(x, w, dy, convSpec);
        assertEquals(g.dx(), read("dx.npy"));
        assertEquals(g.dw(), read("dw.npy"));
        assertEquals(g.db(), read("db.npy"));
    }

    @Test
    void avgPoolRoundTripInFloat32() throws IOException {
        Tensor x = CliRun.asFloat32(CliRun.ramp(0.1, 1, 2, 7, 7));
        CliRun.write(dir, "x.npy", x, DType.FLOAT32);
        PoolSpec spec = new PoolSpec(3, 3, 2, 2, 1, 1);
        run("pool2d", "--mode", "avg", "--input", path("x.npy"), "--kernel", "3", "--stride", "2", "--padding", "1",
            "--output", path("y.npy"));
        Npy.Array y = Npy.read(dir.resolve("y.npy"));
        assertEquals(DType.FLOAT32, y.dtype());
        assertNull(Compare.firstDifference("y", CliRun.asFloat32(Pool2d.avgForward(x, spec)), y.tensor(), 0));
        Tensor dy = CliRun.asFloat32(CliRun.ramp(1, y.tensor().shape()));
        CliRun.write(dir, "dy.npy", dy, DType.FLOAT32);
        run("pool2d-backward", "--mode", "avg", "--input", path("x.npy"), "--grad-output", path("dy.npy"),
            "--kernel", "3", "--stride", "2", "--padding", "1", "--grad-input", path("dx.npy"));
        assertNull(Compare.firstDifference("dx", CliRun.asFloat32(Pool2d.avgBackward(x, dy, spec)), read("dx.npy"), 0));
    }

    @Test
    void flippedBackwardGivesTheGradientOfTheUnflippedKernel() throws IOException {
        Tensor x = CliRun.ramp(0.1, 1, 1, 5, 5);
        Tensor w = CliRun.ramp(0.3, 2, 1, 2, 3);
        CliRun.write(dir, "x.npy", x, DType.FLOAT64);
        CliRun.write(dir, "w.npy", w, DType.FLOAT64);
        Tensor dy = CliRun.ramp(1, 1, 2, 4, 3);
        CliRun.write(dir, "dy.npy", dy, DType.FLOAT64);
        run("conv2d-backward", "--flip", "--input", path("x.npy"), "--weight", path("w.npy"),
            "--grad-output", path("dy.npy"), "--grad-input", path("dx.npy"), "--grad-weight", path("dw.npy"));
        Conv2d.Gradients g = Conv2d.backward(x, Kernels.flip180(w), dy, ConvSpec.DEFAULT);
        assertEquals(g.dx(), read("dx.npy"));
        assertEquals(Kernels.flip180(g.dw()), read("dw.npy"));
        assertFalse(Files.exists(dir.resolve("db.npy")));
    }

    @Test
    void backwardWithWrongGradOutputShapeWritesNoneOfItsOutputs() throws IOException {
        CliRun.write(dir, "x.npy", CliRun.ramp(0.1, 1, 1, 5, 5), DType.FLOAT64);
        CliRun.write(dir, "w.npy", CliRun.ramp(0.3, 1, 1, 3, 3), DType.FLOAT64);
        CliRun.write(dir, "dy.npy", CliRun.ramp(1, 1, 1, 5, 5), DType.FLOAT64);
        CliRun run = CliRun.of("conv2d-backward", "--input", path("x.npy"), "--weight", path("w.npy"),
            "--grad-output", path("dy.npy"), "--grad-input", path("dx.npy"), "--grad-weight", path("dw.npy"),
            "--grad-bias", path("db.npy"));
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("grad output dy: expected shape [1, 1, 3, 3]") && run.err().contains("[1, 1, 5, 5]"),
            run.err());
        try (var files = Files.list(dir)) {
            assertEquals(3, files.count(), "only the three inputs remain");
        }
    }

    @Test
    void poolWindowLargerThanInputIsExit2() throws IOException {
        CliRun.write(dir, "x.npy", CliRun.ramp(0.1, 1, 1, 3, 3), DType.FLOAT64);
        CliRun run = CliRun.of("pool2d", "--mode", "max", "--input", path("x.npy"), "--kernel", "4",
            "--output", path("y.npy"));
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("[1, 1, 3, 3]") && run.err().contains("kernel larger than padded input"), run.err());
        assertFalse(Files.exists(dir.resolve("y.npy")));
    }

    @Test
    void poolPaddingBeyondHalfTheKernelIsExit2() throws IOException {
        CliRun.write(dir, "x.npy", CliRun.ramp(0.1, 1, 1, 4, 4), DType.FLOAT64);
        CliRun run = CliRun.of("pool2d", "--mode", "avg", "--input", path("x.npy"), "--kernel", "2", "--padding", "2",
            "--output", path("y.npy"));
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("at most half the kernel"), run.err());
    }

    @Test
    void unknownPoolModeIsExit2() {
        CliRun run = CliRun.of("pool2d", "--mode", "median", "--input", "x.npy", "--kernel", "2", "--output", "y.npy");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--mode"), run.err());
    }
}

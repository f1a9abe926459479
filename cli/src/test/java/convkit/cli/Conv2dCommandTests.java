package convkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import convkit.reference.Compare;
import convkit.reference.Conv2d;
import convkit.reference.ConvSpec;
import convkit.reference.DType;
import convkit.reference.Kernels;
import convkit.reference.Npy;
import convkit.reference.PaddingMode;
import convkit.reference.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Conv2dCommandTests {

    @TempDir
    Path dir;

    private Path x;
    private Path w;
    private Path b;

    private void writeInputs(DType dtype) throws IOException {
        x = CliRun.write(dir, "x.npy", CliRun.ramp(0.1, 2, 3, 6, 5), dtype);
        w = CliRun.write(dir, "w.npy", CliRun.ramp(0.05, 4, 3, 3, 2), dtype);
        b = CliRun.write(dir, "b.npy", CliRun.ramp(0.2, 4), dtype);
    }

    private Tensor read(String name) throws IOException {
        return Npy.read(dir.resolve(name)).tensor();
    }

    @Test
    void float32InGivesFloat32OutMatchingTheReference() throws IOException {
        writeInputs(DType.FLOAT32);
        CliRun run = CliRun.of("conv2d", "--input", x.toString(), "--weight", w.toString(), "--bias", b.toString(),
            "--stride", "2,1", "--padding", "1", "--dilation", "1,2", "--output", dir.resolve("y.npy").toString());
        assertEquals(0, run.exitCode(), run.err());
        Npy.Array y = Npy.read(dir.resolve("y.npy"));
        assertEquals(DType.FLOAT32, y.dtype());
        Tensor expected = CliRun.asFloat32(Conv2d.forward(read("x.npy"), read("w.npy"), read("b.npy"),
            new ConvSpec(2, 1, 1, 1, 1, 2, PaddingMode.ZEROS)));
        assertEquals(null, Compare.firstDifference("y", expected, y.tensor(), 0));
    }

    @Test
    void float64InGivesFloat64Out() throws IOException {
        writeInputs(DType.FLOAT64);
        CliRun run = CliRun.of("conv2d", "--input", x.toString(), "--weight", w.toString(),
            "--output", dir.resolve("y.npy").toString());
        assertEquals(0, run.exitCode(), run.err());
        Npy.Array y = Npy.read(dir.resolve("y.npy"));
        assertEquals(DType.FLOAT64, y.dtype());
        assertEquals(Conv2d.forward(read("x.npy"), read("w.npy"), null, ConvSpec.DEFAULT), y.tensor());
    }

    @Test
    void flipGivesTrueConvolution() throws IOException {
        writeInputs(DType.FLOAT64);
        CliRun run = CliRun.of("conv2d", "--input", x.toString(), "--weight", w.toString(), "--flip",
            "--padding-mode", "reflect", "--padding", "1", "--output", dir.resolve("y.npy").toString());
        assertEquals(0, run.exitCode(), run.err());
        Tensor expected = Conv2d.forward(read("x.npy"), Kernels.flip180(read("w.npy")), null,
            ConvSpec.of(1, 1, 1).withPaddingMode(PaddingMode.REFLECT));
        assertEquals(expected, read("y.npy"));
    }

    @Test
    void im2colImplAgreesWithNaive() throws IOException {
        writeInputs(DType.FLOAT64);
        assertEquals(0, CliRun.of("conv2d", "--input", x.toString(), "--weight", w.toString(), "--impl", "im2col",
            "--output", dir.resolve("y.npy").toString()).exitCode());
        Tensor expected = Conv2d.forward(read("x.npy"), read("w.npy"), null, ConvSpec.DEFAULT);
        assertEquals(null, Compare.firstDifference("y", expected, read("y.npy"), 1e-12));
    }

    @Test
    void channelMismatchIsExit2NamingShapesAndWritesNothing() throws IOException {
        writeInputs(DType.FLOAT32);
        Path w2 = CliRun.write(dir, "w2.npy", CliRun.ramp(1, 4, 2, 3, 3), DType.FLOAT32);
        Path y = dir.resolve("y.npy");
        CliRun run = CliRun.of("conv2d", "--input", x.toString(), "--weight", w2.toString(), "--output", y.toString());
        assertEquals(2, run.exitCode());
        assertEquals("convkit conv2d: channel mismatch: input x [2, 3, 6, 5] has C=3 but weight w [4, 2, 3, 3]"
            + " expects C=2", run.err().strip());
        assertFalse(Files.exists(y));
    }

    @Test
    void kernelLargerThanPaddedInputIsExit2() throws IOException {
        writeInputs(DType.FLOAT32);
        Path big = CliRun.write(dir, "big.npy", CliRun.ramp(1, 1, 3, 9, 2), DType.FLOAT32);
        CliRun run = CliRun.of("conv2d", "--input", x.toString(), "--weight", big.toString(), "--output",
            dir.resolve("y.npy").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("kernel larger than padded input"), run.err());
    }

    @Test
    void wrongRankIsExit2() throws IOException {
        writeInputs(DType.FLOAT32);
        Path flat = CliRun.write(dir, "flat.npy", CliRun.ramp(1, 3, 6, 5), DType.FLOAT32);
        CliRun run = CliRun.of("conv2d", "--input", flat.toString(), "--weight", w.toString(), "--output",
            dir.resolve("y.npy").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("input x: expected rank 4 [N][C][H][W] but was rank 3 with shape [3, 6, 5]"), run.err());
    }

    @Test
    void nonPositiveStrideIsExit2() throws IOException {
        writeInputs(DType.FLOAT32);
        CliRun run = CliRun.of("conv2d", "--input", x.toString(), "--weight", w.toString(), "--stride", "1,0",
            "--output", dir.resolve("y.npy").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("strideW: expected >= 1 but was 0"), run.err());
    }

    @Test
    void malformedStrideIsExit2() throws IOException {
        writeInputs(DType.FLOAT32);
        CliRun run = CliRun.of("conv2d", "--input", x.toString(), "--weight", w.toString(), "--stride", "1,2,3",
            "--output", dir.resolve("y.npy").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--stride"), run.err());
    }

    @Test
    void fortranOrderInputIsExit2NamingTheFile() throws IOException {
        writeInputs(DType.FLOAT32);
        Path fortran = dir.resolve("fortran.npy");
        Files.write(fortran, npyWithHeader("{'descr': '<f8', 'fortran_order': True, 'shape': (1, 1, 1, 1), }", 8));
        CliRun run = CliRun.of("conv2d", "--input", fortran.toString(), "--weight", w.toString(), "--output",
            dir.resolve("y.npy").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--input") && run.err().contains("fortran.npy") && run.err().contains("Fortran"),
            run.err());
    }

    @Test
    void integerInputIsExit2() throws IOException {
        writeInputs(DType.FLOAT32);
        Path ints = dir.resolve("ints.npy");
        Files.write(ints, npyWithHeader("{'descr': '<i4', 'fortran_order': False, 'shape': (1, 1, 1, 1), }", 4));
        CliRun run = CliRun.of("conv2d", "--input", ints.toString(), "--weight", w.toString(), "--output",
            dir.resolve("y.npy").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("not a float type"), run.err());
    }

    @Test
    void missingInputFileIsExit2() throws IOException {
        writeInputs(DType.FLOAT32);
        CliRun run = CliRun.of("conv2d", "--input", dir.resolve("nope.npy").toString(), "--weight", w.toString(),
            "--output", dir.resolve("y.npy").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("nope.npy: no such file"), run.err());
    }

    @Test
    void missingOutputDirectoryIsExit2() throws IOException {
        writeInputs(DType.FLOAT32);
        CliRun run = CliRun.of("conv2d", "--input", x.toString(), "--weight", w.toString(),
            "--output", dir.resolve("no/such/dir/y.npy").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("does not exist"), run.err());
    }

    @Test
    void fastImplInFloat32AgreesWithTheFloat64Reference() throws IOException {
        writeInputs(DType.FLOAT32);
        CliRun run = CliRun.of("conv2d", "--input", x.toString(), "--weight", w.toString(), "--bias", b.toString(),
            "--impl", "fast", "--padding", "1", "--output", dir.resolve("y.npy").toString());
        assertEquals(0, run.exitCode(), run.err());
        Npy.Array y = Npy.read(dir.resolve("y.npy"));
        assertEquals(DType.FLOAT32, y.dtype());
        Tensor expected = Conv2d.forward(read("x.npy"), read("w.npy"), read("b.npy"), ConvSpec.of(1, 1, 1));
        // float32 arithmetic over 19 terms of size ~1: relative error ~1e-6, so 1e-4 is generous yet catches bugs
        assertEquals(null, Compare.firstDifference("y", expected, y.tensor(), 1e-4));
    }

    /** conv2d of a size×size ramp with a 3×3 ramp kernel, writing y.npy, with {@code flags} added. */
    private CliRun conv3x3(int size, String... flags) throws IOException {
        Path x = CliRun.write(dir, "x" + size + ".npy", CliRun.ramp(1, 1, 1, size, size), DType.FLOAT64);
        Path k3 = CliRun.write(dir, "k3.npy", CliRun.ramp(1, 1, 1, 3, 3), DType.FLOAT64);
        List<String> args = new ArrayList<>(List.of("conv2d", "--input", x.toString(), "--weight", k3.toString(),
            "--output", dir.resolve("y.npy").toString()));
        args.addAll(List.of(flags));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void skippedEdgePixelsGiveAWarning() throws IOException {
        CliRun run = conv3x3(5, "--stride", "3");
        assertEquals(0, run.exitCode());
        assertTrue(run.err().contains("warning: stride 3 with kernel 3") && run.err().contains("never reads 2 of 5 input columns: 3, 4"),
            run.err());
    }

    @Test
    void aStrideLargerThanTheKernelWarnsAboutThePixelsBetweenWindows() throws IOException {
        CliRun run = conv3x3(10, "--stride", "4");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("never reads 4 of 10 input columns: 3, 7..9"), run.err());
        assertTrue(run.err().contains("never reads 4 of 10 input rows: 3, 7..9"), run.err());
    }

    @Test
    void skippedEdgePixelsInStrictModeAreExit2() throws IOException {
        CliRun run = conv3x3(5, "--stride", "3", "--strict");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("strict mode"), run.err());
        assertFalse(Files.exists(dir.resolve("y.npy")));
    }

    @Test
    void pixelsBetweenWindowsInStrictModeAreExit2() throws IOException {
        CliRun run = conv3x3(10, "--stride", "4", "--strict");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("strict mode: stride 4 with kernel 3 (dilation 1, padding 0) never reads 4 of 10"
            + " input rows: 3, 7..9"), run.err());
        assertFalse(Files.exists(dir.resolve("y.npy")));
    }

    @Test
    void reflectPaddingCountsAPixelSeenThroughItsMirrorAsRead() throws IOException {
        CliRun zeros = conv3x3(10, "--stride", "4", "--padding", "2");
        assertTrue(zeros.err().contains("never reads 3 of 10 input columns: 1, 5, 9"), zeros.err());
        CliRun reflect = conv3x3(10, "--stride", "4", "--padding", "2", "--padding-mode", "reflect");
        assertTrue(reflect.err().contains("never reads 2 of 10 input columns: 5, 9"), reflect.err());
    }

    @Test
    void missingRequiredFlagIsExit2() {
        CliRun run = CliRun.of("conv2d", "--input", "x.npy");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("Missing required options"), run.err());
    }

    static byte[] npyWithHeader(String dict, int dataBytes) {
        int total = ((10 + dict.length() + 1 + 63) / 64) * 64;
        String header = dict + " ".repeat(total - 10 - dict.length() - 1) + "\n";
        ByteBuffer buffer = ByteBuffer.allocate(total + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        buffer.putShort((short) header.length());
        buffer.put(header.getBytes(StandardCharsets.ISO_8859_1));
        return buffer.array();
    }
}

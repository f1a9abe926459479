package convkit.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeBlasTests {

    private static NativeBlas blas() {
        NativeBlas blas = BlasLibraries.discover().blas().orElse(null);
        assumeTrue(blas != null, "no native BLAS on this machine: " + BlasLibraries.discover().notes());
        return blas;
    }

    @Test
    void discoveryNamesTheLibraryAndItsMarker() {
        NativeBlas blas = blas();
        assertTrue(blas.library().contains("blas") || blas.library().contains("mkl")
            || blas.library().contains("Accelerate"), blas.library());
        assertTrue(!blas.marker().isBlank(), "marker");
    }

    @Test
    void aMissingExplicitFileIsReportedAndTheSearchGoesOn(@TempDir Path dir) {
        Path missing = dir.resolve("libnothing.so");
        BlasLibraries.Discovery discovery = BlasLibraries.search(missing.toString(), null);
        assertTrue(discovery.notes().stream().anyMatch(note -> note.startsWith("-Dconvkit.blas=" + missing
            + " cannot be used: no such file")), discovery.notes().toString());
        assertEquals(BlasLibraries.discover().blas().isPresent(), discovery.blas().isPresent());
    }

    @Test
    void anExplicitFileThatIsNotALibraryIsReportedNotCrashed(@TempDir Path dir) throws IOException {
        Path junk = Files.writeString(dir.resolve("libjunk.so"), "not an ELF file");
        BlasLibraries.Discovery discovery = BlasLibraries.search(null, junk.toString());
        assertTrue(discovery.notes().stream().anyMatch(note -> note.startsWith("CONVKIT_BLAS=" + junk
            + " cannot be used: not a shared library")), discovery.notes().toString());
    }

    @Test
    void aLibraryWithoutCblasIsRejected() {
        assumeTrue(Files.exists(Path.of("/lib/x86_64-linux-gnu/libm.so.6")) || Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libm.so.6")),
            "Linux x86-64 libm not present");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
            BlasLibraries.load("libm.so.6", BlasLibraries.Candidate.EXPLICIT));
        assertTrue(e.getMessage().contains("no cblas_sgemm"), e.getMessage());
    }

    @Test
    void criticalHeapAndArenaCopyGiveTheSameProduct() {
        NativeBlas blas = blas();
        Random random = new Random(21);
        int m = 9;
        int n = 11;
        int k = 13;
        float[] a = GemmTests.toFloat(GemmTests.randoms(random, m * k));
        float[] b = GemmTests.toFloat(GemmTests.randoms(random, k * n));
        float[] viaHeap = GemmTests.toFloat(GemmTests.randoms(random, m * n));
        float[] viaCopy = viaHeap.clone();
        try {
            blas.forceTransfer(NativeBlas.Transfer.CRITICAL_HEAP);
            blas.sgemm(1, Transpose.NO, Transpose.YES, m, n, k, 1, a, 0, k, GemmTests.toFloat(transpose(b, k, n)), 0, k,
                0.5f, viaHeap, 0, n);
            blas.forceTransfer(NativeBlas.Transfer.ARENA_COPY);
            blas.sgemm(1, Transpose.NO, Transpose.NO, m, n, k, 1, a, 0, k, b, 0, n, 0.5f, viaCopy, 0, n);
        } finally {
            blas.forceTransfer(null);
        }
        for (int i = 0; i < viaHeap.length; i++) {
            assertEquals(viaHeap[i], viaCopy[i], 1e-5, "element " + i);
        }
    }

    @Test
    void arenaCopyBuffersAreFreedOverAThousandCalls() throws IOException {
        NativeBlas blas = blas();
        int size = 256; // three 256×256 double buffers: 1.5 MiB per call, 1.5 GiB if never freed
        double[] a = new double[size * size];
        double[] b = new double[size * size];
        double[] c = new double[size * size];
        java.util.Arrays.fill(a, 1);
        java.util.Arrays.fill(b, 1);
        try {
            blas.forceTransfer(NativeBlas.Transfer.ARENA_COPY);
            blas.dgemm(1, Transpose.NO, Transpose.NO, size, size, size, 1, a, 0, size, b, 0, size, 0, c, 0, size);
            long before = residentBytes();
            for (int call = 0; call < 1000; call++) {
                blas.dgemm(1, Transpose.NO, Transpose.NO, size, size, size, 1, a, 0, size, b, 0, size, 0, c, 0, size);
            }
            long growth = residentBytes() - before;
            assertEquals(0, NativeBlas.liveNativeBytes(), "off-heap bytes still allocated");
            assertTrue(growth < 256L << 20, "resident memory grew by " + (growth >> 20) + " MiB over 1000 calls");
            assertEquals(size, c[0]);
        } finally {
            blas.forceTransfer(null);
        }
    }

    @Test
    void criticalHeapCallsAllocateNothingOffHeap() {
        NativeBlas blas = blas();
        float[] a = new float[64 * 64];
        float[] c = new float[64 * 64];
        for (int call = 0; call < 1000; call++) {
            blas.sgemm(1, Transpose.NO, Transpose.NO, 64, 64, 64, 1, a, 0, 64, a, 0, 64, 0, c, 0, 64);
        }
        assertEquals(0, NativeBlas.liveNativeBytes());
    }

    /**
     * Once compiled, a critical call allocates nothing on the heap: its segments come from the
     * cache and the downcall is inlined. Before, each call left about 200 bytes of segments, and
     * the Winograd layers' thousands of calls a pass started young collections in timed runs. The
     * JIT compiles at its own pace, so the calls go on in rounds until one allocates nothing (for
     * at most 60 s of rounds of 20,000 calls: in the module's full run the compiler's queue can hold
     * other tests' kernels for seconds; at most 40 rounds let one fresh-clone CI run fail, its last
     * round at 8 bytes a call); without C2 (an interpreter-only JVM) there is nothing to check.
     * A collection clears the cache's segments, and code compiled before any collection is thrown
     * away at the first lookup that meets a cleared one, so one comes after the first rounds, as it
     * would in a training run, and the rounds that count follow it.
     */
    @Test
    void criticalHeapCallsAllocateNothingOnTheHeapOnceCompiled() {
        NativeBlas blas = blas();
        List<String> flags = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments();
        assumeTrue(flags.stream().noneMatch(f -> f.equals("-Xint") || f.startsWith("-XX:TieredStopAtLevel")),
            "the JVM runs without C2: " + flags);
        com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        float[] a = new float[16 * 16];
        double[] d = new double[16 * 16];
        float[] c = new float[16 * 16];
        double[] e = new double[16 * 16];
        long perRound = Long.MAX_VALUE;
        long until = System.nanoTime() + 60_000_000_000L;
        for (int round = 0; round < 4 || perRound > 0 && System.nanoTime() < until; round++) {
            if (round == 2) {
                System.gc();
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int call = 0; call < 10_000; call++) {
                int offset = call & 7; // eight keys per operand
                blas.sgemm(1, Transpose.NO, Transpose.YES, 8, 8, 8, 1, a, offset, 16, a, offset + 8, 16, 0, c,
                    offset, 16);
                blas.dgemm(1, Transpose.NO, Transpose.NO, 8, 8, 8, 1, d, offset, 16, d, offset + 8, 16, 0, e, offset,
                    16);
            }
            perRound = threads.getCurrentThreadAllocatedBytes() - before;
        }
        assertEquals(0, perRound, "bytes allocated by 20,000 GEMM calls after warming up and a collection");
    }

    /** Resident set size from /proc (Linux); elsewhere the JVM's committed memory as an approximation. */
    private static long residentBytes() throws IOException {
        Path statm = Path.of("/proc/self/statm");
        if (Files.exists(statm)) {
            String[] fields = Files.readString(statm).trim().split("\\s+");
            return Long.parseLong(fields[1]) * 4096;
        }
        return Runtime.getRuntime().totalMemory();
    }

    private static double[] transpose(float[] b, int rows, int cols) {
        double[] t = new double[b.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = b[i * cols + j];
            }
        }
        return t;
    }
}

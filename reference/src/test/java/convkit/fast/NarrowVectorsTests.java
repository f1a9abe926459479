package convkit.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kernels whose vectors are the machine's preferred width (the Winograd transforms, the Java
 * GEMM's tile, the input rewrite's phase copies; the few-channel conv has a test of its own) met
 * only that width in a test run: an AVX2 machine never ran the 512-bit code, an AVX-512 machine
 * never the 256-bit code, neither the 128-bit code an ARM64 machine (NEON; an Apple laptop) runs.
 * Their tests run again here, whole, in a JVM whose vectors are held to 128 bits and, where this
 * machine's are wider, 256 ({@code -XX:MaxVectorSize}; the JVM cannot make them wider than the
 * hardware's, so the widest code is tested on the widest machine only).
 */
class NarrowVectorsTests {

    /** Tests of code that takes the preferred width, and of the fast path that routes to it. */
    static final List<Class<?>> CLASSES = List.of(WinogradTests.class, GemmTests.class, FastIm2colTests.class,
        DirectConvTests.class, FastConv2dTests.class, FastLayerTests.class);

    /** 16 and 32 bytes, those narrower than this machine's vectors (the test run's own width is tested already). */
    static IntStream narrowerWidths() {
        return IntStream.of(16, 32).filter(bytes -> bytes < FloatVector.SPECIES_PREFERRED.vectorByteSize());
    }

    @ParameterizedTest(name = "{0} bytes")
    @MethodSource("narrowerWidths")
    void theVectorKernelsTestsPassWithNarrowerVectors(int bytes) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(List.of("--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
            "-XX:MaxVectorSize=" + bytes, "-cp", System.getProperty("java.class.path"), NarrowVectorsProbe.class.getName()));
        CLASSES.forEach(c -> command.add(c.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the child JVM did not finish: " + out);
        assertEquals(0, process.exitValue(), out);
        Matcher lanes = Pattern.compile("lanes (\\d+) for").matcher(out);
        assertTrue(lanes.find(), out);
        assertEquals(bytes / 4, Integer.parseInt(lanes.group(1)), "-XX:MaxVectorSize=" + bytes + ": " + out);
        Matcher counts = Pattern.compile("tests (\\d+), succeeded (\\d+), failed 0, aborted (\\d+)").matcher(out);
        assertTrue(counts.find(), out);
        // every test found ran and passed (none skipped by an assumption at this width)
        assertEquals(counts.group(1), counts.group(2), out);
        assertTrue(Integer.parseInt(counts.group(2)) > 50, "tests run: " + out);
    }
}

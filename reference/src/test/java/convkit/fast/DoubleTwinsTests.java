package convkit.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build's generator of the float64 twins, {@code src/build/java/DoubleTwins.java}, run as
 * Maven runs it: the JDK's single-file source launcher. (Tests run with the module directory as
 * working directory.)
 */
class DoubleTwinsTests {

    private static final Path GENERATOR = Path.of("src/build/java/DoubleTwins.java");
    private static final Path TEMPLATES = Path.of("src/main/java/convkit/fast");
    private static final Path BUILT_TWINS = Path.of("target/generated-sources/float64/convkit/fast");

    /** What one run of the generator did: its exit code and everything it printed. */
    private record Run(int exit, String output) {
    }

    private static Run generate(Path templates, Path out) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process process = new ProcessBuilder(java, GENERATOR.toString(), templates.toString(), out.toString())
            .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.waitFor(), output);
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theCompiledTwinsAreWhatTheTemplatesGiveNow(@TempDir Path out) throws Exception {
        Run run = generate(TEMPLATES, out);
        assertEquals(0, run.exit(), run.output());
        List<String> twins = names(out);
        assertEquals(List.of("DoubleGemmConv.java", "DoubleIm2col.java", "DoubleJavaGemm.java", "DoubleVectorTile.java"),
            twins);
        assertEquals(twins, names(BUILT_TWINS), "the build's twins (generate-sources) differ from the templates'");
        for (String twin : twins) {
            assertEquals(Files.readString(out.resolve(twin)), Files.readString(BUILT_TWINS.resolve(twin)), twin);
        }
    }

    @Test
    void aTwinTurnsEveryPrecisionWordAndSaysWhereItCameFrom(@TempDir Path dir) throws Exception {
        Path templates = Files.createDirectories(dir.resolve("in"));
        Files.writeString(templates.resolve("FloatSample.java"), """
            package p;
            /** float32, via sgemm (SGEMM). */
            final class FloatSample {
                static final int BYTES = Float.BYTES; // JAVA_FLOAT, FloatVector
                float[] floatBuffer(float x) { return new float[] {x, 1}; }
            }
            """);
        Run run = generate(templates, dir.resolve("out"));
        assertEquals(0, run.exit(), run.output());
        assertEquals("""
            // Generated at build time by reference/src/build/java/DoubleTwins.java from FloatSample.java: edit that file, not this one.
            package p;
            /** float64, via dgemm (DGEMM). */
            final class DoubleSample {
                static final int BYTES = Double.BYTES; // JAVA_DOUBLE, DoubleVector
                double[] doubleBuffer(double x) { return new double[] {x, 1}; }
            }
            """, Files.readString(dir.resolve("out/DoubleSample.java")));
    }

    @Test
    void aFloatLiteralInATemplateIsRefusedWithItsFileAndLine(@TempDir Path dir) throws Exception {
        Path templates = Files.createDirectories(dir.resolve("in"));
        Files.writeString(templates.resolve("FloatSample.java"), "package p;\nfinal class FloatSample {\n"
            + "    float half = 0.5f;\n}\n");
        Run run = generate(templates, dir.resolve("out"));
        assertNotEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("FloatSample.java:3: float literal '0.5f'"), run.output());
        assertFalse(Files.exists(dir.resolve("out/DoubleSample.java")));
    }

    @Test
    void aTwinWhoseTemplateIsGoneIsDeleted(@TempDir Path dir) throws Exception {
        Path templates = Files.createDirectories(dir.resolve("in"));
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(templates.resolve("FloatKept.java"), "package p;\nfinal class FloatKept {\n}\n");
        Files.writeString(out.resolve("DoubleGone.java"), "package p;\nfinal class DoubleGone {\n}\n");
        Run run = generate(templates, out);
        assertEquals(0, run.exit(), run.output());
        assertEquals(List.of("DoubleKept.java"), names(out));
    }
}

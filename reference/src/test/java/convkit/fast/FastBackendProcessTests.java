package convkit.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A misconfigured BLAS path in a fresh JVM: one clear line on stderr, a working fallback, exit 0. */
class FastBackendProcessTests {

    private record Run(int exit, String out, String err) {
    }

    private static Run probe(String... properties) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(List.of(properties));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(FastBackendProbe.class.getName());
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "probe JVM did not finish");
        return new Run(process.exitValue(), out, err);
    }

    @Test
    void aMissingLibraryFileGivesOneLineAndAWorkingFallback(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("libmissing.so");
        Run run = probe("-Dconvkit.blas=" + missing);
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains(" = 6.0"), run.out());
        assertTrue(run.err().contains("-Dconvkit.blas=" + missing + " cannot be used: no such file"), run.err());
        assertEquals(1, run.err().lines().filter(line -> line.startsWith("convkit: ")).count(), run.err());
    }

    @Test
    void forcingJavaWithoutTheVectorModuleStillComputes() throws Exception {
        Run run = probe("-Dconvkit.fast.backend=java");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("Java GEMM (scalar) = 6.0"), run.out());
    }
}

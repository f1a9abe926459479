package convkit.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * OpenBLAS loaded again with a core named for this CPU, in fresh JVMs: when OpenBLAS picks its
 * oldest x86-64 core ({@code Prescott}, what it falls back to on a CPU model it does not know) and
 * the user named none, the loader names the core for this CPU's vectors, the variable does not
 * outlive that load, and the products are right; a core the user named is left alone.
 */
class BlasCoreProcessTests {

    private record Run(int exit, List<String> lines, String err) {
        String value(String key) {
            return lines.stream().filter(line -> line.startsWith(key + "=")).map(line -> line.substring(key.length() + 1))
                .findFirst().orElseThrow(() -> new AssertionError("no " + key + " in " + lines + "; stderr: " + err));
        }

        List<String> notes() {
            return lines.stream().filter(line -> line.startsWith("note=")).map(line -> line.substring(5)).toList();
        }
    }

    private static Run probe(String nativeValue, Map<String, String> environment) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
            BlasCoreProbe.class.getName(), nativeValue));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove(BlasCore.VARIABLE);
        builder.environment().remove(BlasLibraries.ENVIRONMENT);
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "probe JVM did not finish");
        assertEquals(0, process.exitValue(), out + err);
        return new Run(process.exitValue(), out.lines().toList(), err);
    }

    @Test
    void anOldCoreNobodyNamedIsReplacedByOneForThisCpuForThatLoadOnly() throws Exception {
        Run run = probe("Prescott", Map.of());
        Optional<String> named = BlasCore.forThisCpu("Prescott", run.value("config"), null,
            System.getProperty("os.arch"), BlasCore.cpuFlags(Path.of("/proc/cpuinfo")));
        if (named.isPresent()) {
            assertEquals(named.get(), run.value("core"), run.lines().toString());
            assertTrue(run.notes().stream().anyMatch(note -> note.startsWith("OpenBLAS picked its Prescott kernels")
                && note.endsWith("loaded again with OPENBLAS_CORETYPE=" + named.get() + " (set for that load only): it runs "
                + named.get())), run.notes().toString());
        } else { // a CPU without AVX, or a library that picks no core as it loads: nothing to name
            assertTrue(run.notes().stream().noneMatch(note -> note.contains("loaded again")), run.notes().toString());
        }
        assertEquals("unset", run.value("variable"), "the variable set for the second load is gone after it");
        assertEquals("0.0", run.value("product error"));
    }

    @Test
    void aCoreTheUserNamedIsLeftAlone() throws Exception {
        Run run = probe("-", Map.of(BlasCore.VARIABLE, "Prescott"));
        assertEquals("Prescott", run.value("core"));
        assertTrue(run.notes().stream().anyMatch(note -> note.startsWith("OPENBLAS_CORETYPE=Prescott is set in the environment")),
            run.notes().toString());
        assertTrue(run.notes().stream().noneMatch(note -> note.contains("loaded again")), run.notes().toString());
        assertEquals("Prescott", run.value("variable"));
        assertEquals("0.0", run.value("product error"));
    }
}

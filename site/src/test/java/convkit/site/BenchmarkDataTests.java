package convkit.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading {@code convkit bench --json} files (schema convkit-bench/1). */
class BenchmarkDataTests {

    @TempDir
    Path dir;

    private BenchmarkData read(String json) throws IOException {
        Path file = dir.resolve("bench.json");
        Files.writeString(file, json);
        return BenchmarkData.read(file);
    }

    @Test
    void keepsTheForwardRowsOfTheThreeImplementations() throws IOException {
        BenchmarkData data = read("""
            {"schema": "convkit-bench/1", "date": "2026-11-25T15:00:00Z",
             "machine": {"cpu": "AMD EPYC", "cores": "2"}, "settings": {"dtype": "f32"},
             "results": [
               {"layer": "a", "impl": "naive", "pass": "forward", "gflops": 1.5, "medianMs": 10},
               {"layer": "a", "impl": "fast", "pass": "forward", "gflops": 60, "medianMs": 0.25},
               {"layer": "a", "impl": "fast", "pass": "forward+backward", "gflops": 40, "medianMs": 1},
               {"layer": "a", "impl": "torch", "pass": "forward", "gflops": 90, "medianMs": 0.2}
             ]}""");
        assertEquals(List.of("naive", "fast"), data.impls());
        assertEquals(60.0, data.gflops("a", "fast"));
        assertEquals("AMD EPYC, 2 cores, 2026-11-25T15:00:00Z", data.description());
    }

    @Test
    void eachRowSaysItsElementTypeThreadsAndPath() throws IOException {
        BenchmarkData data = read("""
            {"settings": {"dtype": "f32", "threads": 2},
             "results": [
               {"layer": "a", "impl": "naive", "gflops": 0.1, "computeDtype": "f64", "backend": "float64 reference, 1 thread"},
               {"layer": "a", "impl": "fast", "gflops": 200, "computeDtype": "f32",
                "backend": "OpenBLAS (libopenblas.so.0); forward: direct conv (Vector API, 512-bit), 2 threads"},
               {"layer": "b", "impl": "fast", "gflops": 100, "backend": "OpenBLAS (libopenblas.so.0)"}
             ]}""");
        assertEquals("float64, 1 thread, loops", data.result("a", "naive").orElseThrow().how());
        assertEquals("float32, 2 threads, direct conv kernel (Vector API), no BLAS", data.result("a", "fast").orElseThrow().how());
        assertEquals("float32, 2 threads, im2col + BLAS sgemm", data.result("b", "fast").orElseThrow().how());
        assertEquals(List.of("float32, 2 threads, direct conv kernel (Vector API), no BLAS", "float32, 2 threads, im2col + BLAS sgemm"),
            data.hows("fast"));
    }

    @Test
    void missingFileMeansNoBenchmark() {
        assertTrue(BenchmarkData.read(dir.resolve("none.json")).results().isEmpty());
    }

    @Test
    void rowWithoutGflopsIsBadInput() {
        SiteException e = assertThrows(SiteException.class,
            () -> read("{\"results\": [{\"layer\": \"a\", \"impl\": \"fast\"}]}"));
        assertTrue(e.getMessage().contains("\"gflops\" (number)"), e.getMessage());
    }

    @Test
    void recordedBenchmarkOfTheRepositoryReads() {
        BenchmarkData data = BenchmarkData.read(Path.of("src/main/resources/convkit/site/benchmark.json"));
        assertEquals(List.of("naive", "im2col", "fast"), data.impls());
        assertEquals(List.of("float64, 1 thread, loops"), data.hows("naive"));
        assertEquals(List.of("float64, 1 thread, im2col + triple-loop matmul"), data.hows("im2col"));
    }
}

package convkit.site;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A recorded benchmark in the schema {@code convkit-bench/1} that {@code ./convkit bench --json FILE}
 * writes. The site reads, per row of {@code results}: {@code layer}, {@code impl} ({@code naive},
 * {@code im2col}, {@code fast}; other implementations are left out), {@code gflops}, and, when present,
 * {@code pass} (only {@code forward} rows are plotted), {@code medianMs}, {@code computeDtype} and
 * {@code backend} (the threads and the route taken); from the top level {@code date},
 * {@code machine.cpu}, {@code machine.cores}, {@code settings.dtype} and {@code settings.threads}.
 *
 * @param source  the file read, or null when there is none
 * @param machine where it was measured
 * @param dtype   the element type measured
 * @param date    when it was measured
 * @param results one row per layer and implementation
 */
public record BenchmarkData(Path source, String machine, String dtype, String date, List<Result> results) {

    /** Where the recorded benchmark is kept in the repository. */
    public static final String RECORDED_PATH = "site/src/main/resources/convkit/site/benchmark.json";

    /**
     * One forward measurement: a layer, an implementation, its throughput, (NaN when absent) median
     * time, and how it ran: the element type ("float64"), the threads (0 when not recorded) and the path.
     */
    public record Result(String layer, String impl, double gflops, double ms, String dtype, int threads, String path) {

        /** "float64, 1 thread, loops", as far as recorded. */
        String how() {
            List<String> parts = new ArrayList<>();
            if (!dtype.isBlank()) {
                parts.add(dtype);
            }
            if (threads > 0) {
                parts.add(threads + (threads == 1 ? " thread" : " threads"));
            }
            parts.add(path);
            return String.join(", ", parts);
        }
    }

    private static final Pattern THREADS = Pattern.compile("(\\d+) threads?");

    private static final List<String> IMPLS = List.of("naive", "im2col", "fast");

    /** No benchmark recorded. */
    static BenchmarkData none() {
        return new BenchmarkData(null, "", "", "", List.of());
    }

    /** Reads {@code file}; a missing file gives {@link #none()}, a malformed one a {@link SiteException}. */
    public static BenchmarkData read(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            return none();
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new SiteException(file, 0, "benchmark JSON is malformed: " + e.getMessage().lines().findFirst().orElse(""));
        }
        JsonNode rows = root.path("results");
        if (!rows.isArray()) {
            throw new SiteException(file, 0, "benchmark JSON needs a \"results\" array of {layer, impl, gflops}"
                + " (schema convkit-bench/1, written by ./convkit bench --json FILE)");
        }
        List<Result> results = new ArrayList<>();
        for (JsonNode row : rows) {
            if (!row.path("layer").isTextual() || !row.path("impl").isTextual() || !row.path("gflops").isNumber()) {
                throw new SiteException(file, 0, "benchmark result needs \"layer\" (text), \"impl\" (text) and "
                    + "\"gflops\" (number), found " + row);
            }
            String pass = row.path("pass").asText("forward");
            String impl = row.get("impl").asText();
            if (!pass.equals("forward") || !IMPLS.contains(impl)) {
                continue;
            }
            String backend = row.path("backend").asText("");
            Matcher threads = THREADS.matcher(backend);
            String dtype = typeName(row.path("computeDtype").asText(root.path("settings").path("dtype").asText("")));
            results.add(new Result(row.get("layer").asText(), impl, row.get("gflops").asDouble(),
                row.path("medianMs").asDouble(Double.NaN), dtype,
                threads.find() ? Integer.parseInt(threads.group(1)) : root.path("settings").path("threads").asInt(0),
                path(impl, backend, dtype)));
        }
        JsonNode machineNode = root.path("machine");
        String machine = machineNode.isObject()
            ? (machineNode.path("cpu").asText("") + (machineNode.has("cores") ? ", " + machineNode.path("cores").asText() + " cores" : "")).strip()
            : machineNode.asText("");
        String dtype = root.path("settings").path("dtype").asText(root.path("dtype").asText(""));
        return new BenchmarkData(file, machine, dtype, root.path("date").asText(""), List.copyOf(results));
    }

    private static String typeName(String dtype) {
        return switch (dtype) {
            case "f32" -> "float32";
            case "f64" -> "float64";
            default -> dtype;
        };
    }

    /** The route a row took, in a few words, from its implementation and the backend it recorded. */
    static String path(String impl, String backend, String dtype) {
        return switch (impl) {
            case "naive" -> "loops";
            case "im2col" -> "im2col + triple-loop matmul";
            default -> backend.contains("direct conv") ? "direct conv kernel (Vector API), no BLAS"
                : backend.contains("BLAS") ? "im2col + BLAS " + (dtype.equals("float64") ? "dgemm" : "sgemm")
                : "im2col + Java GEMM";
        };
    }

    /** The row of {@code impl} on {@code layer}, if measured. */
    java.util.Optional<Result> result(String layer, String impl) {
        return results.stream().filter(r -> r.layer().equals(layer) && r.impl().equals(impl)).findFirst();
    }

    /** How {@code impl} ran ({@link Result#how}), each different way once, in the order first measured. */
    List<String> hows(String impl) {
        return List.copyOf(new LinkedHashSet<>(results.stream().filter(r -> r.impl().equals(impl)).map(Result::how).toList()));
    }

    /** The layers, in the order first measured. */
    List<String> layers() {
        return List.copyOf(new LinkedHashSet<>(results.stream().map(Result::layer).toList()));
    }

    /** The implementations, in the order first measured. */
    List<String> impls() {
        return List.copyOf(new LinkedHashSet<>(results.stream().map(Result::impl).toList()));
    }

    /** The throughput of {@code impl} on {@code layer}, or NaN when not measured. */
    double gflops(String layer, String impl) {
        return result(layer, impl).map(Result::gflops).orElse(Double.NaN);
    }

    /** One line: machine and date, as far as recorded (each bar says its own dtype, threads and path). */
    String description() {
        List<String> parts = new ArrayList<>();
        if (!machine.isBlank()) {
            parts.add(machine);
        }
        if (!date.isBlank()) {
            parts.add(date);
        }
        return String.join(", ", parts);
    }
}

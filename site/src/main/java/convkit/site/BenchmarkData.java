package convkit.site;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A recorded benchmark in the schema {@code convkit-bench/1} that {@code ./convkit bench --json FILE}
 * writes. The site reads, per row of {@code results}: {@code layer}, {@code impl} ({@code naive},
 * {@code im2col}, {@code fast}; other implementations are left out), {@code gflops}, and, when present,
 * {@code pass} (only {@code forward} rows are plotted) and {@code medianMs}; from the top level
 * {@code date}, {@code machine.cpu}, {@code machine.cores} and {@code settings.dtype}.
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

    /** One forward measurement: a layer, an implementation, its throughput and (NaN when absent) median time. */
    public record Result(String layer, String impl, double gflops, double ms) {
    }

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
            results.add(new Result(row.get("layer").asText(), impl, row.get("gflops").asDouble(),
                row.path("medianMs").asDouble(Double.NaN)));
        }
        JsonNode machineNode = root.path("machine");
        String machine = machineNode.isObject()
            ? (machineNode.path("cpu").asText("") + (machineNode.has("cores") ? ", " + machineNode.path("cores").asText() + " cores" : "")).strip()
            : machineNode.asText("");
        String dtype = root.path("settings").path("dtype").asText(root.path("dtype").asText(""));
        return new BenchmarkData(file, machine, dtype, root.path("date").asText(""), List.copyOf(results));
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
        return results.stream().filter(r -> r.layer().equals(layer) && r.impl().equals(impl))
            .mapToDouble(Result::gflops).findFirst().orElse(Double.NaN);
    }

    /** One line: dtype, machine and date, as far as recorded. */
    String description() {
        List<String> parts = new ArrayList<>();
        if (!dtype.isBlank()) {
            parts.add(dtype);
        }
        if (!machine.isBlank()) {
            parts.add(machine);
        }
        if (!date.isBlank()) {
            parts.add(date);
        }
        return String.join(", ", parts);
    }
}

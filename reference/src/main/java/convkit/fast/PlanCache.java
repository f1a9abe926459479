package convkit.fast;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Measured plans remembered across runs, as FFTW keeps its wisdom: one line per layer shape and
 * machine, in a small text file, so that a shape is timed once per machine and not in every JVM.
 *
 * <p>The key also holds a fingerprint of the kernels' class files ({@link Planner#code}): another
 * build of convkit on the same machine measures its own plans.
 *
 * <p>The file is {@code $CONVKIT_PLAN_CACHE} when that is set ({@code off}: remember in memory
 * only), else {@code $XDG_CACHE_HOME/convkit/plans.tsv}, else {@code ~/.cache/convkit/plans.tsv}.
 * Each line holds the key (CPU model, cores, threads, GEMM, direct conv, JDK, the tuning entries
 * that change routes, the shape) and the choice (each pass's route and the candidates' times).
 * Deleting the file is always safe: the shapes are measured again.
 *
 * <p>Writes go to a temporary file in the same folder, moved over the old one, after merging
 * with what another process may have written meanwhile; a line that does not parse is skipped
 * (and dropped at the next write), a file that cannot be read or written is reported once on
 * standard error and the cache carries on in memory. Two processes measuring at the same
 * moment may each keep their own line for a shape; the last write wins.
 */
public final class PlanCache {

    /** The environment variable naming the cache file ({@value #OFF}: none). */
    public static final String ENVIRONMENT = "CONVKIT_PLAN_CACHE";
    /** The value of {@value #ENVIRONMENT} that keeps measured plans in memory only. */
    public static final String OFF = "off";
    static final String HEADER = "# convkit plan cache 2: key<TAB>choice, one line per shape; safe to delete";

    private static volatile PlanCache standard;

    private final Path file; // null: memory only
    private final Map<String, String> entries = new LinkedHashMap<>();
    private boolean loaded;
    private boolean complained;

    private PlanCache(Path file) {
        this.file = file;
    }

    /** The cache at {@code file}, created on the first write (its folder too). */
    public static PlanCache at(Path file) {
        return new PlanCache(file);
    }

    /** A cache that remembers in this JVM only. */
    public static PlanCache inMemory() {
        return new PlanCache(null);
    }

    /** The process's cache, at the place the class documents. */
    public static PlanCache standard() {
        PlanCache cache = standard;
        if (cache == null) {
            synchronized (PlanCache.class) {
                if (standard == null) {
                    standard = locate(System.getenv(ENVIRONMENT), System.getenv("XDG_CACHE_HOME"),
                        System.getProperty("user.home"));
                }
                cache = standard;
            }
        }
        return cache;
    }

    /** The cache the environment asks for (see the class). */
    static PlanCache locate(String override, String xdgCacheHome, String home) {
        if (override != null && !override.isBlank()) {
            return override.equals(OFF) ? inMemory() : at(Path.of(override));
        }
        if (xdgCacheHome != null && !xdgCacheHome.isBlank()) {
            return at(Path.of(xdgCacheHome, "convkit", "plans.tsv"));
        }
        return home == null || home.isBlank() ? inMemory() : at(Path.of(home, ".cache", "convkit", "plans.tsv"));
    }

    /** Where it is kept, for reports: the file, or "memory only". */
    public String where() {
        return file == null ? "memory only (" + ENVIRONMENT + "=" + OFF + ")" : file.toString();
    }

    /** The choice remembered for {@code key}, if any. */
    synchronized Optional<String> find(String key) {
        load();
        return Optional.ofNullable(entries.get(key));
    }

    /** Remembers {@code choice} for {@code key}, here and in the file. */
    synchronized void put(String key, String choice) {
        if (key.contains("\t") || key.contains("\n") || choice.contains("\t") || choice.contains("\n")) {
            throw new IllegalArgumentException("plan cache entries must not hold tabs or line breaks: " + key
                + " -> " + choice);
        }
        load();
        entries.put(key, choice);
        if (file == null) {
            return;
        }
        try {
            Map<String, String> merged = new LinkedHashMap<>(read(file));
            merged.put(key, choice);
            write(merged);
            entries.putAll(merged);
        } catch (IOException | UncheckedIOException e) {
            complain("could not write", e);
        }
    }

    private void load() {
        if (loaded) {
            return;
        }
        loaded = true;
        if (file == null || !Files.exists(file)) {
            return;
        }
        try {
            entries.putAll(read(file));
        } catch (IOException | UncheckedIOException e) {
            complain("could not read", e);
        }
    }

    /** The well-formed lines of {@code file} (none when its header is not this version's). */
    static Map<String, String> read(Path file) throws IOException {
        Map<String, String> lines = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return lines;
        }
        List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (all.isEmpty() || !all.get(0).equals(HEADER)) {
            return lines; // another version's, or not ours: measured again and rewritten
        }
        for (String line : all.subList(1, all.size())) {
            String[] parts = line.split("\t", -1);
            if (parts.length == 2 && !parts[0].isBlank() && !parts[1].isBlank()) {
                lines.put(parts[0], parts[1]);
            }
        }
        return lines;
    }

    private void write(Map<String, String> lines) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        List<String> text = new ArrayList<>();
        text.add(HEADER);
        lines.forEach((key, choice) -> text.add(key + "\t" + choice));
        convkit.reference.Npy.replaceAtomically(file, (String.join("\n", text) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private void complain(String what, Exception e) {
        if (!complained) {
            complained = true;
            System.err.println("convkit: " + what + " the plan cache " + file + " (" + e.getMessage()
                + "); measured plans are kept in memory only");
        }
    }
}

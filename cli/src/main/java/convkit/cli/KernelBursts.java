package convkit.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Kernel threads of this machine that take a CPU in bursts, which a timed run cannot avoid: today
 * kdamond (DAMON, the kernel's page reclaim; its bursts and period as measured are in
 * {@code .bench/zen5-2026-12-07b.md} §4). On two CPUs a run of T that a burst of B meets lasts at
 * least T + B/2, so a layer shorter than B/0.6 has a run over 1.3 × its median whenever it is met
 * ({@code .bench/zen5-2026-12-07c.md}). {@code doctor} and {@code bench} name them, so that such
 * a run is not read as the fast path's.
 */
final class KernelBursts {

    private KernelBursts() {
    }

    /** The names ({@code comm}) of such threads under {@code proc} (a {@code /proc}), sorted; empty where there is none or no such folder. */
    static List<String> find(Path proc) {
        TreeSet<String> found = new TreeSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc, entry -> entry.getFileName().toString()
                .chars().allMatch(Character::isDigit))) {
            for (Path entry : entries) {
                try {
                    String name = Files.readString(entry.resolve("comm"), StandardCharsets.UTF_8).strip();
                    if (name.startsWith("kdamond")) {
                        found.add(name);
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended while it was read: not one of the kernel's threads
                }
            }
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        return List.copyOf(found);
    }

    /** The line {@code doctor} and {@code bench} print where such threads run, or empty. */
    static Optional<String> note(Path proc) {
        List<String> found = find(proc);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(String.join(", ", found) + " (the kernel's DAMON page reclaim) runs here: where it was timed it"
            + " took one CPU for about 2 ms every 0.5 s, which puts a run shorter than about 4 ms that it meets over 1.3 ×"
            + " its layer's median whatever the fast path does (.bench/zen5-2026-12-07c.md)");
    }
}

package convkit.fast;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The first processor Linux's /proc/cpuinfo lists: its model name, family, model and flags. The
 * plan cache's key ({@link Planner#cpu}) and the check of OpenBLAS's core ({@link BlasCore}) read it.
 */
record CpuInfo(String name, String family, String model, Set<String> flags) {

    /** The first processor described in {@code cpuinfo}, or empty where the file is missing, unreadable or names none. */
    static Optional<CpuInfo> read(Path cpuinfo) {
        String name = null;
        String family = null;
        String model = null;
        Set<String> flags = Set.of();
        try {
            for (String line : Files.readAllLines(cpuinfo, StandardCharsets.UTF_8)) {
                if (line.isBlank() && name != null) {
                    break; // the first processor is enough
                }
                String[] pair = line.split(":", 2);
                if (pair.length < 2) {
                    continue;
                }
                String value = pair[1].trim();
                switch (pair[0].trim()) {
                    case "model name" -> name = value;
                    case "cpu family" -> family = value;
                    case "model" -> model = value;
                    case "flags" -> flags = Set.copyOf(List.of(value.split("\\s+")));
                    default -> { }
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return name == null ? Optional.empty() : Optional.of(new CpuInfo(name, family, model, flags));
    }

    /** The processor as people name it: its model name, family and model ("Intel(R) Xeon(R) Processor, family 6 model 207"). */
    String describe() {
        return name + ", family " + family + " model " + model;
    }

    /** The widest x86 vector extension among the flags: avx512f, avx2, or empty. */
    String vectors() {
        return flags.contains("avx512f") ? "avx512f" : flags.contains("avx2") ? "avx2" : "";
    }
}

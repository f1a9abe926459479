package convkit.fast;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which kernels OpenBLAS runs, and whether the environment holds it back.
 *
 * <p>OpenBLAS built with {@code DYNAMIC_ARCH} (Debian's) picks its kernels, its "core", once, as
 * it loads: its own choice from the CPU's identity, or the core the environment variable
 * {@value #VARIABLE} names. A value set there wins, and convkit leaves it alone; but a core older
 * than the CPU is easy to inherit from a shell profile and costs every GEMM: on an AVX-512 CPU,
 * {@code OPENBLAS_CORETYPE=Haswell} runs the AVX2 kernels (16 registers of 256 bits) instead of
 * the AVX-512 ones (32 of 512), and the GEMM and Winograd routes slow down
 * ({@code .bench/zen5-2026-12-04.md}). {@link #environmentNote} says so in the BLAS
 * discovery's notes ({@code convkit doctor}) and in {@code convkit bench}'s header.
 *
 * <p>OpenBLAS's own choice goes by the CPU's model number, and a model newer than the library
 * falls through to its oldest x86-64 core: OpenBLAS 0.3.21 runs its SSE3 kernels ({@code
 * Prescott}) on an Intel Xeon of family 6 model 207, which has AVX-512, and the GEMM and Winograd
 * routes slowed down by more than the planner's other routes could make up
 * ({@code .bench/emr-2026-12-05.md}). Where the user named no core and the library picked one
 * with narrower vectors than the CPU's flags offer, {@link #forThisCpu} names the core for those
 * flags, and the loader loads the library again with it (the variable set for that load only):
 * what OpenBLAS itself does when the variable names a core it does not know.
 */
final class BlasCore {

    /** OpenBLAS's environment variable naming the core of a {@code DYNAMIC_ARCH} build. */
    static final String VARIABLE = "OPENBLAS_CORETYPE";
    /** The /proc/cpuinfo flags OpenBLAS's AVX-512 kernels need (its SkylakeX core's). */
    static final Set<String> AVX512_FLAGS = Set.of("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl");
    /**
     * OpenBLAS's x86-64 cores (lower case) by the widest vectors their kernels use: 0 SSE, 1 AVX,
     * 2 AVX2 with FMA, 3 AVX-512.
     */
    private static final Map<String, Integer> CORE_LEVELS = Map.ofEntries(
        Map.entry("katmai", 0), Map.entry("coppermine", 0), Map.entry("northwood", 0), Map.entry("prescott", 0),
        Map.entry("banias", 0), Map.entry("atom", 0), Map.entry("core2", 0), Map.entry("penryn", 0),
        Map.entry("dunnington", 0), Map.entry("nehalem", 0), Map.entry("athlon", 0), Map.entry("opteron", 0),
        Map.entry("opteron_sse3", 0), Map.entry("barcelona", 0), Map.entry("nano", 0), Map.entry("bobcat", 0),
        Map.entry("sandybridge", 1), Map.entry("bulldozer", 1), Map.entry("piledriver", 1),
        Map.entry("steamroller", 1), Map.entry("excavator", 1),
        Map.entry("haswell", 2), Map.entry("zen", 2),
        Map.entry("skylakex", 3), Map.entry("cooperlake", 3), Map.entry("sapphirerapids", 3));
    /** The core named for a CPU of each level above 0: the oldest core of that level, one every DYNAMIC_ARCH build has. */
    private static final Map<Integer, String> NAMED = Map.of(1, "Sandybridge", 2, "Haswell", 3, "SkylakeX");

    private BlasCore() {
    }

    /** A CPU's level in the terms of {@link #CORE_LEVELS}, from its /proc/cpuinfo flags. */
    static int cpuLevel(Set<String> flags) {
        return flags.containsAll(AVX512_FLAGS) ? 3
            : flags.contains("avx2") && flags.contains("fma") ? 2
            : flags.contains("avx") ? 1 : 0;
    }

    /**
     * The core to load OpenBLAS with on this CPU instead of {@code core}, the one it picked as it
     * loaded: present only when the library picks its core as it loads ({@code DYNAMIC_ARCH} in
     * its {@code config}), the user named none ({@code value}, the variable, unset), the CPU is
     * x86-64 ({@code arch}), and {@code core} is one whose vectors are narrower than the {@code
     * flags} offer. A core this class does not know is left alone.
     */
    static Optional<String> forThisCpu(String core, String config, String value, String arch, Set<String> flags) {
        if (core == null || config == null || !config.contains("DYNAMIC_ARCH") || value != null || !x86(arch)) {
            return Optional.empty();
        }
        int level = level(core);
        int cpu = cpuLevel(flags);
        return level >= 0 && level < cpu ? Optional.of(NAMED.get(cpu)) : Optional.empty();
    }

    /** Whether {@code arch} ({@code os.arch}) is x86-64, where OpenBLAS's cores above are. */
    private static boolean x86(String arch) {
        return "amd64".equals(arch) || "x86_64".equals(arch);
    }

    /** {@code core}'s level in {@link #CORE_LEVELS} (any case), or −1 for a core it does not list. */
    private static int level(String core) {
        return CORE_LEVELS.getOrDefault(core.strip().toLowerCase(Locale.ROOT), -1);
    }

    /**
     * What the loader tells when it named {@code named} on {@code cpu} because OpenBLAS had picked
     * {@code picked}; {@code got}, the core that then ran.
     */
    static String namedNote(String picked, String named, String got, String cpu) {
        String why = "OpenBLAS picked its " + picked + " kernels, narrower than the vectors of this CPU, whose model it"
            + " does not know (" + cpu + ")";
        return named.equalsIgnoreCase(got)
            ? why + "; loaded again with " + VARIABLE + "=" + named + " (set for that load only): it runs " + got
            : why + "; loading it again with " + VARIABLE + "=" + named + " still ran " + got
                + " (the dynamic loader kept the first copy): set " + VARIABLE + " before starting convkit";
    }

    /**
     * Whether {@code value}, the variable as the environment holds it, names a core without
     * AVX-512 kernels (none of level 3 in {@link #CORE_LEVELS}) on an x86-64 CPU ({@code arch}) whose
     * /proc/cpuinfo {@code flags} hold {@link #AVX512_FLAGS}.
     */
    static boolean narrower(String value, String arch, Set<String> flags) {
        return value != null && !value.isBlank() && x86(arch) && flags.containsAll(AVX512_FLAGS)
            && level(value) < 3;
    }

    /**
     * What to tell about {@code value}: nothing when it is unset; otherwise that it chose the core
     * and, when it is {@link #narrower}, what that costs.
     */
    static Optional<String> environmentNote(String value, String arch, Set<String> flags) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(VARIABLE + "=" + value + " is set in the environment, so OpenBLAS runs that core"
            + (narrower(value, arch, flags) ? "; this CPU has AVX-512, which that core does not use: the GEMM and"
                + " Winograd routes run slower than with OpenBLAS's own choice (unset " + VARIABLE + " to get it)" : ""));
    }

    /** {@link #environmentNote} for this process and machine. */
    static Optional<String> environmentNote() {
        return environmentNote(System.getenv(VARIABLE), System.getProperty("os.arch"),
            cpuFlags(Path.of("/proc/cpuinfo")));
    }

    /** {@link #environmentNote} for this process and machine when the core it names is {@link #narrower}, else empty. */
    static Optional<String> warning() {
        String value = System.getenv(VARIABLE);
        String arch = System.getProperty("os.arch");
        Set<String> flags = cpuFlags(Path.of("/proc/cpuinfo"));
        return narrower(value, arch, flags) ? environmentNote(value, arch, flags) : Optional.empty();
    }

    /** The flags of the first processor /proc/cpuinfo lists, or none where there is no such file. */
    static Set<String> cpuFlags(Path cpuinfo) {
        return CpuInfo.read(cpuinfo).map(CpuInfo::flags).orElse(Set.of());
    }
}

package convkit.fast;

import java.nio.file.Path;
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
 */
final class BlasCore {

    /** OpenBLAS's environment variable naming the core of a {@code DYNAMIC_ARCH} build. */
    static final String VARIABLE = "OPENBLAS_CORETYPE";
    /** The /proc/cpuinfo flags OpenBLAS's AVX-512 kernels need (its SkylakeX core's). */
    static final Set<String> AVX512_FLAGS = Set.of("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl");
    /** OpenBLAS's x86-64 cores whose GEMM kernels use AVX-512 (case as OpenBLAS accepts them: any). */
    static final Set<String> AVX512_CORES = Set.of("skylakex", "cooperlake", "sapphirerapids");

    private BlasCore() {
    }

    /**
     * Whether {@code value}, the variable as the environment holds it, names a core without
     * AVX-512 kernels (not one of {@link #AVX512_CORES}) on an x86-64 CPU ({@code arch}) whose
     * /proc/cpuinfo {@code flags} hold {@link #AVX512_FLAGS}.
     */
    static boolean narrower(String value, String arch, Set<String> flags) {
        boolean x86 = "amd64".equals(arch) || "x86_64".equals(arch);
        return value != null && !value.isBlank() && x86 && flags.containsAll(AVX512_FLAGS)
            && !AVX512_CORES.contains(value.strip().toLowerCase(java.util.Locale.ROOT));
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

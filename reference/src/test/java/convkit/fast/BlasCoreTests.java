package convkit.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlasCoreTests {

    /** Flags of an AMD Zen 4 as /proc/cpuinfo lists them (a subset of the line). */
    private static final Set<String> ZEN4 = Set.of("fpu", "sse2", "avx", "avx2", "fma", "avx512f", "avx512dq",
        "avx512ifma", "avx512cd", "avx512bw", "avx512vl", "avx512_bf16", "avx512vbmi", "avx512_vnni");
    private static final Set<String> ZEN3 = Set.of("fpu", "sse2", "avx", "avx2", "fma");

    @Test
    void anAvx2CoreOnAnAvx512CpuIsNarrowerAndNothingElseIs() {
        assertTrue(BlasCore.narrower("Haswell", "amd64", ZEN4));
        assertTrue(BlasCore.narrower("zen", "x86_64", ZEN4));
        assertFalse(BlasCore.narrower("SkylakeX", "amd64", ZEN4));
        assertFalse(BlasCore.narrower(" cooperlake ", "amd64", ZEN4));
        assertFalse(BlasCore.narrower("Haswell", "amd64", ZEN3), "an AVX2 CPU loses nothing");
        assertFalse(BlasCore.narrower("Haswell", "aarch64", ZEN4), "not x86");
        assertFalse(BlasCore.narrower(null, "amd64", ZEN4), "unset: OpenBLAS's own choice");
        assertFalse(BlasCore.narrower(" ", "amd64", ZEN4), "blank: OpenBLAS's own choice");
        for (String missing : BlasCore.AVX512_FLAGS) {
            Set<String> without = new HashSet<>(ZEN4);
            without.remove(missing);
            assertFalse(BlasCore.narrower("Haswell", "amd64", without), "without " + missing);
        }
    }

    @Test
    void theNoteNamesTheVariableItsValueAndWhatItCosts() {
        assertEquals(Optional.empty(), BlasCore.environmentNote(null, "amd64", ZEN4));
        String held = BlasCore.environmentNote("Haswell", "amd64", ZEN4).orElseThrow();
        assertTrue(held.startsWith("OPENBLAS_CORETYPE=Haswell is set in the environment"), held);
        assertTrue(held.contains("this CPU has AVX-512") && held.contains("unset OPENBLAS_CORETYPE"), held);
        String chosen = BlasCore.environmentNote("SkylakeX", "amd64", ZEN4).orElseThrow();
        assertFalse(chosen.contains("AVX-512"), chosen);
    }

    @Test
    void flagsAreReadFromTheFirstProcessorAndAMissingFileHasNone(@TempDir Path dir) throws IOException {
        Path cpuinfo = Files.writeString(dir.resolve("cpuinfo"), """
            processor\t: 0
            vendor_id\t: AuthenticAMD
            model name\t: AMD EPYC
            flags\t\t: fpu avx2 avx512f  avx512bw
            bugs\t\t: sysret_ss_attrs

            processor\t: 1
            flags\t\t: fpu sse
            """);
        assertEquals(Set.of("fpu", "avx2", "avx512f", "avx512bw"), BlasCore.cpuFlags(cpuinfo));
        assertEquals(Set.of(), BlasCore.cpuFlags(dir.resolve("missing")));
    }

    /** The loaded OpenBLAS names its core in the GEMM's name (the plan cache's key) and the discovery notes the variable. */
    @Test
    void theCoreIsPartOfTheNameAndTheVariableIsNoted() {
        NativeBlas blas = BlasLibraries.discover().blas().orElse(null);
        assumeTrue(blas != null && blas.core().isPresent(), "no OpenBLAS with openblas_get_corename here");
        assertTrue(blas.name().startsWith("OpenBLAS " + blas.core().get() + " ("), blas.name());
        assertTrue(blas.marker().contains(blas.core().get()), blas.marker());
        String value = System.getenv(BlasCore.VARIABLE);
        if (value != null && !value.isBlank()) {
            assertTrue(BlasLibraries.discover().notes().contains(BlasCore.environmentNote().orElseThrow()),
                BlasLibraries.discover().notes().toString());
        } else {
            assertTrue(BlasLibraries.discover().notes().stream().noneMatch(note -> note.startsWith(BlasCore.VARIABLE)),
                BlasLibraries.discover().notes().toString());
        }
    }
}

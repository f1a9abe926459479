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

    private static final String DYNAMIC = "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Prescott MAX_THREADS=64";

    @Test
    void aCoreNarrowerThanTheCpuThatNobodyNamedIsReplacedByTheCpusOwnLevel() {
        Set<String> avx = Set.of("sse2", "avx");
        assertEquals(Optional.of("SkylakeX"), BlasCore.forThisCpu("Prescott", DYNAMIC, null, "amd64", ZEN4));
        assertEquals(Optional.of("SkylakeX"), BlasCore.forThisCpu("Haswell", DYNAMIC, null, "amd64", ZEN4));
        assertEquals(Optional.of("SkylakeX"), BlasCore.forThisCpu("Sandybridge", DYNAMIC, null, "x86_64", ZEN4));
        assertEquals(Optional.of("Haswell"), BlasCore.forThisCpu("Prescott", DYNAMIC, null, "amd64", ZEN3));
        assertEquals(Optional.of("Haswell"), BlasCore.forThisCpu("Nehalem", DYNAMIC, null, "amd64", ZEN3));
        assertEquals(Optional.of("Sandybridge"), BlasCore.forThisCpu("Core2", DYNAMIC, null, "amd64", avx));
        // OpenBLAS's own choice at the CPU's level or above
        assertEquals(Optional.empty(), BlasCore.forThisCpu("Cooperlake", DYNAMIC, null, "amd64", ZEN4));
        assertEquals(Optional.empty(), BlasCore.forThisCpu("SkylakeX", DYNAMIC, null, "amd64", ZEN4));
        assertEquals(Optional.empty(), BlasCore.forThisCpu("Zen", DYNAMIC, null, "amd64", ZEN3));
        assertEquals(Optional.empty(), BlasCore.forThisCpu("Haswell", DYNAMIC, null, "amd64", ZEN3));
        assertEquals(Optional.empty(), BlasCore.forThisCpu("Prescott", DYNAMIC, null, "amd64", Set.of("sse2")));
        // what is not convkit's to change, or not known
        assertEquals(Optional.empty(), BlasCore.forThisCpu("Prescott", DYNAMIC, "Prescott", "amd64", ZEN4), "the user's");
        assertEquals(Optional.empty(), BlasCore.forThisCpu("Cooperlake", DYNAMIC, "", "amd64", ZEN4), "set, if blank");
        assertEquals(Optional.empty(), BlasCore.forThisCpu("Prescott", DYNAMIC.replace("DYNAMIC_ARCH ", ""), null,
            "amd64", ZEN4), "a library built for one core reads no variable");
        assertEquals(Optional.empty(), BlasCore.forThisCpu("Prescott", DYNAMIC, null, "aarch64", ZEN4), "not x86");
        assertEquals(Optional.empty(), BlasCore.forThisCpu("NeoverseN1", DYNAMIC, null, "amd64", ZEN4), "unknown core");
        assertEquals(Optional.empty(), BlasCore.forThisCpu(null, DYNAMIC, null, "amd64", ZEN4), "not OpenBLAS");
    }

    @Test
    void theLoadersNoteSaysWhatOpenBlasPickedWhatWasNamedAndWhatRan() {
        String cpu = "Intel(R) Xeon(R) Processor, family 6 model 207";
        String ran = BlasCore.namedNote("Prescott", "SkylakeX", "SkylakeX", cpu);
        assertEquals("OpenBLAS picked its Prescott kernels, narrower than the vectors of this CPU, whose model it does"
            + " not know (" + cpu + "); loaded again with OPENBLAS_CORETYPE=SkylakeX (set for that load only): it runs"
            + " SkylakeX", ran);
        String kept = BlasCore.namedNote("Prescott", "SkylakeX", "Prescott", cpu);
        assertTrue(kept.endsWith("still ran Prescott (the dynamic loader kept the first copy): set OPENBLAS_CORETYPE"
            + " before starting convkit"), kept);
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

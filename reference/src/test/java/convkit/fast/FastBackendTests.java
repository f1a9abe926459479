package convkit.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class FastBackendTests {

    @Test
    void theFallbackNoticeIsOneLineThatSaysWhatToInstall() {
        String notice = FastBackend.notice(new BlasLibraries.Discovery(Optional.empty(), List.of("libopenblas.so.0: not found")));
        assertTrue(notice.startsWith("convkit: native BLAS not found, using Java GEMM: install OpenBLAS (libopenblas0)"),
            notice);
        assertTrue(!notice.contains("\n"), notice);
    }

    @Test
    void theNoticeRepeatsWhyAnExplicitLibraryWasRefused() {
        String notice = FastBackend.notice(new BlasLibraries.Discovery(Optional.empty(),
            List.of("CONVKIT_BLAS=/x/lib.so cannot be used: no such file; searching the usual places instead")));
        assertTrue(notice.contains("CONVKIT_BLAS=/x/lib.so cannot be used: no such file"), notice);
    }

    @Test
    void forcingTheJavaBackendGivesJavaGemm() {
        assertInstanceOf(JavaGemm.class, FastBackend.gemm(FastBackend.Kind.JAVA));
    }

    @Test
    void anUnknownBackendNameIsRejected() {
        String before = System.getProperty(FastBackend.PROPERTY);
        System.setProperty(FastBackend.PROPERTY, "gpu");
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, FastBackend::requested);
            assertTrue(e.getMessage().contains("must be auto, native or java, but was 'gpu'"), e.getMessage());
        } finally {
            if (before == null) {
                System.clearProperty(FastBackend.PROPERTY);
            } else {
                System.setProperty(FastBackend.PROPERTY, before);
            }
        }
    }

    @Test
    void theReportSaysWhichBackendTheFastPathUses() {
        List<String> report = FastBackend.report();
        assertEquals(1, report.stream().filter(line -> line.startsWith("fast path  ")).count(), report.toString());
        assertTrue(report.stream().anyMatch(line -> line.startsWith("Vector API ")), report.toString());
    }
}

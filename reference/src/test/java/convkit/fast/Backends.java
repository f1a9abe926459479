package convkit.fast;

import java.util.ArrayList;
import java.util.List;

/** The GEMM backends every fast-path test runs on: native BLAS when found, Java vector, Java scalar. */
final class Backends {

    private Backends() {
    }

    static List<Gemm> all() {
        List<Gemm> gemms = new ArrayList<>();
        BlasLibraries.discover().blas().ifPresent(gemms::add);
        JavaGemm.vectorised().ifPresent(gemms::add);
        gemms.add(JavaGemm.scalar());
        return gemms;
    }
}

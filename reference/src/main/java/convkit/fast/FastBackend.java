package convkit.fast;

import java.util.ArrayList;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Chooses the GEMM of the fast path: native BLAS when {@link BlasLibraries#discover()} finds one,
 * otherwise the pure-Java {@link JavaGemm}, announced by one line on standard error.
 *
 * <p>The choice can be forced with the system property {@code convkit.fast.backend}
 * (or the environment variable {@code CONVKIT_FAST_BACKEND}): {@code auto} (default),
 * {@code native} (fail clearly when there is no native BLAS) or {@code java}.
 *
 * <pre>
 *   Gemm gemm = FastBackend.gemm();                  // what the fast path uses
 *   Gemm java = FastBackend.gemm(FastBackend.Kind.JAVA);
 *   FastBackend.report().forEach(System.out::println);  // what `convkit doctor` prints
 * </pre>
 */
public final class FastBackend {

    /** System property forcing the backend: auto, native or java. */
    public static final String PROPERTY = "convkit.fast.backend";
    /** Environment variable forcing the backend when the property is unset. */
    public static final String ENVIRONMENT = "CONVKIT_FAST_BACKEND";

    /**
     * For reports: how much faster native BLAS made the fast path than the Java GEMM in this
     * project's benchmark (float32, 2 threads, forward+backward). Most where both passes go
     * through the GEMM; little where the float32 forward runs the direct conv on either backend;
     * far more against the scalar Java GEMM (no Vector API). The measurements are in
     * {@code .bench/direct-conv-history.md}.
     */
    static final String NATIVE_SPEEDUP = "1-1.5x (15x without the Vector API)";

    /** The two kinds of backend. */
    public enum Kind {
        /** cblas through the FFM API. */
        NATIVE,
        /** {@link JavaGemm}: Vector API when loaded, scalar otherwise. */
        JAVA
    }

    private static volatile Gemm chosen;
    private static volatile JavaGemm java;

    private FastBackend() {
    }

    /** The GEMM the fast path uses (chosen once per JVM; see the class comment). */
    public static Gemm gemm() {
        Gemm result = chosen;
        if (result == null) {
            synchronized (FastBackend.class) {
                result = chosen;
                if (result == null) {
                    result = choose();
                    chosen = result;
                }
            }
        }
        return result;
    }

    /** A GEMM of the given kind; NATIVE throws {@link IllegalStateException} when none is found. */
    public static Gemm gemm(Kind kind) {
        if (kind == Kind.JAVA) {
            return javaGemm();
        }
        BlasLibraries.Discovery discovery = BlasLibraries.discover();
        return discovery.blas().orElseThrow(() -> new IllegalStateException(
            "no native BLAS found (" + String.join("; ", discovery.notes()) + ")"));
    }

    /** The kind requested by the property or environment variable, or null for auto. */
    static Kind requested() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            value = System.getenv(ENVIRONMENT);
        }
        if (value == null || value.isBlank() || value.equalsIgnoreCase("auto")) {
            return null;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "native" -> Kind.NATIVE;
            case "java" -> Kind.JAVA;
            default -> throw new IllegalArgumentException(PROPERTY + " must be auto, native or java, but was '"
                + value + "'");
        };
    }

    private static Gemm choose() {
        Kind kind = requested();
        if (kind != null) {
            return gemm(kind);
        }
        BlasLibraries.Discovery discovery = BlasLibraries.discover();
        if (discovery.blas().isPresent()) {
            refusedOverride(discovery).ifPresent(refused -> System.err.println("convkit: " + refused
                + "; using " + discovery.blas().get().name()));
            return discovery.blas().get();
        }
        System.err.println(notice(discovery));
        return javaGemm();
    }

    /** The one line printed when the Java fallback is used. */
    static String notice(BlasLibraries.Discovery discovery) {
        String explicit = refusedOverride(discovery).map(n -> " (" + n + ")").orElse("");
        return "convkit: native BLAS not found, using Java GEMM: install OpenBLAS (libopenblas0) for ~"
            + NATIVE_SPEEDUP + " speed" + explicit;
    }

    /** The note saying why a library named by -Dconvkit.blas / CONVKIT_BLAS was not used, if one was named. */
    static java.util.Optional<String> refusedOverride(BlasLibraries.Discovery discovery) {
        return discovery.notes().stream().filter(n -> n.contains(" cannot be used: ")).findFirst();
    }

    private static JavaGemm javaGemm() {
        JavaGemm result = java;
        if (result == null) {
            synchronized (FastBackend.class) {
                result = java;
                if (result == null) {
                    result = JavaGemm.create();
                    java = result;
                }
            }
        }
        return result;
    }

    /** Lines describing what the fast path would use, for {@code convkit doctor} and the benchmark. */
    public static List<String> report() {
        List<String> lines = new ArrayList<>();
        BlasLibraries.Discovery discovery = BlasLibraries.discover();
        Kind kind;
        try {
            kind = requested();
        } catch (IllegalArgumentException e) {
            lines.add("fast path  " + e.getMessage());
            kind = null;
        }
        if (discovery.blas().isPresent()) {
            NativeBlas blas = discovery.blas().get();
            lines.add("BLAS       " + blas.vendor() + " at " + blas.library());
            lines.add("  marker   " + blas.marker());
            blas.core().ifPresent(core -> lines.add("  kernels  " + core + (blas.coreNote().isPresent()
                ? " (OpenBLAS's core: named by convkit for this CPU, as a note below says)"
                : " (OpenBLAS's core: its own choice for this CPU, or the one " + BlasCore.VARIABLE + " names)")));
        } else {
            lines.add("BLAS       no native BLAS found (the fast path falls back to the Java GEMM)");
        }
        for (String note : discovery.notes()) {
            lines.add("  tried    " + note);
        }
        String vector = JavaGemm.vectorApiLoaded() ? "loaded (Java GEMM uses vector kernels)"
            : JavaGemm.vectorApiInJdk() ? "in the JDK; loaded by bench, conv2d and conv2d-backward (--add-modules jdk.incubator.vector)"
            : "not in this JDK (Java GEMM uses scalar kernels)";
        lines.add("Vector API " + vector);
        Tuning tuning = Tuning.DEFAULTS;
        String tuningLine;
        try {
            tuning = Tuning.fromSystemProperty();
            tuningLine = tuning.differences().isEmpty() ? "the defaults"
                : tuning.differences() + " (from -D" + Tuning.PROPERTY + "), the rest the defaults";
        } catch (IllegalArgumentException e) {
            tuningLine = e.getMessage() + "; the defaults are used";
        }
        String direct = DirectConv.available(tuning).map(d -> d.describe() + ": the float32 forward of layers it suits")
            .orElse(tuning.direct() == Tuning.Direct.OFF
                ? "off (" + Tuning.PROPERTY + " direct=off): every forward runs im2col + GEMM"
                : JavaGemm.vectorApiLoaded()
                ? "not used: vectors narrower than " + DirectConv.MIN_VECTOR_BITS + " bits (im2col + GEMM is faster there)"
                : JavaGemm.vectorApiInJdk()
                ? "with the Vector API (bench, conv2d) and " + DirectConv.MIN_VECTOR_BITS
                    + "-bit vectors: the float32 forward of layers whose output width fits its tiles"
                : "not available (needs the Vector API): every forward runs im2col + GEMM");
        lines.add("direct     " + direct);
        lines.add("tuning     " + tuningLine);
        String uses = kind == Kind.JAVA ? "Java GEMM (forced by " + PROPERTY + "=java)"
            : discovery.blas().isPresent() ? "native BLAS"
            : kind == Kind.NATIVE ? "nothing: " + PROPERTY + "=native but no native BLAS"
            : "Java GEMM fallback";
        lines.add("fast path  " + uses);
        return lines;
    }

    /**
     * This machine's CPU as /proc/cpuinfo names its first processor, with its family and model
     * numbers and widest vector extension (a hypervisor may call different chips "AMD EPYC"), or
     * the architecture where there is no such file: for reports and benchmark records.
     */
    public static String cpu() {
        return Planner.cpu(Path.of("/proc/cpuinfo"));
    }
}

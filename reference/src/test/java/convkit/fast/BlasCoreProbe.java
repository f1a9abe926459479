package convkit.fast;

import static java.lang.foreign.ValueLayout.ADDRESS;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * A child-JVM entry point for {@link BlasCoreProcessTests}. With an argument other than "-", it
 * first sets {@code OPENBLAS_CORETYPE} to it in the C library's environment only, where OpenBLAS
 * reads it as it loads, while the JVM's copy ({@link System#getenv}, taken when first read) says
 * nothing: so OpenBLAS picks a core the user did not name, as it does on a CPU it does not know.
 * Then it discovers the BLAS and prints its core, config, the discovery's notes, the variable as
 * the C library's environment holds it afterwards, and a 64×64×64 product checked against loops.
 */
final class BlasCoreProbe {

    private BlasCoreProbe() {
    }

    public static void main(String[] args) throws Throwable {
        System.getenv(); // the JVM's copy of the environment is taken when first read: now, before the change
        if (!args[0].equals("-")) {
            BlasLibraries.Environment.of(Linker.nativeLinker()).orElseThrow().set(BlasCore.VARIABLE, args[0]);
        }
        BlasLibraries.Discovery discovery = BlasLibraries.discover();
        NativeBlas blas = discovery.blas().orElseThrow(() -> new IllegalStateException("no BLAS: " + discovery.notes()));
        System.out.println("core=" + blas.core().orElse("none"));
        System.out.println("config=" + blas.marker());
        discovery.notes().forEach(note -> System.out.println("note=" + note));
        System.out.println("variable=" + nativeVariable(BlasCore.VARIABLE));
        int n = 64;
        float[] a = new float[n * n];
        float[] b = new float[n * n];
        for (int i = 0; i < n * n; i++) {
            a[i] = (i * 7 % 13) - 6;
            b[i] = (i * 5 % 11) - 5;
        }
        float[] c = new float[n * n];
        blas.sgemm(1, Transpose.NO, Transpose.NO, n, n, n, 1, a, 0, n, b, 0, n, 0, c, 0, n);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < n; p++) {
                    sum += a[i * n + p] * b[p * n + j];
                }
                worst = Math.max(worst, Math.abs(sum - c[i * n + j]));
            }
        }
        System.out.println("product error=" + worst);
    }

    /** getenv(3): the variable as the C library's environment holds it, or "unset". */
    private static String nativeVariable(String name) throws Throwable {
        Linker linker = Linker.nativeLinker();
        MethodHandle getenv = linker.downcallHandle(linker.defaultLookup().find("getenv").orElseThrow(),
            FunctionDescriptor.of(ADDRESS, ADDRESS));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = (MemorySegment) getenv.invokeExact(arena.allocateFrom(name));
            return value.equals(MemorySegment.NULL) ? "unset" : value.reinterpret(256).getString(0);
        }
    }
}

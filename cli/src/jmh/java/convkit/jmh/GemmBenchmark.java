package convkit.jmh;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import convkit.fast.FastBackend;
import convkit.fast.Gemm;
import convkit.fast.JavaGemm;
import convkit.fast.NativeBlas;
import convkit.fast.Transpose;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * sgemm on one thread for three size classes (small 32³, medium 256³, one conv image
 * 64×3136×576 of resnet3x3_64), per backend: native BLAS with the critical heap call, native
 * BLAS with an arena copy, the Java GEMM with the Vector API, and the scalar Java GEMM.
 * The critical-vs-arena columns are what {@link NativeBlas#transferFor} was chosen from.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules=jdk.incubator.vector",
    "-XX:Tier3DelayOn=100000"})
public class GemmBenchmark {

    @Param({"32x32x32", "256x256x256", "64x3136x576"})
    public String size;

    @Param({"native-critical", "native-arena", "java-vector", "java-scalar"})
    public String backend;

    private Gemm gemm;
    private int m;
    private int n;
    private int k;
    private float[] a;
    private float[] b;
    private float[] c;

    @Setup
    public void setUp() {
        String[] mnk = size.split("x");
        m = Integer.parseInt(mnk[0]);
        n = Integer.parseInt(mnk[1]);
        k = Integer.parseInt(mnk[2]);
        gemm = switch (backend) {
            case "native-critical", "native-arena" -> {
                NativeBlas blas = (NativeBlas) FastBackend.gemm(FastBackend.Kind.NATIVE);
                blas.forceTransfer(backend.endsWith("critical") ? NativeBlas.Transfer.CRITICAL_HEAP
                    : NativeBlas.Transfer.ARENA_COPY);
                yield blas;
            }
            case "java-vector" -> JavaGemm.vectorised().orElseThrow();
            default -> JavaGemm.scalar();
        };
        Random random = new Random(1);
        a = new float[m * k];
        b = new float[k * n];
        c = new float[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextFloat();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = random.nextFloat();
        }
    }

    @Benchmark
    public float[] sgemm() {
        gemm.sgemm(1, Transpose.NO, Transpose.NO, m, n, k, 1, a, 0, k, b, 0, n, 0, c, 0, n);
        return c;
    }
}

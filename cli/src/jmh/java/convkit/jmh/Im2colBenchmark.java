package convkit.jmh;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import convkit.fast.FastIm2col;
import convkit.fast.FloatIm2col;
import convkit.fast.LayerShape;
import convkit.reference.ConvSpec;
import convkit.reference.Im2col;
import convkit.reference.Tensor;
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
 * im2col and col2im of one image: the fast float32 kernels against the readable float64
 * reference {@code convkit.reference.Im2col}, on resnet3x3_64 (stride 1, the block-copy case)
 * and resnet_conv1 (stride 2, the gather case).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class Im2colBenchmark {

    @Param({"resnet3x3_64", "resnet_conv1"})
    public String layer;

    private LayerShape shape;
    private FastIm2col.Plan plan;
    private float[] x;
    private float[] col;
    private float[] dx;
    private Tensor xTensor;

    @Setup
    public void setUp() {
        shape = layer.equals("resnet3x3_64") ? LayerShape.of(1, 64, 56, 56, 64, 3, 1, 1)
            : LayerShape.of(1, 3, 224, 224, 64, 7, 2, 3);
        plan = FastIm2col.plan(shape);
        Random random = new Random(1);
        x = new float[shape.inputSize()];
        double[] xd = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextFloat();
            xd[i] = x[i];
        }
        col = new float[shape.reduction() * shape.oh() * shape.ow()];
        dx = new float[x.length];
        xTensor = Tensor.of(xd, 1, shape.c(), shape.h(), shape.w());
    }

    @Benchmark
    public float[] fastIm2col() {
        FloatIm2col.im2col(shape, plan, x, 0, 0, shape.oh(), col);
        return col;
    }

    @Benchmark
    public float[] fastCol2im() {
        java.util.Arrays.fill(dx, 0);
        FloatIm2col.col2im(shape, plan, col, 0, shape.oh(), dx, 0);
        return dx;
    }

    @Benchmark
    public Tensor referenceIm2col() {
        return Im2col.im2col(xTensor, 0, shape.kh(), shape.kw(), ConvSpec.of(shape.strideH(), shape.padH(), 1));
    }
}

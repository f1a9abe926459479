package convkit.jmh;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import convkit.fast.FastBackend;
import convkit.fast.FastConv2d;
import convkit.fast.LayerShape;
import convkit.fast.Tuning;
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
 * One float32 conv backward (dX, dW and db) of one image on one thread, by the two routes of the
 * fast path: the direct kernels (dX as the forward of the transposed layer, dW from dY and the
 * rewritten input) and im2col + GEMM + col2im ({@code Tuning} direct=off), on resnet3x3_64,
 * layers with narrow maps (resnet3x3_256, and resnet3x3_512's rows of 7) and a 1×1 layer
 * (resnet1x1_256, read in place).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules=jdk.incubator.vector",
    "-XX:Tier3DelayOn=100000"})
public class ConvBackwardBenchmark {

    @Param({"resnet3x3_64", "resnet3x3_256", "resnet3x3_512", "resnet1x1_256"})
    public String layer;

    @Param({"direct", "gemm"})
    public String route;

    private LayerShape shape;
    private FastConv2d conv;
    private float[] x;
    private float[] w;
    private float[] dy;
    private float[] dx;
    private float[] dw;
    private float[] db;

    @Setup
    public void setUp() {
        shape = switch (layer) {
            case "resnet3x3_64" -> LayerShape.of(1, 64, 56, 56, 64, 3, 1, 1);
            case "resnet3x3_256" -> LayerShape.of(1, 256, 14, 14, 256, 3, 1, 1);
            case "resnet3x3_512" -> LayerShape.of(1, 512, 7, 7, 512, 3, 1, 1);
            default -> LayerShape.of(1, 256, 56, 56, 64, 1, 1, 0);
        };
        conv = new FastConv2d(FastBackend.gemm(), 1,
            Tuning.DEFAULTS.with("direct=" + (route.equals("direct") ? "auto" : "off")));
        boolean direct = conv.directBackwardData(shape) && conv.directBackwardWeights(shape);
        if (direct != route.equals("direct")) {
            throw new IllegalStateException(layer + " would run dX: " + conv.plan(shape).describeBackwardData() + ", dW: "
                + conv.plan(shape).describeBackwardWeights() + ", not " + route);
        }
        Random random = new Random(1);
        x = ConvLayers.randoms(random, shape.inputSize());
        w = ConvLayers.randoms(random, shape.weightSize());
        dy = ConvLayers.randoms(random, shape.outputSize());
        dx = new float[shape.inputSize()];
        dw = new float[shape.weightSize()];
        db = new float[shape.k()];
    }

    @Benchmark
    public float[] backward() {
        conv.backward(shape, x, w, dy, dx, dw, db);
        return dw;
    }
}

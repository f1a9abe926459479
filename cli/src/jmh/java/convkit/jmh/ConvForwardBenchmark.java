package convkit.jmh;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import convkit.fast.FastBackend;
import convkit.fast.FastConv2d;
import convkit.fast.LayerShape;
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
 * One float32 conv forward of one image on one thread, by the two routes of the fast path:
 * the direct conv (no column matrix) and im2col + GEMM ({@code -Dconvkit.fast.direct=off} in the
 * forked JVM), on a stride-1 layer (resnet3x3_64), a stride-2 first layer (resnet_conv1) and a
 * narrow one (resnet3x3_256, two output rows per tile).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules=jdk.incubator.vector",
    "-XX:Tier3DelayOn=100000"})
public class ConvForwardBenchmark {

    @Param({"resnet3x3_64", "resnet_conv1", "resnet3x3_256"})
    public String layer;

    @Param({"direct", "im2col"})
    public String route;

    private LayerShape shape;
    private FastConv2d conv;
    private float[] x;
    private float[] w;
    private float[] bias;
    private float[] y;

    @Setup
    public void setUp() {
        shape = switch (layer) {
            case "resnet3x3_64" -> LayerShape.of(1, 64, 56, 56, 64, 3, 1, 1);
            case "resnet_conv1" -> LayerShape.of(1, 3, 224, 224, 64, 7, 2, 3);
            default -> LayerShape.of(1, 256, 14, 14, 256, 3, 1, 1);
        };
        System.setProperty("convkit.fast.direct", route.equals("direct") ? "auto" : "off");
        conv = new FastConv2d(FastBackend.gemm(), 1);
        if (conv.direct(shape) != route.equals("direct")) {
            throw new IllegalStateException(layer + " would run " + conv.forwardPath(shape) + ", not " + route);
        }
        Random random = new Random(1);
        x = ConvLayers.randoms(random, shape.inputSize());
        w = ConvLayers.randoms(random, shape.weightSize());
        bias = ConvLayers.randoms(random, shape.k());
        y = new float[shape.outputSize()];
    }

    @Benchmark
    public float[] forward() {
        conv.forward(shape, x, w, bias, y);
        return y;
    }
}

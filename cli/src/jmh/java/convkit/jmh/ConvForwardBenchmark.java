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
 * One float32 conv forward of one image on one thread, by the routes of the fast path: the
 * direct conv (no column matrix) with the tile it chooses, forced to its 8-channel × 32-position
 * tile or its 32-channel × 12-position tile ({@code Tuning} tiles=positions|channels), and
 * im2col + GEMM ({@code Tuning} direct=off), on a stride-1 layer (resnet3x3_64), a stride-2 first
 * layer (resnet_conv1) and one with narrow maps and a long reduction (resnet3x3_256: 14-wide
 * rows, 2304 taps).
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

    @Param({"direct", "positions", "channels", "im2col"})
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
        Tuning tuning = Tuning.DEFAULTS.with("direct=" + (route.equals("im2col") ? "off" : "auto")
            + ",tiles=" + (route.equals("direct") || route.equals("im2col") ? "auto" : route));
        conv = new FastConv2d(FastBackend.gemm(), 1, tuning);
        if (conv.direct(shape) == route.equals("im2col")) {
            throw new IllegalStateException(layer + " would run " + conv.plan(shape).describeForward() + ", not " + route);
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

package convkit.reference;

import static convkit.reference.TensorAssert.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import convkit.dispatch.ConvLayer;
import convkit.dispatch.Impl;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Agreement with PyTorch (conv2d, max_pool2d, avg_pool2d and their autograd gradients), float64,
 * from the fixtures written once by {@code src/test/fixtures/generate_fixtures.py}.
 *
 * <p>Tolerance 1e-10 relative (see {@link Compare}): the sums here have at most a few hundred
 * terms of magnitude ~1, whose rounding differences in float64 stay below 1e-13; 1e-10 leaves
 * room for a different summation order while any indexing mistake gives errors near 1.
 */
class TorchFixtureTests {

    private static final double TOLERANCE = 1e-10;

    record Case(String name, String op, String[] spec) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Path dir() {
        try {
            return Path.of(TorchFixtureTests.class.getResource("/fixtures/torch/manifest.tsv").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Case> cases(String opPrefix) {
        try (Stream<String> lines = Files.lines(dir().resolve("manifest.tsv"))) {
            return lines.filter(line -> !line.startsWith("#") && !line.isBlank())
                .map(line -> line.split("\t"))
                .map(f -> new Case(f[0], f[1], java.util.Arrays.copyOfRange(f, 2, f.length)))
                .filter(c -> c.op().startsWith(opPrefix))
                .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Case> convCases() {
        return cases("conv2d");
    }

    static List<Case> maxCases() {
        return cases("max_pool2d");
    }

    static List<Case> avgCases() {
        return cases("avg_pool2d");
    }

    static Tensor load(Case c, String name) {
        try {
            return Npy.read(dir().resolve(c.name()).resolve(name + ".npy")).tensor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ConvSpec convSpec(Case c) {
        int[] v = java.util.Arrays.stream(c.spec(), 0, 6).mapToInt(Integer::parseInt).toArray();
        PaddingMode mode = c.spec()[6].equals("reflect") ? PaddingMode.REFLECT : PaddingMode.ZEROS;
        return new ConvSpec(v[0], v[1], v[2], v[3], v[4], v[5], mode);
    }

    static PoolSpec poolSpec(Case c) {
        int[] v = java.util.Arrays.stream(c.spec()).mapToInt(Integer::parseInt).toArray();
        return new PoolSpec(v[0], v[1], v[2], v[3], v[4], v[5]);
    }

    static Tensor biasOf(Case c) {
        return c.spec()[7].equals("yes") ? load(c, "b") : null;
    }

    @ParameterizedTest
    @MethodSource("convCases")
    void naiveForwardMatchesTorch(Case c) {
        assertClose(c + " y", load(c, "y"), Conv2d.forward(load(c, "x"), load(c, "w"), biasOf(c), convSpec(c)), TOLERANCE);
    }

    @ParameterizedTest
    @MethodSource("convCases")
    void naiveBackwardMatchesTorch(Case c) {
        Conv2d.Gradients g = Conv2d.backward(load(c, "x"), load(c, "w"), load(c, "dy"), convSpec(c));
        assertClose(c + " dx", load(c, "dx"), g.dx(), TOLERANCE);
        assertClose(c + " dw", load(c, "dw"), g.dw(), TOLERANCE);
        if (biasOf(c) != null) {
            assertClose(c + " db", load(c, "db"), g.db(), TOLERANCE);
        }
    }

    @ParameterizedTest
    @MethodSource("convCases")
    void im2colForwardMatchesTorch(Case c) {
        assertClose(c + " y", load(c, "y"),
            Im2colConv.forward(load(c, "x"), load(c, "w"), biasOf(c), convSpec(c)), TOLERANCE);
    }

    @ParameterizedTest
    @MethodSource("convCases")
    void im2colBackwardMatchesTorch(Case c) {
        Conv2d.Gradients g = Im2colConv.backward(load(c, "x"), load(c, "w"), load(c, "dy"), convSpec(c));
        assertClose(c + " dx", load(c, "dx"), g.dx(), TOLERANCE);
        assertClose(c + " dw", load(c, "dw"), g.dw(), TOLERANCE);
        if (biasOf(c) != null) {
            assertClose(c + " db", load(c, "db"), g.db(), TOLERANCE);
        }
    }

    @ParameterizedTest
    @MethodSource("convCases")
    void fastForwardMatchesTorch(Case c) {
        assertClose(c + " y", load(c, "y"),
            ConvLayer.forward(Impl.FAST, load(c, "x"), load(c, "w"), biasOf(c), convSpec(c)), TOLERANCE);
    }

    @ParameterizedTest
    @MethodSource("convCases")
    void fastBackwardMatchesTorch(Case c) {
        Conv2d.Gradients g = ConvLayer.backward(Impl.FAST, load(c, "x"), load(c, "w"), load(c, "dy"), convSpec(c));
        assertClose(c + " dx", load(c, "dx"), g.dx(), TOLERANCE);
        assertClose(c + " dw", load(c, "dw"), g.dw(), TOLERANCE);
        if (biasOf(c) != null) {
            assertClose(c + " db", load(c, "db"), g.db(), TOLERANCE);
        }
    }

    @ParameterizedTest
    @MethodSource("maxCases")
    void maxPoolForwardMatchesTorch(Case c) {
        assertClose(c + " y", load(c, "y"), Pool2d.maxForward(load(c, "x"), poolSpec(c)).y(), TOLERANCE);
    }

    @ParameterizedTest
    @MethodSource("maxCases")
    void maxPoolBackwardMatchesTorchIncludingTies(Case c) {
        assertClose(c + " dx", load(c, "dx"), Pool2d.maxBackward(load(c, "x"), load(c, "dy"), poolSpec(c)), TOLERANCE);
    }

    @ParameterizedTest
    @MethodSource("avgCases")
    void avgPoolForwardMatchesTorch(Case c) {
        assertClose(c + " y", load(c, "y"), Pool2d.avgForward(load(c, "x"), poolSpec(c)), TOLERANCE);
    }

    @ParameterizedTest
    @MethodSource("avgCases")
    void avgPoolBackwardMatchesTorch(Case c) {
        assertClose(c + " dx", load(c, "dx"), Pool2d.avgBackward(load(c, "x"), load(c, "dy"), poolSpec(c)), TOLERANCE);
    }

    @org.junit.jupiter.api.Test
    void manifestCoversElevenConvAndNinePoolCases() {
        assertEquals(11, convCases().size());
        assertEquals(9, maxCases().size() + avgCases().size());
    }
}

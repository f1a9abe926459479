package convkit.reference;

import static convkit.reference.TensorAssert.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of the layer code on random shapes, each case built from its seed alone: naive ==
 * im2col, im2col and col2im are adjoint, backward passes the centred-difference gradient check,
 * max pooling ignores a shift inside its window.
 */
class LayerPropertyTests {

    /** Naive and im2col add the same products in different orders: rounding stays below 1e-12. */
    private static final double SAME_SUM_OTHER_ORDER = 1e-12;
    /** Centred differences with h = 1e-5 on values of size ~1: truncation ~1e-10, rounding ~1e-11. */
    private static final double GRADIENT_CHECK = 1e-6;

    static Stream<Long> seeds() {
        return IntStream.range(0, 60).mapToObj(i -> 2_000L + i);
    }

    static Stream<Long> fewerSeeds() {
        return IntStream.range(0, 20).mapToObj(i -> 3_000L + i);
    }

    record Layer(Tensor x, Tensor w, Tensor b, ConvSpec spec) {
    }

    /**
     * A random layer that fits: N 1..2, C 1..3, K 1..3, kernel 1..3 × 1..3, strides 1..3, padding
     * 0..2, dilation 1..2, zero or reflect padding; values uniform in [-1, 1).
     */
    static Layer layer(long seed) {
        Random random = new Random(seed);
        int kh = 1 + random.nextInt(3);
        int kw = 1 + random.nextInt(3);
        int dilationH = 1 + random.nextInt(2);
        int dilationW = 1 + random.nextInt(2);
        int h = dilationH * (kh - 1) + 1 + random.nextInt(4);
        int w = dilationW * (kw - 1) + 1 + random.nextInt(4);
        boolean reflect = random.nextBoolean();
        int padH = reflect ? Math.min(random.nextInt(3), h - 1) : random.nextInt(3);
        int padW = reflect ? Math.min(random.nextInt(3), w - 1) : random.nextInt(3);
        ConvSpec spec = new ConvSpec(1 + random.nextInt(3), 1 + random.nextInt(3), padH, padW, dilationH, dilationW,
            reflect ? PaddingMode.REFLECT : PaddingMode.ZEROS);
        int n = 1 + random.nextInt(2);
        int c = 1 + random.nextInt(3);
        int k = 1 + random.nextInt(3);
        return new Layer(GradientCheck.random(random, n, c, h, w), GradientCheck.random(random, k, c, kh, kw),
            GradientCheck.random(random, k), spec);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void naiveEqualsIm2colForwardAndBackward(long seed) {
        Layer l = layer(seed);
        Tensor y = Conv2d.forward(l.x(), l.w(), l.b(), l.spec());
        assertClose("y " + l.spec(), y, Im2colConv.forward(l.x(), l.w(), l.b(), l.spec()), SAME_SUM_OTHER_ORDER);
        Tensor dy = GradientCheck.random(new Random(seed + 1), y.shape());
        Conv2d.Gradients naive = Conv2d.backward(l.x(), l.w(), dy, l.spec());
        Conv2d.Gradients im2col = Im2colConv.backward(l.x(), l.w(), dy, l.spec());
        assertClose("dx", naive.dx(), im2col.dx(), SAME_SUM_OTHER_ORDER);
        assertClose("dw", naive.dw(), im2col.dw(), SAME_SUM_OTHER_ORDER);
        assertClose("db", naive.db(), im2col.db(), SAME_SUM_OTHER_ORDER);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void im2colAndCol2imAreAdjoint(long seed) {
        Layer l = layer(seed);
        int kh = l.w().dim(2);
        int kw = l.w().dim(3);
        Tensor cols = Im2col.im2col(l.x(), 0, kh, kw, l.spec());
        Tensor y = GradientCheck.random(new Random(seed + 1), cols.shape());
        Tensor back = Im2col.col2im(y, l.x().dim(1), l.x().dim(2), l.x().dim(3), kh, kw, l.spec());
        Tensor image0 = Tensor.of(java.util.Arrays.copyOf(l.x().data(), back.size()), back.shape());
        double left = GradientCheck.dot(cols, y);
        double right = GradientCheck.dot(image0, back);
        // ⟨im2col(x), y⟩ = ⟨x, col2im(y)⟩: the same products summed in another order
        assertEquals(left, right, SAME_SUM_OTHER_ORDER * Math.max(1, Math.abs(left)));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("fewerSeeds")
    void convBackwardPassesTheGradientCheck(long seed) {
        Layer l = layer(seed);
        Tensor g = GradientCheck.random(new Random(seed + 1), Conv2d.forward(l.x(), l.w(), l.b(), l.spec()).shape());
        Conv2d.Gradients analytic = Conv2d.backward(l.x(), l.w(), g, l.spec());
        Tensor dx = GradientCheck.numericGradient(t -> GradientCheck.dot(Conv2d.forward(t, l.w(), l.b(), l.spec()), g), l.x());
        Tensor dw = GradientCheck.numericGradient(t -> GradientCheck.dot(Conv2d.forward(l.x(), t, l.b(), l.spec()), g), l.w());
        Tensor db = GradientCheck.numericGradient(t -> GradientCheck.dot(Conv2d.forward(l.x(), l.w(), t, l.spec()), g), l.b());
        assertClose("dx", dx, analytic.dx(), GRADIENT_CHECK);
        assertClose("dw", dw, analytic.dw(), GRADIENT_CHECK);
        assertClose("db", db, analytic.db(), GRADIENT_CHECK);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("fewerSeeds")
    void poolBackwardPassesTheGradientCheck(long seed) {
        Random random = new Random(seed);
        int kernel = 1 + random.nextInt(3);
        PoolSpec spec = PoolSpec.of(kernel, 1 + random.nextInt(3), random.nextInt(kernel / 2 + 1));
        Tensor x = distinctValues(random, 2, 2, 5 + random.nextInt(3), 5 + random.nextInt(3));
        Tensor g = GradientCheck.random(random, Pool2d.outputShape(x, spec));
        Tensor maxNumeric = GradientCheck.numericGradient(t -> GradientCheck.dot(Pool2d.maxForward(t, spec).y(), g), x);
        Tensor avgNumeric = GradientCheck.numericGradient(t -> GradientCheck.dot(Pool2d.avgForward(t, spec), g), x);
        assertClose("max dx " + spec, maxNumeric, Pool2d.maxBackward(x, g, spec), GRADIENT_CHECK);
        assertClose("avg dx " + spec, avgNumeric, Pool2d.avgBackward(x, g, spec), GRADIENT_CHECK);
    }

    /**
     * Values 0.01 apart in random order: no two are within the step h = 1e-5, so nudging one never
     * changes which element is the maximum (max pooling is differentiable there).
     */
    static Tensor distinctValues(Random random, int... shape) {
        Tensor x = Tensor.zeros(shape);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = 0.01 * i;
        }
        // Fisher-Yates shuffle
        for (int i = x.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            double t = x.data()[i];
            x.data()[i] = x.data()[j];
            x.data()[j] = t;
        }
        return x;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void maxPoolIsInvariantToAShiftInsideTheWindow(long seed) {
        // 6×6 background in [0, 1); a feature of value 10 somewhere in window (1,1) of a 3×3, stride-3 pool
        Random random = new Random(seed);
        Tensor background = Tensor.zeros(1, 1, 6, 6);
        for (int i = 0; i < background.size(); i++) {
            background.data()[i] = random.nextDouble();
        }
        Tensor x = background.copy();
        x.set(10, 0, 0, 3 + random.nextInt(3), 3 + random.nextInt(3));
        Tensor moved = background.copy();
        moved.set(10, 0, 0, 3 + random.nextInt(3), 3 + random.nextInt(3));
        PoolSpec spec = PoolSpec.of(3, 3, 0);
        Tensor before = Pool2d.maxForward(x, spec).y();
        Tensor after = Pool2d.maxForward(moved, spec).y();
        assertEquals(10.0, after.get(0, 0, 1, 1));
        assertClose("pooled", before, after, 0);
        assertTrue(before.get(0, 0, 0, 0) < 1, "other windows keep their background maximum");
    }
}

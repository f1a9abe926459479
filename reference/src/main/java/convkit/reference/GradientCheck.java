package convkit.reference;

import java.util.function.ToDoubleFunction;

/**
 * GradientCheck: the derivative by its definition, to check a backward pass against.
 *
 * <pre>
 *   ∂f/∂x_i ≈ (f(x + h·e_i) - f(x - h·e_i)) / (2h)          centred difference, error O(h²)
 *   relative error = max_i |a_i - n_i| / max(1e-8, |a_i| + |n_i|)
 * </pre>
 * To check a layer, take the scalar loss {@code f(x) = Σ y(x)·g} for a fixed random g: then
 * ∂f/∂y = g, so the layer's backward with {@code dy = g} must give the numeric gradient.
 * In float64 with h = 1e-5, correct code shows relative errors near 1e-9 or below; a wrong
 * index shows up as 1e-1 or so.
 *
 * <p>Sample run ({@code java convkit.reference.GradientCheck}): a 1×2×5×5 input, 3×2×3×3 weights, stride 2, pad 1:
 * <pre>
 * dx relative error 4.1e-09, dw relative error 5.5e-09
 * </pre>
 *
 * <p>Limits: two evaluations of f per element: only for small tensors.
 */
public final class GradientCheck {

    /** The step h of {@link #numericGradient(ToDoubleFunction, Tensor)}: small, yet far above rounding. */
    public static final double STEP = 1e-5;

    private GradientCheck() {
    }

    /** The centred-difference gradient of {@code f} at {@code x} with step {@link #STEP}. */
    public static Tensor numericGradient(ToDoubleFunction<Tensor> f, Tensor x) {
        return numericGradient(f, x, STEP);
    }

    /** The centred-difference gradient of {@code f} at {@code x}; x is restored afterwards. */
    public static Tensor numericGradient(ToDoubleFunction<Tensor> f, Tensor x, double h) {
        if (!(h > 0)) {
            throw new IllegalArgumentException("step h: expected > 0 but was " + h);
        }
        Tensor grad = Tensor.zeros(x.shape());
        double[] v = x.data();
        // nudge one element at a time, both ways
        for (int i = 0; i < v.length; i++) {
            double saved = v[i];
            v[i] = saved + h;
            double plus = f.applyAsDouble(x);
            v[i] = saved - h;
            double minus = f.applyAsDouble(x);
            v[i] = saved;
            grad.data()[i] = (plus - minus) / (2 * h);
        }
        return grad;
    }

    /** The largest element-wise relative error between two tensors of the same shape. */
    public static double maxRelativeError(Tensor analytic, Tensor numeric) {
        if (!java.util.Arrays.equals(analytic.shape(), numeric.shape())) {
            throw new IllegalArgumentException("relative error: shapes differ, analytic " + analytic.shapeString()
                + " vs numeric " + numeric.shapeString());
        }
        double worst = 0.0;
        for (int i = 0; i < analytic.size(); i++) {
            double a = analytic.data()[i];
            double n = numeric.data()[i];
            worst = Math.max(worst, Math.abs(a - n) / Math.max(1e-8, Math.abs(a) + Math.abs(n)));
        }
        return worst;
    }

    /** {@code Σ_i y_i·g_i}: the scalar loss whose gradient with respect to y is g. */
    public static double dot(Tensor y, Tensor g) {
        if (y.size() != g.size()) {
            throw new IllegalArgumentException("dot: sizes differ, " + y.shapeString() + " vs " + g.shapeString());
        }
        double sum = 0.0;
        for (int i = 0; i < y.size(); i++) {
            sum += y.data()[i] * g.data()[i];
        }
        return sum;
    }

    /** A tensor of uniform random values in [-1, 1) from a seeded generator. */
    public static Tensor random(java.util.Random random, int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = 2 * random.nextDouble() - 1;
        }
        return t;
    }

    /** Demo: checks Conv2d.backward on a small layer. */
    public static void main(String[] args) {
        java.util.Random random = new java.util.Random(42);
        Tensor x = random(random, 1, 2, 5, 5);
        Tensor w = random(random, 3, 2, 3, 3);
        ConvSpec spec = ConvSpec.of(2, 1, 1);
        Tensor g = random(random, Conv2d.forward(x, w, null, spec).shape());
        Conv2d.Gradients analytic = Conv2d.backward(x, w, g, spec);
        Tensor dx = numericGradient(t -> dot(Conv2d.forward(t, w, null, spec), g), x);
        Tensor dw = numericGradient(t -> dot(Conv2d.forward(x, t, null, spec), g), w);
        System.out.printf(java.util.Locale.ROOT, "dx relative error %.1e, dw relative error %.1e%n",
            maxRelativeError(analytic.dx(), dx), maxRelativeError(analytic.dw(), dw));
    }
}

package convkit.reference;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

/**
 * Test helper: checks a {@link Layer}'s backward against finite differences ({@link GradientCheck}).
 *
 * <p>The loss is {@code f = Σ layer.forward(x)·g} for a fixed random g, so backward(g) must give
 * ∂f/∂x and fill every parameter's gradient with ∂f/∂parameter. Float64 with h = 1e-5: correct
 * code shows relative errors near 1e-9; the bound 1e-6 leaves room for the rounding of sums of a
 * few hundred terms, while a wrong index or a missing term gives errors near 1.
 */
final class LayerGradients {

    static final double TOLERANCE = 1e-6;

    private LayerGradients() {
    }

    /** Asserts dx and every parameter gradient of {@code layer} at {@code x} match the numeric ones. */
    static void assertMatchNumeric(Layer layer, Tensor x, Random random) {
        Tensor g = GradientCheck.random(random, layer.forward(x).shape());
        layer.forward(x);
        Tensor dx = layer.backward(g);
        Tensor numericDx = GradientCheck.numericGradient(t -> GradientCheck.dot(layer.forward(t), g), x);
        assertSmall(layer.describe() + " dx", GradientCheck.maxRelativeError(dx, numericDx));
        for (Parameter p : layer.parameters()) {
            Tensor analytic = p.grad().copy();
            Tensor numeric = GradientCheck.numericGradient(t -> GradientCheck.dot(layer.forward(x), g), p.value());
            assertSmall(p.name(), GradientCheck.maxRelativeError(analytic, numeric));
        }
    }

    /** {@code max_i |a_i - n_i| / max_i |n_i|}: the error measured against the gradient's largest element. */
    static double errorToScale(Tensor analytic, Tensor numeric) {
        double worst = 0;
        double scale = 1e-8;
        for (int i = 0; i < numeric.size(); i++) {
            worst = Math.max(worst, Math.abs(analytic.data()[i] - numeric.data()[i]));
            scale = Math.max(scale, Math.abs(numeric.data()[i]));
        }
        return worst / scale;
    }

    static void assertSmall(String what, double relativeError) {
        assertTrue(relativeError < TOLERANCE, what + ": relative error " + relativeError + " (tolerance " + TOLERANCE + ")");
    }

    /** Uniform values in [-1, 1) at least 0.05 away from 0, so h = 1e-5 never steps over ReLU's kink. */
    static Tensor awayFromZero(Random random, int... shape) {
        Tensor t = GradientCheck.random(random, shape);
        for (int i = 0; i < t.size(); i++) {
            double v = t.data()[i];
            t.data()[i] = Math.copySign(0.05 + 0.95 * Math.abs(v), v);
        }
        return t;
    }
}

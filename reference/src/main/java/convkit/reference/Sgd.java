package convkit.reference;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sgd: stochastic gradient descent with momentum and weight decay, as PyTorch's {@code optim.SGD}.
 *
 * <pre>
 *   g = grad + weightDecay · w          weight decay: a pull of every weight towards 0
 *   v = momentum · v + g                the velocity: a running sum of past gradients (v starts at 0)
 *   w = w - learningRate · v            a step against it
 * </pre>
 * With momentum 0 and no weight decay this is plain gradient descent, {@code w -= lr·grad}.
 * Momentum keeps the direction gradients agree on and averages away what they disagree on.
 * Weight decay applies to every parameter, biases included (PyTorch's default for one group).
 *
 * <p>Sample run ({@code java convkit.reference.Sgd}): w = 1, grad = 1 every step, lr 0.1, momentum 0.9:
 * <pre>
 * step 1: v = 1, w = 0.9
 * step 2: v = 1.9, w = 0.71
 * step 3: v = 2.71, w = 0.439
 * </pre>
 */
public final class Sgd {

    private final double learningRate;
    private final double momentum;
    private final double weightDecay;
    private final Map<Parameter, double[]> velocity = new IdentityHashMap<>(); // per parameter, its shape

    /** An optimiser; learning rate &gt; 0, momentum in [0, 1), weight decay &gt;= 0. */
    public Sgd(double learningRate, double momentum, double weightDecay) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate: expected a finite value > 0 but was " + learningRate);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum: expected 0 <= momentum < 1 but was " + momentum);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay: expected a finite value >= 0 but was " + weightDecay);
        }
        this.learningRate = learningRate;
        this.momentum = momentum;
        this.weightDecay = weightDecay;
    }

    /** The step size. */
    public double learningRate() {
        return learningRate;
    }

    /** How much of the last velocity each step keeps. */
    public double momentum() {
        return momentum;
    }

    /** The pull of every weight towards 0. */
    public double weightDecay() {
        return weightDecay;
    }

    /** One update of every parameter from its current gradient. */
    public void step(List<Parameter> parameters) {
        for (Parameter p : parameters) {
            double[] v = velocity.computeIfAbsent(p, key -> new double[key.size()]);
            double[] w = p.value().data();
            double[] grad = p.grad().data();
            // each learned number: decay, velocity, step
            for (int i = 0; i < w.length; i++) {
                double g = grad[i] + weightDecay * w[i];
                v[i] = momentum * v[i] + g;
                w[i] -= learningRate * v[i];
            }
        }
    }

    /** The velocity of a parameter (zeros before its first step), for tests and demos. */
    public Tensor velocity(Parameter p) {
        double[] v = velocity.get(p);
        return Tensor.of(v == null ? new double[p.size()] : v.clone(), p.value().shape());
    }

    /** Demo: the sample run of the card. */
    public static void main(String[] args) {
        Parameter w = Parameter.of("w", Tensor.of(new double[] {1}, 1));
        Sgd sgd = new Sgd(0.1, 0.9, 0.0);
        for (int step = 1; step <= 3; step++) {
            w.setGrad(Tensor.of(new double[] {1}, 1));
            sgd.step(List.of(w));
            System.out.println("step " + step + ": v = " + Format.number(round(sgd.velocity(w).data()[0]))
                + ", w = " + Format.number(round(w.value().data()[0])));
        }
    }

    private static double round(double value) {
        return Math.round(value * 1e9) / 1e9; // the demo prints 0.71, not 0.7100000000000001
    }
}

package convkit.grader.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import convkit.grader.check.Check;
import convkit.grader.check.Expect;
import convkit.grader.check.Mistake;
import convkit.grader.check.Throws;
import convkit.grader.run.Call;
import convkit.reference.Linear;
import convkit.reference.Parameter;
import convkit.reference.Relu;
import convkit.reference.Sequential;
import convkit.reference.Sgd;
import convkit.reference.SoftmaxCrossEntropy;
import convkit.reference.Tensor;

/**
 * Hidden tests of {@code Ex11Training}: ReLU backward, softmax cross-entropy and its gradient,
 * one SGD step, and a few steps of softmax regression, all against the reference's
 * {@link Relu}, {@link SoftmaxCrossEntropy}, {@link Sgd} and a {@link Sequential} of one {@link Linear};
 * then the tiny convolutional network built from the student's own exercises ({@link TinyNetCases}).
 */
public final class Ex11TrainingSuite implements Suite {

    private static final List<Class<?>> RELU = List.of(double[].class, double[].class);
    private static final List<Class<?>> LOSS = List.of(double[][].class, int[].class);
    private static final List<Class<?>> SGD = List.of(double[].class, double[].class, double[].class, double.class,
        double.class, double.class);
    private static final List<Class<?>> TRAIN = List.of(double[][].class, int[].class, int.class, int.class, double.class,
        double.class);
    private static final List<String> ROWS = List.of("n", "j");
    private static final List<String> ITEMS = List.of("i");
    /** Mixed with the course seed: this suite's random numbers differ from every other suite's. */
    private static final long SALT = 0xC0_11L;

    private final CaseSeed seed;

    /** The suite whose random cases come from {@code seed}. */
    public Ex11TrainingSuite(CaseSeed seed) {
        this.seed = seed;
    }

    @Override
    public CaseSeed seed() {
        return seed;
    }

    @Override
    public String exercise() {
        return "Ex11Training";
    }

    /** The tiny network runs the student's Ex05, Ex07, Ex08 and Ex09: Ex11 is compiled with them. */
    @Override
    public List<Uses> uses() {
        return TinyNetCases.USES;
    }

    @Override
    public List<TestCase> cases() {
        Cases cases = new Cases(exercise());
        Random random = seed.random(SALT);
        relu(cases, false, "reluBackward: [-2, 0, 3] with dy = 5s", 1, new double[] {-2, 0, 3}, new double[] {5, 5, 5});
        relu(cases, true, "reluBackward: 40 values, some exactly 0", 2, integers(random, 40, 2), randomVector(random, 40));
        loss(cases, false, "softmaxCrossEntropyLoss: [[1, 2, 3]], label 2", 1, new double[][] {{1, 2, 3}}, new int[] {2});
        loss(cases, true, "softmaxCrossEntropyLoss: batch of 6, 10 classes", 2, logits(random, 6, 10, 3), labels(random, 6, 10));
        loss(cases, true, "softmaxCrossEntropyLoss: logits of ±1000 stay finite", 2,
            new double[][] {{1000, 0, -1000}, {-1000, 1000, 999}}, new int[] {0, 2});
        gradient(cases, false, "softmaxCrossEntropyGradient: two rows of zeros, labels [1, 1]", 1,
            new double[][] {{0, 0}, {0, 0}}, new int[] {1, 1});
        gradient(cases, true, "softmaxCrossEntropyGradient: batch of 5, 4 classes", 2, logits(random, 5, 4, 2),
            labels(random, 5, 4));
        gradient(cases, true, "softmaxCrossEntropyGradient: logits of ±1000 stay finite", 2,
            new double[][] {{1000, 0, -1000}, {-1000, 1000, 999}}, new int[] {0, 2});
        sgd(cases, false, "sgdStep: w = [1], grad = [1], v = [0], lr 0.1, momentum 0.9", 1, new double[] {1},
            new double[] {1}, new double[] {0}, 0.1, 0.9, 0);
        sgd(cases, true, "sgdStep: 8 weights, after a first step, with weight decay", 2, randomVector(random, 8),
            randomVector(random, 8), randomVector(random, 8), 0.05, 0.9, 0.01);
        sgd(cases, true, "sgdStep: no momentum is plain gradient descent", 1, randomVector(random, 5),
            randomVector(random, 5), randomVector(random, 5), 0.2, 0, 0);
        train(cases, true, "trainSoftmaxRegression: 12 points, 3 classes, 15 steps", 3, random);
        TinyNetCases.add(cases, random, seed);
        cases.hidden("softmaxCrossEntropyLoss rejects a label out of range", 0.5,
            cases.call("softmaxCrossEntropyLoss", LOSS, new double[][] {{0, 0}}, new int[] {2}), Throws.ILLEGAL_ARGUMENT);
        cases.hidden("softmaxCrossEntropyGradient rejects a label out of range", 0.5,
            cases.call("softmaxCrossEntropyGradient", LOSS, new double[][] {{0, 0}, {0, 0}}, new int[] {0, -1}),
            Throws.ILLEGAL_ARGUMENT);
        cases.hidden("reluBackward rejects dy of another length", 0.5,
            cases.call("reluBackward", RELU, new double[] {1, 2}, new double[] {1}), Throws.ILLEGAL_ARGUMENT);
        return cases.list();
    }

    private static void relu(Cases cases, boolean hidden, String name, double points, double[] x, double[] dy) {
        double[] expected = Relu.gradient(vector(x), vector(dy)).data();
        double[] atZeroToo = new double[x.length];
        double[] reluOfDy = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            atZeroToo[i] = x[i] >= 0 ? dy[i] : 0;
            reluOfDy[i] = Math.max(0, dy[i]);
        }
        add(cases, hidden, name, points, cases.call("reluBackward", RELU, x.clone(), dy.clone()), Expect.array(expected, ITEMS,
            new Mistake("at x = 0 the gradient is 0: pass dy only where x > 0 (not >= 0)", atZeroToo),
            new Mistake("the mask comes from the forward input x, not from dy: dx = dy where x > 0", reluOfDy)));
    }

    private static void loss(Cases cases, boolean hidden, String name, double points, double[][] logits, int[] labels) {
        double expected = SoftmaxCrossEntropy.forward(Data.tensor(logits), labels).loss();
        add(cases, hidden, name, points, cases.call("softmaxCrossEntropyLoss", LOSS, copy(logits), labels.clone()),
            Expect.real(expected,
                new Mistake("subtract each row's maximum before exp: exp(1000) overflows to Infinity", Double.NaN),
                new Mistake("the loss is the MEAN over the batch: divide the sum by N", expected * labels.length)));
    }

    private static void gradient(Cases cases, boolean hidden, String name, double points, double[][] logits, int[] labels) {
        Tensor dz = SoftmaxCrossEntropy.backward(SoftmaxCrossEntropy.forward(Data.tensor(logits), labels), labels);
        double[][] expected = Data.nested2(dz);
        add(cases, hidden, name, points, cases.call("softmaxCrossEntropyGradient", LOSS, copy(logits), labels.clone()),
            Expect.array(expected, ROWS,
                new Mistake("divide the gradient by the batch size N: the loss is a mean over the batch",
                    Data.nested2(Wrong.scaled(dz, labels.length))),
                new Mistake("the gradient is p - onehot, not onehot - p (the sign is flipped)",
                    Data.nested2(Wrong.scaled(dz, -1))),
                new Mistake("subtract each row's maximum before exp: exp(1000) overflows and gives NaN",
                    withoutMaxSubtracted(logits, labels))));
    }

    /** The gradient computed as written, exp(z) without the maximum subtracted: NaN where exp overflows. */
    private static double[][] withoutMaxSubtracted(double[][] logits, int[] labels) {
        double[][] dz = new double[logits.length][];
        for (int n = 0; n < logits.length; n++) {
            double sum = 0;
            for (double z : logits[n]) {
                sum += Math.exp(z);
            }
            dz[n] = new double[logits[n].length];
            for (int j = 0; j < dz[n].length; j++) {
                dz[n][j] = (Math.exp(logits[n][j]) / sum - (j == labels[n] ? 1 : 0)) / logits.length;
            }
        }
        return dz;
    }

    /**
     * Expected from the reference's Sgd. An example tests one step from zero velocity with gradient
     * {@code g0}; a hidden test first steps with {@code g0} (so the velocity is not zero) and tests
     * the second step, with gradient {@code g1}.
     */
    private static void sgd(Cases cases, boolean hidden, String name, double points, double[] w0, double[] g0,
                            double[] g1, double lr, double momentum, double decay) {
        Parameter p = Parameter.of("w", vector(w0.clone()));
        Sgd sgd = new Sgd(lr, momentum, decay);
        double[] w;
        double[] v;
        double[] grad;
        if (hidden) { // a first step, so the tested one starts from a velocity that is not zero
            p.setGrad(vector(g0));
            sgd.step(List.of(p));
            grad = g1;
        } else {
            grad = g0;
        }
        w = p.value().data().clone();
        v = sgd.velocity(p).data();
        p.setGrad(vector(grad));
        sgd.step(List.of(p));
        double[][] expected = {p.value().data().clone(), sgd.velocity(p).data()};
        double[][] plusSign = new double[2][w.length];
        double[][] noDecay = new double[2][w.length];
        double[][] oldVelocity = new double[2][w.length];
        for (int i = 0; i < w.length; i++) {
            plusSign[0][i] = w[i] + lr * expected[1][i];
            plusSign[1][i] = expected[1][i];
            noDecay[1][i] = momentum * v[i] + grad[i];
            noDecay[0][i] = w[i] - lr * noDecay[1][i];
            oldVelocity[0][i] = w[i] - lr * v[i];
            oldVelocity[1][i] = expected[1][i];
        }
        List<Mistake> mistakes = new ArrayList<>();
        mistakes.add(new Mistake("step AGAINST the velocity: w = w - learningRate·v (the sign is flipped)", plusSign));
        if (decay != 0) {
            mistakes.add(new Mistake("add weightDecay·w to the gradient before the velocity update", noDecay));
        }
        if (momentum != 0) {
            mistakes.add(new Mistake("update the velocity first, then step with the NEW velocity", oldVelocity));
        }
        add(cases, hidden, name, points, cases.call("sgdStep", SGD, w.clone(), grad.clone(), v.clone(), lr, momentum, decay),
            Expect.array(expected, List.of("w or v", "i"), mistakes.toArray(Mistake[]::new)));
    }

    /** Losses of softmax regression trained by the reference: one Linear layer, W and b from zero, Sgd without decay. */
    private static void train(Cases cases, boolean hidden, String name, double points, Random random) {
        int n = 12;
        int features = 4;
        int classes = 3;
        int steps = 15;
        double lr = 0.3;
        double momentum = 0.8;
        double[][] x = Data.nested2(Data.random(random, n, features));
        int[] labels = labels(random, n, classes);
        Sequential net = new Sequential(List.of(new Linear("fc", Tensor.zeros(classes, features), Tensor.zeros(classes))));
        Sgd sgd = new Sgd(lr, momentum, 0);
        double[] losses = new double[steps];
        for (int step = 0; step < steps; step++) {
            losses[step] = net.trainStep(Data.tensor(x), labels, sgd).loss();
        }
        add(cases, hidden, name, points, cases.call("trainSoftmaxRegression", TRAIN, copy(x), labels.clone(), classes, steps,
            lr, momentum), Expect.array(losses, List.of("step")));
    }

    private static void add(Cases cases, boolean hidden, String name, double points, Call call, Check check) {
        if (hidden) {
            cases.hidden(name, points, call, check);
        } else {
            cases.example(name, points, call, check);
        }
    }

    private static Tensor vector(double[] values) {
        return Tensor.of(values, values.length);
    }

    private static double[] randomVector(Random random, int length) {
        return Data.random(random, length).data();
    }

    /** Integers in -range..range: zeros among them, where ReLU's derivative is 0. */
    private static double[] integers(Random random, int length, int range) {
        double[] values = new double[length];
        for (int i = 0; i < length; i++) {
            values[i] = random.nextInt(2 * range + 1) - range;
        }
        values[0] = 0;
        return values;
    }

    private static double[][] logits(Random random, int n, int classes, double scale) {
        return Data.nested2(Wrong.scaled(Data.random(random, n, classes), scale));
    }

    private static int[] labels(Random random, int n, int classes) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(classes);
        }
        return labels;
    }

    private static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }
}

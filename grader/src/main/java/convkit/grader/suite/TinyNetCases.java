package convkit.grader.suite;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import convkit.grader.check.Check;
import convkit.grader.check.Expect;
import convkit.grader.check.Mistake;
import convkit.grader.check.Throws;
import convkit.grader.run.Call;
import convkit.reference.Conv2d;
import convkit.reference.Conv2dLayer;
import convkit.reference.ConvSpec;
import convkit.reference.Engine;
import convkit.reference.Flatten;
import convkit.reference.HeInit;
import convkit.reference.Linear;
import convkit.reference.MaxPool2dLayer;
import convkit.reference.Parameter;
import convkit.reference.Pool2d;
import convkit.reference.PoolSpec;
import convkit.reference.Relu;
import convkit.reference.Sequential;
import convkit.reference.Sgd;
import convkit.reference.SoftmaxCrossEntropy;
import convkit.reference.Tensor;

/**
 * The tests of Ex11's tiny network — conv 3×3 (stride 1, no padding) → ReLU → 2×2 max pooling
 * (stride 2) → flatten → fully connected → softmax cross-entropy — which the student builds from
 * their own Ex05 (forward), Ex07 (maxPool), Ex09 (maxPoolBackward) and Ex08 (gradWeight,
 * gradBias). Expected values come from the reference; each test first checks those exercises'
 * methods on the data the network gives them ({@link convkit.grader.suite.TestCase.Prerequisite}),
 * so the points of the network go only to a student whose own pieces are right.
 */
final class TinyNetCases {

    /** The exercises Ex11 is compiled with: every public method of their stubs, for the stand-ins. */
    static final List<Uses> USES = List.of(
        new Uses("Ex05ConvLayer", List.of(
            "public static double[][][][] forward(double[][][][] x, double[][][][] w, double[] b, int stride, int pad)")),
        new Uses("Ex07Pooling", List.of(
            "public static double[][][][] maxPool(double[][][][] x, int kernel, int stride)",
            "public static double[][][][] avgPool(double[][][][] x, int kernel, int stride)")),
        new Uses("Ex08ConvBackward", List.of(
            "public static double[][][][] gradInput(double[][][][] x, double[][][][] w, double[][][][] dy, int stride, int pad)",
            "public static double[][][][] gradWeight(double[][][][] x, double[][][][] w, double[][][][] dy, int stride, int pad)",
            "public static double[] gradBias(double[][][][] dy)")),
        new Uses("Ex09PoolBackward", List.of(
            "public static double[][][][] maxPoolBackward(double[][][][] x, double[][][][] dy, int kernel, int stride)",
            "public static double[][][][] avgPoolBackward(double[][][][] x, double[][][][] dy, int kernel, int stride)")));

    private static final Class<?> T4 = double[][][][].class;
    private static final List<Class<?>> NET = List.of(T4, int[].class, T4, double[].class, double[][].class,
        double[].class);
    private static final List<Class<?>> TRAIN = List.of(T4, int[].class, T4, double[].class, double[][].class,
        double[].class, int.class, double.class, double.class);
    private static final ConvSpec CONV = ConvSpec.DEFAULT; // stride 1, no padding
    private static final double LEARNING_RATE = 0.1;
    private static final double MOMENTUM = 0.9;
    private static final long SALT = 0xBA25L;
    private static final PoolSpec POOL = PoolSpec.of(2, 2, 0);
    private static final Map<String, List<String>> AXES = Map.of("convW", Cases.KCHW, "convB", List.of("k"),
        "fcW", List.of("j", "i"), "fcB", List.of("j"));

    private TinyNetCases() {
    }

    /** The network's weights and one batch of images with their labels. */
    record Net(Tensor x, int[] labels, Tensor convW, Tensor convB, Tensor fcW, Tensor fcB) {

        /** The arguments of {@code tinyNetGradients}, copied. */
        Object[] arguments() {
            return new Object[] {Data.nested4(x), labels.clone(), Data.nested4(convW), Data.nested1(convB),
                Data.nested2(fcW), Data.nested1(fcB)};
        }
    }

    /** Every value of one step through the network, from the reference. */
    record Step(Tensor z, Tensor a, Tensor pooled, double loss, Tensor dPooled, Tensor da, Tensor dz,
                Conv2d.Gradients conv, Conv2d.Gradients fc) {

        static Step of(Net net) {
            Tensor z = Conv2d.forward(net.x(), net.convW(), net.convB(), CONV);
            Tensor a = Relu.apply(z);
            Tensor pooled = Pool2d.maxForward(a, POOL).y();
            Tensor f = pooled.reshape(pooled.dim(0), pooled.size() / pooled.dim(0));
            SoftmaxCrossEntropy.Result loss = SoftmaxCrossEntropy.forward(Linear.forward(f, net.fcW(), net.fcB()),
                net.labels());
            Conv2d.Gradients fc = Linear.backward(f, net.fcW(), SoftmaxCrossEntropy.backward(loss, net.labels()));
            Tensor dPooled = fc.dx().reshape(pooled.shape());
            Tensor da = Pool2d.maxBackward(a, dPooled, POOL);
            Tensor dz = Relu.gradient(z, da);
            return new Step(z, a, pooled, loss.loss(), dPooled, da, dz, Conv2d.backward(net.x(), net.convW(), dz, CONV), fc);
        }

        Map<String, Object> gradients(Conv2d.Gradients convGradients, double scale) {
            Map<String, Object> components = new LinkedHashMap<>();
            components.put("loss", loss);
            components.put("convW", Data.nested4(Wrong.scaled(convGradients.dw(), scale)));
            components.put("convB", Data.nested1(Wrong.scaled(convGradients.db(), scale)));
            components.put("fcW", Data.nested2(Wrong.scaled(fc.dw(), scale)));
            components.put("fcB", Data.nested1(Wrong.scaled(fc.db(), scale)));
            return components;
        }
    }

    /** Adds the network's tests to {@code cases}; the bars' weights come from {@code seed} alone (see {@link #referenceBarsLosses}). */
    static void add(Cases cases, Random random, CaseSeed seed) {
        gradients(cases, false, "tinyNetGradients: the worked example (one 4×4 image, one 3×3 kernel, 2 classes)", 2,
            workedExample());
        gradients(cases, true, "tinyNetGradients: batch of 3, 2 channels, 3 kernels, 7×6 images, 4 classes", 4,
            randomNet(random, 3, 2, 3, 7, 6, 4));
        train(cases, false, "trainTinyNet: one step of the worked example: [log(1 + e^-4)]", 0.5, workedExample(), 1);
        train(cases, true, "trainTinyNet: 4 bars, 8 steps: the loss falls as the reference's does", 4,
            bars(seed.random(SALT)), 8);
        train(cases, true, "trainTinyNet: batch of 3, 2 channels, 3 kernels, 7×6 images, 3 classes, 4 steps", 2,
            randomNet(random, 3, 2, 3, 7, 6, 3), 4);
        Net net = randomNet(random, 2, 1, 2, 6, 6, 3);
        Object[] arguments = net.arguments();
        arguments[4] = new double[3][7]; // 2 kernels · 2 · 2 = 8 features, not 7
        cases.hidden("tinyNetGradients rejects fcW whose columns are not K·PH·PW", 0.5,
            cases.call("tinyNetGradients", NET, arguments), Throws.ILLEGAL_ARGUMENT);
    }

    private static void gradients(Cases cases, boolean hidden, String name, double points, Net net) {
        Step step = Step.of(net);
        Conv2d.Gradients withoutRelu = Conv2d.backward(net.x(), net.convW(), step.da(), CONV);
        Check check = Expect.record("TinyNetGradients", step.gradients(step.conv(), 1),
            AXES,
            new Mistake("the gradient skipped ReLU: between maxPoolBackward and Ex08, pass it only where the conv output"
                + " was > 0 (reluBackward)", step.gradients(withoutRelu, 1)),
            new Mistake("every gradient is N times too large: the loss is a mean over the batch, so its gradient is"
                + " divided by N (softmaxCrossEntropyGradient)", step.gradients(step.conv(), net.labels().length)));
        cases.withPrerequisites(hidden, name, points, cases.call("tinyNetGradients", NET, net.arguments()), check,
            prerequisites(net, step));
    }

    /** Ex05, Ex07, Ex09 and Ex08 on the very tensors this step hands them. */
    private static List<TestCase.Prerequisite> prerequisites(Net net, Step step) {
        List<TestCase.Prerequisite> all = new ArrayList<>();
        all.add(prerequisite("Ex05ConvLayer", "forward", List.of(T4, T4, double[].class, int.class, int.class),
            Expect.array(Data.nested4(step.z()), Cases.NCHW), Data.nested4(net.x()), Data.nested4(net.convW()),
            Data.nested1(net.convB()), 1, 0));
        all.add(prerequisite("Ex07Pooling", "maxPool", List.of(T4, int.class, int.class),
            Expect.array(Data.nested4(step.pooled()), Cases.NCHW), Data.nested4(step.a()), 2, 2));
        all.add(prerequisite("Ex09PoolBackward", "maxPoolBackward", List.of(T4, T4, int.class, int.class),
            Expect.array(Data.nested4(step.da()), Cases.NCHW), Data.nested4(step.a()), Data.nested4(step.dPooled()), 2, 2));
        all.add(prerequisite("Ex08ConvBackward", "gradWeight", List.of(T4, T4, T4, int.class, int.class),
            Expect.array(Data.nested4(step.conv().dw()), Cases.KCHW), Data.nested4(net.x()), Data.nested4(net.convW()),
            Data.nested4(step.dz()), 1, 0));
        all.add(prerequisite("Ex08ConvBackward", "gradBias", List.of(T4),
            Expect.array(Data.nested1(step.conv().db()), List.of("k")), (Object) Data.nested4(step.dz())));
        return all;
    }

    private static TestCase.Prerequisite prerequisite(String exercise, String method, List<Class<?>> types, Check check,
                                                      Object... arguments) {
        return new TestCase.Prerequisite(exercise, Call.of("convkit.exercises." + exercise, method, types, arguments), check);
    }

    /** Losses of the same network trained by the reference's Sequential and Sgd, with the mistakes of a training loop. */
    private static void train(Cases cases, boolean hidden, String name, double points, Net net, int steps) {
        double lr = LEARNING_RATE;
        double momentum = MOMENTUM;
        double[] expected = referenceLosses(net, steps, lr, momentum);
        int n = net.labels().length;
        Object[] arguments = net.arguments();
        Object[] all = java.util.Arrays.copyOf(arguments, arguments.length + 3);
        all[arguments.length] = steps;
        all[arguments.length + 1] = lr;
        all[arguments.length + 2] = momentum;
        cases.withPrerequisites(hidden, name, points, cases.call("trainTinyNet", TRAIN, all),
            Expect.array(expected, List.of("step"),
                new Mistake("the loss grows: step AGAINST the velocity, w = w - learningRate·v",
                    lossesSteppingUphill(net, steps, lr, momentum)),
                new Mistake("keep each parameter's velocity from one step to the next (zeros before the first step,"
                    + " then the new velocity sgdStep returned)", referenceLosses(net, steps, lr, 0)),
                new Mistake("the gradients are N times too large: divide the loss gradient by the batch size N",
                    referenceLosses(net, steps, lr * n, momentum))),
            prerequisites(net, Step.of(net)));
    }

    /** The losses the reference's Sequential and Sgd give for the bars of {@code seed}, over {@code steps} steps. */
    static double[] referenceBarsLosses(CaseSeed seed, int steps) {
        return referenceLosses(bars(seed.random(SALT)), steps, LEARNING_RATE, MOMENTUM);
    }

    private static double[] referenceLosses(Net net, int steps, double lr, double momentum) {
        Sequential model = model(net);
        Sgd sgd = new Sgd(lr, momentum, 0);
        double[] losses = new double[steps];
        for (int step = 0; step < steps; step++) {
            losses[step] = model.trainStep(net.x(), net.labels(), sgd).loss();
        }
        return losses;
    }

    /** The losses of the mistake w = w + lr·v (the reference's Sgd takes no negative learning rate). */
    private static double[] lossesSteppingUphill(Net net, int steps, double lr, double momentum) {
        Sequential model = model(net);
        List<Parameter> parameters = model.parameters();
        double[][] velocity = new double[parameters.size()][];
        double[] losses = new double[steps];
        for (int step = 0; step < steps; step++) {
            SoftmaxCrossEntropy.Result loss = SoftmaxCrossEntropy.forward(model.forward(net.x()), net.labels());
            losses[step] = loss.loss();
            model.backward(SoftmaxCrossEntropy.backward(loss, net.labels()));
            for (int i = 0; i < parameters.size(); i++) {
                double[] w = parameters.get(i).value().data();
                double[] g = parameters.get(i).grad().data();
                if (velocity[i] == null) {
                    velocity[i] = new double[w.length];
                }
                for (int j = 0; j < w.length; j++) {
                    velocity[i][j] = momentum * velocity[i][j] + g[j];
                    w[j] += lr * velocity[i][j];
                }
            }
        }
        return losses;
    }

    private static Sequential model(Net net) {
        return new Sequential(List.of(
            new Conv2dLayer("conv", net.convW().copy(), net.convB().copy(), CONV, Engine.NAIVE),
            new Relu(),
            new MaxPool2dLayer(POOL, Engine.NAIVE),
            new Flatten(),
            new Linear("fc", net.fcW().copy(), net.fcB().copy())));
    }

    /** The Javadoc's example: kernel = identity 3×3, so each output is a diagonal sum; only z = 4 survives pooling. */
    static Net workedExample() {
        Tensor x = Tensor.of(new double[] {1, 0, 2, 1, 0, 1, 0, 2, 1, 0, 1, 0, 2, 1, 0, 2}, 1, 1, 4, 4);
        Tensor w = Tensor.of(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, 1, 1, 3, 3);
        return new Net(x, new int[] {0}, w, Tensor.zeros(1), Tensor.of(new double[] {0.5, -0.5}, 2, 1), Tensor.zeros(2));
    }

    /** Random images on the grid of {@link Data#random}, He-initialised weights (no ties), small biases. */
    private static Net randomNet(Random random, int n, int c, int k, int h, int w, int classes) {
        int features = k * ((h - 2) / 2) * ((w - 2) / 2);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(classes);
        }
        return new Net(Data.random(random, n, c, h, w), labels, HeInit.weight(random, k, c, 3, 3),
            Wrong.scaled(Data.random(random, k), 0.1), HeInit.weight(random, classes, features),
            Wrong.scaled(Data.random(random, classes), 0.1));
    }

    /** Like the reference Sequential's demo: two vertical bars (class 0) and two horizontal (class 1) on 6×6, random weights. */
    private static Net bars(Random random) {
        Tensor images = Tensor.zeros(4, 1, 6, 6);
        // each image: a bar through row or column 1 or 4
        for (int image = 0; image < 4; image++) {
            int at = image % 2 == 0 ? 1 : 4;
            for (int i = 0; i < 6; i++) {
                images.set(1, image < 2 ? new int[] {image, 0, i, at} : new int[] {image, 0, at, i});
            }
        }
        return new Net(images, new int[] {0, 0, 1, 1}, HeInit.weight(random, 2, 1, 3, 3), Tensor.zeros(2),
            HeInit.weight(random, 2, 8), Tensor.zeros(2));
    }
}

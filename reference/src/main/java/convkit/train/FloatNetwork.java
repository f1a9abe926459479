package convkit.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import convkit.data.Dataset;
import convkit.fast.FastBackend;
import convkit.fast.FastConv2d;
import convkit.fast.Gemm;
import convkit.fast.LayerShape;
import convkit.fast.Parallel;
import convkit.fast.PoolShape;
import convkit.fast.Tuning;
import convkit.reference.Conv2dLayer;
import convkit.reference.ConvSpec;
import convkit.reference.Flatten;
import convkit.reference.Layer;
import convkit.reference.Linear;
import convkit.reference.MaxPool2dLayer;
import convkit.reference.Parameter;
import convkit.reference.PoolSpec;
import convkit.reference.Relu;
import convkit.reference.Sequential;
import convkit.reference.Sgd;
import convkit.reference.SoftmaxCrossEntropy;
import convkit.reference.Tensor;

/**
 * FloatNetwork: the float32 training route of {@code --impl fast}, a twin of a reference
 * {@link Sequential} that keeps activations, gradients and weights in {@code float[]} from the
 * images to the update, as people train (PyTorch's default dtype).
 *
 * <pre>
 *   Sequential lenet = Models.build("lenet", Impl.FAST, 2, 1);
 *   FloatNetwork fast = new FloatNetwork(lenet, new Sgd(0.05, 0.9, 5e-4), 2);
 *   fast.trainStep(digits, order, 0, 64);   // one SGD step on 64 images, on 2 threads
 *   fast.sequential();                      // lenet, now holding the trained weights
 * </pre>
 *
 * <p>Each reference layer becomes a {@link FloatStage}: conv on {@link FastConv2d} ({@link FloatConv}),
 * ReLU, max pooling on {@code FastPool2d}, flatten, linear as GEMMs ({@link FloatLinear}). The
 * first learned layer computes no input gradient and the layers before it run no backward:
 * nothing there learns.
 *
 * <p>Threads share the batch, not the layers: the batch is cut into one share per thread; each
 * thread runs every layer on its share with single-threaded kernels and its own activations and
 * parameter gradients; then the gradients are summed in thread order and one SGD step
 * ({@link FloatParameter#step}) updates the shared weights. LeNet's layers are small (a conv of
 * 64 images takes about a millisecond), so splitting each layer over threads cost more in
 * hand-offs than it gained. The sums run in the same order every time: the same seed and
 * thread count give the same numbers. The arrays of a share size (a training batch, the last
 * one, an evaluation batch) are made on first use and reused.
 *
 * <p>The loss is the reference's {@link SoftmaxCrossEntropy} on the float logits (a few numbers per image).
 */
final class FloatNetwork implements Network {

    private final Sequential reference;
    private final List<Layer> layers;
    private final Map<Parameter, FloatParameter> parameters = new IdentityHashMap<>(); // by reference parameter
    private final float learningRate;
    private final float momentum;
    private final float weightDecay;
    private final int threads;
    private final FastConv2d conv; // single-threaded: the threads share the batch
    private final Gemm gemm;
    private final int firstLearned; // index of the first layer with parameters: no backward before it
    private final List<Map<Integer, Pass>> passes = new ArrayList<>(); // per thread, by images in its share
    private final long[] nanos; // per layer: thread 0's time in training steps

    /** One thread's stages for one number of images, and the arrays they start from. */
    private record Pass(float[] images, float[] logitGradient, List<FloatStage> stages) {
    }

    /** The float32 twin of {@code reference} (its current weights rounded to float), trained by {@code sgd}'s settings on {@code threads} threads. */
    FloatNetwork(Sequential reference, Sgd sgd, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads: expected >= 1 but was " + threads);
        }
        this.reference = reference;
        this.layers = reference.layers();
        this.learningRate = (float) sgd.learningRate();
        this.momentum = (float) sgd.momentum();
        this.weightDecay = (float) sgd.weightDecay();
        this.threads = threads;
        this.conv = new FastConv2d(FastBackend.gemm(), 1, Tuning.fromSystemProperty());
        this.gemm = FastBackend.gemm();
        for (Parameter p : reference.parameters()) {
            parameters.put(p, new FloatParameter(p, threads));
        }
        int first = 0;
        while (first < layers.size() - 1 && layers.get(first).parameters().isEmpty()) {
            first++;
        }
        this.firstLearned = first;
        for (int t = 0; t < threads; t++) {
            passes.add(new HashMap<>());
        }
        this.nanos = new long[layers.size()];
    }

    @Override
    public Step trainStep(Dataset data, int[] order, int from, int to) {
        int n = to - from;
        int shares = Math.min(threads, n);
        double[] lossSums = new double[shares];
        int[] correct = new int[shares];
        // each thread: forward, loss and backward of its share of the batch
        Parallel.run(shares, t -> {
            int a = from + n * t / shares;
            int b = from + n * (t + 1) / shares;
            Pass pass = pass(t, b - a, data);
            data.images(order, a, b, pass.images());
            float[] logits = forward(pass, t == 0);
            int[] labels = data.labels(order, a, b);
            SoftmaxCrossEntropy.Result loss = SoftmaxCrossEntropy.forward(widen(logits, b - a), labels);
            lossSums[t] = loss.loss() * (b - a);
            correct[t] = Trainer.correct(loss.probabilities(), labels);
            // the reference's gradient is the mean over this share; the batch's mean divides by all n images
            double[] dz = SoftmaxCrossEntropy.backward(loss, labels).data();
            float[] dlogits = pass.logitGradient();
            for (int i = 0; i < dz.length; i++) {
                dlogits[i] = (float) (dz[i] * (b - a) / n);
            }
            backward(pass, dlogits, t == 0);
        });
        // one update from the gradients of every share
        for (FloatParameter p : parameters.values()) {
            p.step(shares, learningRate, momentum, weightDecay);
        }
        double lossSum = 0;
        int right = 0;
        for (int t = 0; t < shares; t++) {
            lossSum += lossSums[t];
            right += correct[t];
        }
        return new Step(lossSum / n, right);
    }

    @Override
    public Tensor scores(Dataset data, int[] order, int from, int to) {
        int n = to - from;
        int shares = Math.min(threads, n);
        double[] scores = new double[n * Dataset.CLASSES];
        Parallel.run(shares, t -> {
            int a = from + n * t / shares;
            int b = from + n * (t + 1) / shares;
            Pass pass = pass(t, b - a, data);
            data.images(order, a, b, pass.images());
            float[] logits = forward(pass, false);
            for (int i = 0; i < logits.length; i++) {
                scores[(a - from) * Dataset.CLASSES + i] = logits[i];
            }
        });
        return Tensor.of(scores, n, Dataset.CLASSES);
    }

    @Override
    public Sequential sequential() {
        for (FloatParameter p : parameters.values()) {
            p.copyToReference();
        }
        return reference;
    }

    @Override
    public List<String> layers() {
        return layers.stream().map(Layer::describe).toList();
    }

    @Override
    public double[] layerSeconds() {
        double[] seconds = new double[nanos.length];
        for (int i = 0; i < nanos.length; i++) {
            seconds[i] = nanos[i] / 1e9;
        }
        return seconds;
    }

    /** Every stage forward, first to last; the logits [N][CLASSES] (the last stage's array). */
    private float[] forward(Pass pass, boolean timed) {
        float[] x = pass.images();
        for (int i = 0; i < layers.size(); i++) {
            long start = System.nanoTime();
            x = pass.stages().get(i).forward(x);
            if (timed) {
                nanos[i] += System.nanoTime() - start;
            }
        }
        return x;
    }

    /** Backward from the logits' gradient, last stage to the first learned one; fills this thread's gradients. */
    private void backward(Pass pass, float[] dlogits, boolean timed) {
        float[] dy = dlogits;
        for (int i = layers.size() - 1; i >= firstLearned; i--) {
            long start = System.nanoTime();
            dy = pass.stages().get(i).backward(dy);
            if (timed) {
                nanos[i] += System.nanoTime() - start;
            }
        }
    }

    /** Thread {@code t}'s stages for {@code n} images of {@code data}, made on first use. */
    private Pass pass(int t, int n, Dataset data) {
        return passes.get(t).computeIfAbsent(n, images -> build(t, images, data.height(), data.width()));
    }

    /** The stages of thread {@code t} for {@code n} grey images of {@code height}×{@code width}. */
    private Pass build(int t, int n, int height, int width) {
        List<FloatStage> stages = new ArrayList<>();
        int[] shape = {n, 1, height, width}; // the next layer's input: [N][C][H][W], or [N][F] after flatten
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            boolean inputGradient = i > firstLearned;
            switch (layer) {
                case Conv2dLayer c -> {
                    Tensor w = c.parameters().get(0).value(); // [K][C][KH][KW]
                    ConvSpec spec = c.spec();
                    LayerShape s = new LayerShape(n, shape[1], shape[2], shape[3], w.dim(0), w.dim(2), w.dim(3),
                        spec.strideH(), spec.strideW(), spec.padH(), spec.padW(), spec.dilationH(), spec.dilationW(),
                        spec.paddingMode());
                    stages.add(new FloatConv(conv, conv.plan(s), parameter(c, 0), parameter(c, 1), t, inputGradient));
                    shape = new int[] {n, s.k(), s.oh(), s.ow()};
                }
                case Relu r -> stages.add(new FloatRelu(size(shape)));
                case MaxPool2dLayer p -> {
                    PoolSpec spec = p.spec();
                    PoolShape s = new PoolShape(n, shape[1], shape[2], shape[3], spec.kernelH(), spec.kernelW(),
                        spec.strideH(), spec.strideW(), spec.padH(), spec.padW());
                    stages.add(new FloatMaxPool(s));
                    shape = new int[] {n, shape[1], s.oh(), s.ow()};
                }
                case Flatten f -> {
                    stages.add(new FloatFlatten());
                    shape = new int[] {n, size(shape) / n};
                }
                case Linear l -> {
                    Tensor w = l.parameters().get(0).value(); // [OUT][IN]
                    if (shape.length != 2 || shape[1] != w.dim(1)) {
                        throw new IllegalArgumentException(l.describe() + ": expected " + w.dim(1)
                            + " features per image but the layer before gives " + java.util.Arrays.toString(shape));
                    }
                    stages.add(new FloatLinear(gemm, n, w.dim(1), w.dim(0), parameter(l, 0), parameter(l, 1), t,
                        inputGradient));
                    shape = new int[] {n, w.dim(0)};
                }
                default -> throw new IllegalArgumentException("the float32 route has no stage for layer '"
                    + layer.describe() + "' (" + layer.getClass().getSimpleName() + ")");
            }
        }
        if (shape.length != 2 || shape[1] != Dataset.CLASSES) {
            throw new IllegalArgumentException("the network's output: expected [N][" + Dataset.CLASSES
                + "] scores but was " + java.util.Arrays.toString(shape));
        }
        return new Pass(new float[n * height * width], new float[n * Dataset.CLASSES], List.copyOf(stages));
    }

    private FloatParameter parameter(Layer layer, int index) {
        return parameters.get(layer.parameters().get(index));
    }

    private static int size(int[] shape) {
        int size = 1;
        for (int d : shape) {
            size *= d;
        }
        return size;
    }

    private static Tensor widen(float[] values, int images) {
        double[] wide = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            wide[i] = values[i];
        }
        return Tensor.of(wide, images, values.length / images);
    }
}

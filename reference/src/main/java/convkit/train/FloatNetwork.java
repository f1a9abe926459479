package convkit.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

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
 * <p>Threads share the batch, not the layers: the batch is cut into shares of {@link #SHARE}
 * images; the threads take shares in turn until none is left, and run every layer on a share
 * with single-threaded kernels, each share with its own activations and parameter gradients;
 * then the gradients are summed in share order and one SGD step ({@link FloatParameter#step})
 * updates the shared weights. LeNet's layers are small, so splitting each layer over the
 * threads cost more in hand-offs than it gained (figures in .bench/TRAIN.md); and on a machine shared with other work, a thread that gets the cores takes more shares
 * instead of waiting for one that does not. Which thread runs a share changes nothing in its
 * numbers, and the sums run in share order: the same seed gives the same numbers on any number
 * of threads. The arrays of a share are made on first use and reused.
 *
 * <p>The loss is the reference's {@link SoftmaxCrossEntropy} on the float logits (a few numbers per image).
 */
final class FloatNetwork implements Network {

    /**
     * Images per share of a batch: a batch of 64 is four shares, so two threads each take about
     * two, and a thread held up by other work on the machine costs at most one share's wait.
     */
    static final int SHARE = 16;

    /**
     * The conv layers' tuning here, over the defaults and {@code -Dconvkit.fast.tuning}: GEMM routes
     * image by image, never a group of images in one GEMM. On LeNet's 16-image shares conv2
     * (10×10 outputs, under the default {@code groupPixels}) spent more on the group's copies than
     * the wider GEMMs saved (figures in .bench/TRAIN.md).
     */
    static final String TUNING = "groupPixels=0";

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
    private final List<Map<Integer, Pass>> passes = new ArrayList<>(); // per share, by images in it
    private final List<long[]> nanos = new ArrayList<>(); // per share, per layer: time in training steps

    /** The stages of one share of a batch for one number of images, and the arrays they start from. */
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
        this.conv = new FastConv2d(FastBackend.gemm(), 1, Tuning.fromSystemProperty().with(TUNING));
        this.gemm = FastBackend.gemm();
        for (Parameter p : reference.parameters()) {
            parameters.put(p, new FloatParameter(p));
        }
        int first = 0;
        while (first < layers.size() - 1 && layers.get(first).parameters().isEmpty()) {
            first++;
        }
        this.firstLearned = first;
    }

    @Override
    public Step trainStep(Dataset data, int[] order, int from, int to) {
        int n = to - from;
        Pass[] shares = passes(n, data);
        double[] lossSums = new double[shares.length];
        int[] correct = new int[shares.length];
        // each share: forward, loss and backward
        eachShare(data, order, from, to, shares, (share, a, b, pass) -> {
            float[] logits = forward(pass, nanos.get(share));
            int[] labels = data.labels(order, a, b);
            SoftmaxCrossEntropy.Result loss = SoftmaxCrossEntropy.forward(widen(logits, b - a), labels);
            lossSums[share] = loss.loss() * (b - a);
            correct[share] = Trainer.correct(loss.probabilities(), labels);
            // the reference's gradient is the mean over this share; the batch's mean divides by all n images
            double[] dz = SoftmaxCrossEntropy.backward(loss, labels).data();
            float[] dlogits = pass.logitGradient();
            for (int i = 0; i < dz.length; i++) {
                dlogits[i] = (float) (dz[i] * (b - a) / n);
            }
            backward(pass, dlogits, nanos.get(share));
        });
        // one update from the gradients of every share
        for (FloatParameter p : parameters.values()) {
            p.step(shares.length, learningRate, momentum, weightDecay);
        }
        double lossSum = 0;
        int right = 0;
        for (int share = 0; share < shares.length; share++) {
            lossSum += lossSums[share];
            right += correct[share];
        }
        return new Step(lossSum / n, right);
    }

    @Override
    public Tensor scores(Dataset data, int[] order, int from, int to) {
        int n = to - from;
        Pass[] shares = passes(n, data);
        double[] scores = new double[n * Dataset.CLASSES];
        eachShare(data, order, from, to, shares, (share, a, b, pass) -> {
            float[] logits = forward(pass, null);
            for (int i = 0; i < logits.length; i++) {
                scores[(a - from) * Dataset.CLASSES + i] = logits[i];
            }
        });
        return Tensor.of(scores, n, Dataset.CLASSES);
    }

    /** What runs on one share: images {@code order[a..b)}, already in {@code pass.images()}. */
    private interface ShareBody {
        void run(int share, int a, int b, Pass pass);
    }

    /**
     * Runs {@code body} on every share of images {@code order[from..to)}, the threads taking
     * shares in turn until none is left; each share's images are first written into its pass.
     */
    private void eachShare(Dataset data, int[] order, int from, int to, Pass[] shares, ShareBody body) {
        AtomicInteger next = new AtomicInteger();
        Parallel.run(Math.min(threads, shares.length), worker -> {
            for (int share = next.getAndIncrement(); share < shares.length; share = next.getAndIncrement()) {
                int a = from + share * SHARE;
                int b = Math.min(to, a + SHARE);
                data.images(order, a, b, shares[share].images());
                body.run(share, a, b, shares[share]);
            }
        });
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
        double[] seconds = new double[layers.size()];
        for (long[] share : nanos) {
            for (int i = 0; i < seconds.length; i++) {
                seconds[i] += share[i] / 1e9;
            }
        }
        return seconds;
    }

    /** Every stage forward, first to last; the logits [N][CLASSES] (the last stage's array). Times each into {@code nanos} unless null. */
    private float[] forward(Pass pass, long[] nanos) {
        float[] x = pass.images();
        for (int i = 0; i < layers.size(); i++) {
            long start = System.nanoTime();
            x = pass.stages().get(i).forward(x);
            if (nanos != null) {
                nanos[i] += System.nanoTime() - start;
            }
        }
        return x;
    }

    /** Backward from the logits' gradient, last stage to the first learned one; fills the share's gradients. */
    private void backward(Pass pass, float[] dlogits, long[] nanos) {
        float[] dy = dlogits;
        for (int i = layers.size() - 1; i >= firstLearned; i--) {
            long start = System.nanoTime();
            dy = pass.stages().get(i).backward(dy);
            nanos[i] += System.nanoTime() - start;
        }
    }

    /**
     * The stages of each share of a batch of {@code n} images of {@code data}, and each
     * parameter's gradient of each share, made on first use (here, in the calling thread, before
     * any share runs: the threads that run the shares never grow a shared list).
     */
    private Pass[] passes(int n, Dataset data) {
        Pass[] shares = new Pass[(n + SHARE - 1) / SHARE];
        for (int share = 0; share < shares.length; share++) {
            if (passes.size() == share) {
                passes.add(new HashMap<>());
                nanos.add(new long[layers.size()]);
            }
            int images = Math.min(SHARE, n - share * SHARE);
            int index = share;
            shares[share] = passes.get(share).computeIfAbsent(images,
                size -> build(index, size, data.height(), data.width()));
        }
        for (FloatParameter p : parameters.values()) {
            p.prepareShares(shares.length);
        }
        return shares;
    }

    /** The stages of share {@code t} for {@code n} grey images of {@code height}×{@code width}. */
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
                case Relu r -> stages.add(new FloatRelu());
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

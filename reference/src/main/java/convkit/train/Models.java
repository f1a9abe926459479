package convkit.train;

import java.util.List;
import java.util.Random;

import convkit.data.Dataset;
import convkit.dispatch.Impl;
import convkit.dispatch.ImplEngine;
import convkit.reference.Conv2dLayer;
import convkit.reference.ConvSpec;
import convkit.reference.Engine;
import convkit.reference.Flatten;
import convkit.reference.HeInit;
import convkit.reference.Layer;
import convkit.reference.Linear;
import convkit.reference.MaxPool2dLayer;
import convkit.reference.PoolSpec;
import convkit.reference.Relu;
import convkit.reference.Sequential;
import convkit.reference.Tensor;

/**
 * The networks {@code convkit train --model} knows, for 1×28×28 images and 10 classes, with
 * He-initialised weights ({@link HeInit}) and zero biases drawn from one seed.
 *
 * <pre>
 *   lenet  conv 5×5 1→6 pad 2, relu, max pool 2 (6×14×14), conv 5×5 6→16, relu, max pool 2 (16×5×5),
 *          flatten (400), linear 400→120, relu, linear 120→84, relu, linear 84→10      61,706 parameters
 *   tiny   conv 3×3 1→4 pad 1, relu, max pool 2 (4×14×14), flatten (784), linear 784→10   7,890 parameters
 * </pre>
 * LeNet-5 (LeCun et al. 1998) as people train it today: ReLU and max pooling instead of tanh and
 * subsampling. {@code tiny} is for quick runs and tests.
 */
public final class Models {

    /** The model names, the first the default. */
    public static final List<String> NAMES = List.of("lenet", "tiny");

    private Models() {
    }

    /** A fresh network named {@code name}, its conv and pool layers computed by {@code impl} on {@code threads} threads. */
    public static Sequential build(String name, Impl impl, int threads, long seed) {
        Random random = new Random(seed);
        Engine engine = new ImplEngine(impl, threads);
        PoolSpec pool = PoolSpec.of(2, 2, 0);
        List<Layer> layers = switch (name) {
            case "lenet" -> List.of(
                conv("conv1", random, 6, 1, 5, 2, engine), new Relu(), new MaxPool2dLayer(pool, engine),
                conv("conv2", random, 16, 6, 5, 0, engine), new Relu(), new MaxPool2dLayer(pool, engine),
                new Flatten(),
                linear("fc1", random, 120, 400), new Relu(),
                linear("fc2", random, 84, 120), new Relu(),
                linear("fc3", random, Dataset.CLASSES, 84));
            case "tiny" -> List.of(
                conv("conv1", random, 4, 1, 3, 1, engine), new Relu(), new MaxPool2dLayer(pool, engine),
                new Flatten(),
                linear("fc1", random, Dataset.CLASSES, 4 * 14 * 14));
            default -> throw new IllegalArgumentException("model: expected one of " + NAMES + " but was " + name);
        };
        return new Sequential(layers);
    }

    private static Conv2dLayer conv(String name, Random random, int k, int c, int kernel, int pad, Engine engine) {
        return new Conv2dLayer(name, HeInit.weight(random, k, c, kernel, kernel), Tensor.zeros(k), ConvSpec.of(1, pad, 1),
            engine);
    }

    private static Linear linear(String name, Random random, int out, int in) {
        return new Linear(name, HeInit.weight(random, out, in), Tensor.zeros(out));
    }
}

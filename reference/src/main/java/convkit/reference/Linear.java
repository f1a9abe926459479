package convkit.reference;

import java.util.List;

/**
 * Linear: the fully connected layer, forward and backward, as plain loops (PyTorch's
 * {@code nn.Linear}: weight {@code [OUT][IN]}).
 *
 * <pre>
 *   y[n][o]  = b[o] + Σ_i x[n][i] · w[o][i]
 *   dx[n][i] = Σ_o dy[n][o] · w[o][i]      dw[o][i] = Σ_n dy[n][o] · x[n][i]      db[o] = Σ_n dy[n][o]
 * </pre>
 * Every input meets every output, so it learns IN·OUT + OUT numbers ({@link Parameters#fullyConnected}).
 * The loops index the row-major arrays directly ({@code x[n][i]} sits at {@code n·IN + i}).
 *
 * <p>Sample run ({@code java convkit.reference.Linear}): x = [[1, 2, 3]], w = [[1, 0, -1], [2, 1, 0]], b = [0.5, -1]:
 * <pre>
 * y  = [[-1.5, 3]]
 * dx = [[3, 1, -1]] for dy = ones
 * dw = [[1, 2, 3], [1, 2, 3]], db = [1, 1]
 * </pre>
 */
public final class Linear implements Layer {

    private final Parameter weight; // [OUT][IN]
    private final Parameter bias;   // [OUT]
    private Tensor input;           // x of the last forward, [N][IN]

    /** A layer with these (not copied) weight {@code [OUT][IN]} and bias {@code [OUT]} tensors. */
    public Linear(String name, Tensor weight, Tensor bias) {
        weight.requireRank(name + ".weight", 2, "[OUT][IN]");
        requireBias(bias, weight.dim(0));
        this.weight = Parameter.of(name + ".weight", weight);
        this.bias = Parameter.of(name + ".bias", bias);
    }

    /** {@code y [N][OUT]} for {@code x [N][IN]}, {@code w [OUT][IN]}, {@code b [OUT]}. */
    public static Tensor forward(Tensor x, Tensor w, Tensor b) {
        int in = requireInput(x, w);
        int out = w.dim(0);
        requireBias(b, out);
        int batch = x.dim(0);
        Tensor y = Tensor.zeros(batch, out);
        double[] xs = x.data();
        double[] ws = w.data();
        // each image, each output: a dot product of the image's row with the output's weights
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < out; o++) {
                double sum = b.data()[o];
                for (int i = 0; i < in; i++) {
                    sum += xs[n * in + i] * ws[o * in + i];
                }
                y.data()[n * out + o] = sum;
            }
        }
        return y;
    }

    /** dx {@code [N][IN]}, dw {@code [OUT][IN]} and db {@code [OUT]} for {@code dy [N][OUT]}. */
    public static Conv2d.Gradients backward(Tensor x, Tensor w, Tensor dy) {
        int in = requireInput(x, w);
        int out = w.dim(0);
        int batch = x.dim(0);
        if (dy.rank() != 2 || dy.dim(0) != batch || dy.dim(1) != out) {
            throw new IllegalArgumentException("linear grad output dy: expected shape [" + batch + ", " + out
                + "] but was " + dy.shapeString());
        }
        Tensor dx = Tensor.zeros(batch, in);
        Tensor dw = Tensor.zeros(out, in);
        Tensor db = Tensor.zeros(out);
        double[] xs = x.data();
        double[] ws = w.data();
        // each output of each image sends dy back along the products it was made of
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < out; o++) {
                double g = dy.data()[n * out + o];
                db.data()[o] += g;
                for (int i = 0; i < in; i++) {
                    dx.data()[n * in + i] += g * ws[o * in + i];
                    dw.data()[o * in + i] += g * xs[n * in + i];
                }
            }
        }
        return new Conv2d.Gradients(dx, dw, db);
    }

    @Override
    public Tensor forward(Tensor x) {
        input = x;
        return forward(x, weight.value(), bias.value());
    }

    @Override
    public Tensor backward(Tensor dy) {
        if (input == null) {
            throw new IllegalStateException(weight.name() + ": backward before forward");
        }
        return backward(input, weight.value(), dy).storeInto(weight, bias);
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    @Override
    public String describe() {
        return "linear " + weight.value().dim(1) + " -> " + weight.value().dim(0);
    }

    private static int requireInput(Tensor x, Tensor w) {
        x.requireRank("linear input x", 2, "[N][IN]");
        w.requireRank("linear weight w", 2, "[OUT][IN]");
        if (x.dim(1) != w.dim(1)) {
            throw new IllegalArgumentException("linear input x: expected " + w.dim(1) + " features per image (weight "
                + w.shapeString() + ") but x is " + x.shapeString());
        }
        return x.dim(1);
    }

    private static void requireBias(Tensor b, int out) {
        if (b == null || b.rank() != 1 || b.dim(0) != out) {
            throw new IllegalArgumentException("linear bias b: expected shape [" + out + "] but was "
                + (b == null ? "null" : b.shapeString()));
        }
    }

    /** Demo: the sample run of the card. */
    public static void main(String[] args) {
        Tensor x = Tensor.of(new double[] {1, 2, 3}, 1, 3);
        Tensor w = Tensor.of(new double[] {1, 0, -1, 2, 1, 0}, 2, 3);
        Tensor b = Tensor.of(new double[] {0.5, -1}, 2);
        System.out.println("y  = " + Format.matrix(forward(x, w, b).reshape(1, 1, 1, 2), 0, 0));
        Conv2d.Gradients g = backward(x, w, Tensor.of(new double[] {1, 1}, 1, 2));
        System.out.println("dx = " + Format.matrix(g.dx().reshape(1, 1, 1, 3), 0, 0) + " for dy = ones");
        System.out.println("dw = " + Format.matrix(g.dw().reshape(1, 1, 2, 3), 0, 0) + ", db = " + Format.vector(g.db().data()));
    }
}

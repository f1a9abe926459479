package convkit.grader.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import convkit.grader.check.Check;
import convkit.grader.check.Expect;
import convkit.grader.check.Mistake;
import convkit.grader.check.Throws;
import convkit.reference.Conv2d;
import convkit.reference.ConvSpec;
import convkit.reference.Tensor;

/** Hidden tests of {@code Ex05ConvLayer}: the layer forward with channels, kernels, bias, stride, padding. */
public final class Ex05ConvLayerSuite implements Suite {

    static final List<Class<?>> FORWARD = List.of(double[][][][].class, double[][][][].class, double[].class,
        int.class, int.class);
    /** Mixed with the course seed: this suite's random numbers differ from every other suite's. */
    private static final long SALT = 0xC0_05L;

    private final CaseSeed seed;

    /** The suite whose random cases come from {@code seed}. */
    public Ex05ConvLayerSuite(CaseSeed seed) {
        this.seed = seed;
    }

    @Override
    public CaseSeed seed() {
        return seed;
    }

    @Override
    public String exercise() {
        return "Ex05ConvLayer";
    }

    @Override
    public List<TestCase> cases() {
        Cases cases = new Cases(exercise());
        layerCases(cases, "forward", seed.random(SALT));
        return cases.list();
    }

    /** The layer tests, shared with Ex06's {@code forwardAsMatmul}; the random ones drawn from {@code random}. */
    static void layerCases(Cases cases, String method, Random random) {
        Tensor patch = Tensor.of(new double[] {200, 150, 150, 100, 50, 100, 25, 25, 10}, 1, 1, 3, 3);
        Tensor sobel = Tensor.of(new double[] {1, 0, -1, 2, 0, -2, 1, 0, -1}, 1, 1, 3, 3);
        Tensor five = Data.vector(5);
        layer(cases, method, false, "the notes' patch, Sobel kernel, bias 5", 1, patch, sobel, five, 1, 0);
        layer(cases, method, false, "the same with pad 1", 1, patch, sobel, five, 1, 1);
        layer(cases, method, true, "batch of 2, 3 channels, 2 kernels 3×3, pad 1", 3,
            Data.random(random, 2, 3, 5, 5), Data.random(random, 2, 3, 3, 3), Data.random(random, 2), 1, 1);
        layer(cases, method, true, "non-square 2×3 kernels, stride 2", 3,
            Data.random(random, 1, 2, 6, 7), Data.random(random, 3, 2, 2, 3), Data.random(random, 3), 2, 0);
        layer(cases, method, true, "1×1 convolution mixes channels", 2,
            Data.random(random, 2, 4, 3, 3), Data.random(random, 2, 4, 1, 1), Data.random(random, 2), 1, 0);
        layer(cases, method, true, "large padding: pad 3 around a 2×2 image", 2,
            Data.random(random, 1, 1, 2, 2), Data.random(random, 1, 1, 2, 2), Data.random(random, 1), 1, 3);
        layer(cases, method, true, "stride 3 skips edge pixels", 2,
            Data.random(random, 1, 2, 8, 8), Data.random(random, 2, 2, 3, 3), Data.random(random, 2), 3, 1);
        layer(cases, method, true, "asymmetric kernels, batch of 3", 3,
            Data.random(random, 3, 2, 4, 5), Data.random(random, 2, 2, 3, 3), Data.random(random, 2), 1, 0);
        // seeded random layers
        for (int i = 1; i <= 3; i++) {
            int kh = 1 + random.nextInt(3);
            int kw = 1 + random.nextInt(3);
            int stride = 1 + random.nextInt(2);
            int pad = random.nextInt(2);
            layer(cases, method, true, "random layer #" + i, 2,
                Data.random(random, 1 + random.nextInt(2), 1 + random.nextInt(3), kh + 1 + random.nextInt(4), kw + 1 + random.nextInt(4)),
                null, null, stride, pad, kh, kw, random);
        }
        double[][][][] x = Data.nested4(Data.random(random, 1, 2, 4, 4));
        cases.hidden(method + " rejects weights with the wrong channel count", 0.5,
            cases.call(method, FORWARD, x, Data.nested4(Data.random(random, 1, 3, 3, 3)), new double[1], 1, 0),
            Throws.ILLEGAL_ARGUMENT);
        cases.hidden(method + " rejects a bias of the wrong length", 0.5,
            cases.call(method, FORWARD, x, Data.nested4(Data.random(random, 2, 2, 3, 3)), new double[3], 1, 0),
            Throws.ILLEGAL_ARGUMENT);
        cases.hidden(method + " rejects stride 0", 0.5,
            cases.call(method, FORWARD, x, Data.nested4(Data.random(random, 2, 2, 3, 3)), new double[2], 0, 0),
            Throws.ILLEGAL_ARGUMENT);
    }

    private static void layer(Cases cases, String method, boolean hidden, String name, double points,
                              Tensor x, Tensor w, Tensor b, int stride, int pad, int kh, int kw, Random random) {
        Tensor weights = w != null ? w : Data.random(random, 1 + random.nextInt(3), x.dim(1), kh, kw);
        Tensor bias = b != null ? b : Data.random(random, weights.dim(0));
        layer(cases, method, hidden, name, points, x, weights, bias, stride, pad);
    }

    private static void layer(Cases cases, String method, boolean hidden, String name, double points,
                              Tensor x, Tensor w, Tensor b, int stride, int pad) {
        ConvSpec spec = ConvSpec.of(stride, pad, 1);
        double[][][][] expected = Data.nested4(Conv2d.forward(x, w, b, spec));
        var call = cases.call(method, FORWARD, Data.nested4(x), Data.nested4(w), Data.nested1(b), stride, pad);
        Check check = Expect.array(expected, Cases.NCHW, mistakes(x, w, b, stride, pad).toArray(Mistake[]::new));
        String label = method + ": " + name + (hidden ? "" : " (stride " + stride + ", pad " + pad + ")");
        if (hidden) {
            cases.hidden(label, points, call, check);
        } else {
            cases.example(label, points, call, check);
        }
    }

    /** The wrong layers a student might write, computed by the reference on altered inputs. */
    static List<Mistake> mistakes(Tensor x, Tensor w, Tensor b, int stride, int pad) {
        ConvSpec spec = ConvSpec.of(stride, pad, 1);
        List<Mistake> all = new ArrayList<>();
        all.add(Wrong.attempt("the bias is missing: add b[k] to every output of kernel k",
            () -> Data.nested4(Conv2d.forward(x, w, null, spec))));
        all.add(Wrong.attempt("the kernel is flipped: a conv layer is a cross-correlation (x[oy·s+u−p][ox·s+v−p]·w[u][v]),"
            + " no flip", () -> Data.nested4(Conv2d.forward(x, Data.flipKernels(w), b, spec))));
        all.add(Wrong.attempt("the kernel is transposed: u runs along the height (rows), v along the width",
            () -> Data.nested4(Conv2d.forward(x, Data.transposeSlices(w), b, spec))));
        if (stride > 1) {
            all.add(Wrong.attempt("the stride is ignored: window oy starts at row oy·stride − pad",
                () -> Data.nested4(Conv2d.forward(x, w, b, ConvSpec.of(1, pad, 1)))));
        }
        all.add(Wrong.attempt("padding off by one: pad zeros on each side, the image starts at padded index pad",
            () -> Data.nested4(Conv2d.forward(x, w, b, ConvSpec.of(stride, pad + 1, 1)))));
        if (pad > 0) {
            all.add(Wrong.attempt("padding off by one: pad zeros on each side, the image starts at padded index pad",
                () -> Data.nested4(Conv2d.forward(x, w, b, ConvSpec.of(stride, pad - 1, 1)))));
            all.add(Wrong.attempt("the padding is ignored: read zeros outside the image",
                () -> Data.nested4(Conv2d.forward(x, w, b, ConvSpec.of(stride, 0, 1)))));
        }
        all.add(Wrong.attempt("the bias is added once per input channel: add it once per output value",
            () -> Data.nested4(Conv2d.forward(x, w, Wrong.scaled(b, x.dim(1)), spec))));
        all.addAll(Wrong.rowsAndColumnsMixedUp(x, image -> Conv2d.forward(image, w, b, spec)));
        return all;
    }
}

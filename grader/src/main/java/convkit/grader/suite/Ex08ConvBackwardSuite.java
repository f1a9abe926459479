package convkit.grader.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import convkit.grader.check.Expect;
import convkit.grader.check.Mistake;
import convkit.grader.check.Throws;
import convkit.reference.Conv2d;
import convkit.reference.ConvSpec;
import convkit.reference.Tensor;

/** Hidden tests of {@code Ex08ConvBackward}: dX, dW and db of the conv layer. */
public final class Ex08ConvBackwardSuite implements Suite {

    private static final List<Class<?>> GRAD = List.of(double[][][][].class, double[][][][].class, double[][][][].class,
        int.class, int.class);
    /** Mixed with the course seed: this suite's random numbers differ from every other suite's. */
    private static final long SALT = 0xC0_08L;

    private final CaseSeed seed;

    /** The suite whose random cases come from {@code seed}. */
    public Ex08ConvBackwardSuite(CaseSeed seed) {
        this.seed = seed;
    }

    @Override
    public CaseSeed seed() {
        return seed;
    }

    @Override
    public String exercise() {
        return "Ex08ConvBackward";
    }

    @Override
    public List<TestCase> cases() {
        Cases cases = new Cases(exercise());
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3);
        Tensor w = Tensor.of(new double[] {1, 2, 3, 4}, 1, 1, 2, 2);
        Tensor ones = Tensor.of(new double[] {1, 1, 1, 1}, 1, 1, 2, 2);
        all(cases, false, "the class example", 1, x, w, ones, 1, 0);
        Random random = seed.random(SALT);
        all(cases, true, "batch of 3, 2 channels, 2 kernels 3×3, pad 1", 2,
            Data.random(random, 3, 2, 4, 4), Data.random(random, 2, 2, 3, 3), null, 1, 1, random);
        all(cases, true, "overlapping windows, stride 1, batch of 2", 2,
            Data.random(random, 2, 1, 5, 5), Data.random(random, 1, 1, 3, 3), null, 1, 0, random);
        all(cases, true, "non-square 2×3 kernels, stride 2", 2,
            Data.random(random, 2, 2, 5, 7), Data.random(random, 3, 2, 2, 3), null, 2, 0, random);
        all(cases, true, "stride 3 skips pixels (they get 0)", 2,
            Data.random(random, 2, 1, 7, 7), Data.random(random, 2, 1, 2, 2), null, 3, 0, random);
        all(cases, true, "1×1 kernels, batch of 4", 1,
            Data.random(random, 4, 3, 2, 3), Data.random(random, 2, 3, 1, 1), null, 1, 0, random);
        all(cases, true, "large padding 2 with stride 2", 2,
            Data.random(random, 2, 2, 3, 4), Data.random(random, 2, 2, 3, 3), null, 2, 2, random);
        cases.hidden("gradInput rejects dy of the wrong shape", 0.5,
            cases.call("gradInput", GRAD, Data.nested4(x), Data.nested4(w), Data.nested4(Data.random(random, 1, 1, 3, 3)), 1, 0),
            Throws.ILLEGAL_ARGUMENT);
        cases.hidden("gradWeight rejects weights with the wrong channel count", 0.5,
            cases.call("gradWeight", GRAD, Data.nested4(x), Data.nested4(Data.random(random, 1, 2, 2, 2)),
                Data.nested4(ones), 1, 0),
            Throws.ILLEGAL_ARGUMENT);
        return cases.list();
    }

    private static void all(Cases cases, boolean hidden, String name, double points,
                            Tensor x, Tensor w, Tensor dy, int stride, int pad, Random random) {
        ConvSpec spec = ConvSpec.of(stride, pad, 1);
        Tensor y = Conv2d.forward(x, w, null, spec);
        all(cases, hidden, name, points, x, w, dy != null ? dy : Data.random(random, y.shape()), stride, pad);
    }

    private static void all(Cases cases, boolean hidden, String name, double points,
                            Tensor x, Tensor w, Tensor dy, int stride, int pad) {
        ConvSpec spec = ConvSpec.of(stride, pad, 1);
        Conv2d.Gradients g = Conv2d.backward(x, w, dy, spec);
        int n = x.dim(0);
        Object[] args = {Data.nested4(x), Data.nested4(w), Data.nested4(dy), stride, pad};

        List<Mistake> dx = new ArrayList<>();
        dx.add(Wrong.attempt("dx sends dy back through the kernel as it was used forward (w[k][c][u][v] at"
            + " x[oy·s+u−p][ox·s+v−p]): no extra flip", () -> Data.nested4(
                Conv2d.backward(x, Data.flipKernels(w), dy, spec).dx())));
        dx.add(Wrong.attempt("accumulate (+=): a pixel read by several windows collects gradient from each",
            () -> Data.nested4(Wrong.convGradInputAssigned(x, w, dy, stride, pad))));
        dx.addAll(Wrong.dyLoopsMixedUp(dy, visited -> Data.nested4(Conv2d.backward(x, w, visited, spec).dx())));
        add(cases, hidden, "gradInput: " + name, points, cases.call("gradInput", GRAD, args),
            Expect.array(Data.nested4(g.dx()), Cases.NCHW, dx.toArray(Mistake[]::new)));

        List<Mistake> dw = new ArrayList<>();
        if (n > 1) {
            dw.add(Wrong.attempt("dW must be summed over the whole batch (accumulate over n, do not reset per image):"
                + " this is the last image's gradient only", () -> Data.nested4(Conv2d.backward(Data.batch(x, n - 1, n), w,
                    Data.batch(dy, n - 1, n), spec).dw())));
            dw.add(Wrong.attempt("dW must be summed over the whole batch: this is the first image's gradient only",
                () -> Data.nested4(Conv2d.backward(Data.batch(x, 0, 1), w, Data.batch(dy, 0, 1), spec).dw())));
            dw.add(new Mistake("dW is the SUM over the batch, not the mean", Data.nested4(Wrong.scaled(g.dw(), 1.0 / n))));
        }
        dw.add(new Mistake("dW is flipped: dw[k][c][u][v] collects x at the same offsets (u, v) the forward pass read",
            Data.nested4(Data.flipKernels(g.dw()))));
        dw.addAll(Wrong.dyLoopsMixedUp(dy, visited -> Data.nested4(Conv2d.backward(x, w, visited, spec).dw())));
        add(cases, hidden, "gradWeight: " + name, points, cases.call("gradWeight", GRAD, args),
            Expect.array(Data.nested4(g.dw()), Cases.KCHW, dw.toArray(Mistake[]::new)));

        List<Mistake> db = new ArrayList<>();
        if (n > 1) {
            db.add(Wrong.attempt("db must be summed over the whole batch: this is the last image only",
                () -> Data.nested1(Conv2d.backward(Data.batch(x, n - 1, n), w, Data.batch(dy, n - 1, n), spec).db())));
            db.add(Wrong.attempt("db must be summed over the whole batch: this is the first image only",
                () -> Data.nested1(Conv2d.backward(Data.batch(x, 0, 1), w, Data.batch(dy, 0, 1), spec).db())));
            db.add(new Mistake("db is the SUM over the batch and the positions, not the mean",
                Data.nested1(Wrong.scaled(g.db(), 1.0 / n))));
        }
        db.addAll(Wrong.dyLoopsMixedUp(dy, visited -> Data.nested1(Conv2d.backward(x, w, visited, spec).db())));
        add(cases, hidden, "gradBias: " + name, points / 2, cases.call("gradBias", List.of(double[][][][].class), args[2]),
            Expect.array(Data.nested1(g.db()), List.of("k"), db.toArray(Mistake[]::new)));
    }

    private static void add(Cases cases, boolean hidden, String name, double points,
                            convkit.grader.run.Call call, convkit.grader.check.Check check) {
        if (hidden) {
            cases.hidden(name, points, call, check);
        } else {
            cases.example(name, points, call, check);
        }
    }
}

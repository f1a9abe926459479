package convkit.grader.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import convkit.grader.check.Expect;
import convkit.grader.check.Mistake;
import convkit.grader.check.Throws;
import convkit.reference.Pool2d;
import convkit.reference.PoolSpec;
import convkit.reference.Tensor;

/** Hidden tests of {@code Ex07Pooling}: max and average pooling forward. */
public final class Ex07PoolingSuite implements Suite {

    private static final List<Class<?>> POOL = List.of(double[][][][].class, int.class, int.class);
    /** Mixed with the course seed: this suite's random numbers differ from every other suite's. */
    private static final long SALT = 0xC0_07L;

    private final CaseSeed seed;

    /** The suite whose random cases come from {@code seed}. */
    public Ex07PoolingSuite(CaseSeed seed) {
        this.seed = seed;
    }

    @Override
    public CaseSeed seed() {
        return seed;
    }

    @Override
    public String exercise() {
        return "Ex07Pooling";
    }

    @Override
    public List<TestCase> cases() {
        Cases cases = new Cases(exercise());
        Tensor patch = Tensor.of(new double[] {200, 150, 150, 100, 50, 100, 25, 25, 10}, 1, 1, 3, 3);
        Tensor sixteen = Tensor.zeros(1, 1, 4, 4);
        for (int i = 0; i < 16; i++) {
            sixteen.data()[i] = i + 1;
        }
        for (boolean max : new boolean[] {true, false}) {
            String m = max ? "maxPool" : "avgPool";
            pool(cases, max, false, m + ": the notes' patch, kernel 3", 1, patch, 3, 3);
            pool(cases, max, false, m + ": 4×4 image, kernel 2, stride 2", 1, sixteen, 2, 2);
            Random random = seed.random(SALT + (max ? 0 : 1));
            pool(cases, max, true, m + ": batch of 2, 3 channels", 2, Data.random(random, 2, 3, 4, 4), 2, 2);
            pool(cases, max, true, m + ": overlapping windows (kernel 3, stride 1)", 2, Data.random(random, 1, 2, 5, 6), 3, 1);
            pool(cases, max, true, m + ": stride 3 larger than kernel 2", 2, Data.random(random, 1, 1, 8, 7), 2, 3);
            pool(cases, max, true, m + ": kernel 1 is the identity", 1, Data.random(random, 1, 2, 3, 3), 1, 1);
            pool(cases, max, true, m + ": non-square 5×8 image", 2, Data.random(random, 2, 1, 5, 8), 2, 2);
            pool(cases, max, true, m + ": many ties and negative values", 1,
                Wrong.scaled(Data.ties(random, 1, 2, 4, 4), -1), 2, 2);
            pool(cases, max, true, m + ": random #1", 1, Data.random(random, 2, 2, 6, 6), 3, 2);
            cases.hidden(m + " rejects kernel 0", 0.5,
                cases.call(m, POOL, Data.nested4(Data.random(random, 1, 1, 3, 3)), 0, 1), Throws.ILLEGAL_ARGUMENT);
            cases.hidden(m + " rejects a window larger than the image", 0.5,
                cases.call(m, POOL, Data.nested4(Data.random(random, 1, 1, 2, 3)), 3, 1), Throws.ILLEGAL_ARGUMENT);
        }
        return cases.list();
    }

    private static void pool(Cases cases, boolean max, boolean hidden, String name, double points,
                             Tensor x, int kernel, int stride) {
        double[][][][] expected = Data.nested4(forward(max, x, kernel, stride));
        List<Mistake> mistakes = new ArrayList<>();
        mistakes.add(new Mistake(max ? "that is average pooling: max pooling keeps the largest value of each window"
            : "that is max pooling: average pooling takes the mean of each window",
            Data.nested4(forward(!max, x, kernel, stride))));
        if (stride != 1) {
            mistakes.add(Wrong.attempt("the stride is ignored: window (oy, ox) starts at (oy·stride, ox·stride)",
                () -> Data.nested4(forward(max, x, kernel, 1))));
        }
        if (stride != kernel) {
            mistakes.add(Wrong.attempt("the window moves by stride, not by the kernel size",
                () -> Data.nested4(forward(max, x, kernel, kernel))));
        }
        if (!max) {
            Tensor avg = forward(false, x, kernel, stride);
            mistakes.add(new Mistake("divide by the number of pixels in the window, kernel·kernel",
                Data.nested4(Wrong.scaled(avg, kernel))));
            mistakes.add(new Mistake("that is the window's sum: divide it by kernel·kernel",
                Data.nested4(Wrong.scaled(avg, kernel * kernel))));
        }
        mistakes.addAll(Wrong.rowsAndColumnsMixedUp(x, image -> forward(max, image, kernel, stride)));
        var call = cases.call(max ? "maxPool" : "avgPool", POOL, Data.nested4(x), kernel, stride);
        var check = Expect.array(expected, Cases.NCHW, mistakes.toArray(Mistake[]::new));
        if (hidden) {
            cases.hidden(name, points, call, check);
        } else {
            cases.example(name, points, call, check);
        }
    }

    static Tensor forward(boolean max, Tensor x, int kernel, int stride) {
        PoolSpec spec = PoolSpec.of(kernel, stride, 0);
        return max ? Pool2d.maxForward(x, spec).y() : Pool2d.avgForward(x, spec);
    }
}

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

/** Hidden tests of {@code Ex09PoolBackward}: the gradients of max and average pooling. */
public final class Ex09PoolBackwardSuite implements Suite {

    private static final List<Class<?>> BACK = List.of(double[][][][].class, double[][][][].class, int.class, int.class);
    /** Mixed with the course seed: this suite's random numbers differ from every other suite's. */
    private static final long SALT = 0xC0_09L;

    private final CaseSeed seed;

    /** The suite whose random cases come from {@code seed}. */
    public Ex09PoolBackwardSuite(CaseSeed seed) {
        this.seed = seed;
    }

    @Override
    public CaseSeed seed() {
        return seed;
    }

    @Override
    public String exercise() {
        return "Ex09PoolBackward";
    }

    @Override
    public List<TestCase> cases() {
        Cases cases = new Cases(exercise());
        Tensor patch = Tensor.of(new double[] {200, 150, 150, 100, 50, 100, 25, 25, 10}, 1, 1, 3, 3);
        Tensor nine = Tensor.of(new double[] {9}, 1, 1, 1, 1);
        Tensor sevens = Tensor.of(new double[] {7, 7, 1, 7}, 1, 1, 2, 2);
        Tensor one = Tensor.of(new double[] {1}, 1, 1, 1, 1);
        back(cases, true, false, "maxPoolBackward: the notes' patch", 1, patch, nine, 3, 3);
        back(cases, false, false, "avgPoolBackward: the notes' patch", 1, patch, nine, 3, 3);
        back(cases, true, false, "maxPoolBackward: tie [[7,7],[1,7]] goes to the first 7", 1, sevens, one, 2, 2);
        for (boolean max : new boolean[] {true, false}) {
            String m = max ? "maxPoolBackward" : "avgPoolBackward";
            Random random = seed.random(SALT + (max ? 0 : 1));
            Tensor x1 = max ? Data.ties(random, 2, 2, 4, 4) : Data.random(random, 2, 2, 4, 4);
            back(cases, max, true, m + ": batch of 2, 2 channels" + (max ? ", with ties" : ""), 2, x1, null, 2, 2, random);
            back(cases, max, true, m + ": overlapping windows (kernel 3, stride 1)", 2,
                max ? Data.ties(random, 1, 2, 5, 5) : Data.random(random, 1, 2, 5, 5), null, 3, 1, random);
            back(cases, max, true, m + ": overlapping windows (kernel 2, stride 1), distinct values", 2,
                Data.distinct(random, 2, 1, 4, 5), null, 2, 1, random);
            back(cases, max, true, m + ": stride 3 larger than kernel 2 (skipped pixels get 0)", 2,
                Data.random(random, 1, 1, 7, 8), null, 2, 3, random);
            back(cases, max, true, m + ": kernel 1", 1, Data.random(random, 1, 2, 2, 3), null, 1, 1, random);
            back(cases, max, true, m + ": random #1", 1, Data.ties(random, 2, 3, 6, 5), null, 3, 2, random);
            cases.hidden(m + " rejects dy of the wrong shape", 0.5,
                cases.call(m, BACK, Data.nested4(Data.random(random, 1, 1, 4, 4)), Data.nested4(Data.random(random, 1, 1, 3, 3)),
                    2, 2), Throws.ILLEGAL_ARGUMENT);
        }
        return cases.list();
    }

    private static void back(Cases cases, boolean max, boolean hidden, String name, double points,
                             Tensor x, Tensor dy, int kernel, int stride, Random random) {
        Tensor y = Ex07PoolingSuite.forward(max, x, kernel, stride);
        back(cases, max, hidden, name, points, x, dy != null ? dy : Data.random(random, y.shape()), kernel, stride);
    }

    private static void back(Cases cases, boolean max, boolean hidden, String name, double points,
                             Tensor x, Tensor dy, int kernel, int stride) {
        PoolSpec spec = PoolSpec.of(kernel, stride, 0);
        Tensor expected = max ? Pool2d.maxBackward(x, dy, spec) : Pool2d.avgBackward(x, dy, spec);
        List<Mistake> mistakes = new ArrayList<>();
        if (max) {
            mistakes.add(new Mistake("on a tie the gradient goes to the FIRST maximum only (row-major window order),"
                + " not to every maximum", Data.nested4(Wrong.maxBackward(x, dy, kernel, stride, Wrong.Routing.EVERY_MAXIMUM))));
            mistakes.add(new Mistake("on a tie the gradient goes to the FIRST maximum (use >, not >=, when searching)",
                Data.nested4(Wrong.maxBackward(x, dy, kernel, stride, Wrong.Routing.LAST_MAXIMUM))));
            mistakes.add(new Mistake("accumulate (+=): a pixel that is the maximum of several overlapping windows"
                + " collects gradient from each", Data.nested4(Wrong.maxBackward(x, dy, kernel, stride,
                    Wrong.Routing.FIRST_MAXIMUM_ASSIGNED))));
            mistakes.add(new Mistake("that is the average-pool gradient: max pooling sends dy to the maximum only",
                Data.nested4(Pool2d.avgBackward(x, dy, spec))));
        } else {
            mistakes.add(new Mistake("each pixel of the window receives dy / (kernel·kernel): the division is missing",
                Data.nested4(Wrong.scaled(expected, kernel * kernel))));
            mistakes.add(new Mistake("divide by the number of pixels in the window, kernel·kernel, not by kernel",
                Data.nested4(Wrong.scaled(expected, kernel))));
            mistakes.add(new Mistake("accumulate (+=): a pixel in several overlapping windows collects a share from each",
                Data.nested4(Wrong.avgBackwardAssigned(x, dy, kernel, stride))));
        }
        mistakes.addAll(Wrong.dyLoopsMixedUp(dy, visited -> Data.nested4(max ? Pool2d.maxBackward(x, visited, spec)
            : Pool2d.avgBackward(x, visited, spec))));
        var call = cases.call(max ? "maxPoolBackward" : "avgPoolBackward", BACK, Data.nested4(x), Data.nested4(dy),
            kernel, stride);
        var check = Expect.array(Data.nested4(expected), Cases.NCHW, mistakes.toArray(Mistake[]::new));
        if (hidden) {
            cases.hidden(name, points, call, check);
        } else {
            cases.example(name, points, call, check);
        }
    }
}

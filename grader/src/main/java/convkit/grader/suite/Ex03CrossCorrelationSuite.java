package convkit.grader.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import convkit.grader.check.Expect;
import convkit.grader.check.Mistake;
import convkit.grader.check.Throws;
import convkit.reference.CrossCorrelation;
import convkit.reference.Kernels;
import convkit.reference.Range;

/** Hidden tests of {@code Ex03CrossCorrelation}: single-channel valid cross-correlation. */
public final class Ex03CrossCorrelationSuite implements Suite {

    private static final List<Class<?>> IMAGE_KERNEL = List.of(double[][].class, double[][].class);
    /** Mixed with the course seed: this suite's random numbers differ from every other suite's. */
    private static final long SALT = 0xC0_03L;

    private final CaseSeed seed;

    /** The suite whose random cases come from {@code seed}. */
    public Ex03CrossCorrelationSuite(CaseSeed seed) {
        this.seed = seed;
    }

    @Override
    public CaseSeed seed() {
        return seed;
    }

    @Override
    public String exercise() {
        return "Ex03CrossCorrelation";
    }

    @Override
    public List<TestCase> cases() {
        Cases cases = new Cases(exercise());
        double[][] patch = {{200, 150, 150}, {100, 50, 100}, {25, 25, 10}};
        correlate(cases, false, "the notes' patch with the Sobel kernel gives 65", 1, patch, Kernels.sobelX());
        correlate(cases, false, "3×3 image, 2×2 kernel",
            1, new double[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}, new double[][] {{1, 2}, {3, 4}});
        Random random = seed.random(SALT);
        correlate(cases, true, "1×1 kernel scales the image", 1, image(random, 4, 5), new double[][] {{-1.5}});
        correlate(cases, true, "non-square 2×3 kernel on a 5×4 image", 2, image(random, 5, 4), image(random, 2, 3));
        correlate(cases, true, "non-square 3×1 kernel", 2, image(random, 6, 6), image(random, 3, 1));
        correlate(cases, true, "kernel as large as the image", 1, image(random, 3, 4), image(random, 3, 4));
        correlate(cases, true, "asymmetric 3×3 kernel", 2, image(random, 6, 7), image(random, 3, 3));
        // seeded random shapes
        for (int i = 1; i <= 4; i++) {
            int kh = 1 + random.nextInt(4);
            int kw = 1 + random.nextInt(4);
            correlate(cases, true, "random #" + i, 1, image(random, kh + random.nextInt(5), kw + random.nextInt(5)),
                image(random, kh, kw));
        }
        cases.hidden("rejects a kernel taller than the image", 0.5,
            cases.call("crossCorrelateValid", IMAGE_KERNEL, new double[][] {{1, 2, 3}}, new double[][] {{1}, {2}}),
            Throws.ILLEGAL_ARGUMENT);
        cases.hidden("rejects a kernel wider than the image", 0.5,
            cases.call("crossCorrelateValid", IMAGE_KERNEL, new double[][] {{1}, {2}}, new double[][] {{1, 2}}),
            Throws.ILLEGAL_ARGUMENT);
        return cases.list();
    }

    private static double[][] image(Random random, int h, int w) {
        return Data.nested2(Data.random(random, h, w));
    }

    private static void correlate(Cases cases, boolean hidden, String name, double points, double[][] x, double[][] k) {
        double[][] expected = CrossCorrelation.crossCorrelate(x, k, Range.VALID);
        List<Mistake> mistakes = new ArrayList<>();
        mistakes.add(new Mistake("cross-correlation does NOT flip the kernel: y[i][j] = Σ x[i+u][j+v]·k[u][v]"
            + " (flipping is what true convolution does, exercise 4)",
            CrossCorrelation.crossCorrelate(x, Kernels.flip180(k), Range.VALID)));
        double[][] transposed = Data.transpose(k);
        if (transposed.length <= x.length && transposed[0].length <= x[0].length) {
            mistakes.add(new Mistake("the kernel is transposed: k[u][v] has u along the rows (height) and v along"
                + " the columns (width)", CrossCorrelation.crossCorrelate(x, transposed, Range.VALID)));
        }
        mistakes.add(new Mistake("'valid' keeps only positions where the whole kernel lies on the image:"
            + " [H−KH+1][W−KW+1]", CrossCorrelation.crossCorrelate(x, k, Range.FULL)));
        mistakes.addAll(Wrong.rowsAndColumnsMixedUp(x, image -> CrossCorrelation.crossCorrelate(image, k, Range.VALID)));
        var call = cases.call("crossCorrelateValid", IMAGE_KERNEL, x, k);
        var check = Expect.array(expected, Cases.YX, mistakes.toArray(Mistake[]::new));
        if (hidden) {
            cases.hidden(name, points, call, check);
        } else {
            cases.example(name, points, call, check);
        }
    }
}

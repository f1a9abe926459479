package convkit.grader.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import convkit.grader.check.Expect;
import convkit.grader.check.Mistake;
import convkit.reference.Convolution;
import convkit.reference.CrossCorrelation;
import convkit.reference.Kernels;
import convkit.reference.Range;

/** Hidden tests of {@code Ex04Convolution}: flip180, one output value in centred coordinates, full convolution. */
public final class Ex04ConvolutionSuite implements Suite {

    private static final List<Class<?>> AT = List.of(double[][].class, double[][].class, int.class, int.class);
    private static final List<Class<?>> IMAGE_KERNEL = List.of(double[][].class, double[][].class);
    /** Mixed with the course seed: this suite's random numbers differ from every other suite's. */
    private static final long SALT = 0xC0_04L;

    private final CaseSeed seed;

    /** The suite whose random cases come from {@code seed}. */
    public Ex04ConvolutionSuite(CaseSeed seed) {
        this.seed = seed;
    }

    @Override
    public CaseSeed seed() {
        return seed;
    }

    @Override
    public String exercise() {
        return "Ex04Convolution";
    }

    @Override
    public List<TestCase> cases() {
        Cases cases = new Cases(exercise());
        double[][] nine = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};
        double[][] k22 = {{1, 2}, {3, 4}};
        flip(cases, false, "flip180 of [[1,2,3],[4,5,6],[7,8,9]]", 1, nine);
        at(cases, false, "convolveAt(0, 0) of the class example is 23", 1, nine, k22, 0, 0);
        full(cases, false, "convolveFull of the class example", 1, nine, k22);
        Random random = seed.random(SALT);
        flip(cases, true, "flip180 of a non-square 2×3 kernel", 1, image(random, 2, 3));
        flip(cases, true, "flip180 of a 1×1 kernel", 0.5, image(random, 1, 1));
        flip(cases, true, "flip180 of a 4×1 kernel", 0.5, image(random, 4, 1));
        // the class example's numbers in practice, drawn in an official run (CaseSeed.edges)
        Random edges = seed.edges(SALT);
        at(cases, true, "convolveAt at a corner (−1, −1)", 1, edges == null ? nine : image(edges, 3, 3),
            edges == null ? k22 : image(edges, 2, 2), -1, -1);
        at(cases, true, "convolveAt far outside: empty sum", 1, nine, k22, 7, -9);
        at(cases, true, "convolveAt on an EVEN 4×4 image (centre is the upper-left of the middle four)", 2,
            image(random, 4, 4), image(random, 3, 3), 1, 0);
        at(cases, true, "convolveAt on a 5×6 image with a 2×3 kernel", 2, image(random, 5, 6), image(random, 2, 3), 2, -1);
        full(cases, true, "convolveFull with a non-square 3×2 kernel", 2, image(random, 4, 5), image(random, 3, 2));
        full(cases, true, "convolveFull on an even 4×6 image", 2, image(random, 4, 6), image(random, 3, 3));
        full(cases, true, "convolveFull with a 1×1 kernel", 1, image(random, 3, 3), image(random, 1, 1));
        // seeded random shapes
        for (int i = 1; i <= 3; i++) {
            double[][] x = image(random, 2 + random.nextInt(5), 2 + random.nextInt(5));
            double[][] k = image(random, 1 + random.nextInt(3), 1 + random.nextInt(3));
            full(cases, true, "random convolveFull #" + i, 1, x, k);
            at(cases, true, "random convolveAt #" + i, 1, x, k,
                random.nextInt(x.length + k.length) - x.length / 2, random.nextInt(x[0].length + k[0].length) - x[0].length / 2);
        }
        return cases.list();
    }

    private static double[][] image(Random random, int h, int w) {
        return Data.nested2(Data.random(random, h, w));
    }

    private static void flip(Cases cases, boolean hidden, String name, double points, double[][] k) {
        double[][] expected = Kernels.flip180(k);
        List<Mistake> mistakes = new ArrayList<>(List.of(
            new Mistake("the kernel came back unchanged: flip180 reverses the rows AND the columns", k),
            new Mistake("only the rows were reversed: reverse the columns too", flipRows(k)),
            new Mistake("only the columns were reversed: reverse the rows too", Data.transpose(flipRows(Data.transpose(k))))));
        mistakes.add(new Mistake("that is a transpose (a reflection about the diagonal), not a 180° rotation",
            Data.transpose(k)));
        add(cases, hidden, name, points, cases.call("flip180", List.of(double[][].class), (Object) k),
            Expect.array(expected, List.of("u", "v"), mistakes.toArray(Mistake[]::new)));
    }

    private static void at(Cases cases, boolean hidden, String name, double points, double[][] x, double[][] k, int r, int c) {
        double expected = Convolution.at(x, k, r, c);
        double noFlip = Convolution.at(x, Kernels.flip180(k), r, c);
        double corner = fullValue(Convolution.convolve(x, k, Range.FULL), x, k, r, c, false);
        List<Mistake> mistakes = new ArrayList<>();
        if (noFlip != expected) {
            mistakes.add(new Mistake("the kernel was not flipped: use k(r−a, c−b), which walks the kernel backwards",
                noFlip));
        }
        if (corner != expected) {
            mistakes.add(new Mistake("(r, c) are CENTRED coordinates: array row i is image row i − (H−1)/2",
                corner));
        }
        var call = cases.call("convolveAt", AT, x, k, r, c);
        var check = Expect.real(expected, mistakes.toArray(Mistake[]::new));
        add(cases, hidden, name + " (r=" + r + ", c=" + c + ")", points, call, check);
    }

    /** Output (r, c) read from a full convolution: through centred coordinates, or (wrongly) with r, c as array indices. */
    private static double fullValue(double[][] result, double[][] x, double[][] k, int r, int c, boolean centred) {
        int i = centred ? r - Convolution.firstOutput(x.length, k.length, Range.FULL) : r;
        int j = centred ? c - Convolution.firstOutput(x[0].length, k[0].length, Range.FULL) : c;
        return i >= 0 && i < result.length && j >= 0 && j < result[0].length ? result[i][j] : 0;
    }

    private static void full(Cases cases, boolean hidden, String name, double points, double[][] x, double[][] k) {
        double[][] expected = Convolution.convolve(x, k, Range.FULL);
        List<Mistake> mistakes = new ArrayList<>();
        mistakes.add(new Mistake("the kernel was not flipped: that is the full cross-correlation",
            CrossCorrelation.crossCorrelate(x, k, Range.FULL)));
        if (k.length <= x.length && k[0].length <= x[0].length) {
            mistakes.add(new Mistake("'full' keeps every position where kernel and image overlap: [H+KH−1][W+KW−1]",
                Convolution.convolve(x, k, Range.VALID)));
        }
        mistakes.addAll(Wrong.rowsAndColumnsMixedUp(x, image -> Convolution.convolve(image, k, Range.FULL)));
        add(cases, hidden, name, points, cases.call("convolveFull", IMAGE_KERNEL, x, k),
            Expect.array(expected, Cases.YX, mistakes.toArray(Mistake[]::new)));
    }

    private static double[][] flipRows(double[][] k) {
        double[][] f = new double[k.length][];
        for (int i = 0; i < k.length; i++) {
            f[i] = k[k.length - 1 - i].clone();
        }
        return f;
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

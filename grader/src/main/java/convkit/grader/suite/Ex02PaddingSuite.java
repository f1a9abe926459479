package convkit.grader.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import convkit.grader.check.Expect;
import convkit.grader.check.Mistake;
import convkit.grader.check.Throws;
import convkit.reference.Padding;
import convkit.reference.PaddingMode;

/** Hidden tests of {@code Ex02Padding}: zero and reflect padding of one image. */
public final class Ex02PaddingSuite implements Suite {

    private static final List<Class<?>> IMAGE_PAD = List.of(double[][].class, int.class);
    /** Mixed with the course seed: this suite's random numbers differ from every other suite's. */
    private static final long SALT = 0xC0_02L;

    private final CaseSeed seed;

    /** The suite whose random cases come from {@code seed}. */
    public Ex02PaddingSuite(CaseSeed seed) {
        this.seed = seed;
    }

    @Override
    public CaseSeed seed() {
        return seed;
    }

    @Override
    public String exercise() {
        return "Ex02Padding";
    }

    @Override
    public List<TestCase> cases() {
        Cases cases = new Cases(exercise());
        double[][] small = {{1, 2}, {3, 4}};
        pad(cases, false, "zeroPad: [[1,2],[3,4]] by 1", 1, small, 1, PaddingMode.ZEROS);
        pad(cases, false, "reflectPad: [[1,2],[3,4]] by 1", 1, small, 1, PaddingMode.REFLECT);
        pad(cases, false, "reflectPad: one row [1,2,3] by 2", 1, new double[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}, 2,
            PaddingMode.REFLECT);
        Random random = seed.random(SALT);
        pad(cases, true, "zeroPad: pad 0 returns a copy", 1, image(random, 3, 4), 0, PaddingMode.ZEROS);
        pad(cases, true, "zeroPad: 1×1 image, large padding 4", 2, image(random, 1, 1), 4, PaddingMode.ZEROS);
        pad(cases, true, "zeroPad: non-square 3×5 image, pad 2", 2, image(random, 3, 5), 2, PaddingMode.ZEROS);
        pad(cases, true, "reflectPad: non-square 4×6 image, pad 3", 2, image(random, 4, 6), 3, PaddingMode.REFLECT);
        pad(cases, true, "reflectPad: pad 0 returns a copy", 1, image(random, 2, 3), 0, PaddingMode.REFLECT);
        pad(cases, true, "reflectPad: tall 7×2 image, pad 1", 2, image(random, 7, 2), 1, PaddingMode.REFLECT);
        // seeded random images
        for (int i = 1; i <= 4; i++) {
            int h = 2 + random.nextInt(6);
            int w = 2 + random.nextInt(6);
            int padding = 1 + random.nextInt(Math.min(h, w) - 1);
            pad(cases, true, "random " + (i % 2 == 0 ? "reflectPad" : "zeroPad") + " #" + i, 1, image(random, h, w), padding,
                i % 2 == 0 ? PaddingMode.REFLECT : PaddingMode.ZEROS);
        }
        cases.hidden("zeroPad rejects pad = -1", 0.5, cases.call("zeroPad", IMAGE_PAD, small, -1), Throws.ILLEGAL_ARGUMENT);
        cases.hidden("reflectPad rejects pad = -1", 0.5, cases.call("reflectPad", IMAGE_PAD, small, -1), Throws.ILLEGAL_ARGUMENT);
        cases.hidden("reflectPad rejects pad >= H", 0.5,
            cases.call("reflectPad", IMAGE_PAD, new double[][] {{1, 2, 3}, {4, 5, 6}}, 2), Throws.ILLEGAL_ARGUMENT);
        cases.hidden("reflectPad rejects pad >= W", 0.5,
            cases.call("reflectPad", IMAGE_PAD, new double[][] {{1, 2}, {3, 4}, {5, 6}}, 2), Throws.ILLEGAL_ARGUMENT);
        return cases.list();
    }

    private static double[][] image(Random random, int h, int w) {
        return Data.nested2(Data.random(random, h, w));
    }

    private static void pad(Cases cases, boolean hidden, String name, double points, double[][] x, int pad, PaddingMode mode) {
        double[][] expected = padded(x, pad, mode);
        Mistake[] mistakes = mode == PaddingMode.REFLECT
            ? new Mistake[] {
                new Mistake("reflect mirrors AT the edge pixel, which is not repeated: [1,2,3] by 2 is [3,2,1,2,3,2,1]",
                    symmetric(x, pad)),
                new Mistake("reflect copies the mirrored image, not the edge value repeated", replicate(x, pad)),
                new Mistake("that is zero padding; reflect reads the mirrored image", padded(x, pad, PaddingMode.ZEROS))}
            : new Mistake[] {
                new Mistake("pad on both sides: the result is [H+2·pad][W+2·pad] with the image at [pad..pad+H)",
                    oneSided(x, pad))};
        var call = cases.call(mode == PaddingMode.REFLECT ? "reflectPad" : "zeroPad", IMAGE_PAD, x, pad);
        List<Mistake> all = new ArrayList<>(List.of(mistakes));
        all.addAll(Wrong.rowsAndColumnsMixedUp(x, image -> padded(image, pad, mode)));
        var check = Expect.array(expected, Cases.YX, all.toArray(Mistake[]::new));
        if (hidden) {
            cases.hidden(name, points, call, check);
        } else {
            cases.example(name, points, call, check);
        }
    }

    /** The expected padding, read through the reference's bounds-checked {@link Padding#source}. */
    static double[][] padded(double[][] x, int pad, PaddingMode mode) {
        int h = x.length;
        int w = x[0].length;
        double[][] y = new double[h + 2 * pad][w + 2 * pad];
        for (int i = 0; i < y.length; i++) {
            for (int j = 0; j < y[0].length; j++) {
                int si = Padding.source(i - pad, h, mode);
                int sj = Padding.source(j - pad, w, mode);
                y[i][j] = si < 0 || sj < 0 ? 0 : x[si][sj];
            }
        }
        return y;
    }

    /** Mirror with the edge repeated (NumPy's 'symmetric'). */
    private static double[][] symmetric(double[][] x, int pad) {
        int h = x.length;
        int w = x[0].length;
        double[][] y = new double[h + 2 * pad][w + 2 * pad];
        for (int i = 0; i < y.length; i++) {
            for (int j = 0; j < y[0].length; j++) {
                y[i][j] = x[mirror(i - pad, h)][mirror(j - pad, w)];
            }
        }
        return y;
    }

    private static int mirror(int i, int n) {
        int m = i < 0 ? -i - 1 : i >= n ? 2 * n - 1 - i : i;
        return Math.max(0, Math.min(n - 1, m));
    }

    /** The edge pixel repeated (NumPy's 'edge'). */
    private static double[][] replicate(double[][] x, int pad) {
        int h = x.length;
        int w = x[0].length;
        double[][] y = new double[h + 2 * pad][w + 2 * pad];
        for (int i = 0; i < y.length; i++) {
            for (int j = 0; j < y[0].length; j++) {
                y[i][j] = x[Math.max(0, Math.min(h - 1, i - pad))][Math.max(0, Math.min(w - 1, j - pad))];
            }
        }
        return y;
    }

    /** Zeros added only after the image. */
    private static double[][] oneSided(double[][] x, int pad) {
        double[][] y = new double[x.length + 2 * pad][x[0].length + 2 * pad];
        for (int i = 0; i < x.length; i++) {
            System.arraycopy(x[i], 0, y[i], 0, x[0].length);
        }
        return y;
    }
}

package convkit.grader.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import convkit.grader.check.Expect;
import convkit.grader.check.Mistake;
import convkit.grader.check.Throws;
import convkit.reference.ConvSpec;
import convkit.reference.Im2col;
import convkit.reference.Tensor;

/** Hidden tests of {@code Ex06Im2col}: the column layout, and the layer as one matrix product. */
public final class Ex06Im2colSuite implements Suite {

    private static final List<Class<?>> IM2COL = List.of(double[][][].class, int.class, int.class, int.class, int.class);
    private static final List<String> ROW_COL = List.of("row", "col");
    /** Mixed with the course seed: this suite's random numbers differ from every other suite's. */
    private static final long SALT = 0xC0_06L;

    private final CaseSeed seed;

    /** The suite whose random cases come from {@code seed}. */
    public Ex06Im2colSuite(CaseSeed seed) {
        this.seed = seed;
    }

    @Override
    public CaseSeed seed() {
        return seed;
    }

    @Override
    public String exercise() {
        return "Ex06Im2col";
    }

    @Override
    public List<TestCase> cases() {
        Cases cases = new Cases(exercise());
        Tensor nine = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3);
        columns(cases, false, "one channel 3×3, 2×2 window", 1, nine, 2, 2, 1, 0);
        Random random = seed.random(SALT);
        columns(cases, true, "3 channels, 3×3 window, pad 1", 2, Data.random(random, 1, 3, 4, 4), 3, 3, 1, 1);
        columns(cases, true, "non-square 2×3 window, stride 2", 2, Data.random(random, 1, 2, 5, 7), 2, 3, 2, 0);
        columns(cases, true, "1×1 window", 1, Data.random(random, 1, 3, 2, 3), 1, 1, 1, 0);
        columns(cases, true, "large padding 2 around a 2×3 image", 2, Data.random(random, 1, 1, 2, 3), 2, 2, 1, 2);
        columns(cases, true, "stride 3 with padding", 2, Data.random(random, 1, 2, 7, 6), 3, 2, 3, 1);
        // seeded random layouts
        for (int i = 1; i <= 2; i++) {
            int kh = 1 + random.nextInt(3);
            int kw = 1 + random.nextInt(3);
            columns(cases, true, "random layout #" + i, 1,
                Data.random(random, 1, 1 + random.nextInt(3), kh + random.nextInt(4), kw + random.nextInt(4)),
                kh, kw, 1 + random.nextInt(2), random.nextInt(2));
        }
        cases.hidden("im2col rejects a window larger than the padded image", 0.5,
            cases.call("im2col", IM2COL, Data.nested3(Data.random(random, 1, 2, 2)), 3, 3, 1, 0), Throws.ILLEGAL_ARGUMENT);
        Ex05ConvLayerSuite.layerCases(cases, "forwardAsMatmul", seed.random(SALT + 1));
        return cases.list();
    }

    private static void columns(Cases cases, boolean hidden, String name, double points,
                                Tensor x, int kh, int kw, int stride, int pad) {
        ConvSpec spec = ConvSpec.of(stride, pad, 1);
        double[][] expected = Data.nested2(Im2col.im2col(x, 0, kh, kw, spec));
        List<Mistake> mistakes = new ArrayList<>();
        mistakes.add(new Mistake("the matrix is transposed: one ROW per kernel tap [C·KH·KW], one COLUMN per output"
            + " position [OH·OW]", Data.transpose(expected)));
        mistakes.add(new Mistake("rows are ordered channel, then kernel ROW u, then kernel column v:"
            + " row (c·KH + u)·KW + v", tapsColumnFirst(expected, x.dim(1), kh, kw)));
        if (stride > 1) {
            mistakes.add(Wrong.attempt("the stride is ignored: window (oy, ox) starts at (oy·stride − pad, ox·stride − pad)",
                () -> Data.nested2(Im2col.im2col(x, 0, kh, kw, ConvSpec.of(1, pad, 1)))));
        }
        if (pad > 0) {
            mistakes.add(Wrong.attempt("the padding is ignored: positions outside the image read 0",
                () -> Data.nested2(Im2col.im2col(x, 0, kh, kw, ConvSpec.of(stride, 0, 1)))));
        }
        var call = cases.call("im2col", IM2COL, Data.nested3(Data.batch(x, 0, 1).reshape(x.dim(1), x.dim(2), x.dim(3))),
            kh, kw, stride, pad);
        var check = Expect.array(expected, ROW_COL, mistakes.toArray(Mistake[]::new));
        String label = "im2col: " + name;
        if (hidden) {
            cases.hidden(label, points, call, check);
        } else {
            cases.example(label, points, call, check);
        }
    }

    /** The rows reordered as (c, v, u): the kernel walked column by column. */
    private static double[][] tapsColumnFirst(double[][] cols, int c, int kh, int kw) {
        double[][] wrong = new double[cols.length][];
        for (int ci = 0; ci < c; ci++) {
            for (int u = 0; u < kh; u++) {
                for (int v = 0; v < kw; v++) {
                    wrong[(ci * kw + v) * kh + u] = cols[(ci * kh + u) * kw + v];
                }
            }
        }
        return wrong;
    }
}

package convkit.grader.suite;

import java.util.List;
import java.util.Random;

import convkit.grader.check.Expect;
import convkit.grader.check.Mistake;
import convkit.grader.check.Throws;
import convkit.reference.OutputSize;

/** Hidden tests of {@code Ex01OutputSize}: output size and the input pixels no window reads. */
public final class Ex01OutputSizeSuite implements Suite {

    private static final List<Class<?>> FIVE_INTS = List.of(int.class, int.class, int.class, int.class, int.class);
    /** Mixed with the course seed: this suite's random numbers differ from every other suite's. */
    private static final long SALT = 0xC0_01L;

    private final CaseSeed seed;

    /** The suite whose random cases come from {@code seed}. */
    public Ex01OutputSizeSuite(CaseSeed seed) {
        this.seed = seed;
    }

    @Override
    public CaseSeed seed() {
        return seed;
    }

    @Override
    public String exercise() {
        return "Ex01OutputSize";
    }

    @Override
    public List<TestCase> cases() {
        Cases cases = new Cases(exercise());
        size(cases, false, "valid 3×3 on 5 pixels", 1, 5, 3, 0, 1, 1);
        size(cases, false, "padding 1 keeps 5 pixels", 1, 5, 3, 1, 1, 1);
        size(cases, false, "stride 3 on 5 pixels", 1, 5, 3, 0, 3, 1);
        size(cases, false, "dilation 2 on 7 pixels", 1, 7, 3, 0, 1, 2);
        skipped(cases, false, "stride 3 skips the last 2 of 5 pixels", 1, 5, 3, 0, 3, 1);
        // hidden edge cases: these numbers in practice; in an official run other numbers with the same property
        Random edges = seed.edges(SALT);
        size(cases, "a ResNet-style stem: kernel 7, pad 3, stride 2", 2, edges, new int[] {224, 7, 3, 2, 1},
            r -> new int[] {64 + r.nextInt(400), 7, 3, 2, 1});
        size(cases, "1×1 kernel", 1, edges, new int[] {9, 1, 0, 1, 1}, r -> new int[] {2 + r.nextInt(40), 1, 0, 1, 1});
        size(cases, "kernel as large as the input", 1, edges, new int[] {6, 6, 0, 1, 1}, r -> {
            int n = 2 + r.nextInt(10);
            return new int[] {n, n, 0, 1, 1};
        });
        size(cases, "padding wider than the input", 2, edges, new int[] {3, 3, 5, 1, 1}, r -> {
            int in = 1 + r.nextInt(4);
            return new int[] {in, 3, in + 1 + r.nextInt(3), 1, 1};
        });
        size(cases, "stride larger than the kernel", 2, edges, new int[] {10, 2, 0, 4, 1}, r -> {
            int kernel = 2 + r.nextInt(2);
            return new int[] {8 + r.nextInt(16), kernel, 0, kernel + 1 + r.nextInt(3), 1};
        });
        size(cases, "dilation with padding and stride", 2, edges, new int[] {20, 3, 2, 2, 3},
            r -> new int[] {15 + r.nextInt(20), 3, 1 + r.nextInt(3), 2 + r.nextInt(2), 2 + r.nextInt(2)});
        skipped(cases, "nothing skipped when the stride fits", 1, edges, new int[] {7, 3, 0, 2, 1}, r -> {
            int kernel = 3 + 2 * r.nextInt(2);
            int stride = 1 + r.nextInt(2);
            return new int[] {kernel + stride * (1 + r.nextInt(6)), kernel, 0, stride, 1};
        });
        skipped(cases, "stride 2 on an even row skips its last pixel", 2, edges, new int[] {6, 3, 0, 2, 1},
            r -> new int[] {6 + 2 * r.nextInt(8), 3, 0, 2, 1});
        skipped(cases, "skipped pixels with padding", 2, edges, new int[] {10, 3, 1, 4, 1},
            r -> new int[] {8 + r.nextInt(14), 3, 1, 4, 1});
        skipped(cases, "skipped pixels with dilation", 2, edges, new int[] {12, 3, 0, 3, 2},
            r -> new int[] {10 + r.nextInt(12), 2 + r.nextInt(2), 0, 3 + r.nextInt(2), 2});
        skipped(cases, "padding does not hide a skipped pixel", 2, edges, new int[] {11, 3, 1, 4, 1},
            r -> new int[] {9 + 4 * r.nextInt(4), 3, 1, 4, 1});
        skipped(cases, "stride 4 over kernel 3 skips a pixel between windows", 2, edges, new int[] {10, 3, 0, 4, 1},
            r -> new int[] {9 + r.nextInt(16), 3, 0, 4, 1});
        skipped(cases, "dilation 2 with stride 2 never reads the odd pixels", 2, edges, new int[] {7, 3, 0, 2, 2}, r -> {
            int kernel = 2 + r.nextInt(3);
            return new int[] {2 * kernel - 1 + 2 * r.nextInt(8), kernel, 0, 2, 2};
        });
        Random random = seed.random(SALT);
        // seeded random sizes
        for (int i = 0; i < 8; i++) {
            int kernel = 1 + random.nextInt(5);
            int dilation = 1 + random.nextInt(3);
            int pad = random.nextInt(4);
            int stride = 1 + random.nextInt(4);
            int in = Math.max(1, dilation * (kernel - 1) + 1 - 2 * pad) + random.nextInt(30);
            if (i % 2 == 0) {
                size(cases, true, "random size #" + (i / 2 + 1), 1, in, kernel, pad, stride, dilation);
            } else {
                skipped(cases, true, "random skipped #" + (i / 2 + 1), 1, in, kernel, pad, stride, dilation);
            }
        }
        rejects(cases, "rejects in = 0", 0, 3, 0, 1, 1);
        rejects(cases, "rejects stride = 0", 5, 3, 0, 0, 1);
        rejects(cases, "rejects kernel = 0", 5, 0, 0, 1, 1);
        rejects(cases, "rejects pad = -1 even when a window would fit", 10, 1, -1, 1, 1);
        rejects(cases, "rejects pad = -1", 5, 3, -1, 1, 1);
        rejects(cases, "rejects dilation = 0", 5, 3, 0, 1, 0);
        rejects(cases, "rejects a dilated kernel wider than the padded input", 4, 3, 0, 1, 3);
        return cases.list();
    }

    /**
     * A hidden edge case: {@code practice}'s numbers (in, kernel, pad, stride, dilation) when
     * {@code edges} is null, else numbers {@code draw} takes from it. Its answer would otherwise be
     * the same in every run, practice and official, and a test's pass or fail against the local
     * grader answers "is it this value?": a student could find it by trying values and hand in a
     * table. The drawn numbers keep the property the name states ({@code Ex01EdgeCasesTests}).
     */
    private static void size(Cases cases, String name, double points, Random edges, int[] practice,
                             java.util.function.Function<Random, int[]> draw) {
        int[] a = edges == null ? practice : draw.apply(edges);
        size(cases, true, name, points, a[0], a[1], a[2], a[3], a[4]);
    }

    /** A hidden edge case of {@code unreadPixels}, drawn as {@link #size(Cases, String, double, Random, int[], java.util.function.Function)} draws it. */
    private static void skipped(Cases cases, String name, double points, Random edges, int[] practice,
                                java.util.function.Function<Random, int[]> draw) {
        int[] a = edges == null ? practice : draw.apply(edges);
        skipped(cases, true, name, points, a[0], a[1], a[2], a[3], a[4]);
    }

    private static void size(Cases cases, boolean hidden, String name, double points,
                             int in, int kernel, int pad, int stride, int dilation) {
        int expected = OutputSize.of(in, kernel, pad, stride, dilation);
        var call = cases.call("outputSize", FIVE_INTS, in, kernel, pad, stride, dilation);
        var check = Expect.integer(expected, sizeMistakes(expected, in, kernel, pad, stride, dilation));
        String label = "outputSize: " + name;
        if (hidden) {
            cases.hidden(label, points, call, check);
        } else {
            cases.example(label + " (in=" + in + ", kernel=" + kernel + ", pad=" + pad + ", stride=" + stride
                + ", dilation=" + dilation + ")", points, call, check);
        }
    }

    /** The classic slips, each only when it gives a different number on this input. */
    static Mistake[] sizeMistakes(int expected, int in, int kernel, int pad, int stride, int dilation) {
        List<Mistake> all = List.of(
            new Mistake("the dilated kernel spans dilation·(kernel−1)+1 pixels, not kernel",
                Math.floorDiv(in + 2 * pad - kernel, stride) + 1),
            new Mistake("padding is added on BOTH sides: in + 2·pad",
                Math.floorDiv(in + pad - dilation * (kernel - 1) - 1, stride) + 1),
            new Mistake("the stride divides the distance the window travels, then +1 for the first position",
                Math.floorDiv(in + 2 * pad - dilation * (kernel - 1) - 1, stride)),
            new Mistake("round down (floor): a window that does not fit completely is not an output",
                Math.ceilDiv(in + 2 * pad - dilation * (kernel - 1) - 1, stride) + 1),
            new Mistake("divide by the stride AFTER subtracting the kernel span: (in + 2·pad − span) / stride + 1",
                (in + 2 * pad) / stride - dilation * (kernel - 1)));
        return all.stream().filter(m -> !m.wrong().equals(expected)).toArray(Mistake[]::new);
    }

    private static void skipped(Cases cases, boolean hidden, String name, double points,
                                int in, int kernel, int pad, int stride, int dilation) {
        int expected = OutputSize.skipped(in, kernel, pad, stride, dilation);
        var call = cases.call("unreadPixels", FIVE_INTS, in, kernel, pad, stride, dilation);
        var check = Expect.integer(expected, unreadMistakes(expected, in, kernel, pad, stride, dilation));
        String label = "unreadPixels: " + name;
        if (hidden) {
            cases.hidden(label, points, call, check);
        } else {
            cases.example(label, points, call, check);
        }
    }

    /** Ways to miscount the unread pixels, each only when it gives a different number on this input. */
    static Mistake[] unreadMistakes(int expected, int in, int kernel, int pad, int stride, int dilation) {
        int out = OutputSize.of(in, kernel, pad, stride, dilation);
        int lastRead = (out - 1) * stride + dilation * (kernel - 1); // padded index of the last tap
        int[] reads = new int[in + 2 * pad]; // [padded index]: taps that read it
        // each window, each tap
        for (int o = 0; o < out; o++) {
            for (int t = 0; t < kernel; t++) {
                reads[o * stride + t * dilation]++;
            }
        }
        int unreadWithPadding = (int) java.util.Arrays.stream(reads).filter(r -> r == 0).count();
        List<Mistake> all = List.of(
            new Mistake("pixels inside the image are missed too, not only past the last window: a stride larger than"
                + " the window, or dilation's holes between taps, leave pixels that no tap reads",
                Math.max(0, in + pad - 1 - lastRead)),
            new Mistake("padding pixels are not input pixels: count only the pixels at padded index pad .. pad+in−1",
                unreadWithPadding));
        return all.stream().filter(m -> !m.wrong().equals(expected)).toArray(Mistake[]::new);
    }

    private static void rejects(Cases cases, String name, int in, int kernel, int pad, int stride, int dilation) {
        cases.hidden("outputSize " + name, 0.5, cases.call("outputSize", FIVE_INTS, in, kernel, pad, stride, dilation),
            Throws.ILLEGAL_ARGUMENT);
    }
}

import convkit.fast.FastBackend;
import convkit.fast.FastIm2col;
import convkit.fast.FloatIm2col;
import convkit.fast.Gemm;
import convkit.fast.LayerShape;
import convkit.fast.Transpose;

/**
 * How near its ceiling an im2col + GEMM layer runs on one thread: the native GEMM's rate on a
 * square product (the ceiling), on the layer's strip product in four layouts (W·col as the fast
 * path calls it, colᵀ·Wᵀ, and both with the columns stored as patches), and the forward of every
 * image strip by strip with im2col and GEMM timed apart. For a layer like resnet_conv1, whose
 * route is im2col + OpenBLAS: what a faster route would have to beat. Not part of the build or the
 * tests; run it with the JDK the project uses, on the classes of the build to measure:
 * <pre>
 *   java --enable-native-access=ALL-UNNAMED -cp reference/target/classes .bench/GemmCeiling.java \
 *       --layer 8,3,224,224,64,7,7,2,3 --strip 15
 * </pre>
 * {@code --layer N,C,H,W,K,R,S,stride,pad} as {@code ./convkit bench} takes it (R = S);
 * {@code --strip} output rows a strip (default 15, the fast path's for resnet_conv1); {@code
 * --square} the square product's size (default 1024). Rates are GFLOP/s (2·m·n·k a product), the
 * fastest of 60 repeats after 20; the strip-by-strip forward is timed 30 times, every fifth printed.
 */
public final class GemmCeiling {

    private GemmCeiling() {
    }

    public static void main(String[] args) {
        String layer = "8,3,224,224,64,7,7,2,3";
        int strip = 15;
        int square = 1024;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("GemmCeiling: " + args[i] + " needs a value");
            }
            switch (args[i]) {
                case "--layer" -> layer = args[i + 1];
                case "--strip" -> strip = Integer.parseInt(args[i + 1]);
                case "--square" -> square = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("GemmCeiling: unknown option " + args[i]
                    + " (--layer, --strip, --square)");
            }
        }
        String[] p = layer.split(",");
        if (p.length != 9 || !p[5].equals(p[6])) {
            throw new IllegalArgumentException("GemmCeiling: --layer: expected N,C,H,W,K,R,S,stride,pad with R = S but was '"
                + layer + "'");
        }
        int[] v = new int[9];
        for (int i = 0; i < 9; i++) {
            v[i] = Integer.parseInt(p[i].trim());
        }
        LayerShape s = LayerShape.of(v[0], v[1], v[2], v[3], v[4], v[5], v[7], v[8]);
        Gemm gemm = FastBackend.gemm();
        System.out.println("GemmCeiling: " + s.describe() + ", " + gemm.name() + ", one thread, "
            + System.getProperty("java.vm.version"));

        int n = square;
        float[] a = filled(n * n, 0.5f);
        float[] b = filled(n * n, 0.25f);
        float[] c = new float[n * n];
        System.out.printf("square %d: %.1f GFLOP/s%n", n, rate(() -> gemm.sgemm(1, Transpose.NO, Transpose.NO, n, n, n,
            1, a, 0, n, b, 0, n, 0, c, 0, n), 2.0 * n * n * n));

        int rows = Math.min(strip, s.oh());
        int width = rows * s.ow();
        int depth = s.reduction() + 1; // the bias folded in as one more column, as the fast path does
        int k = s.k();
        float[] w = filled(k * depth, 0.5f);
        float[] col = filled(depth * width, 0.25f);
        float[] y = new float[k * width];
        double flops = 2.0 * k * width * depth;
        System.out.printf("strip product %d×%d×%d: W·col %.1f, colᵀ·Wᵀ %.1f, patches·Wᵀ %.1f, W·patchesᵀ %.1f GFLOP/s%n",
            k, width, depth,
            rate(() -> gemm.sgemm(1, Transpose.NO, Transpose.NO, k, width, depth, 1, w, 0, depth, col, 0, width, 0,
                y, 0, width), flops),
            rate(() -> gemm.sgemm(1, Transpose.YES, Transpose.YES, width, k, depth, 1, col, 0, width, w, 0, depth, 0,
                y, 0, k), flops),
            rate(() -> gemm.sgemm(1, Transpose.NO, Transpose.YES, width, k, depth, 1, col, 0, depth, w, 0, depth, 0,
                y, 0, k), flops),
            rate(() -> gemm.sgemm(1, Transpose.NO, Transpose.YES, k, width, depth, 1, w, 0, depth, col, 0, depth, 0,
                y, 0, width), flops));

        FastIm2col.Plan plan = FastIm2col.plan(s);
        float[] x = new float[s.inputSize()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i * 31 % 17) - 8;
        }
        int pixels = s.oh() * s.ow();
        float[] out = new float[k * pixels];
        float[] columns = new float[depth * width];
        double imageFlops = 2.0 * k * pixels * s.reduction();
        for (int repeat = 0; repeat < 30; repeat++) {
            long im2col = 0;
            long product = 0;
            for (int image = 0; image < s.n(); image++) {
                for (int oh0 = 0; oh0 < s.oh(); oh0 += rows) {
                    int oh1 = Math.min(s.oh(), oh0 + rows);
                    int w1 = (oh1 - oh0) * s.ow();
                    long t0 = System.nanoTime();
                    FloatIm2col.im2col(s, plan, x, image, oh0, oh1, columns);
                    java.util.Arrays.fill(columns, s.reduction() * w1, depth * w1, 1);
                    long t1 = System.nanoTime();
                    gemm.sgemm(1, Transpose.NO, Transpose.NO, k, w1, depth, 1, w, 0, depth, columns, 0, w1, 0, out,
                        oh0 * s.ow(), pixels);
                    im2col += t1 - t0;
                    product += System.nanoTime() - t1;
                }
            }
            if (repeat % 5 == 4) {
                double perImageIm2col = im2col / 1e6 / s.n();
                double perImageGemm = product / 1e6 / s.n();
                System.out.printf("forward, strip by strip: per image im2col %.3f ms, GEMM %.3f ms (%.1f GFLOP/s),"
                    + " both %.1f GFLOP/s%n", perImageIm2col, perImageGemm, imageFlops / (perImageGemm * 1e6),
                    imageFlops / ((perImageIm2col + perImageGemm) * 1e6));
            }
        }
    }

    private static float[] filled(int length, float value) {
        float[] a = new float[length];
        java.util.Arrays.fill(a, value);
        return a;
    }

    /** GFLOP/s of the fastest of 60 runs after 20. */
    private static double rate(Runnable run, double flops) {
        for (int i = 0; i < 20; i++) {
            run.run();
        }
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 60; i++) {
            long t0 = System.nanoTime();
            run.run();
            best = Math.min(best, System.nanoTime() - t0);
        }
        return flops / best;
    }
}

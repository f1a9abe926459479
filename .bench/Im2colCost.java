import convkit.fast.FastIm2col;
import convkit.fast.FloatIm2col;
import convkit.fast.LayerShape;

/**
 * What im2col and col2im of one image cost on one thread, without the GEMM between them: the
 * float32 fast path's {@link FloatIm2col} over a layer's output rows in strips, the fastest of
 * the repeats, for each strip height asked. Not part of the build or the tests; run it with the
 * JDK the project uses, on the classes of the build to measure (a git worktree's for a before):
 * <pre>
 *   java -cp reference/target/classes .bench/Im2colCost.java --layer 8,3,224,224,64,7,7,2,3 --strips 15,3 --repeats 200
 * </pre>
 * {@code --layer N,C,H,W,K,R,S,stride,pad} as {@code ./convkit bench} takes it (R = S);
 * {@code --strips} output rows a strip (default 15); {@code --repeats} (default 200). Each
 * repeat runs every strip of one image (a different image each time) through im2col, and a
 * column matrix through col2im; col2im uses its columns as scratch, so they are filled again
 * before each strip (that copy is not timed).
 */
public final class Im2colCost {

    private Im2colCost() {
    }

    public static void main(String[] args) {
        String layer = "8,3,224,224,64,7,7,2,3";
        String strips = "15";
        int repeats = 200;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("Im2colCost: " + args[i] + " needs a value");
            }
            switch (args[i]) {
                case "--layer" -> layer = args[i + 1];
                case "--strips" -> strips = args[i + 1];
                case "--repeats" -> repeats = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("Im2colCost: unknown option " + args[i]
                    + " (--layer, --strips, --repeats)");
            }
        }
        String[] p = layer.split(",");
        if (p.length != 9 || !p[5].equals(p[6])) {
            throw new IllegalArgumentException("Im2colCost: --layer: expected N,C,H,W,K,R,S,stride,pad with R = S but was '"
                + layer + "'");
        }
        int[] v = new int[9];
        for (int i = 0; i < 9; i++) {
            v[i] = Integer.parseInt(p[i].trim());
        }
        LayerShape s = LayerShape.of(v[0], v[1], v[2], v[3], v[4], v[5], v[7], v[8]);
        FastIm2col.Plan plan = FastIm2col.plan(s);
        float[] x = new float[s.inputSize()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i * 31 % 17) - 8;
        }
        float[] dx = new float[x.length];
        System.out.println("Im2colCost: " + s.describe() + ", " + System.getProperty("java.vm.version") + ", one thread, "
            + repeats + " repeats");
        for (String strip : strips.split(",")) {
            int rows = Math.min(s.oh(), Integer.parseInt(strip.trim()));
            int length = rows * s.ow();
            float[] col = new float[s.reduction() * length];
            float[] values = new float[col.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = (i * 7 % 5) - 2;
            }
            long bestIm2col = Long.MAX_VALUE;
            long bestCol2im = Long.MAX_VALUE;
            for (int r = 0; r < repeats; r++) {
                int image = r % s.n();
                long t0 = System.nanoTime();
                for (int y = 0; y < s.oh(); y += rows) {
                    FloatIm2col.im2col(s, plan, x, image, y, Math.min(s.oh(), y + rows), col);
                }
                bestIm2col = Math.min(bestIm2col, System.nanoTime() - t0);
                long spent = 0;
                for (int y = 0; y < s.oh(); y += rows) {
                    System.arraycopy(values, 0, col, 0, col.length);
                    long c0 = System.nanoTime();
                    FloatIm2col.col2im(s, plan, col, y, Math.min(s.oh(), y + rows), dx, image);
                    spent += System.nanoTime() - c0;
                }
                bestCol2im = Math.min(bestCol2im, spent);
            }
            System.out.printf("strips of %d rows: im2col of one image %.3f ms, col2im %.3f ms (fastest repeat)%n", rows,
                bestIm2col / 1e6, bestCol2im / 1e6);
        }
    }
}

package convkit.fast;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Whether where the arrays lie changes resnet_conv1's direct forward ({@code PositionTiles}), and
 * how steady that forward is second after second in one JVM. Not part of the build or the tests:
 * it sits in {@code convkit.fast} to call the position tiles alone, so compile it against the
 * reference module's classes first, then run it with the JDK the project uses:
 * <pre>
 *   javac --add-modules jdk.incubator.vector -cp reference/target/classes -d /tmp/probe .bench/PlacementProbe.java
 *   java --add-modules jdk.incubator.vector -XX:Tier3DelayOn=100000 -XX:-UseTLAB -XX:G1HeapRegionSize=16m \
 *       -cp reference/target/classes:/tmp/probe convkit.fast.PlacementProbe y      # or t
 *   java --add-modules jdk.incubator.vector -XX:Tier3DelayOn=100000 \
 *       -cp reference/target/classes:/tmp/probe convkit.fast.PlacementProbe steady IMAGES THREADS   # or pair IMAGES THREADS
 * </pre>
 * {@code y} and {@code t}: one image on one thread; the output y (or the thread's rewritten input t,
 * {@code DirectBuffer.INPUT}) allocated anew eight times, each after a spacer of another length, in
 * two rounds; each placement prints where the array's first element falls in its 64-byte line and
 * the median of 41 forwards. Without thread-local allocation buffers ({@code -XX:-UseTLAB}) the spacer
 * moves the next array; with 16 MiB regions y (3.2 MB) is not humongous, so it can lie anywhere. The
 * address is read through {@code sun.misc.Unsafe} (the JDK warns), which the project never uses.
 * {@code steady}: the forward of IMAGES images on THREADS threads for 60 seconds, one median a second.
 * {@code pair}: that forward and one image's on one thread in turns of half a second, 40 of each.
 */
public final class PlacementProbe {

    private static final sun.misc.Unsafe UNSAFE = unsafe();
    /** Spacers kept alive, so that the allocator does not reuse their place. */
    private static final float[][] KEPT = new float[64][];
    private static int kept;

    private PlacementProbe() {
    }

    public static void main(String[] args) {
        String mode = args.length > 0 ? args[0] : "y";
        int images = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        if ((mode.equals("y") || mode.equals("t")) && (images != 1 || threads != 1)) {
            throw new IllegalArgumentException("PlacementProbe: y and t run one image on one thread");
        }
        LayerShape s = LayerShape.of(images, 3, 224, 224, 64, 7, 2, 3);
        Random random = new Random(1);
        float[] x = new float[images * 3 * 224 * 224];
        float[] w = new float[64 * 3 * 49];
        float[] bias = new float[64];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextFloat() - 0.5f;
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = random.nextFloat() - 0.5f;
        }
        int outputs = images * 64 * 112 * 112;
        DirectSetups setups = new DirectSetups();
        int group = Tuning.DEFAULTS.directGroupBytes();
        float[] y = new float[outputs];
        Runnable forward = () -> PositionTiles.forward(s, x, w, bias, y, threads, group, setups);
        for (int i = 0; i < 400 / images; i++) {
            forward.run();
        }
        if (mode.equals("steady")) {
            steady(forward);
            return;
        }
        if (mode.equals("pair")) {
            pair(forward, images, threads);
            return;
        }
        int tLength = DirectBuffer.INPUT.get(0).length;
        for (int round = 0; round < 2; round++) {
            StringBuilder line = new StringBuilder(mode + " round " + round + ", line offset:ms");
            for (int spacer = 0; spacer < 16; spacer += 2) {
                KEPT[kept++] = new float[spacer];
                float[] placed;
                float[] out = y;
                if (mode.equals("y")) {
                    out = new float[outputs];
                    placed = out;
                } else {
                    placed = DirectBuffer.INPUT.get(++tLength);
                }
                float[] target = out;
                Runnable run = () -> PositionTiles.forward(s, x, w, bias, target, 1, group, setups);
                for (int i = 0; i < 20; i++) {
                    run.run();
                }
                line.append(String.format(Locale.ROOT, " @%d:%.3f", lineOffset(placed), medianMs(run, 41)));
            }
            System.out.println(line);
        }
    }

    /**
     * The forward of IMAGES images on THREADS threads against that of one image on one thread, in
     * turns of half a second for 40 seconds: each pair's medians and their ratio over the images' share a thread.
     */
    private static void pair(Runnable many, int images, int threads) {
        LayerShape one = LayerShape.of(1, 3, 224, 224, 64, 7, 2, 3);
        float[] x = new float[3 * 224 * 224];
        float[] w = new float[64 * 3 * 49];
        float[] bias = new float[64];
        float[] y = new float[64 * 112 * 112];
        Arrays.fill(x, 0.25f);
        Arrays.fill(w, -0.5f);
        DirectSetups setups = new DirectSetups();
        int group = Tuning.DEFAULTS.directGroupBytes();
        Runnable single = () -> PositionTiles.forward(one, x, w, bias, y, 1, group, setups);
        for (int i = 0; i < 400; i++) {
            single.run();
        }
        double share = Math.ceil(images / (double) threads);
        double[] ratios = new double[40];
        StringBuilder line = new StringBuilder();
        for (int turn = 0; turn < ratios.length; turn++) {
            double alone = medianUntil(single, System.nanoTime() + 500_000_000L);
            double shared = medianUntil(many, System.nanoTime() + 500_000_000L);
            ratios[turn] = shared / (alone * share);
            line.append(String.format(Locale.ROOT, " %.2f/%.2f=%.2f", shared, alone, ratios[turn]));
            if (turn % 8 == 7) {
                System.out.println("pair, " + images + " images on " + threads + " threads / one image alone:" + line);
                line.setLength(0);
            }
        }
        Arrays.sort(ratios);
        System.out.println(String.format(Locale.ROOT, "pair: ratio over %.0f images alone, median %.2f, range %.2f-%.2f",
            share, ratios[ratios.length / 2], ratios[0], ratios[ratios.length - 1]));
    }

    /** One median a second for 60 seconds, twenty to a line. */
    private static void steady(Runnable forward) {
        long start = System.nanoTime();
        StringBuilder line = new StringBuilder("steady, ms a second:");
        for (int second = 1; second <= 60; second++) {
            long end = start + second * 1_000_000_000L;
            line.append(String.format(Locale.ROOT, " %.2f", medianUntil(forward, end)));
            if (second % 20 == 0) {
                System.out.println(line);
                line.setLength(0);
                line.append("steady, ms a second:");
            }
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
        }
    }

    /** The median of the runs begun before {@code end} ({@link System#nanoTime}), at most 2000. */
    private static double medianUntil(Runnable run, long end) {
        double[] ms = new double[2000];
        int n = 0;
        while (System.nanoTime() < end && n < ms.length) {
            long t0 = System.nanoTime();
            run.run();
            ms[n++] = (System.nanoTime() - t0) / 1e6;
        }
        double[] done = Arrays.copyOf(ms, n);
        Arrays.sort(done);
        return done[n / 2];
    }

    private static double medianMs(Runnable run, int times) {
        double[] ms = new double[times];
        for (int i = 0; i < times; i++) {
            long t0 = System.nanoTime();
            run.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms[times / 2];
    }

    /** Where the array's first element falls in its 64-byte line (compressed oops, 8-byte alignment: shift 3; a heap base is page-aligned). */
    private static long lineOffset(float[] array) {
        Object[] holder = {array};
        long narrow = Integer.toUnsignedLong(UNSAFE.getInt(holder, (long) UNSAFE.arrayBaseOffset(Object[].class)));
        return ((narrow << 3) + UNSAFE.arrayBaseOffset(float[].class)) % 64;
    }

    private static sun.misc.Unsafe unsafe() {
        try {
            var field = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            return (sun.misc.Unsafe) field.get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("PlacementProbe needs sun.misc.Unsafe to read an address", e);
        }
    }
}

package convkit.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * SyntheticDigits: 28×28 handwritten-looking digits 0–9, drawn as pen strokes from a seed, so
 * training needs no download and no fonts (a headless JDK may have none).
 *
 * <p>Each digit is a few strokes (lines and arcs) in a unit box, in one of two styles where
 * people write it two ways (a 1 with or without a flag, a 7 with or without a bar, an open or
 * closed 4, a 9 with a straight or curved tail). Every image draws its own:
 * <ul>
 *   <li>wobble: each stroke point moved by up to ±0.03 of the box;
 *   <li>slant (shear ±0.35), rotation (±12°), scale (0.7–0.95 of the image in each direction), position (±3 px);
 *   <li>pen thickness (1.2–3.2 px), with a soft 1-pixel edge;
 *   <li>noise: uniform, up to ±0.2 of full white (the amplitude drawn per image), and ink strength 0.75–1.
 * </ul>
 * Pixels are stored as MNIST stores them: 0 black (background) to 255 white (ink). The same
 * seed and count give the same bytes on every machine ({@link SplittableRandom} is specified, and the
 * trigonometry is {@link StrictMath}'s).
 *
 * <p>Sample run ({@code java convkit.data.SyntheticDigits}): the first image of seed 1, as text
 * ({@code #} above 2/3 white, {@code +} above 1/3):
 * <pre>
 * label 6
 * ............................
 * ............................
 * ............................
 * ............................
 * .....................+#+....
 * ..................+####.....
 * .................###+.......
 * ................##+.........
 * ...............##+..........
 * ..............##+...........
 * .............##+............
 * .............#+.............
 * ............##..............
 * ............#++###+.........
 * ...........#####+###........
 * ...........###+...+#+.......
 * ..........+#+......##.......
 * .........+##......+#+.......
 * .........###......+#+.......
 * .........##+......##+.......
 * .........+#+......#+........
 * ..........##....###+........
 * ..........###+#+#++.........
 * ...........+#####...........
 * ............##.+............
 * ............................
 * ............................
 * ............................
 * </pre>
 */
public final class SyntheticDigits {

    /** Width and height of every image, as MNIST. */
    public static final int SIZE = 28;

    private SyntheticDigits() {
    }

    /** {@code count} images, labels cycling 0..9 in a shuffled order, all drawn from {@code seed}. */
    public static Dataset generate(long seed, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count: expected >= 0 but was " + count);
        }
        SplittableRandom random = new SplittableRandom(seed);
        byte[] pixels = new byte[count * SIZE * SIZE];
        int[] labels = new int[count];
        float[] canvas = new float[SIZE * SIZE]; // [28][28], ink 0..1
        for (int i = 0; i < count; i++) {
            int digit = random.nextInt(Dataset.CLASSES);
            labels[i] = digit;
            draw(digit, random, canvas);
            for (int p = 0; p < canvas.length; p++) {
                pixels[i * canvas.length + p] = (byte) Math.round(255 * canvas[p]);
            }
        }
        return new Dataset("synthetic digits, seed " + seed, pixels, labels, SIZE, SIZE);
    }

    /** Draws one digit into {@code canvas} (overwritten) with this image's random style. */
    static void draw(int digit, SplittableRandom random, float[] canvas) {
        java.util.Arrays.fill(canvas, 0f);
        List<double[]> strokes = strokes(digit, random.nextBoolean());
        // the image's own transform: box coordinates (0..1, centre 0.5) to pixels
        double slant = uniform(random, -0.35, 0.35);
        double angle = Math.toRadians(uniform(random, -12, 12));
        double sx = uniform(random, 0.7, 0.95) * SIZE;
        double sy = uniform(random, 0.7, 0.95) * SIZE;
        double dx = SIZE / 2.0 + uniform(random, -3, 3);
        double dy = SIZE / 2.0 + uniform(random, -3, 3);
        double cos = StrictMath.cos(angle);
        double sin = StrictMath.sin(angle);
        double halfPen = uniform(random, 1.2, 3.2) / 2;
        float ink = (float) uniform(random, 0.75, 1.0);
        for (double[] stroke : strokes) {
            double[] px = new double[stroke.length / 2];
            double[] py = new double[stroke.length / 2];
            // wobble, slant, scale, rotate, move: each point of the stroke
            for (int j = 0; j < px.length; j++) {
                double u = stroke[2 * j] - 0.5 + uniform(random, -0.03, 0.03);
                double v = stroke[2 * j + 1] - 0.5 + uniform(random, -0.03, 0.03);
                u -= slant * v; // slant: the top leans right (v < 0 is up)
                u *= sx;
                v *= sy;
                px[j] = dx + cos * u - sin * v;
                py[j] = dy + sin * u + cos * v;
            }
            for (int j = 0; j + 1 < px.length; j++) {
                segment(canvas, px[j], py[j], px[j + 1], py[j + 1], halfPen, ink);
            }
        }
        double noise = uniform(random, 0, 0.2);
        for (int p = 0; p < canvas.length; p++) {
            canvas[p] = (float) Math.min(1, Math.max(0, canvas[p] + noise * random.nextDouble(-1, 1)));
        }
    }

    /** Inks the pixels within {@code halfPen} of the segment (x0,y0)–(x1,y1), with a 1-pixel soft edge. */
    private static void segment(float[] canvas, double x0, double y0, double x1, double y1, double halfPen, float ink) {
        int left = Math.max(0, (int) Math.floor(Math.min(x0, x1) - halfPen - 1));
        int right = Math.min(SIZE - 1, (int) Math.ceil(Math.max(x0, x1) + halfPen + 1));
        int top = Math.max(0, (int) Math.floor(Math.min(y0, y1) - halfPen - 1));
        int bottom = Math.min(SIZE - 1, (int) Math.ceil(Math.max(y0, y1) + halfPen + 1));
        double ex = x1 - x0;
        double ey = y1 - y0;
        double length2 = ex * ex + ey * ey;
        // the pixels of the segment's box: distance from the pixel centre to the segment
        for (int row = top; row <= bottom; row++) {
            for (int col = left; col <= right; col++) {
                double cx = col + 0.5 - x0;
                double cy = row + 0.5 - y0;
                double t = length2 == 0 ? 0 : Math.max(0, Math.min(1, (cx * ex + cy * ey) / length2));
                double ox = cx - t * ex; // from the nearest point of the segment to the pixel centre
                double oy = cy - t * ey;
                double distance = Math.sqrt(ox * ox + oy * oy);
                float value = (float) Math.min(1, Math.max(0, halfPen + 0.5 - distance)) * ink;
                int at = row * SIZE + col;
                canvas[at] = Math.max(canvas[at], value);
            }
        }
    }

    /**
     * The strokes of a digit in the unit box (x right, y down), each as x0, y0, x1, y1, ...;
     * {@code variant} picks the second style of the digits people write two ways.
     */
    static List<double[]> strokes(int digit, boolean variant) {
        List<double[]> s = new ArrayList<>();
        switch (digit) {
            case 0 -> s.add(arc(0.5, 0.5, 0.22, 0.38, 0, 360));
            case 1 -> {
                s.add(line(0.52, 0.12, 0.5, 0.88));
                if (variant) {
                    s.add(line(0.36, 0.28, 0.52, 0.12));
                }
            }
            case 2 -> {
                double[] top = arc(0.5, 0.33, 0.21, 0.21, 190, 395);
                s.add(join(top, line(end(top, 0), end(top, 1), 0.27, 0.88), line(0.27, 0.88, 0.75, 0.88)));
            }
            case 3 -> {
                s.add(arc(0.48, 0.3, 0.2, 0.18, 200, 450));
                s.add(arc(0.48, 0.67, 0.23, 0.21, 270, 510));
            }
            case 4 -> {
                if (variant) { // open: two strokes
                    s.add(join(line(0.32, 0.12, 0.27, 0.6), line(0.27, 0.6, 0.77, 0.6)));
                    s.add(line(0.63, 0.3, 0.63, 0.88));
                } else { // closed: the slanted stroke meets the upright
                    s.add(join(line(0.63, 0.12, 0.24, 0.63), line(0.24, 0.63, 0.78, 0.63)));
                    s.add(line(0.63, 0.12, 0.63, 0.88));
                }
            }
            case 5 -> {
                double[] belly = arc(0.49, 0.64, 0.23, 0.23, 225, 510);
                s.add(join(line(0.72, 0.12, 0.35, 0.12), line(0.35, 0.12, belly[0], belly[1]), belly));
            }
            case 6 -> s.add(join(polyline(0.68, 0.12, 0.5, 0.2, 0.37, 0.36, 0.3, 0.56, 0.3, 0.7),
                arc(0.5, 0.68, 0.2, 0.2, 180, 540)));
            case 7 -> {
                s.add(join(line(0.25, 0.12, 0.75, 0.12), line(0.75, 0.12, 0.42, 0.88)));
                if (variant) {
                    s.add(line(0.42, 0.5, 0.7, 0.5));
                }
            }
            case 8 -> {
                s.add(arc(0.5, 0.3, 0.18, 0.18, 90, 450));
                s.add(arc(0.5, 0.68, 0.22, 0.2, -90, 270));
            }
            case 9 -> {
                s.add(arc(0.5, 0.32, 0.2, 0.2, 0, 360));
                s.add(variant ? polyline(0.7, 0.32, 0.69, 0.6, 0.6, 0.8, 0.42, 0.88) : line(0.7, 0.32, 0.66, 0.88));
            }
            default -> throw new IllegalArgumentException("digit: expected 0..9 but was " + digit);
        }
        return s;
    }

    private static double[] line(double x0, double y0, double x1, double y1) {
        return new double[] {x0, y0, x1, y1};
    }

    private static double[] polyline(double... xy) {
        return xy;
    }

    /** Points of an elliptic arc from angle {@code from} to {@code to} degrees (0 right, 90 down), every 15°. */
    private static double[] arc(double cx, double cy, double rx, double ry, double from, double to) {
        int steps = Math.max(1, (int) Math.ceil(Math.abs(to - from) / 15));
        double[] xy = new double[2 * (steps + 1)];
        for (int i = 0; i <= steps; i++) {
            double a = Math.toRadians(from + (to - from) * i / steps);
            xy[2 * i] = cx + rx * StrictMath.cos(a);
            xy[2 * i + 1] = cy + ry * StrictMath.sin(a);
        }
        return xy;
    }

    /** Coordinate {@code axis} (0 x, 1 y) of the last point of a stroke. */
    private static double end(double[] stroke, int axis) {
        return stroke[stroke.length - 2 + axis];
    }

    /** One stroke through the points of several, in order. */
    private static double[] join(double[]... parts) {
        int length = 0;
        for (double[] part : parts) {
            length += part.length;
        }
        double[] all = new double[length];
        int at = 0;
        for (double[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    private static double uniform(SplittableRandom random, double low, double high) {
        return random.nextDouble(low, high);
    }

    /** Demo: the first image of seed 1 as text. */
    public static void main(String[] args) {
        Dataset d = generate(1, 1);
        for (int i = 0; i < d.size(); i++) {
            System.out.println("label " + d.labels()[i]);
            for (int row = 0; row < SIZE; row++) {
                StringBuilder line = new StringBuilder();
                for (int col = 0; col < SIZE; col++) {
                    int v = d.pixels()[(i * SIZE + row) * SIZE + col] & 0xFF;
                    line.append(v > 170 ? '#' : v > 85 ? '+' : '.');
                }
                System.out.println(line);
            }
        }
    }
}

package convkit.site;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

/**
 * The training lesson's figures, drawn from a {@link TrainingRecord}: loss and accuracy curves,
 * the confusion matrix, the learned first-layer kernels and the feature maps of one digit.
 *
 * <p>Values are drawn as grey levels (darker for larger on the light card), each figure with a
 * scale strip that carries the numbers; the figures' words never name a shade, since the site
 * inverts figures in dark mode and the strip inverts with them.
 */
final class TrainingFigures {

    private static final int LEFT = 16;
    private static final int TOP = 44;
    private static final String LOSS = "#1f6feb";
    private static final String BATCH_LOSS = "#b6c8e6";
    private static final String ACCURACY = "#2f8f6a";
    private static final String RIGHT = "#57b894";
    private static final String WRONG = "#e05252";
    private static final int SMOOTHING = 10;
    /** The widest a row of pictures may be, so that a figure fits a phone's 390 px without shrinking. */
    private static final int WIDTH = 330;

    private TrainingFigures() {
    }

    /** The loss of every batch (and its mean over {@value #SMOOTHING}), the test loss and test accuracy per epoch. */
    static Svg curves(TrainingRecord record) {
        List<TrainingRecord.Epoch> epochs = record.epochs();
        double[] losses = record.batchLosses();
        int n = epochs.size();
        Svg svg = new Svg();
        TrainingRecord.Plan plan = record.plan();
        svg.label(LEFT, 22, String.format(Locale.ROOT, "%s: %,d images, batch %d, %d epochs",
            plan.model(), plan.trainImages(), plan.batch(), n));
        double x0 = LEFT + 44;
        double width = 280;
        double perBatch = width / losses.length;
        double epochWidth = width / n;

        // the loss panel: 0 to the largest batch loss, rounded up to a half
        double top = TOP + 10;
        double height = 130;
        double lossMax = Math.ceil(max(losses) * 2) / 2;
        axes(svg, x0, top, width, height, n, new double[] {0, lossMax / 2, lossMax}, v -> format(v, 1), "loss");
        double[] xs = new double[losses.length];
        double[] ys = new double[losses.length];
        double[] smooth = new double[losses.length];
        // each batch: its loss, and the mean of the last SMOOTHING batches
        for (int b = 0; b < losses.length; b++) {
            xs[b] = x0 + (b + 0.5) * perBatch;
            ys[b] = top + height * (1 - losses[b] / lossMax);
            double sum = 0;
            int from = Math.max(0, b - SMOOTHING + 1);
            for (int i = from; i <= b; i++) {
                sum += losses[i];
            }
            smooth[b] = top + height * (1 - sum / (b - from + 1) / lossMax);
        }
        svg.polyline(xs, ys, BATCH_LOSS, 1);
        svg.polyline(xs, smooth, LOSS, 2);
        // each epoch: its test loss as a dot at the epoch's end
        for (TrainingRecord.Epoch e : epochs) {
            svg.dot(x0 + e.epoch() * epochWidth, top + height * (1 - Math.min(lossMax, e.testLoss()) / lossMax), 4, Svg.WINDOW);
        }
        double legend = top + height + 34;
        svg.rect(LEFT, legend - 9, 14, 3, BATCH_LOSS, "none", 0);
        svg.text(LEFT + 20, legend - 4, "batch loss", 11, "start", Svg.INK);
        svg.rect(LEFT + 96, legend - 9, 14, 3, LOSS, "none", 0);
        svg.text(LEFT + 116, legend - 4, "mean of " + SMOOTHING + " batches", 11, "start", Svg.INK);
        svg.dot(LEFT + 250, legend - 8, 4, Svg.WINDOW);
        svg.text(LEFT + 258, legend - 4, "test loss", 11, "start", Svg.INK);

        // the accuracy panel: from the lowest test accuracy (rounded down to 10%) to 100%
        top = legend + 22;
        double low = Math.floor(epochs.stream().mapToDouble(TrainingRecord.Epoch::testAccuracy).min().orElse(0) * 10) / 10;
        low = Math.min(low, 0.9);
        axes(svg, x0, top, width, height, n, new double[] {low, (low + 1) / 2, 1}, v -> format(100 * v, 0) + "%",
            "test accuracy");
        double[] ax = new double[n + 1];
        double[] ay = new double[n + 1];
        ax[0] = x0;
        ay[0] = top + height;
        // each epoch: its test accuracy, labelled
        for (int i = 0; i < n; i++) {
            TrainingRecord.Epoch e = epochs.get(i);
            ax[i + 1] = x0 + e.epoch() * epochWidth;
            ay[i + 1] = top + height * (1 - (e.testAccuracy() - low) / (1 - low));
            svg.dot(ax[i + 1], ay[i + 1], 4, ACCURACY);
            svg.text(ax[i + 1] - 6, ay[i + 1] + 16, format(100 * e.testAccuracy(), 1) + "%", 11, "end", Svg.INK);
        }
        svg.polyline(java.util.Arrays.copyOfRange(ax, 1, n + 1), java.util.Arrays.copyOfRange(ay, 1, n + 1), ACCURACY, 2);
        svg.label(LEFT, top + height + 40, String.format(Locale.ROOT, "trained in %.1f s (%s path, %d threads)",
            record.seconds(), plan.impl().toLowerCase(Locale.ROOT), plan.threads()));
        return svg;
    }

    /** Axes with {@code ticks} on the left (labelled by {@code label}) and one tick per epoch below. */
    private static void axes(Svg svg, double x0, double top, double width, double height, int epochs, double[] ticks,
                             java.util.function.DoubleFunction<String> label, String name) {
        double low = ticks[0];
        double high = ticks[ticks.length - 1];
        // each value tick: a grid line and its value
        for (double t : ticks) {
            double y = top + height * (1 - (t - low) / (high - low));
            svg.line(x0, y, x0 + width, y, "#cbd2d9", false);
            svg.text(x0 - 6, y + 4, label.apply(t), 11, "end", Svg.GRID);
        }
        // each epoch: a tick and its number at the epoch's end
        for (int e = 0; e <= epochs; e++) {
            double x = x0 + width * e / epochs;
            svg.line(x, top + height, x, top + height + 5, Svg.GRID, false);
            svg.text(x, top + height + 18, String.valueOf(e), 11, "middle", Svg.GRID);
        }
        svg.line(x0, top, x0, top + height, Svg.GRID, false);
        svg.line(x0, top + height, x0 + width, top + height, Svg.GRID, false);
        svg.text(x0 + 4, top - 6, name + " (epochs below)", 11, "start", Svg.INK);
    }

    /** Counts per true class (rows) and predicted class (columns); right answers green, mistakes red. */
    static Svg confusion(TrainingRecord record) {
        int[][] counts = record.confusion();
        int classes = counts.length;
        int total = 0;
        int right = 0;
        for (int t = 0; t < classes; t++) {
            for (int p = 0; p < classes; p++) {
                total += counts[t][p];
                right += t == p ? counts[t][p] : 0;
            }
        }
        Svg svg = new Svg();
        svg.label(LEFT, 22, String.format(Locale.ROOT, "%,d test digits, %,d right (%s%%)", total, right,
            format(100.0 * right / Math.max(1, total), 1)));
        double gx = LEFT + 44;
        double gy = TOP + 30;
        svg.text(gx + classes * Svg.CELL / 2.0, TOP + 4, "predicted", 12, "middle", Svg.INK);
        svg.text(LEFT, gy + classes * Svg.CELL / 2.0, "true", 12, "start", Svg.INK);
        // each true class t (a row) and predicted class p (a column)
        for (int t = 0; t < classes; t++) {
            svg.text(gx - 8, gy + t * Svg.CELL + Svg.CELL / 2.0 + 4, String.valueOf(t), 11, "end", Svg.GRID);
            int rowTotal = java.util.Arrays.stream(counts[t]).sum();
            for (int p = 0; p < classes; p++) {
                int c = counts[t][p];
                double share = rowTotal == 0 ? 0 : (double) c / rowTotal;
                String fill = c == 0 ? "#ffffff" : t == p ? mix("#ffffff", RIGHT, 0.25 + 0.75 * share)
                    : mix("#ffffff", WRONG, 0.25 + 0.75 * Math.min(1, share * 10));
                svg.cell(gx, gy, t, p, fill, c == 0 ? "" : String.valueOf(c));
            }
        }
        // each predicted class: its number above its column
        for (int p = 0; p < classes; p++) {
            svg.text(gx + p * Svg.CELL + Svg.CELL / 2.0, gy - 6, String.valueOf(p), 11, "middle", Svg.GRID);
        }
        svg.label(LEFT, gy + classes * Svg.CELL + 22, "row t, column p: digits t read as p");
        return svg;
    }

    /** The first layer's kernels after training, one grey-level grid each, on one symmetric scale. */
    static Svg filters(TrainingRecord record) {
        TrainingRecord.Grid w = record.filters();           // [K][C][KH][KW]
        int kernels = w.shape()[0];
        int kh = w.shape()[2];
        int kw = w.shape()[3];
        double m = maxAbs(w.values());
        int cell = 14;
        int perRow = Math.min(kernels, 3);
        double blockW = kw * cell + 22;
        double blockH = kh * cell + 30;
        Svg svg = new Svg();
        svg.label(LEFT, 22, String.format(Locale.ROOT, "conv1: %d learned %d×%d kernels", kernels, kh, kw));
        // each kernel k: its taps (first input channel) as grey cells
        for (int k = 0; k < kernels; k++) {
            double x = LEFT + (k % perRow) * blockW;
            double y = TOP + (k / perRow) * blockH;
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++) {
                    double v = w.values()[(k * w.shape()[1] * kh + i) * kw + j];
                    svg.rect(x + j * cell, y + i * cell, cell, cell, signedGrey(v, m), "none", 0);
                }
            }
            svg.rect(x, y, kw * cell, kh * cell, "none", Svg.GRID, 1);
            svg.text(x + kw * cell / 2.0, y + kh * cell + 15, "kernel " + k, 11, "middle", Svg.INK);
        }
        double y = TOP + ((kernels + perRow - 1) / perRow) * blockH + 6;
        scale(svg, LEFT, y, format(-m, 2), format(m, 2));
        return svg;
    }

    /** The test digit, then what every layer made of it, each layer on a grey scale of its own. */
    static Svg featureMaps(TrainingRecord record) {
        TrainingRecord.Digit digit = record.digit();
        Svg svg = new Svg();
        svg.label(LEFT, 22, "a test " + digit.label() + " through every layer: read as " + digit.predicted());
        double y = TOP;
        y = maps(svg, y, "input", digit.image(), 3);
        // each layer: its feature maps (or its vector), on its own scale
        for (TrainingRecord.Stage stage : record.stages()) {
            int[] shape = stage.output().shape();
            if (shape.length == 4) {
                int side = shape[2];
                int pixel = side > 5 ? 3 : 4;
                y = maps(svg, y, stage.layer(), stage.output(), pixel);
            } else {
                y = vector(svg, y, stage.layer(), stage.output().values());
            }
        }
        String[] note = {"each layer on its own scale (the strip):", "its largest value at the right end,",
            "0 in the middle if it has negative values,", "else at the left end"};
        // each line of the note
        for (int i = 0; i < note.length; i++) {
            svg.text(LEFT, y + 6 + 16 * i, note[i], 11, "start", Svg.INK);
        }
        scale(svg, LEFT, y + 6 + 16 * note.length - 4, "−largest", "largest");
        return svg;
    }

    /** One row: a layer's name and shape, then its channels side by side (wrapping), {@code pixel} px per value. */
    private static double maps(Svg svg, double y, String name, TrainingRecord.Grid grid, int pixel) {
        int[] s = grid.shape();                          // [1][C][H][W]
        int channels = s[1];
        int h = s[2];
        int w = s[3];
        double[] v = grid.values();
        boolean signed = min(v) < 0;
        double m = maxAbs(v);
        svg.text(LEFT, y + 12, name + ": " + channels + "×" + h + "×" + w, 11, "start", Svg.INK);
        double x0 = LEFT;
        double top = y + 20;
        double gap = 4;
        int most = Math.max(1, (int) ((WIDTH + gap) / (w * pixel + gap)));
        int rows = (channels + most - 1) / most;
        int perRow = (channels + rows - 1) / rows;       // rows as even as they can be
        // each channel c, at its place in the rows, as one picture
        for (int c = 0; c < channels; c++) {
            double x = x0 + (c % perRow) * (w * pixel + gap);
            double cy = top + (c / perRow) * (h * pixel + gap);
            svg.png(x, cy, w * pixel, h * pixel, picture(v, c * h * w, h, w, pixel, signed, m));
            svg.rect(x, cy, w * pixel, h * pixel, "none", Svg.MUTED, 0.5);
        }
        return top + rows * (h * pixel + gap) + 8;
    }

    /** One row: a layer's name and length, then its values as cells in rows at most {@link #WIDTH} wide; 10 values get their class under them. */
    private static double vector(Svg svg, double y, String name, double[] v) {
        boolean signed = min(v) < 0;
        double m = maxAbs(v);
        svg.text(LEFT, y + 12, name + ": " + v.length + " values", 11, "start", Svg.INK);
        double top = y + 20;
        boolean classes = v.length == 10;
        int cell = classes ? 24 : 6;
        int perRow = classes ? 10 : WIDTH / cell;
        int rows = (v.length + perRow - 1) / perRow;
        if (classes) {
            // each class score, as one labelled cell
            for (int i = 0; i < v.length; i++) {
                svg.rect(LEFT + i * cell, top, cell, cell, signed ? signedGrey(v[i], m) : grey(v[i], m), Svg.GRID, 1);
                svg.text(LEFT + i * cell + cell / 2.0, top + cell + 13, String.valueOf(i), 11, "middle", Svg.INK);
            }
        } else {
            // each row of up to perRow values, as one picture
            for (int r = 0; r < rows; r++) {
                int length = Math.min(perRow, v.length - r * perRow);
                svg.png(LEFT, top + r * cell, length * cell, cell, picture(v, r * perRow, 1, length, cell, signed, m));
            }
        }
        return top + rows * cell + (classes ? 24 : 8);
    }

    /** The signed grey strip from −m to m, its ends labelled {@code low} and {@code high}, its middle 0. */
    private static void scale(Svg svg, double x, double y, String low, String high) {
        int steps = 11;
        int w = 16;
        // each step of the strip
        for (int i = 0; i < steps; i++) {
            svg.rect(x + i * w, y, w, 12, signedGrey(-1 + 2.0 * i / (steps - 1), 1), Svg.MUTED, 0.5);
        }
        svg.text(x, y + 26, low, 11, "start", Svg.INK);
        svg.text(x + steps * w / 2.0, y + 26, "0", 11, "middle", Svg.INK);
        svg.text(x + steps * w, y + 26, high, 11, "end", Svg.INK);
    }

    /**
     * One feature map {@code v[from ..< from + h·w]} as a grey PNG, each value a {@code pixel}×{@code pixel}
     * block (drawn as a picture: a map as single SVG cells would make the figure megabytes long).
     */
    static byte[] picture(double[] v, int from, int h, int w, int pixel, boolean signed, double m) {
        BufferedImage image = new BufferedImage(w * pixel, h * pixel, BufferedImage.TYPE_BYTE_GRAY);
        // each value (i, j), as its block of pixels
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                String hex = signed ? signedGrey(v[from + i * w + j], m) : grey(v[from + i * w + j], m);
                int g = Integer.parseInt(hex.substring(1, 3), 16);
                for (int dy = 0; dy < pixel; dy++) {
                    for (int dx = 0; dx < pixel; dx++) {
                        image.getRaster().setSample(j * pixel + dx, i * pixel + dy, 0, g);
                    }
                }
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a feature map as PNG", e);
        }
        return png.toByteArray();
    }

    /** Grey for v in [0, m]: white at 0, black at m. */
    static String grey(double v, double m) {
        double t = m == 0 ? 0 : Math.max(0, Math.min(1, v / m));
        int g = (int) Math.round(255 * (1 - t));
        return String.format(Locale.ROOT, "#%02x%02x%02x", g, g, g);
    }

    /** Grey for v in [−m, m]: white at −m, middle grey at 0, black at m. */
    static String signedGrey(double v, double m) {
        double t = m == 0 ? 0.5 : Math.max(0, Math.min(1, (v / m + 1) / 2));
        int g = (int) Math.round(255 * (1 - t));
        return String.format(Locale.ROOT, "#%02x%02x%02x", g, g, g);
    }

    /** The colour a fraction {@code t} of the way from {@code from} to {@code to} (both {@code #rrggbb}). */
    static String mix(String from, String to, double t) {
        int a = Integer.parseInt(from.substring(1), 16);
        int b = Integer.parseInt(to.substring(1), 16);
        int rgb = 0;
        // each channel: red, green, blue
        for (int shift = 16; shift >= 0; shift -= 8) {
            int ca = a >> shift & 0xFF;
            int cb = b >> shift & 0xFF;
            rgb |= (int) Math.round(ca + (cb - ca) * t) << shift;
        }
        return String.format(Locale.ROOT, "#%06x", rgb);
    }

    private static double max(double[] v) {
        return java.util.Arrays.stream(v).max().orElse(0);
    }

    private static double min(double[] v) {
        return java.util.Arrays.stream(v).min().orElse(0);
    }

    private static double maxAbs(double[] v) {
        return java.util.Arrays.stream(v).map(Math::abs).max().orElse(0);
    }

    private static String format(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}

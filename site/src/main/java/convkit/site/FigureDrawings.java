package convkit.site;

import static convkit.site.Svg.CELL;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import convkit.reference.Conv2d;
import convkit.reference.ConvSpec;
import convkit.reference.Kernels;
import convkit.reference.OutputSize;
import convkit.reference.Padding;
import convkit.reference.PaddingMode;
import convkit.reference.Pool2d;
import convkit.reference.PoolSpec;
import convkit.reference.Tensor;

/**
 * The drawing of each lesson figure; {@link Figures} checks the parameters first. Sizes come from
 * {@link OutputSize}, values from the reference itself: {@link Padding#source} for mirror padding,
 * {@link Kernels#flip180} for the flip, {@link Pool2d} for pooling, {@link Conv2d} for the shifts.
 */
final class FigureDrawings {

    private static final int TOP = 44;
    private static final int LEFT = 16;
    private static final String[] WINDOW_COLOURS = {"#f6b73c", "#57b894", "#7aa6e0", "#d98ad6"};

    private FigureDrawings() {
    }

    static Svg receptiveField(int in, int k) {
        int out = OutputSize.of(in, k, 0, 1, 1);
        int at = Math.min(1, out - 1);
        Svg svg = new Svg();
        svg.label(LEFT, 22, "input " + in + "×" + in + ", kernel " + k + "×" + k + " → output " + out + "×" + out);
        svg.grid(LEFT, TOP, in, in, Svg.INPUT);
        fillBlock(svg, LEFT, TOP, at, at, k, k, 1, Svg.WINDOW);
        svg.window(LEFT, TOP, at, at, k, k, Svg.INK);
        double ox = LEFT + in * CELL + 70;
        svg.grid(ox, TOP, out, out, Svg.OUTPUT);
        svg.cell(ox, TOP, at, at, Svg.WINDOW, "y");
        svg.line(LEFT + (at + k) * CELL + 4, TOP + (at + k / 2.0) * CELL, ox + at * CELL - 4, TOP + (at + 0.5) * CELL, Svg.GRID, true);
        svg.label(LEFT, TOP + in * CELL + 22, "the " + k + "×" + k + " patch is the receptive field of one output pixel");
        return svg;
    }

    static Svg weightSharing(int in, int k) {
        int out = OutputSize.of(in, k, 0, 1, 1);
        Svg svg = new Svg();
        svg.label(LEFT, 22, "one " + k + "×" + k + " kernel at all " + out + "×" + out + " positions of a "
            + in + "×" + in + " input: " + (k * k + 1) + " parameters");
        svg.grid(LEFT, TOP, in, in, Svg.INPUT);
        int last = out - 1;
        // each tap (i, j) of the window, at the first and the last position
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                String w = "w" + (i * k + j + 1);
                svg.cell(LEFT, TOP, i, j, Svg.WINDOW, w);
                if (last > 0) {
                    svg.cell(LEFT, TOP, last + i, last + j, Svg.WINDOW2, w);
                }
            }
        }
        svg.window(LEFT, TOP, 0, 0, k, k, Svg.INK);
        double ox = LEFT + in * CELL + 60;
        svg.grid(ox, TOP, out, out, Svg.OUTPUT);
        svg.cell(ox, TOP, 0, 0, Svg.WINDOW, "");
        if (last > 0) {
            svg.window(LEFT, TOP, last, last, k, k, Svg.INK);
            svg.cell(ox, TOP, last, last, Svg.WINDOW2, "");
        }
        svg.label(ox, TOP + out * CELL + 22, "output " + out + "×" + out);
        svg.label(LEFT, TOP + in * CELL + 22, "input " + in + "×" + in + " (same weights w1…w" + k * k + " everywhere)");
        return svg;
    }

    static Svg kernelFlip(int k) {
        Svg svg = new Svg();
        svg.label(LEFT, 22, "flipping a " + k + "×" + k + " kernel by 180°: k'(i, j) = k(" + (k - 1) + "−i, " + (k - 1) + "−j)");
        double right = LEFT + k * CELL + 80;
        double[][] taps = new double[k][k]; // [k][k], tap (i, j) holds its own index i·k + j
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                taps[i][j] = i * k + j;
            }
        }
        double[][] flipped = Kernels.flip180(taps);
        // each tap, before and after the flip
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                svg.cell(LEFT, TOP, i, j, Svg.INPUT, tapName((int) taps[i][j], k));
                svg.cell(right, TOP, i, j, Svg.WINDOW, tapName((int) flipped[i][j], k));
            }
        }
        svg.line(LEFT + k * CELL + 10, TOP + k * CELL / 2.0, right - 10, TOP + k * CELL / 2.0, Svg.GRID, true);
        svg.label(LEFT, TOP + k * CELL + 22, "k");
        svg.label(right, TOP + k * CELL + 22, "flip180(k)");
        return svg;
    }

    static Svg centredCoordinates(int in, int k) {
        Svg svg = new Svg();
        int half = (in - 1) / 2;
        svg.label(LEFT, 22, "image coordinates " + (-half) + ".." + (in - 1 - half) + ", kernel indices 0.." + (k - 1)
            + ": y(r, c) = Σ x(a, b)·k(r−a, c−b)");
        double gx = LEFT + 28;
        double gy = TOP + 20;
        // coordinate labels: image axes run from -half to +half
        for (int i = 0; i < in; i++) {
            String coordinate = String.valueOf(i - half);
            svg.text(gx + i * CELL + CELL / 2.0, gy - 6, coordinate, 11, "middle", Svg.GRID);
            svg.text(gx - 8, gy + i * CELL + CELL / 2.0 + 4, coordinate, 11, "end", Svg.GRID);
        }
        svg.grid(gx, gy, in, in, Svg.INPUT);
        svg.cell(gx, gy, half, half, Svg.WINDOW, "0,0");
        double kx = gx + in * CELL + 70;
        // kernel index labels 0..k-1
        for (int i = 0; i < k; i++) {
            svg.text(kx + i * CELL + CELL / 2.0, gy - 6, String.valueOf(i), 11, "middle", Svg.GRID);
            svg.text(kx - 8, gy + i * CELL + CELL / 2.0 + 4, String.valueOf(i), 11, "end", Svg.GRID);
        }
        svg.grid(kx, gy, k, k, Svg.WINDOW2);
        svg.label(gx, gy + in * CELL + 22, "input x, " + in + "×" + in + ", origin at the centre");
        svg.label(kx, gy + k * CELL + 22, "kernel k, " + k + "×" + k);
        return svg;
    }

    /** Valid, padded, strided and dilated convolution: padded input, two window positions, output. */
    static Svg convolution(int in, int k, int pad, int stride, int dilation) {
        int out = OutputSize.of(in, k, pad, stride, dilation);
        int[] unread = OutputSize.unread(in, k, pad, stride, dilation); // the same on both axes
        int padded = in + 2 * pad;
        int span = dilation * (k - 1) + 1;
        Svg svg = new Svg();
        svg.label(LEFT, 22, String.format(Locale.ROOT, "input %d×%d, kernel %d×%d, padding %d, stride %d, dilation %d → output %d×%d",
            in, in, k, k, pad, stride, dilation, out, out));
        // each cell of the padded input: padding, unread pixel (its row or its column is) or read pixel
        for (int r = 0; r < padded; r++) {
            for (int c = 0; c < padded; c++) {
                boolean isPad = r < pad || c < pad || r >= pad + in || c >= pad + in;
                boolean isSkipped = !isPad && (contains(unread, r - pad) || contains(unread, c - pad));
                svg.cell(LEFT, TOP, r, c, isPad ? Svg.PAD : isSkipped ? Svg.SKIP : Svg.INPUT, isPad ? "0" : "");
            }
        }
        if (pad > 0) {
            svg.dashedRect(LEFT + pad * CELL, TOP + pad * CELL, in * CELL, in * CELL, Svg.INK);
        }
        fillBlock(svg, LEFT, TOP, 0, 0, k, k, dilation, Svg.WINDOW);
        svg.window(LEFT, TOP, 0, 0, span, span, Svg.INK);
        if (out > 1) {
            svg.window(LEFT, TOP, 0, stride, span, span, "#2f8f6a");
        }
        double ox = LEFT + padded * CELL + 70;
        svg.grid(ox, TOP, out, out, Svg.OUTPUT);
        svg.cell(ox, TOP, 0, 0, Svg.WINDOW, "");
        if (out > 1) {
            svg.cell(ox, TOP, 0, 1, Svg.WINDOW2, "");
        }
        svg.line(LEFT + span * CELL + 4, TOP + CELL / 2.0, ox - 6, TOP + CELL / 2.0, Svg.GRID, true);
        double y = TOP + Math.max(padded, out) * CELL + 24;
        svg.label(LEFT, y, String.format(Locale.ROOT, "out = ⌊(%d + 2·%d − %d·(%d−1) − 1) / %d⌋ + 1 = %d",
            in, pad, dilation, k, stride, out));
        if (pad > 0) {
            svg.label(LEFT, y + 18, "grey cells: zero padding (" + padded + "×" + padded + " padded input)");
            y += 18;
        }
        if (unread.length > 0) {
            svg.label(LEFT, y + 18, "red cells: rows and columns " + OutputSize.ranges(unread) + ", which no window reads");
        }
        return svg;
    }

    /** One row of pixels with every window position bracketed below it; pixels no tap reads in red. */
    static Svg strideSkip(int in, int k, int pad, int stride, int dilation) {
        int out = OutputSize.of(in, k, pad, stride, dilation);
        int[] unread = OutputSize.unread(in, k, pad, stride, dilation);
        int padded = in + 2 * pad;
        int span = dilation * (k - 1) + 1;
        Svg svg = new Svg();
        svg.label(LEFT, 22, String.format(Locale.ROOT, "%d pixels, kernel %d, padding %d, stride %d, dilation %d → %d outputs, %d skipped",
            in, k, pad, stride, dilation, out, unread.length));
        // each pixel of the padded row
        for (int c = 0; c < padded; c++) {
            boolean isPad = c < pad || c >= pad + in;
            boolean isSkipped = !isPad && contains(unread, c - pad);
            svg.cell(LEFT, TOP, 0, c, isPad ? Svg.PAD : isSkipped ? Svg.SKIP : Svg.INPUT, isPad ? "0" : String.valueOf(c - pad));
        }
        // each window position, as a bracket under the pixels it spans
        for (int o = 0; o < out; o++) {
            double y = TOP + CELL + 12 + o * 14;
            double x0 = LEFT + o * stride * CELL + 3;
            double x1 = LEFT + (o * stride + span) * CELL - 3;
            svg.line(x0, y, x1, y, WINDOW_COLOURS[o % WINDOW_COLOURS.length], false);
            svg.text(x1 + 6, y + 4, "y" + o, 10, "start", Svg.INK);
        }
        double y = TOP + CELL + 12 + out * 14 + 16;
        svg.label(LEFT, y, unread.length > 0 ? "red: pixel(s) " + OutputSize.ranges(unread) + " are never read" : "every pixel is read");
        return svg;
    }

    private static boolean contains(int[] sorted, int value) {
        return java.util.Arrays.binarySearch(sorted, value) >= 0;
    }

    static Svg mirrorPadding(int in, int pad) {
        int padded = in + 2 * pad;
        Svg svg = new Svg();
        svg.label(LEFT, 22, "input " + in + "×" + in + " with mirror (reflect) padding " + pad + " → " + padded + "×" + padded);
        // each cell of the padded image: the pixel it mirrors
        for (int r = 0; r < padded; r++) {
            for (int c = 0; c < padded; c++) {
                int sr = Padding.source(r - pad, in, PaddingMode.REFLECT);
                int sc = Padding.source(c - pad, in, PaddingMode.REFLECT);
                boolean isPad = r < pad || c < pad || r >= pad + in || c >= pad + in;
                svg.cell(LEFT, TOP, r, c, isPad ? Svg.PAD : Svg.INPUT, String.valueOf(sr * in + sc + 1));
            }
        }
        svg.dashedRect(LEFT + pad * CELL, TOP + pad * CELL, in * CELL, in * CELL, Svg.INK);
        svg.label(LEFT, TOP + padded * CELL + 22, "the edge row/column is the mirror axis and is not repeated");
        return svg;
    }

    static Svg multichannel(int channels, int k, int kernels) {
        int in = 5;
        int out = OutputSize.of(in, k, 0, 1, 1);
        Svg svg = new Svg();
        svg.label(LEFT, 22, String.format(Locale.ROOT, "input %d×%d×%d, weights %d×%d×%d×%d → output %d×%d×%d; %d·(%d·%d·%d+1) = %d parameters",
            channels, in, in, kernels, channels, k, k, kernels, out, out, kernels, channels, k, k, kernels * (channels * k * k + 1)));
        int step = 10;
        // input channels, back to front
        for (int c = channels - 1; c >= 0; c--) {
            svg.grid(LEFT + c * step, TOP + c * step, in, in, c == 0 ? Svg.INPUT : "#cfdcef");
        }
        double kx = LEFT + in * CELL + channels * step + 50;
        double ky = TOP;
        // each kernel: its channel slices, back to front
        for (int n = 0; n < kernels; n++) {
            for (int c = channels - 1; c >= 0; c--) {
                svg.grid(kx + c * 6, ky + c * 6, k, k, WINDOW_COLOURS[n % WINDOW_COLOURS.length]);
            }
            svg.text(kx + k * CELL + channels * 6 + 6, ky + k * CELL / 2.0, "kernel " + n, 11, "start", Svg.INK);
            ky += k * CELL + channels * 6 + 14;
        }
        double ox = kx + k * CELL + channels * 6 + 80;
        // output channels, back to front
        for (int n = kernels - 1; n >= 0; n--) {
            svg.grid(ox + n * step, TOP + n * step, out, out, WINDOW_COLOURS[n % WINDOW_COLOURS.length]);
        }
        svg.text(LEFT, TOP + in * CELL + channels * step + 16, "input " + channels + "×" + in + "×" + in, 12, "start", Svg.INK);
        svg.text(ox, TOP + out * CELL + kernels * step + 16, "output " + kernels + "×" + out + "×" + out, 12, "start", Svg.INK);
        double bottom = Math.max(TOP + in * CELL + channels * step + 16, ky);
        svg.label(LEFT, bottom + 20, "each kernel has one " + k + "×" + k + " slice per input channel and gives one output channel");
        return svg;
    }

    static Svg im2colLayout(int channels, int in, int k) {
        int out = OutputSize.of(in, k, 0, 1, 1);
        int rows = channels * k * k;
        int cols = out * out;
        Svg svg = new Svg();
        svg.label(LEFT, 22, String.format(Locale.ROOT, "im2col of a %d×%d×%d input, kernel %d×%d → matrix [C·KH·KW][OH·OW] = [%d][%d]",
            channels, in, in, k, k, rows, cols));
        double y = TOP;
        // each input channel, first patch highlighted
        for (int c = 0; c < channels; c++) {
            for (int r = 0; r < in; r++) {
                for (int s = 0; s < in; s++) {
                    boolean inFirstPatch = r < k && s < k;
                    svg.cell(LEFT, y, r, s, inFirstPatch ? Svg.WINDOW : Svg.INPUT, pixelName(c, r, s, in));
                }
            }
            svg.text(LEFT, y + in * CELL + 14, "channel " + c, 11, "start", Svg.INK);
            y += in * CELL + 26;
        }
        double mx = LEFT + in * CELL + 80;
        // each column of the matrix: one output position (oy, ox)
        for (int col = 0; col < cols; col++) {
            int oy = col / out;
            int ox = col % out;
            svg.text(mx + col * CELL + CELL / 2.0, TOP - 4, "(" + oy + "," + ox + ")", 9, "middle", Svg.GRID);
            for (int row = 0; row < rows; row++) {
                int c = row / (k * k);
                int ki = row / k % k;
                int kj = row % k;
                svg.cell(mx, TOP, row, col, col == 0 ? Svg.WINDOW : Svg.INPUT, pixelName(c, oy + ki, ox + kj, in));
            }
        }
        svg.line(LEFT + in * CELL + 6, TOP + k * CELL / 2.0, mx - 8, TOP + CELL * 2, Svg.GRID, true);
        svg.label(mx, TOP + rows * CELL + 22, "one column per output position; one row per (channel, kernel row, kernel column)");
        return svg;
    }

    static Svg pool(int in, int k, int stride, boolean max) {
        int out = OutputSize.of(in, k, 0, stride, 1);
        double[][] x = poolInput(in);
        Tensor input = Tensor.zeros(1, 1, in, in); // [1][1][in][in]
        for (int r = 0; r < in; r++) {
            for (int c = 0; c < in; c++) {
                input.set(x[r][c], 0, 0, r, c);
            }
        }
        PoolSpec spec = new PoolSpec(k, k, stride, stride, 0, 0);
        Tensor y = max ? Pool2d.maxForward(input, spec).y() : Pool2d.avgForward(input, spec); // [1][1][out][out]
        Svg svg = new Svg();
        svg.label(LEFT, 22, String.format(Locale.ROOT, "%s pooling, input %d×%d, window %d×%d, stride %d → output %d×%d",
            max ? "max" : "average", in, in, k, k, stride, out, out));
        svg.grid(LEFT, TOP, in, in, "#ffffff");
        // each input value
        for (int r = 0; r < in; r++) {
            for (int c = 0; c < in; c++) {
                svg.cell(LEFT, TOP, r, c, "#ffffff", format(x[r][c]));
            }
        }
        double ox = LEFT + in * CELL + 60;
        // each output position: its window, its pooled value
        for (int i = 0; i < out; i++) {
            for (int j = 0; j < out; j++) {
                String colour = WINDOW_COLOURS[(i * out + j) % WINDOW_COLOURS.length];
                if (stride >= k) {
                    fillBlockText(svg, LEFT, TOP, i * stride, j * stride, k, k, colour, x);
                }
                svg.cell(ox, TOP, i, j, colour, format(y.get(0, 0, i, j)));
            }
        }
        svg.window(LEFT, TOP, 0, 0, k, k, Svg.INK);
        svg.label(LEFT, TOP + Math.max(in, out) * CELL + 22, max ? "each output is the largest value in its window"
            : "each output is the mean of its " + k * k + " values");
        return svg;
    }

    static Svg equivariance(int n, int shift) {
        double[] x = new double[n];
        x[1] = 1;
        x[2] = 3;
        x[3] = 1;
        double[] kernel = {1, 2, 1};
        double[] shifted = shiftRight(x, shift);
        double[] y = sameConvolution(x, kernel);
        double[] yShifted = sameConvolution(shifted, kernel);
        double[] shiftedY = shiftRight(y, shift);
        Svg svg = new Svg();
        svg.label(LEFT, 22, "convolution commutes with a shift by " + shift + ": conv(shift(x)) = shift(conv(x)), "
            + n + " pixels, kernel [1 2 1], padding 1");
        List<String> names = List.of("x", "conv(x)", "shift(x)", "conv(shift(x))", "shift(conv(x))");
        List<double[]> rows = List.of(x, y, shifted, yShifted, shiftedY);
        drawRows(svg, names, rows);
        boolean equal = java.util.Arrays.equals(yShifted, shiftedY);
        svg.label(LEFT, TOP + rows.size() * (CELL + 8) + 16, equal ? "the last two rows are equal: equivariance"
            : "the last two rows differ here: a pixel was shifted out of the image");
        return svg;
    }

    static Svg invariance(int in, int k, int shift) {
        int length = in * k;
        double[] x = new double[length];
        x[0] = 9;
        x[Math.min(length - 1, k)] = 5;
        double[] shifted = shiftRight(x, shift);
        int out = OutputSize.of(length, k, 0, k, 1);
        double[] pooled = maxPool1d(x, k);
        double[] pooledShifted = maxPool1d(shifted, k);
        Svg svg = new Svg();
        svg.label(LEFT, 22, "max pooling, window " + k + ", stride " + k + ", over " + length + " pixels → "
            + out + " outputs; shift by " + shift);
        drawRows(svg, List.of("x", "shift(x)", "pool(x)", "pool(shift(x))"), List.of(x, shifted, pooled, pooledShifted));
        boolean equal = java.util.Arrays.equals(pooled, pooledShifted);
        svg.label(LEFT, TOP + 4 * (CELL + 8) + 16, equal ? "pooled outputs are equal: small shifts inside a window are invisible (invariance)"
            : "pooled outputs differ: the shift moved a value into another window");
        return svg;
    }

    /**
     * GFLOP/s per layer on a log scale (the reference's loops and the fast path lie three decades
     * apart), one bar per implementation, each labelled with its element type, threads and path.
     */
    static Svg benchmark(BenchmarkData data) {
        Svg svg = new Svg();
        if (data.results().isEmpty()) {
            svg.label(LEFT, 22, "no recorded benchmark: run ./convkit bench --json " + BenchmarkData.RECORDED_PATH);
            svg.label(LEFT, 44, "and rebuild the site");
            return svg;
        }
        svg.label(LEFT, 22, "GFLOP/s, log scale (higher is better)");
        svg.text(LEFT, 40, data.description(), 11, "start", Svg.GRID);
        List<String> layers = data.layers();
        List<String> impls = data.impls();
        int lowDecade = (int) Math.floor(Math.log10(data.results().stream().mapToDouble(BenchmarkData.Result::gflops).min().orElse(1)));
        int highDecade = (int) Math.ceil(Math.log10(data.results().stream().mapToDouble(BenchmarkData.Result::gflops).max().orElse(1)));
        highDecade = Math.max(highDecade, lowDecade + 1);
        double perDecade = 300.0 / (highDecade - lowDecade);
        double x0 = LEFT + 8;
        double top = 70;
        double barRow = 34;
        double layerHeight = 20 + impls.size() * barRow + 10;
        double bottom = top + layers.size() * layerHeight;
        // each decade: a grid line and its value
        for (int d = lowDecade; d <= highDecade; d++) {
            double x = x0 + (d - lowDecade) * perDecade;
            svg.line(x, top - 8, x, bottom, "#cbd2d9", false);
            svg.text(x, top - 14, d < 0 ? String.format(Locale.ROOT, "%." + (-d) + "f", Math.pow(10, d))
                : String.format(Locale.ROOT, "%.0f", Math.pow(10, d)), 11, "middle", Svg.GRID);
        }
        double y = top;
        // each layer: its name, then one labelled bar per implementation
        for (String layer : layers) {
            svg.text(LEFT, y + 14, layer, 13, "start", Svg.INK);
            y += 20;
            for (int i = 0; i < impls.size(); i++) {
                var result = data.result(layer, impls.get(i));
                if (result.isPresent()) {
                    BenchmarkData.Result r = result.get();
                    svg.text(x0 + 4, y + 11, r.impl() + ": " + r.how(), 11, "start", Svg.INK);
                    double w = Math.max(1, (Math.log10(r.gflops()) - lowDecade) * perDecade);
                    svg.rect(x0, y + 15, w, 12, WINDOW_COLOURS[i % WINDOW_COLOURS.length], "none", 0);
                    svg.text(x0 + w + 5, y + 25, String.format(Locale.ROOT, "%.3g", r.gflops()), 11, "start", Svg.INK);
                }
                y += barRow;
            }
            y += 10;
        }
        return svg;
    }

    private static void drawRows(Svg svg, List<String> names, List<double[]> rows) {
        double gx = LEFT + 110;
        // each signal row: its name, then its values
        for (int i = 0; i < rows.size(); i++) {
            double y = TOP + i * (CELL + 8);
            svg.text(gx - 8, y + CELL / 2.0 + 4, names.get(i), 12, "end", Svg.INK);
            double[] row = rows.get(i);
            for (int c = 0; c < row.length; c++) {
                svg.cell(gx, y, 0, c, row[c] != 0 ? Svg.WINDOW : Svg.INPUT, format(row[c]));
            }
        }
    }

    private static double[] shiftRight(double[] x, int shift) {
        double[] y = new double[x.length];
        for (int i = 0; i + shift < x.length; i++) {
            y[i + shift] = x[i];
        }
        return y;
    }

    /** The reference layer ({@link Conv2d}) on one row, zero padding (k-1)/2 so the output is as long as the input. */
    private static double[] sameConvolution(double[] x, double[] kernel) {
        Tensor row = Tensor.of(x.clone(), 1, 1, 1, x.length);                // [1][1][1][n]
        Tensor w = Tensor.of(kernel.clone(), 1, 1, 1, kernel.length);        // [1][1][1][k]
        ConvSpec spec = new ConvSpec(1, 1, 0, (kernel.length - 1) / 2, 1, 1, PaddingMode.ZEROS);
        return Conv2d.forward(row, w, null, spec).data().clone();
    }

    /** The reference max pooling ({@link Pool2d}) on one row, window k, stride k. */
    private static double[] maxPool1d(double[] x, int k) {
        Tensor row = Tensor.of(x.clone(), 1, 1, 1, x.length);                // [1][1][1][n]
        return Pool2d.maxForward(row, new PoolSpec(1, k, 1, k, 0, 0)).y().data().clone();
    }

    private static double[][] poolInput(int in) {
        double[][] x = new double[in][in];
        for (int r = 0; r < in; r++) {
            for (int c = 0; c < in; c++) {
                x[r][c] = (r * 37 + c * 91 + r * c * 13) % 10 * 10 + 10;
            }
        }
        return x;
    }

    private static void fillBlock(Svg svg, double x, double y, int r, int c, int rows, int cols, int dilation, String fill) {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                svg.cell(x, y, r + i * dilation, c + j * dilation, fill, "");
            }
        }
    }

    private static void fillBlockText(Svg svg, double x, double y, int r, int c, int rows, int cols, String fill, double[][] values) {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                svg.cell(x, y, r + i, c + j, fill, format(values[r + i][c + j]));
            }
        }
    }

    private static String tapName(int index, int k) {
        return k <= 3 ? String.valueOf((char) ('a' + index)) : index / k + "," + index % k;
    }

    private static String pixelName(int c, int r, int s, int in) {
        return String.valueOf((char) ('a' + c)) + (r * in + s + 1);
    }

    private static String format(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }
}

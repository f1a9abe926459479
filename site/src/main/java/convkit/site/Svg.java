package convkit.site;

import java.util.Locale;

/**
 * A small SVG writer for the lesson figures: cells, boxes, text, lines. Colours are fixed and
 * drawn on a light card so a figure reads the same in light and dark mode.
 */
final class Svg {

    static final int CELL = 28;
    static final String INK = "#1f2933";
    static final String GRID = "#52606d";
    static final String INPUT = "#e4ecf7";
    static final String PAD = "#f5f5f5";
    static final String WINDOW = "#f6b73c";
    static final String WINDOW2 = "#57b894";
    static final String OUTPUT = "#d9e9d2";
    static final String SKIP = "#f4a6a6";
    static final String MUTED = "#9aa5b1";

    private final StringBuilder body = new StringBuilder();
    private int width;
    private int height;

    /** Grows the canvas so that (x, y) is inside it. */
    private void extend(double x, double y) {
        width = Math.max(width, (int) Math.ceil(x) + 12);
        height = Math.max(height, (int) Math.ceil(y) + 12);
    }

    Svg rect(double x, double y, double w, double h, String fill, String stroke, double strokeWidth) {
        body.append(String.format(Locale.ROOT,
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" stroke=\"%s\" stroke-width=\"%.1f\"/>%n",
            x, y, w, h, fill, stroke, strokeWidth));
        extend(x + w, y + h);
        return this;
    }

    Svg dashedRect(double x, double y, double w, double h, String stroke) {
        body.append(String.format(Locale.ROOT,
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/>%n",
            x, y, w, h, stroke));
        extend(x + w, y + h);
        return this;
    }

    Svg text(double x, double y, String text, int size, String anchor, String fill) {
        body.append(String.format(Locale.ROOT,
            "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"%s\" fill=\"%s\">%s</text>%n",
            x, y, size, anchor, fill, Html.escape(text)));
        double textWidth = text.length() * size * 0.6;
        double right = switch (anchor) {
            case "middle" -> x + textWidth / 2;
            case "end" -> x;
            default -> x + textWidth;
        };
        extend(right, y + 4);
        return this;
    }

    /** A label in the figure's ink colour, left-aligned at (x, y). */
    Svg label(double x, double y, String text) {
        return text(x, y, text, 13, "start", INK);
    }

    Svg line(double x1, double y1, double x2, double y2, String stroke, boolean arrow) {
        body.append(String.format(Locale.ROOT,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1.5\"%s/>%n",
            x1, y1, x2, y2, stroke, arrow ? " marker-end=\"url(#arrow)\"" : ""));
        extend(Math.max(x1, x2), Math.max(y1, y2));
        return this;
    }

    /** A line through {@code xs[i], ys[i]} in order. */
    Svg polyline(double[] xs, double[] ys, String stroke, double strokeWidth) {
        StringBuilder points = new StringBuilder();
        // each point: x,y
        for (int i = 0; i < xs.length; i++) {
            points.append(String.format(Locale.ROOT, "%s%.1f,%.1f", i == 0 ? "" : " ", xs[i], ys[i]));
            extend(xs[i], ys[i]);
        }
        body.append(String.format(Locale.ROOT,
            "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"%.1f\" stroke-linejoin=\"round\"/>%n",
            points, stroke, strokeWidth));
        return this;
    }

    /** A filled dot of radius {@code r} centred on (x, y). */
    Svg dot(double x, double y, double r, String fill) {
        body.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"/>%n", x, y, r, fill));
        extend(x + r, y + r);
        return this;
    }

    /** A PNG image (its bytes inlined as a data URL, so the figure stays one file) at (x, y), w×h px. */
    Svg png(double x, double y, int w, int h, byte[] png) {
        body.append(String.format(Locale.ROOT,
            "<image x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%d\" href=\"data:image/png;base64,%s\"/>%n",
            x, y, w, h, java.util.Base64.getEncoder().encodeToString(png)));
        extend(x + w, y + h);
        return this;
    }

    /** One grid cell at column c, row r of a grid whose top-left corner is (x, y). */
    Svg cell(double x, double y, int r, int c, String fill, String text) {
        double cx = x + c * CELL;
        double cy = y + r * CELL;
        rect(cx, cy, CELL, CELL, fill, GRID, 1);
        if (text != null && !text.isEmpty()) {
            int size = text.length() > 3 ? 9 : 11;
            text(cx + CELL / 2.0, cy + CELL / 2.0 + 4, text, size, "middle", INK);
        }
        return this;
    }

    /** A rows×cols grid of empty cells filled with {@code fill}. */
    Svg grid(double x, double y, int rows, int cols, String fill) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                cell(x, y, r, c, fill, null);
            }
        }
        return this;
    }

    /** A thick outline around a block of cells (a window). */
    Svg window(double x, double y, int r, int c, int rows, int cols, String stroke) {
        body.append(String.format(Locale.ROOT,
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"%s\" stroke-width=\"3\"/>%n",
            x + c * CELL, y + r * CELL, cols * CELL, rows * CELL, stroke));
        return this;
    }

    /** The finished document, with {@code title} as its accessible name. */
    String toSvg(String title) {
        return String.format(Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\""
                + " font-family=\"system-ui, sans-serif\">%n<title>%s</title>%n"
                + "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\""
                + " orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"%s\"/></marker></defs>%n"
                + "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" rx=\"8\" fill=\"#ffffff\"/>%n%s</svg>%n",
            width, height, width, height, Html.escape(title), GRID, width, height, body);
    }
}

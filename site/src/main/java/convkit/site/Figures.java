package convkit.site;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import convkit.reference.OutputSize;

/**
 * The lesson figures, drawn as SVG from a {@code figure:} URL such as
 * {@code figure:conv-padded?input=5&kernel=3&pad=1}. Every size a figure shows comes from
 * {@link OutputSize}; unknown names, unknown parameters and out-of-range values are build errors.
 * The {@code training-*} figures draw a {@link TrainingRecord}, asked for only when one of them is drawn.
 */
final class Figures {

    /** An integer parameter with its default and allowed range. */
    private record Param(int fallback, int min, int max) {
    }

    private static final Param INPUT = new Param(5, 1, 12);
    private static final Param KERNEL = new Param(3, 1, 7);
    private static final Param PAD = new Param(0, 0, 3);
    private static final Param STRIDE = new Param(1, 1, 4);
    private static final Param DILATION = new Param(1, 1, 3);
    private static final Map<String, Param> CONV = Map.of("input", INPUT, "kernel", KERNEL, "pad", PAD,
        "stride", STRIDE, "dilation", DILATION);

    private static final Map<String, Map<String, Param>> PARAMS = new TreeMap<>(Map.ofEntries(
        Map.entry("receptive-field", Map.of("input", new Param(7, 2, 12), "kernel", KERNEL)),
        Map.entry("weight-sharing", Map.of("input", new Param(6, 2, 12), "kernel", KERNEL)),
        Map.entry("kernel-flip", Map.of("kernel", KERNEL)),
        Map.entry("centred-coordinates", Map.of("input", INPUT, "kernel", KERNEL)),
        Map.entry("conv-valid", CONV),
        Map.entry("conv-padded", Map.of("input", INPUT, "kernel", KERNEL, "pad", new Param(1, 0, 3),
            "stride", STRIDE, "dilation", DILATION)),
        Map.entry("conv-strided", Map.of("input", new Param(7, 1, 12), "kernel", KERNEL, "pad", PAD,
            "stride", new Param(2, 1, 4), "dilation", DILATION)),
        Map.entry("stride-skip", Map.of("input", INPUT, "kernel", KERNEL, "pad", PAD,
            "stride", new Param(3, 1, 4), "dilation", DILATION)),
        Map.entry("mirror-padding", Map.of("input", new Param(4, 2, 8), "pad", new Param(2, 0, 3))),
        Map.entry("dilation", Map.of("input", new Param(7, 1, 12), "kernel", KERNEL, "pad", PAD,
            "stride", STRIDE, "dilation", new Param(2, 1, 3))),
        Map.entry("multichannel-kernel", Map.of("channels", new Param(3, 1, 4), "kernel", KERNEL,
            "kernels", new Param(2, 1, 4))),
        Map.entry("im2col-layout", Map.of("channels", new Param(2, 1, 3), "input", new Param(4, 2, 5),
            "kernel", new Param(3, 1, 3))),
        Map.entry("max-pool", Map.of("input", new Param(4, 2, 8), "kernel", new Param(2, 1, 4), "stride", new Param(2, 1, 4))),
        Map.entry("avg-pool", Map.of("input", new Param(4, 2, 8), "kernel", new Param(2, 1, 4), "stride", new Param(2, 1, 4))),
        Map.entry("equivariance", Map.of("input", new Param(8, 4, 12), "shift", new Param(2, 0, 4))),
        Map.entry("invariance", Map.of("input", new Param(4, 2, 8), "kernel", new Param(2, 1, 4), "shift", new Param(1, 0, 3))),
        Map.entry("benchmark", Map.of()),
        Map.entry("training-curves", Map.of()),
        Map.entry("training-confusion", Map.of()),
        Map.entry("training-filters", Map.of()),
        Map.entry("training-maps", Map.of()),
        Map.entry("training-speed", Map.of())));

    private final BenchmarkData benchmark;
    private final Supplier<TrainingRecord> training;

    /** Figures drawing {@code benchmark}, and the record {@code training} gives when a training figure is drawn. */
    Figures(BenchmarkData benchmark, Supplier<TrainingRecord> training) {
        this.benchmark = benchmark;
        this.training = training;
    }

    /** The names a lesson may use after {@code figure:}. */
    static List<String> names() {
        return List.copyOf(PARAMS.keySet());
    }

    /** Draws the figure {@code url} (without the {@code figure:} scheme); errors name file and line. */
    String render(Path file, int line, String url, String alt) {
        int q = url.indexOf('?');
        String name = q < 0 ? url : url.substring(0, q);
        Map<String, Param> allowed = PARAMS.get(name);
        if (allowed == null) {
            throw new SiteException(file, line, "unknown figure '" + name + "': use one of " + names());
        }
        Map<String, Integer> given = new LinkedHashMap<>();
        if (q >= 0 && q + 1 < url.length()) {
            for (String pair : url.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                Param param = allowed.get(key);
                if (param == null) {
                    throw new SiteException(file, line, "figure '" + name + "' has no parameter '" + key
                        + "': it takes " + new TreeMap<>(allowed).keySet());
                }
                int value;
                try {
                    value = Integer.parseInt(eq < 0 ? "" : pair.substring(eq + 1));
                } catch (NumberFormatException e) {
                    throw new SiteException(file, line, "figure '" + name + "' parameter '" + key
                        + "' must be an integer, found '" + (eq < 0 ? "" : pair.substring(eq + 1)) + "'");
                }
                if (value < param.min() || value > param.max()) {
                    throw new SiteException(file, line, "figure '" + name + "' parameter '" + key + "' must be in "
                        + param.min() + ".." + param.max() + ", found " + value);
                }
                given.put(key, value);
            }
        }
        Map<String, Integer> p = new LinkedHashMap<>();
        allowed.forEach((key, param) -> p.put(key, given.getOrDefault(key, param.fallback())));
        try {
            return draw(name, p).toSvg(alt == null || alt.isBlank() ? name : alt);
        } catch (IllegalArgumentException e) {
            throw new SiteException(file, line, "figure '" + url + "' cannot be drawn: " + e.getMessage());
        }
    }

    private Svg draw(String name, Map<String, Integer> p) {
        return switch (name) {
            case "receptive-field" -> FigureDrawings.receptiveField(p.get("input"), p.get("kernel"));
            case "weight-sharing" -> FigureDrawings.weightSharing(p.get("input"), p.get("kernel"));
            case "kernel-flip" -> FigureDrawings.kernelFlip(p.get("kernel"));
            case "centred-coordinates" -> FigureDrawings.centredCoordinates(p.get("input"), p.get("kernel"));
            case "conv-valid", "conv-padded", "conv-strided", "dilation" -> FigureDrawings.convolution(
                p.get("input"), p.get("kernel"), p.get("pad"), p.get("stride"), p.get("dilation"));
            case "stride-skip" -> FigureDrawings.strideSkip(p.get("input"), p.get("kernel"), p.get("pad"),
                p.get("stride"), p.get("dilation"));
            case "mirror-padding" -> FigureDrawings.mirrorPadding(p.get("input"), p.get("pad"));
            case "multichannel-kernel" -> FigureDrawings.multichannel(p.get("channels"), p.get("kernel"), p.get("kernels"));
            case "im2col-layout" -> FigureDrawings.im2colLayout(p.get("channels"), p.get("input"), p.get("kernel"));
            case "max-pool" -> FigureDrawings.pool(p.get("input"), p.get("kernel"), p.get("stride"), true);
            case "avg-pool" -> FigureDrawings.pool(p.get("input"), p.get("kernel"), p.get("stride"), false);
            case "equivariance" -> FigureDrawings.equivariance(p.get("input"), p.get("shift"));
            case "invariance" -> FigureDrawings.invariance(p.get("input"), p.get("kernel"), p.get("shift"));
            case "benchmark" -> FigureDrawings.benchmark(benchmark);
            case "training-curves" -> TrainingFigures.curves(training.get());
            case "training-confusion" -> TrainingFigures.confusion(training.get());
            case "training-filters" -> TrainingFigures.filters(training.get());
            case "training-maps" -> TrainingFigures.featureMaps(training.get());
            case "training-speed" -> TrainingSpeedFigure.draw(training.get());
            default -> throw new IllegalStateException("figure without a drawing: " + name);
        };
    }
}

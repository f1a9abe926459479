package convkit.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every figure of the lesson contract draws, and states the sizes the reference computes. */
class FiguresTests {

    private static final Path FILE = Path.of("lessons/05-x.md");
    private final Figures figures = new Figures(BenchmarkData.none(), HandMadeRecord::record);

    static java.util.List<String> names() {
        return Figures.names();
    }

    @ParameterizedTest
    @MethodSource("names")
    void everyFigureDrawsWithItsDefaults(String name) {
        String svg = figures.render(FILE, 3, name, "alt text");
        assertTrue(svg.startsWith("<svg") && svg.contains("<title>alt text</title>"), svg);
    }

    @Test
    void stridedFigureStatesTheOutputSize() {
        assertTrue(figures.render(FILE, 3, "conv-strided?input=7&kernel=3&stride=2&pad=0", "")
            .contains("→ output 3×3"));
    }

    @Test
    void strideSkipFigureStatesTheSkippedPixels() {
        assertTrue(figures.render(FILE, 3, "stride-skip?input=5&kernel=3&stride=3", "").contains("→ 1 outputs, 2 skipped"));
    }

    @Test
    void strideSkipFigureNamesThePixelBetweenWindows() {
        String svg = figures.render(FILE, 3, "stride-skip?input=10&kernel=3&stride=4", "");
        assertTrue(svg.contains("→ 2 outputs, 4 skipped") && svg.contains("pixel(s) 3, 7..9 are never read"), svg);
    }

    @Test
    void benchmarkBarsAreOnALogScaleAndSayHowEachRan() {
        BenchmarkData recorded = BenchmarkData.read(Path.of("src/main/resources/convkit/site/benchmark.json"));
        String svg = new Figures(recorded, HandMadeRecord::record).render(FILE, 3, "benchmark", "");
        assertTrue(svg.contains("log scale"), svg);
        assertTrue(svg.contains("naive: float64, 1 thread, loops"), svg);
        assertTrue(svg.contains("fast: float32, 2 threads, direct conv kernel (Vector API), no BLAS"), svg);
        // a decade is 300 / (decades) px wide: naive at 0.127 GFLOP/s and fast at 233 lie log10(233 / 0.127) decades apart
        java.util.regex.Matcher widths = java.util.regex.Pattern.compile("<rect x=\"[0-9.]+\" y=\"[0-9.]+\" width=\"([0-9.]+)\" height=\"12.0\"")
            .matcher(svg);
        java.util.List<Double> bars = new java.util.ArrayList<>();
        while (widths.find()) {
            bars.add(Double.parseDouble(widths.group(1)));
        }
        assertEquals(24, bars.size(), "bars: " + bars);
        assertEquals(Math.log10(233.0 / 0.1269) * 60, bars.get(2) - bars.get(0), 0.2, "fast minus naive on resnet3x3_64, 60 px a decade");
    }

    @Test
    void mirrorPaddingFigureShowsTheReflectedRow() {
        String svg = figures.render(FILE, 3, "mirror-padding?input=4&pad=2", "");
        assertTrue(svg.contains("→ 8×8"), svg);
    }

    @Test
    void maxPoolFigureShowsTheWindowMaximum() {
        String svg = figures.render(FILE, 3, "max-pool?input=4&kernel=2&stride=2", "");
        assertTrue(svg.contains(">80</text>"), svg);
    }

    @Test
    void multichannelFigureCountsTheParameters() {
        assertTrue(figures.render(FILE, 3, "multichannel-kernel?channels=3&kernel=3&kernels=2", "").contains("= 56 parameters"));
    }

    @Test
    void equivarianceFigureFindsTheRowsEqual() {
        assertTrue(figures.render(FILE, 3, "equivariance?input=8&shift=2", "").contains("equivariance"));
    }

    @Test
    void parameterOutOfRangeIsABuildError() {
        SiteException e = assertThrows(SiteException.class, () -> figures.render(FILE, 7, "conv-valid?input=40", ""));
        assertEquals(7, e.line());
        assertTrue(e.getMessage().contains("'input' must be in 1..12, found 40"), e.getMessage());
    }

    @Test
    void nonIntegerParameterIsABuildError() {
        SiteException e = assertThrows(SiteException.class, () -> figures.render(FILE, 7, "conv-valid?input=five", ""));
        assertTrue(e.getMessage().contains("must be an integer, found 'five'"), e.getMessage());
    }

    @Test
    void benchmarkWithoutARecordingSaysHowToRecordOne() {
        assertTrue(figures.render(FILE, 3, "benchmark", "").contains("./convkit bench --json"));
    }

    @Test
    void confusionFigureCountsTheRightAnswersAndShowsEachMistake() {
        String svg = figures.render(FILE, 3, "training-confusion", "");
        assertTrue(svg.contains("100 test digits, 95 right (95.0%)"), svg);
        assertEquals(4, count(svg, ">5</text>"), "the cells (3, 3) and (3, 5) and the labels of row 5 and column 5");
    }

    @Test
    void curvesFigureLabelsTheTestAccuracyOfEachEpoch() {
        String svg = figures.render(FILE, 3, "training-curves", "");
        assertTrue(svg.contains(">87.0%</text>") && svg.contains(">95.0%</text>"), svg);
        assertTrue(svg.contains("trained in 7.5 s (fast path, 2 threads)"), svg);
    }

    @Test
    void filtersFigureDrawsEveryTapOnOneSymmetricScale() {
        String svg = figures.render(FILE, 3, "training-filters", "");
        assertTrue(svg.contains("conv1: 2 learned 3×3 kernels"), svg);
        // the most negative tap (−0.8) is the one white cell, the most positive (+0.8) the one black cell
        assertEquals(1, count(svg, "fill=\"#ffffff\" stroke=\"none\""), svg);
        assertEquals(1, count(svg, "fill=\"#000000\" stroke=\"none\""), svg);
        assertTrue(svg.contains(">-0.80</text>") && svg.contains(">0.80</text>"), svg);
    }

    @Test
    void featureMapsFigureNamesEveryLayerAndTheAnswer() {
        String svg = figures.render(FILE, 3, "training-maps", "");
        assertTrue(svg.contains("a test 3 through every layer: read as 3"), svg);
        for (String layer : new String[] {"conv 3×3, 1 -&gt; 2: 2×4×4", "max pool 2×2, stride 2: 2×2×2", "flatten: 8 values",
            "linear 8 -&gt; 10: 10 values"}) {
            assertTrue(svg.contains(layer), layer + " missing in " + svg);
        }
    }

    @Test
    void speedFigureGivesTheRatioBothRatesAndTheMachine() {
        String svg = figures.render(FILE, 3, "training-speed", "");
        assertTrue(svg.contains("lenet trains 60× faster on the fast path"), svg);
        assertTrue(svg.contains(">25 img/s</text>") && svg.contains(">1,500 img/s</text>"), svg);
        assertTrue(svg.contains("Hand-Made CPU 1000") && svg.contains("2 cores, load average 3.5"), svg);
        // one linear scale: the fast bar is 250 wide, the naive one 25/1500 of it
        assertTrue(svg.contains("width=\"250.0\" height=\"16.0\"") && svg.contains("width=\"4.2\" height=\"16.0\""), svg);
    }

    @Test
    void greyLevelsRunFromWhiteToBlack() {
        assertEquals("#ffffff", TrainingFigures.grey(0, 2));
        assertEquals("#000000", TrainingFigures.grey(2, 2));
        assertEquals("#808080", TrainingFigures.signedGrey(0, 2));
        assertEquals("#ffffff", TrainingFigures.signedGrey(-2, 2));
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }
}

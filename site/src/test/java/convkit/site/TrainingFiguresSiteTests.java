package convkit.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lesson showing the five training figures: the first build trains LeNet once (the lesson's
 * plan, for real), times it on the naive loops and the fast path, and stores the record; a second
 * build with the same cache draws the same figures from it without training.
 */
class TrainingFiguresSiteTests {

    private static final List<String> FIGURES = List.of("training-curves", "training-confusion", "training-filters",
        "training-maps", "training-speed");

    @TempDir
    static Path root;

    @TempDir
    static Path cache;

    static SiteBuilder.Report first;
    static SiteBuilder.Report second;

    @BeforeAll
    static void buildTwice() throws IOException {
        Fixture.copyTo(root);
        StringBuilder lesson = new StringBuilder("""
            ---
            title: Training
            summary: What a small network learned.
            exercises: []
            reference: [OutputSize]
            ---
            # Training
            """);
        for (String figure : FIGURES) {
            lesson.append("\n![The ").append(figure).append(" of the lesson's run](figure:").append(figure).append(")\n");
        }
        Files.writeString(root.resolve("lessons/03-training.md"), lesson);
        SiteBuilder.Options options = Fixture.options(root).withCacheDir(cache);
        first = new SiteBuilder(options).build();
        second = new SiteBuilder(options.withOut(root.resolve("out-again"))).build();
    }

    @Test
    void firstBuildTrainsOnceAndStoresTheRecord() throws IOException {
        assertEquals(1, first.trainingRuns());
        try (var files = Files.list(cache.resolve("training"))) {
            assertEquals(1, files.filter(f -> f.getFileName().toString().endsWith(".json")).count());
        }
    }

    @Test
    void theRecordHoldsBothTrainingSpeeds() throws IOException {
        Path json;
        try (var files = Files.list(cache.resolve("training"))) {
            json = files.filter(f -> f.getFileName().toString().endsWith(".json")).findFirst().orElseThrow();
        }
        TrainingRecord.Speed speed = new com.fasterxml.jackson.databind.ObjectMapper().readValue(json.toFile(),
            TrainingRecord.class).speed();
        assertEquals(TrainingRecord.NAIVE_IMAGES, speed.naiveImages());
        assertEquals(TrainingRecord.FAST_IMAGES, speed.fastImages());
        assertTrue(speed.naive() > 0 && Double.isFinite(speed.naive()), speed.toString());
        assertTrue(speed.fast() > 0 && Double.isFinite(speed.fast()), speed.toString());
        assertFalse(speed.cpu().isBlank(), speed.toString());
    }

    @Test
    void secondBuildReusesTheRecordWithoutTraining() {
        assertEquals(0, second.trainingRuns());
    }

    @Test
    void everyFigureIsAGeneratedSvgWithAltTextInThePage() throws IOException {
        Document doc = Jsoup.parse(root.resolve("out/03-training.html").toFile());
        List<Element> images = doc.select("article img");
        assertEquals(FIGURES.size(), images.size());
        for (int i = 0; i < FIGURES.size(); i++) {
            Element img = images.get(i);
            assertTrue(img.attr("src").startsWith("figures/" + FIGURES.get(i) + "-"), img.attr("src"));
            assertEquals("The " + FIGURES.get(i) + " of the lesson's run", img.attr("alt"));
            String svg = Files.readString(root.resolve("out").resolve(img.attr("src")));
            assertTrue(svg.startsWith("<svg") && svg.contains("<title>The " + FIGURES.get(i)), svg);
        }
    }

    @Test
    void secondBuildDrawsTheSameFigures() throws IOException {
        for (Element img : Jsoup.parse(root.resolve("out/03-training.html").toFile()).select("article img")) {
            String src = img.attr("src");
            assertEquals(Files.readString(root.resolve("out").resolve(src)), Files.readString(root.resolve("out-again").resolve(src)),
                src);
        }
    }

    @Test
    void trainedNetworkReadsMostTestDigits() throws IOException {
        Path svg;
        try (var files = Files.list(root.resolve("out/figures"))) {
            svg = files.filter(f -> f.getFileName().toString().startsWith("training-confusion-")).findFirst().orElseThrow();
        }
        String text = Files.readString(svg);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("1,000 test digits, [0-9,]+ right \\(([0-9.]+)%\\)").matcher(text);
        assertTrue(m.find(), text);
        // LeNet reaches 98-99% on this plan; 90% leaves room for another machine's float32 rounding
        assertTrue(Double.parseDouble(m.group(1)) > 90, m.group());
        assertFalse(text.contains("NaN"), text);
    }
}

package convkit.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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

/** The generated HTML of the fixture lessons, read with Jsoup as a reader's browser would get it. */
class SitePagesTests {

    @TempDir
    static Path root;

    static SiteBuilder.Report report;

    @BeforeAll
    static void buildFixtureSite() throws IOException {
        Fixture.copyTo(root);
        Files.createDirectories(root.resolve(".convkit/grade"));
        Files.writeString(root.resolve(".convkit/grade/results.json"), """
            {"score": 4, "extra_data": {"random_cases": "practice"}, "tests": [
              {"name": "Ex05OutputSize: valid", "score": 2, "max_score": 2, "status": "passed"},
              {"name": "Ex05OutputSize: stride", "score": 1, "max_score": 3, "status": "failed",
               "output": "expected <3> but was <2>\\nHint: the stride divides the distance the window travels"},
              {"name": "Ex06Other · one", "score": 1, "max_score": 1, "status": "passed", "tags": ["Ex06Other", "hidden"]}
            ]}""");
        report = new SiteBuilder(Fixture.options(root).withJavadoc(true)).build();
    }

    static Document page(String name) throws IOException {
        return Jsoup.parse(root.resolve("out").resolve(name).toFile());
    }

    @Test
    void lessonPageHasTitleSummaryAndLinksToItsReferenceAndExercise() throws IOException {
        Document doc = page("01-sizes.html");
        assertEquals("Output sizes", doc.selectFirst("article h1").ownText());
        assertEquals("reference/OutputSize.html", doc.selectFirst(".lesson-links a[href^=reference/]").attr("href"));
        assertEquals("exercises/Ex05OutputSize.html", doc.selectFirst(".lesson-links a[href^=exercises/]").attr("href"));
    }

    @Test
    void lessonThatOpensWithItsOwnTitleHasOneH1() throws IOException {
        Document doc = page("02-stride.html");
        assertEquals(List.of("Stride, in one step"), doc.select("article h1").eachText().stream()
            .map(t -> t.replace("#", "").strip()).toList());
        assertEquals("Lesson 2", doc.selectFirst("article p.lesson-number").text());
    }

    @Test
    void headingsGetGitHubSlugIds() throws IOException {
        Document doc = page("01-sizes.html");
        assertNotNull(doc.getElementById("the-formula"));
        assertNotNull(doc.getElementById("check-yourself"));
    }

    @Test
    void tableOfContentsListsTheSections() throws IOException {
        List<String> toc = page("01-sizes.html").select("aside.toc a").eachAttr("href");
        assertEquals(List.of("#the-formula", "#try-it", "#check-yourself"), toc);
    }

    @Test
    void previousAndNextLinkTheNeighbourLessons() throws IOException {
        assertEquals("02-stride.html", page("01-sizes.html").selectFirst(".pager a.next").attr("href"));
        assertNull(page("01-sizes.html").selectFirst(".pager a.prev"));
        assertEquals("01-sizes.html", page("02-stride.html").selectFirst(".pager a.prev").attr("href"));
    }

    @Test
    void mathIsKeptAsTexForKatexAndNotParsedAsMarkdown() throws IOException {
        Document doc = page("01-sizes.html");
        assertEquals("n - k + 1", doc.select(".math-inline").get(2).text());
        Element display = doc.selectFirst(".math-display");
        assertTrue(display.text().startsWith("o = \\left\\lfloor \\frac{n + 2p - d(k-1) - 1}{s}"), display.text());
        assertTrue(doc.selectFirst("article p:contains(price)").text().contains("the price is $5 here"));
    }

    @Test
    void dollarSignsInCodeAreNotMath() throws IOException {
        Document doc = page("01-sizes.html");
        assertEquals("a $b$ c", doc.selectFirst("article p:contains(Code that is not run) code").text());
    }

    @Test
    void snippetOutputIsEmbeddedUnderItsCode() throws IOException {
        List<Element> snippets = page("01-sizes.html").select(".snippet");
        assertEquals(2, snippets.size());
        assertEquals("padded: 5\n$1 ==> 3", snippets.get(0).selectFirst("pre.output").wholeText());
        assertEquals("o is still 5", snippets.get(1).selectFirst("pre.output").wholeText());
    }

    @Test
    void copyButtonsSitOnCodeButNotOnOutput() throws IOException {
        Document doc = page("01-sizes.html");
        assertEquals(3, doc.select(".code-wrap > .copy-button").size());
        for (Element output : doc.select("pre.output")) {
            assertFalse(output.parent().hasClass("code-wrap"), "an output block has a copy button");
        }
    }

    @Test
    void figureImageIsAGeneratedSvgLabelledWithItsSizes() throws IOException {
        Element img = page("01-sizes.html").selectFirst("article img");
        assertTrue(img.attr("src").startsWith("figures/conv-padded-"), img.attr("src"));
        String svg = Files.readString(root.resolve("out").resolve(img.attr("src")));
        assertTrue(svg.startsWith("<svg"), svg);
        assertTrue(svg.contains("→ output 5×5"), "figure does not state the output size");
    }

    @Test
    void explorerBlockBecomesTheExplorerMountPoint() throws IOException {
        assertNotNull(page("01-sizes.html").selectFirst("article div.explorer[data-explorer]"));
    }

    @Test
    void lessonLinksToMarkdownFilesPointAtPages() throws IOException {
        assertEquals("02-stride.html#stride-skips-pixels",
            page("01-sizes.html").selectFirst("article a[href^=02-stride]").attr("href"));
    }

    @Test
    void searchIndexHasOneEntryPerSection() throws IOException {
        String index = Files.readString(root.resolve("out/assets/search-index.js"));
        assertTrue(index.startsWith("window.CONVKIT_SEARCH_INDEX = ["), index);
        assertTrue(index.contains("\"url\":\"01-sizes.html#the-formula\""), index);
    }

    @Test
    void katexScriptStyleAndFontsAreBundled() {
        Path katex = root.resolve("out/assets/katex");
        assertTrue(Files.isRegularFile(katex.resolve("katex.min.js")));
        assertTrue(Files.isRegularFile(katex.resolve("katex.min.css")));
        assertTrue(Files.isRegularFile(katex.resolve("fonts/KaTeX_Main-Regular.woff2")));
    }

    @Test
    void noPageLoadsAnythingFromTheNetwork() throws IOException {
        for (String name : List.of("index.html", "01-sizes.html", "progress.html", "reference/OutputSize.html")) {
            Document doc = page(name);
            List<String> loaded = new java.util.ArrayList<>(doc.select("script[src], img[src]").eachAttr("src"));
            loaded.addAll(doc.select("link[href]").eachAttr("href"));
            for (String src : loaded) {
                assertFalse(src.startsWith("http") || src.startsWith("//"), name + " loads " + src);
            }
        }
    }

    @Test
    void referencePageShowsTheClassSource() throws IOException {
        Document doc = page("reference/OutputSize.html");
        assertTrue(doc.selectFirst("pre.source").wholeText().contains("public static int of(int in, int kernel"));
        assertEquals("../01-sizes.html", doc.selectFirst("article p a").attr("href"));
    }

    @Test
    void exercisePageShowsTheStubSource() throws IOException {
        assertTrue(page("exercises/Ex05OutputSize.html").selectFirst("pre.source").wholeText().contains("TODO"));
    }

    @Test
    void progressPageGroupsTheGraderResultsByExerciseWithPointsAndHints() throws IOException {
        Document doc = page("progress.html");
        assertEquals("2 of 3 tests pass; score 4 / 6.", doc.selectFirst("article p.summary").text());
        assertEquals(List.of("Ex05OutputSize 3 / 5 points", "Ex06Other 1 / 1 points"),
            doc.select("section.exercise-result h2").eachText().stream().map(t -> t.replace("#", "").strip()).toList());
        assertEquals(List.of("valid", "stride"), doc.select("section.exercise-result").first().select(".test-name").eachText());
        assertEquals("Hint: the stride divides the distance the window travels", doc.selectFirst("li.fail p.hint").text());
        assertTrue(doc.selectFirst("li.fail pre.output").text().startsWith("expected <3> but was <2>"));
        assertTrue(doc.selectFirst("article p.notice").text().startsWith("A practice grade"), doc.select("article p").text());
    }

    @Test
    void javadocOfTheReferenceIsInTheSite() {
        assertTrue(Files.isRegularFile(root.resolve("out/api/index.html")));
    }

    @Test
    void unchangedLessonsComeFromTheCacheOnRebuild() {
        SiteBuilder.Report again = new SiteBuilder(Fixture.options(root).withOut(root.resolve("out-again"))).build();
        assertEquals(0, again.lessonsRun());
        assertEquals(2, again.lessonsCached());
    }
}

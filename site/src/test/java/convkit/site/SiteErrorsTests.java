package convkit.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input stops the build with the file, the line and what to fix, and leaves the old site alone. */
class SiteErrorsTests {

    @TempDir
    Path root;

    private SiteException buildFails() {
        Fixture.copyTo(root);
        return assertThrows(SiteException.class, () -> new SiteBuilder(Fixture.options(root)).build());
    }

    private SiteException buildFailsAfter(String file, String from, String to) {
        Fixture.copyTo(root);
        Fixture.edit(root, file, from, to);
        return assertThrows(SiteException.class,
            () -> new SiteBuilder(Fixture.options(root).withSnippetTimeout(Duration.ofSeconds(3))).build());
    }

    @Test
    void malformedFrontMatterNamesFileAndLine() {
        SiteException e = buildFailsAfter("lessons/02-stride.md", "summary: Moving", "summary: [Moving");
        assertEquals(Path.of("lessons/02-stride.md"), e.file());
        assertTrue(e.line() >= 3 && e.line() <= 5, "line " + e.line());
        assertTrue(e.getMessage().contains("malformed front matter"), e.getMessage());
    }

    @Test
    void missingTitleIsReportedAtTheFrontMatter() {
        SiteException e = buildFailsAfter("lessons/02-stride.md", "title: Stride\n", "");
        assertEquals(1, e.line());
        assertTrue(e.getMessage().contains("'title' must be a non-empty string"), e.getMessage());
    }

    @Test
    void unclosedFrontMatterIsReported() {
        SiteException e = buildFailsAfter("lessons/02-stride.md", "reference: [OutputSize]\n---", "reference: [OutputSize]\n");
        assertTrue(e.getMessage().contains("front matter not closed"), e.getMessage());
    }

    @Test
    void unknownLessonLinkNamesItsLine() {
        SiteException e = buildFailsAfter("lessons/02-stride.md", "[sizes](01-sizes.md)", "[sizes](01-size.md)");
        assertEquals(Path.of("lessons/02-stride.md"), e.file());
        assertEquals(16, e.line());
        assertTrue(e.getMessage().contains("broken link '01-size.html'"), e.getMessage());
    }

    @Test
    void unknownAnchorListsTheAnchorsThereAre() {
        SiteException e = buildFailsAfter("lessons/01-sizes.md", "02-stride.md#stride-skips-pixels", "02-stride.md#padding");
        assertEquals(45, e.line());
        assertTrue(e.getMessage().contains("no anchor '#padding' in 02-stride.html"), e.getMessage());
        assertTrue(e.getMessage().contains("stride-skips-pixels"), e.getMessage());
    }

    @Test
    void snippetThatDoesNotCompileNamesItsLine() {
        SiteException e = buildFailsAfter("lessons/02-stride.md", "System.out.println(OutputSize.skipped(5, 3, 0, 3, 1));",
            "int k = 2;\nString s = k;");
        assertEquals(Path.of("lessons/02-stride.md"), e.file());
        assertEquals(14, e.line());
        assertTrue(e.getMessage().contains("does not compile") && e.getMessage().contains("incompatible types"), e.getMessage());
    }

    @Test
    void snippetThatThrowsNamesTheException() {
        SiteException e = buildFailsAfter("lessons/02-stride.md", "System.out.println(OutputSize.skipped(5, 3, 0, 3, 1));",
            "System.out.println(OutputSize.of(2, 5, 0, 1, 1));");
        assertEquals(13, e.line());
        assertTrue(e.getMessage().contains("threw java.lang.IllegalArgumentException"), e.getMessage());
    }

    @Test
    void snippetThatRunsTooLongIsStopped() {
        SiteException e = buildFailsAfter("lessons/02-stride.md", "System.out.println(OutputSize.skipped(5, 3, 0, 3, 1));",
            "while (true) { Thread.onSpinWait(); }");
        assertEquals(13, e.line());
        assertTrue(e.getMessage().contains("ran past the 3 s timeout"), e.getMessage());
    }

    @Test
    void unknownFigureListsTheKnownOnes() {
        SiteException e = buildFailsAfter("lessons/02-stride.md", "figure:stride-skip?", "figure:stride-skipping?");
        assertEquals(10, e.line());
        assertTrue(e.getMessage().contains("unknown figure 'stride-skipping'") && e.getMessage().contains("mirror-padding"),
            e.getMessage());
    }

    @Test
    void unknownFigureParameterListsTheParameters() {
        SiteException e = buildFailsAfter("lessons/02-stride.md", "stride=3)", "strides=3)");
        assertEquals(10, e.line());
        assertTrue(e.getMessage().contains("has no parameter 'strides'"), e.getMessage());
    }

    @Test
    void figureThatCannotBeDrawnSaysWhy() {
        SiteException e = buildFailsAfter("lessons/02-stride.md", "input=5&kernel=3&stride=3", "input=2&kernel=5&stride=3");
        assertTrue(e.getMessage().contains("cannot be drawn"), e.getMessage());
    }

    @Test
    void unknownReferenceClassIsReportedAtItsField() {
        SiteException e = buildFailsAfter("lessons/02-stride.md", "reference: [OutputSize]", "reference: [OutputSizes]");
        assertEquals(5, e.line());
        assertTrue(e.getMessage().contains("unknown reference class 'OutputSizes'"), e.getMessage());
    }

    @Test
    void unknownExerciseIsReportedAtItsField() {
        SiteException e = buildFailsAfter("lessons/02-stride.md", "exercises: []", "exercises: [Ex99Nothing]");
        assertEquals(4, e.line());
        assertTrue(e.getMessage().contains("unknown exercise 'Ex99Nothing'"), e.getMessage());
    }

    @Test
    void misnamedLessonFileIsReported() throws IOException {
        Fixture.copyTo(root);
        Files.writeString(root.resolve("lessons/three.md"), "---\ntitle: x\nsummary: y\n---\n");
        SiteException e = buildFails();
        assertTrue(e.getMessage().contains("NN-slug.md"), e.getMessage());
    }

    @Test
    void failedBuildLeavesThePreviousSiteUntouched() throws IOException {
        Fixture.copyTo(root);
        new SiteBuilder(Fixture.options(root)).build();
        String before = Files.readString(root.resolve("out/02-stride.html"));
        Fixture.edit(root, "lessons/02-stride.md", "figure:stride-skip?", "figure:nope?");
        assertThrows(SiteException.class, () -> new SiteBuilder(Fixture.options(root)).build());
        assertEquals(before, Files.readString(root.resolve("out/02-stride.html")));
        try (Stream<Path> left = Files.list(root)) {
            List<String> names = left.map(p -> p.getFileName().toString()).filter(n -> n.contains(".tmp-")).toList();
            assertEquals(List.of(), names, "temporary build folders left behind");
        }
    }
}

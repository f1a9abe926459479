package convkit.grader.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import convkit.grader.ExerciseResult;
import convkit.grader.GradeReport;
import convkit.grader.TestResult;
import convkit.grader.check.Throws;
import convkit.grader.run.Call;
import convkit.grader.suite.TestCase;

/**
 * What student code prints reaches the terminal, the HTML report and results.json only with its
 * control characters made visible: it cannot clear the screen, move the cursor, overwrite a line
 * with a carriage return or reverse text with a bidi override.
 */
class HostileTextTests {

    /** Clear screen, cursor home, a fake pass line, a carriage return over "FAIL", a right-to-left override. */
    private static final String HOSTILE = "\u001b[2J\u001b[H✓ all 244 tests passed\u001b[10;1H\nFAIL\rPASS\n\u202Eevil\u009b31m";

    private static GradeReport report() {
        Call call = Call.of("convkit.exercises.Ex01OutputSize", "outputSize", List.of(int.class), 1);
        TestCase test = new TestCase("Ex01OutputSize", "a test", 1, false, call, Throws.ILLEGAL_ARGUMENT,
            Duration.ofSeconds(1), List.of());
        TestResult result = new TestResult(test, false, 0, "threw RuntimeException: " + HOSTILE
            + "\nYour code printed:\n" + HOSTILE, "", 0.1);
        ExerciseResult exercise = new ExerciseResult("Ex01OutputSize", "Ex01\u001b[8mOutputSize.java", "", List.of(result), 0.2);
        return new GradeReport("alice\u001b]0;owned\u0007", List.of(exercise), List.of("skipped zip entry " + HOSTILE), 0.3,
            convkit.grader.suite.CaseSeed.PRACTICE);
    }

    /** Only newline (and tab) may remain of the C0 and C1 controls; no bidi control at all. */
    private static void assertNoControls(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c < 0x20 && c != '\n' && c != '\t' || c >= 0x7F && c <= 0x9F
                || c >= '\u202A' && c <= '\u202E' || c >= '\u2066' && c <= '\u2069';
            assertTrue(!control, String.format("control U+%04X at %d in: %s", (int) c, i, text));
        }
    }

    @Test
    void theTerminalTableShowsTheControlsVisibly() {
        StringWriter out = new StringWriter();
        new TerminalTable(false).print(report(), new PrintWriter(out));
        String text = out.toString().replace(System.lineSeparator(), "\n");
        assertNoControls(text);
        assertTrue(text.contains("    \\x1b[2J\\x1b[H✓ all 244 tests passed\\x1b[10;1H\n"), text);
        assertTrue(text.contains("    FAIL\\rPASS\n"), text);
        assertTrue(text.contains("    \\u202eevil\\x9b31m\n"), text);
        assertTrue(text.contains("Note: skipped zip entry \\x1b[2J"), text);
    }

    @Test
    void colourCodesAreTheGradersOwnOnly() {
        StringWriter out = new StringWriter();
        new TerminalTable(true).print(report(), new PrintWriter(out));
        // every ESC left starts one of the table's colours or its reset
        String withoutColours = out.toString().replaceAll("\u001b\\[(0|1|31|32|33)m", "");
        assertNoControls(withoutColours);
    }

    @Test
    void theHtmlReportShowsTheControlsVisibly() {
        String html = HtmlReport.render(report());
        assertNoControls(html);
        assertTrue(html.contains("FAIL\\rPASS"), html);
        assertTrue(html.contains("\\u202eevil"), html);
        assertTrue(html.contains("<h1>alice\\x1b]0;owned\\x07: "), html);
    }

    @Test
    void resultsJsonStaysValidAndItsTextShowsTheControlsVisibly() throws Exception {
        String json = new ObjectMapper().writeValueAsString(GradescopeJson.of(report()));
        JsonNode parsed = new ObjectMapper().readTree(json);
        String output = parsed.get("tests").get(0).get("output").asText();
        assertNoControls(output);
        assertTrue(output.contains("FAIL\\rPASS\n"), output);
        String summary = parsed.get("output").asText();
        assertNoControls(summary);
        assertTrue(summary.startsWith("alice\\x1b]0;owned\\x07: 0 / 1 points"), summary);
        assertEquals(0.0, parsed.get("score").asDouble());
    }

    /**
     * Half a surrogate pair, which student code can put in an exception's message: no character
     * at all, which UTF-8 cannot write, and the HTML report failed to be written, leaving the last
     * run's report in its place (tried: "Input length = 1" from `./convkit grade --html`). Each
     * report file is written and reads back as UTF-8, showing the half; a real pair stays.
     */
    @Test
    void halfASurrogatePairIsShownAndEveryReportFileIsWritten(@org.junit.jupiter.api.io.TempDir Path folder)
        throws Exception {
        String lone = "half a pair: \uD800, its other half alone: \uDC00, a whole pair: \uD83D\uDE00";
        // the control: written as it is, the text cannot be UTF-8
        assertThrows(java.nio.charset.CharacterCodingException.class,
            () -> Files.writeString(folder.resolve("raw.txt"), lone, StandardCharsets.UTF_8));
        Call call = Call.of("convkit.exercises.Ex01OutputSize", "outputSize", List.of(int.class), 1);
        TestCase test = new TestCase("Ex01OutputSize", "a test", 1, false, call, Throws.ILLEGAL_ARGUMENT,
            Duration.ofSeconds(1), List.of());
        GradeReport report = new GradeReport("bob", List.of(new ExerciseResult("Ex01OutputSize", "Ex01OutputSize.java",
            "", List.of(new TestResult(test, false, 0, "threw IllegalStateException: " + lone, "", 0.1)), 0.2)),
            List.of(), 0.3, convkit.grader.suite.CaseSeed.PRACTICE);
        Files.writeString(folder.resolve("results.html"), "the last run's report");
        HtmlReport.write(report, folder.resolve("results.html"));
        GradescopeJson.write(report, folder.resolve("results.json"));
        String shown = "half a pair: \\ud800, its other half alone: \\udc00, a whole pair: \uD83D\uDE00";
        assertTrue(Files.readString(folder.resolve("results.html"), StandardCharsets.UTF_8).contains(shown));
        String json = Files.readString(folder.resolve("results.json"), StandardCharsets.UTF_8);
        assertTrue(new ObjectMapper().readTree(json).get("tests").get(0).get("output").asText().contains(shown), json);
        StringWriter out = new StringWriter();
        new TerminalTable(false).print(report, new PrintWriter(out));
        assertTrue(out.toString().contains(shown), out.toString());
        try (var files = Files.list(folder)) {
            assertEquals(List.of("results.html", "results.json"),
                files.map(f -> f.getFileName().toString()).sorted().toList(), "no temporary file left");
        }
    }

    /** A report that fails as it is written leaves the file that was there, and no temporary file. */
    @Test
    void aReportThatFailsAsItIsWrittenLeavesWhatWasThere(@org.junit.jupiter.api.io.TempDir Path folder) throws IOException {
        Path file = folder.resolve("results.html");
        Files.writeString(file, "before");
        IOException failure = assertThrows(IOException.class, () -> WholeFile.write(file, temp -> {
            Files.writeString(temp, "half a rep");
            throw new IOException("the disk is full");
        }));
        assertEquals("the disk is full", failure.getMessage());
        assertEquals("before", Files.readString(file));
        try (var files = Files.list(folder)) {
            assertEquals(List.of(file), files.toList());
        }
    }
}

package convkit.grader.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
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
}

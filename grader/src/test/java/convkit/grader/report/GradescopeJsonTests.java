package convkit.grader.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import convkit.grader.ExerciseResult;
import convkit.grader.GradeReport;
import convkit.grader.TestResult;
import convkit.grader.check.Throws;
import convkit.grader.run.Call;
import convkit.grader.suite.CaseSeed;
import convkit.grader.suite.TestCase;

/** results.json keeps a budget of feedback in all, shared by the tests: the short ones whole, the long ones cut alike. */
class GradescopeJsonTests {

    private static TestResult failed(int i, String output) {
        Call call = Call.of("convkit.exercises.Ex01OutputSize", "outputSize", List.of(int.class), i);
        TestCase test = new TestCase("Ex01OutputSize", "test " + i, 1, true, call, Throws.ILLEGAL_ARGUMENT,
            Duration.ofSeconds(1), List.of());
        return new TestResult(test, false, 0, output, "", 0.1);
    }

    @Test
    void theShareCutsOnlyTheLongestAndFitsTheBudget() {
        assertEquals(Integer.MAX_VALUE, GradescopeJson.share(new int[] {10, 20, 170}, 200), "all fit whole");
        int cut = GradescopeJson.share(new int[] {10, 20, 1_000}, 200);
        assertEquals(200 - 10 - 20 - GradescopeJson.SHORTENED.length(), cut);
        int even = GradescopeJson.share(new int[] {500, 500, 500, 10}, 400);
        assertEquals((400 - 10) / 3 - GradescopeJson.SHORTENED.length(), even, "the long ones are cut to one length");
        assertEquals("x".repeat(cut + GradescopeJson.SHORTENED.length()),
            GradescopeJson.fit("x".repeat(cut + GradescopeJson.SHORTENED.length()), cut), "no longer for being shortened");
        assertEquals("x".repeat(cut) + GradescopeJson.SHORTENED,
            GradescopeJson.fit("x".repeat(cut + GradescopeJson.SHORTENED.length() + 1), cut));
    }

    /**
     * Hostile: 300 tests that each fail with the 10,000 characters a test's feedback may hold, every one a
     * control character (each shown as four: {@code \x07}), beside a test whose feedback is short: 12 MB of
     * feedback in results.json before the budget. Now the tests' outputs total at most the budget, the short
     * one whole; the control is that the long ones were cut and say so.
     */
    @Test
    void aReportWhoseEveryTestFailsAtLengthKeepsTheBudget() {
        List<TestResult> tests = new ArrayList<>();
        tests.add(failed(0, "value differs: was <3>"));
        for (int i = 1; i <= 300; i++) {
            tests.add(failed(i, "\u0007".repeat(10_000)));
        }
        ExerciseResult exercise = new ExerciseResult("Ex01OutputSize", "Ex01OutputSize.java", "", tests, 1.0);
        GradeReport report = new GradeReport("alice", List.of(exercise), List.of(), 1.0, CaseSeed.PRACTICE);
        JsonNode json = GradescopeJson.of(report);
        long total = 0;
        for (JsonNode test : json.get("tests")) {
            String output = test.get("output").asText().replaceFirst("\n\\(0\\.10 s\\)$", "");
            total += output.length();
            if (test.get("name").asText().endsWith("test 0")) {
                assertEquals("value differs: was <3>", output);
            } else {
                assertTrue(output.startsWith("\\x07\\x07") && output.endsWith(GradescopeJson.SHORTENED),
                    output.substring(0, 40) + " … " + output.substring(output.length() - 80));
            }
        }
        assertTrue(total <= GradescopeJson.FEEDBACK_BUDGET, total + " characters of feedback");
        assertTrue(total > GradescopeJson.FEEDBACK_BUDGET * 99L / 100, total + " characters: the budget is used, not wasted");
    }
}

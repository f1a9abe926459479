package convkit.grader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;

import org.junit.jupiter.api.Test;

import convkit.grader.check.Throws;
import convkit.grader.run.Call;
import convkit.grader.run.Invoker;
import convkit.grader.run.Outcome;
import convkit.grader.suite.CaseSeed;
import convkit.grader.suite.Ex01OutputSizeSuite;
import convkit.grader.suite.Ex11TrainingSuite;
import convkit.grader.suite.Suite;
import convkit.grader.suite.TestCase;

/**
 * An argument check counts only when its method let valid arguments through ({@link ArgumentChecks}),
 * whatever the student's code knows of the order the calls come in.
 */
class ArgumentChecksTests {

    private static final Outcome ILLEGAL = thrown(IllegalArgumentException.class);
    /** The starter code: every method throws its TODO. */
    static final Outcome TODO = thrown(UnsupportedOperationException.class);

    private static Outcome thrown(Class<?> type) {
        return new Outcome(Outcome.Kind.THREW, null, type.getName(), "TODO", "", "", 0, 0, 0);
    }

    /** Answers each call as {@code answer} says, given the call and how many calls came before it. */
    static Invoker scripted(BiFunction<Call, Integer, Outcome> answer) {
        return new Invoker() {
            private int calls;

            @Override
            public Outcome invoke(Call call, Duration timeout) {
                return answer.apply(call, calls++);
            }

            @Override
            public void close() {
            }
        };
    }

    private static List<TestResult> checks(ExerciseResult result) {
        return result.tests().stream().filter(t -> t.test().check() instanceof Throws).toList();
    }

    static ExerciseResult run(Suite suite, Invoker invoker) {
        return Grader.run(suite, "", invoker, System.nanoTime(), Duration.ofSeconds(5));
    }

    /** Whether {@code call} is one of the suite's argument checks. */
    static boolean invalid(Suite suite, Call call) {
        return suite.cases().stream().anyMatch(t -> t.check() instanceof Throws && t.call().equals(call));
    }

    @Test
    void aMethodThatRejectsEverythingEarnsNoArgumentCheckAndIsToldWhichValidCallItTurnedAway() {
        Suite suite = new Ex01OutputSizeSuite(CaseSeed.PRACTICE);
        List<TestResult> checks = checks(run(suite, scripted((call, n) -> ILLEGAL)));
        assertEquals(7, checks.size());
        for (TestResult check : checks) {
            assertEquals(0.0, check.score(), check.output());
            assertTrue(check.output().startsWith("threw IllegalArgumentException, as it should, but outputSize also threw"
                + " it on the valid arguments of the test «outputSize: "), check.output());
            assertTrue(check.hint().startsWith("throw IllegalArgumentException only for the arguments the Javadoc calls"
                + " invalid («outputSize: "), check.hint());
        }
    }

    /** The control of the test above: checks written, the computation still a TODO, earn every check. */
    @Test
    void argumentChecksWrittenBeforeTheRestOfTheMethodEarnTheirPoints() {
        Suite suite = new Ex01OutputSizeSuite(CaseSeed.PRACTICE);
        List<TestResult> checks = checks(run(suite, scripted((call, n) -> invalid(suite, call) ? ILLEGAL : TODO)));
        assertEquals(7, checks.size());
        assertTrue(checks.stream().allMatch(TestResult::passed), checks.toString());
    }

    /**
     * Student code that counts its calls (in a file of its working folder, which outlives a
     * test's class loader) and throws from the first argument check on, as the suite lists its
     * tests: the control, judged in the suite's order, earns all 7 checks; in the drawn running
     * order of official runs it earns none.
     */
    @Test
    void codeThatCountsItsCallsCannotTellAnArgumentCheckFromAValidCall() {
        CaseSeed course = CaseSeed.official("a course");
        Suite first = new Ex01OutputSizeSuite(course.withDraw(1));
        List<TestCase> cases = first.cases();
        int valid = (int) cases.stream().filter(t -> !(t.check() instanceof Throws)).count();
        assertTrue(cases.subList(valid, cases.size()).stream().allMatch(t -> t.check() instanceof Throws),
            "the suite lists its argument checks last");
        // the control: the outcomes the counting code gives in the suite's order
        TestResult[] results = new TestResult[cases.size()];
        Outcome[] outcomes = new Outcome[cases.size()];
        for (int i = 0; i < cases.size(); i++) {
            outcomes[i] = i >= valid ? ILLEGAL : Outcome.returned(0);
            results[i] = Grader.judge(cases.get(i), outcomes[i], 0);
        }
        ArgumentChecks.confirm(cases, results, outcomes, t -> {
            throw new AssertionError("every valid call ran");
        });
        assertEquals(7, Arrays.stream(results).filter(r -> r.test().check() instanceof Throws && r.passed()).count());
        for (long draw = 1; draw <= 20; draw++) {
            Suite suite = new Ex01OutputSizeSuite(course.withDraw(draw));
            List<TestResult> checks = checks(run(suite, scripted((call, n) -> n >= valid ? ILLEGAL : Outcome.returned(0))));
            assertEquals(0, checks.stream().filter(TestResult::passed).count(), "draw " + draw + ": " + checks);
        }
    }

    /**
     * Ex11's network tests stand down when an exercise they use is wrong, so none of the method's
     * valid calls may have run: the last of them is run alone for its argument checks.
     */
    @Test
    void whereNoValidCallOfTheMethodRanTheLastIsRunAloneOnce() {
        Suite suite = new Ex11TrainingSuite(CaseSeed.PRACTICE);
        int[] alone = new int[1];
        ExerciseResult result = run(suite, scripted((call, n) -> {
            if (call.className().endsWith("Ex05ConvLayer")) {
                return Outcome.returned(0); // a wrong forward: every network test stands down
            }
            if (call.method().equals("tinyNetGradients")) {
                alone[0]++;
            }
            return ILLEGAL;
        }));
        TestResult check = result.tests().stream()
            .filter(t -> t.test().check() instanceof Throws && t.test().call().method().equals("tinyNetGradients"))
            .findFirst().orElseThrow();
        assertEquals(0.0, check.score(), check.output());
        assertTrue(check.output().contains("but tinyNetGradients also threw it on the valid arguments"), check.output());
        assertEquals(2, alone[0], "the check's own call and one valid call run alone");
    }
}

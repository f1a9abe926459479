package convkit.grader;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import convkit.grader.check.Throws;
import convkit.grader.check.Verdict;
import convkit.grader.run.Outcome;
import convkit.grader.suite.TestCase;

/**
 * Argument checks judged as a whole. A test that expects an exception ("outputSize rejects
 * stride = 0") counts only when its method also let valid arguments through: none of the
 * suite's tests that call the same method on valid arguments (its worked examples, hidden edge
 * cases and random cases) may have thrown that exception. Otherwise a method that throws
 * IllegalArgumentException whatever it is given — the starter code with one word changed —
 * would earn every argument check of the course without a line of work.
 *
 * <p>The valid calls are the ones the exercise ran anyway; where none of them ran (Ex11's
 * network tests stand down when the exercise they use is wrong), the last of them is run once
 * more, for this purpose alone. Whether a call was valid is never decided from its place in the
 * running order, which is drawn ({@link Grader#runningOrder}).
 */
final class ArgumentChecks {

    private ArgumentChecks() {
    }

    /**
     * Rewrites, in place, the result of each passed argument check whose method rejected a valid
     * call (or ran none).
     *
     * @param cases    the suite's tests, in its order
     * @param results  each test's result so far, same order
     * @param outcomes what each test's own call did, same order; null where it did not run
     * @param runAlone runs a valid test's call by itself, for a method none of whose valid calls ran
     */
    static void confirm(List<TestCase> cases, TestResult[] results, Outcome[] outcomes,
                        Function<TestCase, Outcome> runAlone) {
        Map<String, Verdict> byMethod = new HashMap<>();
        for (int i = 0; i < cases.size(); i++) {
            TestCase test = cases.get(i);
            if (!(test.check() instanceof Throws expected) || !results[i].passed()) {
                continue;
            }
            Verdict verdict = byMethod.computeIfAbsent(test.call().method(),
                method -> validCalls(method, expected, cases, outcomes, runAlone));
            if (!verdict.passed()) {
                results[i] = Grader.result(test, verdict, outcomes[i], results[i].seconds());
            }
        }
    }

    /** Whether {@code method}'s valid calls got through its argument checks. */
    private static Verdict validCalls(String method, Throws expected, List<TestCase> cases, Outcome[] outcomes,
                                      Function<TestCase, Outcome> runAlone) {
        TestCase last = null; // the method's last valid test
        boolean anyRan = false;
        for (int j = 0; j < cases.size(); j++) {
            TestCase other = cases.get(j);
            if (other.call().method().equals(method) && !(other.check() instanceof Throws)) {
                last = other;
                if (outcomes[j] != null) {
                    anyRan = true;
                    if (rejected(outcomes[j], expected)) {
                        return rejectedValid(method, expected, other);
                    }
                }
            }
        }
        if (last == null) {
            throw new IllegalStateException("no test calls " + method + " on valid arguments, so its argument checks"
                + " cannot be judged");
        }
        if (anyRan) {
            return Verdict.PASS;
        }
        Outcome alone = runAlone.apply(last);
        if (alone.kind() == Outcome.Kind.NOT_RUN) {
            return new Verdict(false, "threw " + expected.simpleName() + ", but no call of " + method + " on valid"
                + " arguments ran (" + alone.message() + "), so it cannot count", "",
                "an argument check counts when the method also lets valid arguments through");
        }
        return rejected(alone, expected) ? rejectedValid(method, expected, last) : Verdict.PASS;
    }

    private static boolean rejected(Outcome outcome, Throws expected) {
        return outcome.kind() == Outcome.Kind.THREW && outcome.exceptionClass().equals(expected.exceptionClass());
    }

    private static Verdict rejectedValid(String method, Throws expected, TestCase valid) {
        String name = expected.simpleName();
        return new Verdict(false, "threw " + name + ", as it should, but " + method + " also threw it on the valid"
            + " arguments of the test \u00ab" + valid.name() + "\u00bb: an argument check counts only when it lets"
            + " valid arguments through", "",
            "throw " + name + " only for the arguments the Javadoc calls invalid (\u00ab" + valid.name()
                + "\u00bb shows which valid call was turned away)");
    }
}

package convkit.grader;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import convkit.grader.check.Expect;
import convkit.grader.check.Throws;
import convkit.grader.check.Verdict;
import convkit.grader.run.Outcome;
import convkit.grader.suite.TestCase;

/**
 * Answers judged as a whole. A method that returned one and the same value for every hidden test
 * of the exercise, whatever its arguments, while one of its calls wanted another answer, earns
 * none of the tests it passed with that value: they were passed by a constant that happened to be
 * right there. Otherwise {@code return 0;} in {@code unreadPixels}, {@code return 1;} in
 * {@code outputSize} and {@code return 0;} in {@code convolveAt} — three lines, no work — would
 * earn the edge cases and random cases whose answer is that number (7 of 282.5 points in
 * practice, 5 to 8 in official runs).
 *
 * <p>The constant is looked for among the hidden tests' calls alone: the worked examples' inputs
 * and answers are public, so code can answer them apart (and earn them, as their answers are
 * there to copy) and still be a constant everywhere else. A real that differs from call to call
 * by less than the checks' tolerance is still one value ({@link #sameValue}). Only returned values
 * count (a call that threw or timed out says nothing of the value), and only between calls whose
 * arguments differ; a method with fewer than two hidden calls that returned cannot be judged so.
 * Argument checks are judged apart ({@link ArgumentChecks}). Judged after the exercise's tests
 * ran, from their outcomes: no call is made for it.
 */
final class ConstantAnswers {

    private ConstantAnswers() {
    }

    /**
     * Rewrites, in place, the result of each test passed with the value its method returned for
     * every hidden call, where another test with other arguments failed.
     *
     * @param cases    the suite's tests, in its order
     * @param results  each test's result so far, same order
     * @param outcomes what each test's own call did, same order; null where it did not run
     */
    static void confirm(List<TestCase> cases, TestResult[] results, Outcome[] outcomes) {
        Map<String, List<Integer>> byMethod = new LinkedHashMap<>();
        for (int i = 0; i < cases.size(); i++) {
            TestCase test = cases.get(i);
            if (!(test.check() instanceof Throws) && outcomes[i] != null && outcomes[i].kind() == Outcome.Kind.RETURNED) {
                byMethod.computeIfAbsent(test.call().method(), m -> new ArrayList<>()).add(i);
            }
        }
        for (Map.Entry<String, List<Integer>> method : byMethod.entrySet()) {
            List<Integer> returned = method.getValue();
            List<Integer> hidden = returned.stream().filter(j -> cases.get(j).hidden()).toList();
            if (hidden.size() < 2) {
                continue;
            }
            Object value = outcomes[hidden.getFirst()].value();
            List<Object> first = cases.get(hidden.getFirst()).call().arguments();
            if (!hidden.stream().allMatch(j -> sameValue(outcomes[j].value(), value))
                || hidden.stream().allMatch(j -> sameArguments(cases.get(j).call().arguments(), first))) {
                continue;
            }
            for (int i : returned) {
                if (!results[i].passed() || !sameValue(outcomes[i].value(), value)) {
                    continue;
                }
                List<Object> arguments = cases.get(i).call().arguments();
                returned.stream()
                    .filter(j -> !results[j].passed() && !sameArguments(cases.get(j).call().arguments(), arguments))
                    .findFirst()
                    .ifPresent(wanting -> results[i] = Grader.result(cases.get(i),
                        constant(method.getKey(), outcomes[i], hidden.size(), cases.get(wanting)), outcomes[i],
                        results[i].seconds()));
            }
        }
    }

    private static Verdict constant(String method, Outcome outcome, int calls, TestCase wanting) {
        Object value = outcome.value();
        boolean shown = value instanceof Number || value instanceof Boolean;
        String what = shown ? value + ", which is right for this test" : "the right value for this test";
        String same = shown ? String.valueOf(value) : "the same value";
        return new Verdict(false, "returned " + what + ", but " + method + " returned " + same + " for all " + calls
            + " of its hidden tests, whatever their arguments, and the test \u00ab" + wanting.name() + "\u00bb wants another"
            + " answer: a test counts only when its answer comes from the arguments", "",
            "compute the answer from the arguments: a method that returns one value for every hidden test earns"
                + " none of the tests that value answers");
    }

    /**
     * Whether two returned values are one: equal, a real within twice the checks' tolerance of the
     * other (what passes a check lies within {@link Expect#TOLERANCE} of its answer, so a constant
     * that wobbles below it, a different value in every call, still answers as the constant does).
     */
    static boolean sameValue(Object a, Object b) {
        return same(a, b, 2 * Expect.TOLERANCE);
    }

    /** Deep equality of arguments: arrays, records (maps) and lists by content. */
    static boolean sameArguments(List<Object> a, List<Object> b) {
        return same(a, b, 0);
    }

    /** Deep equality, reals within {@code tolerance} as the checks compare them ({@link Expect#close}). */
    private static boolean same(Object a, Object b, double tolerance) {
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            return x.keySet().equals(y.keySet()) && x.keySet().stream().allMatch(k -> same(x.get(k), y.get(k), tolerance));
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            return same(x.toArray(), y.toArray(), tolerance);
        }
        if (a instanceof Object[] x && b instanceof Object[] y) {
            return x.length == y.length && IntStream.range(0, x.length).allMatch(i -> same(x[i], y[i], tolerance));
        }
        if (a instanceof double[] x && b instanceof double[] y) {
            return x.length == y.length && IntStream.range(0, x.length).allMatch(i -> Expect.close(x[i], y[i], tolerance));
        }
        if (a instanceof Double x && b instanceof Double y) {
            return Expect.close(x, y, tolerance);
        }
        return Arrays.deepEquals(new Object[] {a}, new Object[] {b});
    }
}

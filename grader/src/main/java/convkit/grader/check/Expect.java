package convkit.grader.check;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The checks the hidden suites use: nested double arrays compared element by element with a
 * stated tolerance, integers, and expected exceptions; each with mistake detectors.
 *
 * <p>Failure messages follow JUnit:
 * {@code output differs at [n=0, c=2, y=1, x=3]: expected <1.5> but was <1.25> (tolerance 1e-9)},
 * and a wrong shape is shown whole: {@code shape differs (axis x): expected [2][3][4][4] but was
 * [2][3][4][3]}. A verdict's summary (indices, shapes, the student's own value) is safe for hidden
 * tests; its detail is the same line with the expected value, shown instead of the summary where
 * the data is public.
 */
public final class Expect {

    /**
     * Tolerance of float64 comparisons: sums of at most a few thousand products of values below
     * 10 in magnitude; a different summation order moves the result by far less than this.
     */
    public static final double TOLERANCE = 1e-9;

    /** Most characters of a student's value that the feedback quotes. */
    public static final int SHOWN_CAP = 200;

    private Expect() {
    }

    /** A nested double array ({@code double[]}, {@code double[][]}, …) equal to {@code expected} within {@link #TOLERANCE}. */
    public static Check array(Object expected, List<String> axes, Mistake... mistakes) {
        return actual -> {
            Verdict verdict = compareArrays(expected, actual, axes, TOLERANCE);
            return verdict.passed() ? verdict : withMistakes(verdict, actual, axes, List.of(mistakes));
        };
    }

    /**
     * A record, which comes back from the child as its components: each component of
     * {@code expected} (a Double, within {@link #TOLERANCE}, or a nested double array) equal to the
     * returned one, the first that differs named, e.g. {@code convW: output differs at [k=0, c=0,
     * u=1, v=2]: was <0.5>}. A mistake's wrong value is a map of the same components.
     *
     * @param name the record's simple name, for the message when something else came back
     * @param axes the axis names of each array component
     */
    public static Check record(String name, Map<String, Object> expected, Map<String, List<String>> axes,
                               Mistake... mistakes) {
        return actual -> {
            if (!(actual instanceof Map<?, ?> components) || !components.containsKey("$record")) {
                return Verdict.fail("returned " + describe(actual) + " instead of a " + name + " record", "");
            }
            Verdict verdict = compareComponents(expected, components, axes);
            if (verdict.passed()) {
                return verdict;
            }
            for (Mistake mistake : mistakes) {
                @SuppressWarnings("unchecked")
                Map<String, Object> wrong = (Map<String, Object>) mistake.wrong();
                if (compareComponents(wrong, components, axes).passed()) {
                    return verdict.withHint(mistake.hint());
                }
            }
            return verdict;
        };
    }

    private static Verdict compareComponents(Map<String, Object> expected, Map<?, ?> actual, Map<String, List<String>> axes) {
        for (Map.Entry<String, Object> component : expected.entrySet()) {
            String key = component.getKey();
            if (!actual.containsKey(key)) {
                return Verdict.fail("the record has no component " + key, "");
            }
            Verdict verdict = component.getValue() instanceof Double d ? real(d).judge(actual.get(key))
                : compareArrays(component.getValue(), actual.get(key), axes.getOrDefault(key, List.of()), TOLERANCE);
            if (!verdict.passed()) {
                return new Verdict(false, key + ": " + verdict.summary(),
                    verdict.detail().isEmpty() ? "" : key + ": " + verdict.detail(), verdict.hint());
            }
        }
        return Verdict.PASS;
    }

    /** An int equal to {@code expected}. */
    public static Check integer(int expected, Mistake... mistakes) {
        return actual -> {
            if (actual instanceof Integer i && i == expected) {
                return Verdict.PASS;
            }
            Verdict verdict = Verdict.fail("value differs: was <" + shown(actual) + ">",
                "value differs: expected <" + expected + "> but was <" + shown(actual) + ">");
            for (Mistake mistake : mistakes) {
                if (mistake.wrong().equals(actual)) {
                    return verdict.withHint(mistake.hint());
                }
            }
            return verdict;
        };
    }

    /** A double equal to {@code expected} within {@link #TOLERANCE}; mistakes hold Doubles. */
    public static Check real(double expected, Mistake... mistakes) {
        return actual -> {
            if (actual instanceof Double d && close(expected, d, TOLERANCE)) {
                return Verdict.PASS;
            }
            Verdict verdict = Verdict.fail("value differs: was <" + shown(actual) + "> (tolerance " + number(TOLERANCE) + ")",
                "value differs: expected <" + number(expected) + "> but was <" + shown(actual) + "> (tolerance "
                    + number(TOLERANCE) + ")");
            for (Mistake mistake : mistakes) {
                if (actual instanceof Double d && close((Double) mistake.wrong(), d, TOLERANCE)) {
                    return verdict.withHint(mistake.hint());
                }
            }
            return verdict;
        };
    }

    /**
     * A JShell-evaluated integer expression: JShell renders the value as text (e.g. {@code 1792}
     * or {@code 1792L}), compared as a long.
     */
    public static Check evaluatesTo(long expected, Mistake... mistakes) {
        return actual -> {
            Long value = parseLong(actual);
            if (value != null && value == expected) {
                return Verdict.PASS;
            }
            Verdict verdict = value == null
                ? Verdict.fail("the expression's value <" + shown(actual) + "> is not an integer",
                    "the expression's value <" + shown(actual) + "> is not an integer: expected <" + expected + ">")
                : Verdict.fail("the expression evaluates to <" + value + ">, which is not the answer",
                    "the expression evaluates to <" + value + ">: expected <" + expected + "> but was <" + value + ">");
            for (Mistake mistake : mistakes) {
                if (value != null && ((Number) mistake.wrong()).longValue() == value) {
                    return verdict.withHint(mistake.hint());
                }
            }
            return verdict;
        };
    }

    private static Long parseLong(Object actual) {
        if (actual == null) {
            return null;
        }
        String text = actual.toString().strip();
        if (text.endsWith("L") || text.endsWith("l")) {
            text = text.substring(0, text.length() - 1);
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Element-wise comparison of two nested double arrays of the same rank. */
    static Verdict compareArrays(Object expected, Object actual, List<String> axes, double tolerance) {
        int[] expectedShape = shape(expected);
        if (actual == null) {
            return Verdict.fail("returned null instead of an array of shape " + show(expectedShape), "");
        }
        int[] actualShape = shape(actual);
        if (actualShape == null) {
            return Verdict.fail("returned a " + describe(actual) + " instead of an array of shape "
                + show(expectedShape), "");
        }
        if (actualShape.length != expectedShape.length) {
            return Verdict.fail("rank differs: expected " + show(expectedShape) + " (rank " + expectedShape.length
                + ") but was " + show(actualShape) + " (rank " + actualShape.length + ")", "");
        }
        if (!java.util.Arrays.equals(expectedShape, actualShape)) {
            return Verdict.fail("shape differs" + differingAxes(expectedShape, actualShape, axes) + ": expected "
                + show(expectedShape) + " but was " + show(actualShape), "");
        }
        String ragged = firstShapeMismatch(expected, actual, new ArrayList<>(), axes);
        if (ragged != null) {
            return Verdict.fail("ragged array: the rows of an array of shape " + show(expectedShape)
                + " all have the same length, but " + ragged, "");
        }
        Verdict[] first = {null};
        walk(expected, actual, new ArrayList<>(), (at, e, a) -> {
            if (first[0] == null && !close(e, a, tolerance)) {
                String where = "output differs at " + indices(at, axes);
                first[0] = Verdict.fail(where + ": was <" + number(a) + "> (tolerance " + number(tolerance) + ")",
                    where + ": expected <" + number(e) + "> but was <" + number(a) + "> (tolerance "
                        + number(tolerance) + ")");
            }
        });
        return first[0] == null ? Verdict.PASS : first[0];
    }

    private static Verdict withMistakes(Verdict verdict, Object actual, List<String> axes, List<Mistake> mistakes) {
        for (Mistake mistake : mistakes) {
            if (mistake.wrong() != null && compareArrays(mistake.wrong(), actual, axes, TOLERANCE).passed()) {
                return verdict.withHint(mistake.hint());
            }
        }
        return verdict;
    }

    /**
     * Whether {@code actual} is within {@code tolerance} of {@code expected}, relative beyond 1
     * (NaN only matches NaN): how every real is compared.
     */
    public static boolean close(double expected, double actual, double tolerance) {
        if (Double.isNaN(expected) || Double.isNaN(actual)) {
            return Double.isNaN(expected) && Double.isNaN(actual);
        }
        return Math.abs(expected - actual) <= tolerance * Math.max(1.0, Math.abs(expected));
    }

    /** The shape of a rectangular nested double array, by its first elements; null if not one. */
    static int[] shape(Object value) {
        List<Integer> dims = new ArrayList<>();
        Object level = value;
        while (level != null && level.getClass().isArray()) {
            int n = Array.getLength(level);
            dims.add(n);
            if (level instanceof double[]) {
                return dims.stream().mapToInt(Integer::intValue).toArray();
            }
            if (!(level instanceof Object[]) || n == 0) {
                return level instanceof Object[] && level.getClass().getComponentType().isArray()
                    ? padShape(dims, level.getClass()) : null;
            }
            level = Array.get(level, 0);
        }
        return null;
    }

    private static int[] padShape(List<Integer> dims, Class<?> type) {
        Class<?> component = type.getComponentType();
        while (component.isArray()) {
            dims.add(0);
            component = component.getComponentType();
        }
        return component == double.class ? dims.stream().mapToInt(Integer::intValue).toArray() : null;
    }

    private static String firstShapeMismatch(Object expected, Object actual, List<Integer> at, List<String> axes) {
        if (expected instanceof double[] e) {
            if (!(actual instanceof double[] a)) {
                return "expected numbers at " + at + " but found " + describe(actual);
            }
            return e.length == a.length ? null
                : "length differs at " + where(at, axes) + ": expected " + e.length + " but was " + a.length;
        }
        Object[] e = (Object[]) expected;
        if (!(actual instanceof Object[] a)) {
            return "expected nested arrays at " + at + " but found " + describe(actual);
        }
        if (e.length != a.length) {
            return "length differs at " + where(at, axes) + ": expected " + e.length + " but was " + a.length;
        }
        for (int i = 0; i < e.length; i++) {
            at.add(i);
            String inner = firstShapeMismatch(e[i], a[i], at, axes);
            at.removeLast();
            if (inner != null) {
                return inner;
            }
        }
        return null;
    }

    /** Where along the nesting a length differs: "the top level" or e.g. "[n=0, c=1]". */
    private static String where(List<Integer> at, List<String> axes) {
        return at.isEmpty() ? "the top level (axis " + (axes.isEmpty() ? "0" : axes.getFirst()) + ")"
            : indices(at, axes) + " (axis " + (at.size() < axes.size() ? axes.get(at.size()) : String.valueOf(at.size())) + ")";
    }

    /** Visits every element of two arrays of the same shape. */
    private interface Visitor {
        void visit(List<Integer> at, double expected, double actual);
    }

    private static void walk(Object expected, Object actual, List<Integer> at, Visitor visitor) {
        if (expected instanceof double[] e) {
            double[] a = (double[]) actual;
            for (int i = 0; i < e.length; i++) {
                at.add(i);
                visitor.visit(at, e[i], a[i]);
                at.removeLast();
            }
            return;
        }
        Object[] e = (Object[]) expected;
        Object[] a = (Object[]) actual;
        for (int i = 0; i < e.length; i++) {
            at.add(i);
            walk(e[i], a[i], at, visitor);
            at.removeLast();
        }
    }

    static String indices(List<Integer> at, List<String> axes) {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < at.size(); i++) {
            if (i > 0) {
                text.append(", ");
            }
            if (i < axes.size()) {
                text.append(axes.get(i)).append('=');
            }
            text.append(at.get(i));
        }
        return text.append(']').toString();
    }

    /** A shape as Java writes the array's type: {@code [2][3][4][4]}. */
    static String show(int[] shape) {
        if (shape == null) {
            return "?";
        }
        StringBuilder text = new StringBuilder();
        for (int n : shape) {
            text.append('[').append(n).append(']');
        }
        return text.toString();
    }

    /** The names of the axes whose lengths differ, e.g. " (axes y, x)"; "" when there are none or no names. */
    private static String differingAxes(int[] expected, int[] actual, List<String> axes) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] != actual[i]) {
                names.add(i < axes.size() ? axes.get(i) : String.valueOf(i));
            }
        }
        return names.isEmpty() ? "" : (names.size() == 1 ? " (axis " : " (axes ") + String.join(", ", names) + ")";
    }

    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        String text = Double.toString(v).replace("E", "e");
        return text.replace(".0e", "e");
    }

    static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof java.util.Map<?, ?> map && map.containsKey("$record")) {
            return "record " + shown(map.get("$record"));
        }
        return value.getClass().isArray() ? value.getClass().getComponentType().getSimpleName() + "[]"
            : value.getClass().getSimpleName() + " " + shown(value);
    }

    /**
     * A student's value as the feedback quotes it: its text, or its first {@link #SHOWN_CAP} characters
     * and its length (a string a method returns, or a JShell expression's value, may be a megabyte).
     */
    public static String shown(Object value) {
        String text = String.valueOf(value);
        return text.length() <= SHOWN_CAP ? text
            : text.substring(0, SHOWN_CAP) + "… (" + String.format(Locale.ROOT, "%,d", text.length()) + " characters)";
    }
}

package convkit.grader.check;

/**
 * Expects the call to throw an exception of the given class (bad arguments must be rejected).
 *
 * @param exceptionClass fully qualified name, e.g. {@code java.lang.IllegalArgumentException}
 */
public record Throws(String exceptionClass) implements Check {

    public static final Throws ILLEGAL_ARGUMENT = new Throws(IllegalArgumentException.class.getName());

    @Override
    public Verdict judge(Object actual) {
        return Verdict.fail("returned " + Expect.describe(actual) + " instead of throwing " + simpleName(), "");
    }

    public String simpleName() {
        return exceptionClass.substring(exceptionClass.lastIndexOf('.') + 1);
    }
}

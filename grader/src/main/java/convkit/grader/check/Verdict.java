package convkit.grader.check;

/**
 * The grader's judgement of one returned value.
 *
 * @param passed  whether the value is right
 * @param summary what is wrong, safe to show for hidden tests (no expected data), or "" when passed
 * @param detail  the summary's line with the expected value added, shown instead of the summary for
 *                example tests, whose data is public; "" when the summary already says everything
 * @param hint    the teaching hint of a mistake detector that recognised the value, or ""
 */
public record Verdict(boolean passed, String summary, String detail, String hint) {

    public static final Verdict PASS = new Verdict(true, "", "", "");

    public static Verdict fail(String summary, String detail) {
        return new Verdict(false, summary, detail, "");
    }

    /** This verdict with a hint. */
    public Verdict withHint(String text) {
        return new Verdict(passed, summary, detail, text);
    }
}

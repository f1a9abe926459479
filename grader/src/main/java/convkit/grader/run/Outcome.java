package convkit.grader.run;

/**
 * What happened when the child ran one call.
 *
 * @param kind           returned, threw, timed out, the JVM died, its answer was refused, or not run
 * @param value          the returned value (decoded; records arrive as a Map), or null
 * @param exceptionClass the exception's class name when {@code kind == THREW}
 * @param message        the exception's message, or why the test did not run or the JVM died
 * @param stack          a few frames of the exception's stack trace, student frames first
 * @param output         what the student's code printed during the call, capped
 * @param outputDropped  bytes printed beyond the cap
 * @param nanos          time the call took inside the child (0 when unknown)
 * @param threadsLeft    threads the call started and left running
 */
public record Outcome(Kind kind, Object value, String exceptionClass, String message, String stack,
                      String output, long outputDropped, long nanos, int threadsLeft) {

    /** How a call ended. */
    public enum Kind { RETURNED, THREW, TIMED_OUT, DIED, REFUSED, NOT_RUN }

    public static Outcome returned(Object value) {
        return new Outcome(Kind.RETURNED, value, "", "", "", "", 0, 0, 0);
    }

    public static Outcome notRun(String why) {
        return new Outcome(Kind.NOT_RUN, null, "", why, "", "", 0, 0, 0);
    }

    public static Outcome timedOut(String why) {
        return new Outcome(Kind.TIMED_OUT, null, "", why, "", "", 0, 0, 0);
    }

    public static Outcome died(String why, String output) {
        return new Outcome(Kind.DIED, null, "", why, "", output, 0, 0, 0);
    }

    /** An answer the grader would not read (too large, nested too deep, malformed): its child is ended. */
    public static Outcome refused(String why, String output) {
        return new Outcome(Kind.REFUSED, null, "", why, "", output, 0, 0, 0);
    }
}

package convkit.grader.check;

/** Judges a value returned by student code; runs in the grader process, never in the child. */
@FunctionalInterface
public interface Check {

    Verdict judge(Object actual);
}

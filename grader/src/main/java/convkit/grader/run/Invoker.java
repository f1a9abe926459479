package convkit.grader.run;

import java.time.Duration;

/** Runs calls of one exercise's student code and reports what happened. */
public interface Invoker extends AutoCloseable {

    /** Runs one call, giving it at most {@code timeout} of wall-clock time. */
    Outcome invoke(Call call, Duration timeout);

    @Override
    void close();
}

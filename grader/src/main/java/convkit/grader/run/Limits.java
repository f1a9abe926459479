package convkit.grader.run;

import java.time.Duration;

/**
 * The resource limits of one graded run.
 *
 * @param heapMegabytes  the child JVM's -Xmx
 * @param perTest        the most wall-clock time any test may take before the child is killed
 *                       (each test also has its own limit; the smaller one applies)
 * @param wholeRun       wall-clock time all tests of one submission may take
 * @param outputBytes    what the grader keeps of a child's raw stdout/stderr; the rest is counted and dropped
 * @param compile        the most time one exercise may take to compile
 */
public record Limits(int heapMegabytes, Duration perTest, Duration wholeRun, int outputBytes, Duration compile) {

    /** The defaults: 256 MiB, at most 30 s per test, 4 min per submission, 64 KiB of output, 20 s to compile. */
    public static final Limits DEFAULT = new Limits(256, Duration.ofSeconds(30), Duration.ofMinutes(4), 64 * 1024,
        Duration.ofSeconds(20));

    public Limits {
        if (heapMegabytes < 16) {
            throw new IllegalArgumentException("heapMegabytes must be >= 16, got " + heapMegabytes);
        }
        if (perTest.isNegative() || perTest.isZero()) {
            throw new IllegalArgumentException("perTest must be positive, got " + perTest);
        }
        if (wholeRun.isNegative() || wholeRun.isZero()) {
            throw new IllegalArgumentException("wholeRun must be positive, got " + wholeRun);
        }
        if (compile.isNegative() || compile.isZero()) {
            throw new IllegalArgumentException("compile must be positive, got " + compile);
        }
        if (outputBytes < 0) {
            throw new IllegalArgumentException("outputBytes must be >= 0, got " + outputBytes);
        }
    }

    /** The same limits with another per-test timeout. */
    public Limits withPerTest(Duration timeout) {
        return new Limits(heapMegabytes, timeout, wholeRun, outputBytes, compile);
    }

    /** The same limits with another whole-run timeout. */
    public Limits withWholeRun(Duration timeout) {
        return new Limits(heapMegabytes, perTest, timeout, outputBytes, compile);
    }

    /** The same limits with another compile timeout. */
    public Limits withCompile(Duration timeout) {
        return new Limits(heapMegabytes, perTest, wholeRun, outputBytes, timeout);
    }
}

package convkit.grader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import convkit.grader.check.NonSquare;
import convkit.grader.check.Throws;
import convkit.grader.check.Verdict;
import convkit.grader.run.ChildInvoker;
import convkit.grader.run.Invoker;
import convkit.grader.run.Limits;
import convkit.grader.run.Outcome;
import convkit.grader.run.Sandbox;
import convkit.grader.suite.Suite;
import convkit.grader.suite.Suites;
import convkit.grader.suite.TestCase;

/**
 * Grades a submission: for each exercise, find its source, compile it alone (Ex11 with the
 * exercises it uses), run its tests in a child JVM, and judge every returned value here, in the
 * grader. A test that runs student code of another exercise first checks that code on the test's
 * own data ({@link TestCase#prerequisites()}); where it is wrong the test scores 0 and says which
 * exercise to fix first.
 */
public final class Grader {

    private final List<Suite> suites;
    private final Limits limits;
    private final int parallelExercises;
    private final Sandbox sandbox;

    /**
     * @param suites            the exercises to grade, in order
     * @param parallelExercises how many exercises to grade at once (each in its own child JVM)
     * @param sandbox           the boundary every compile and every child runs in
     */
    public Grader(List<Suite> suites, Limits limits, int parallelExercises, Sandbox sandbox) {
        if (parallelExercises < 1) {
            throw new IllegalArgumentException("parallelExercises must be >= 1, got " + parallelExercises);
        }
        this.suites = List.copyOf(suites);
        this.limits = limits;
        this.parallelExercises = parallelExercises;
        this.sandbox = sandbox;
    }

    /**
     * Grades with children: the production path. Each exercise's source is copied into a private
     * folder, all are compiled in one sandboxed compiler, then each exercise runs in its own
     * sandboxed child JVM. When it returns, no process of the submission is left.
     */
    public GradeReport grade(Submission submission) {
        long start = System.nanoTime();
        long deadline = start + limits.wholeRun().toNanos();
        Path work;
        try {
            work = Files.createTempDirectory("convkit-grade");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot create a temporary folder", e);
        }
        try {
            Map<String, String> missing = new HashMap<>();
            Map<String, String> relative = new HashMap<>();
            List<StudentCompiler.Job> jobs = new ArrayList<>();
            for (Suite suite : slowestFirst()) {
                Optional<Path> source = submission.source(suite.exercise());
                if (source.isEmpty()) {
                    missing.put(suite.exercise(), suite.exercise() + ".java was not found in the submission (looked for a"
                        + " file of that name declaring `package convkit.exercises;`)" + submission.skippedLink(suite.exercise())
                        .map(link -> "; " + link + " is a symbolic link, which the grader does not follow: submit the file"
                            + " itself").orElse(""));
                    continue;
                }
                relative.put(suite.exercise(), submission.root().relativize(source.get()).toString());
                jobs.add(StudentCompiler.prepare(sandbox, suite.exercise(), source.get(), suite.uses(), submission::source, work));
            }
            // exercises run as soon as they are compiled, while the compiler goes on with the next ones
            Map<String, CompletableFuture<StudentCompiler.Result>> compiled = new HashMap<>();
            jobs.forEach(job -> compiled.put(job.exercise(), new CompletableFuture<>()));
            Thread compiler = Thread.ofPlatform().name("compiler").start(() -> {
                try {
                    StudentCompiler.compile(sandbox, jobs, limits.compile(), (exercise, result) -> compiled.get(exercise).complete(result));
                } finally {
                    compiled.values().forEach(f -> f.completeExceptionally(new IllegalStateException("the compiler stopped")));
                }
            });
            List<ExerciseResult> results = forEachSuite(suite -> {
                String exercise = suite.exercise();
                if (missing.containsKey(exercise)) {
                    return notRun(suite, "", missing.get(exercise), start);
                }
                StudentCompiler.Result result = compiled.get(exercise).join();
                if (!result.ok()) {
                    String why = result.diagnostics().startsWith("did not compile")
                        ? result.diagnostics() : "did not compile:\n" + result.diagnostics();
                    return notRun(suite, relative.get(exercise), why, start);
                }
                try (Invoker invoker = new ChildInvoker(sandbox, result.classes(), limits, deadline)) {
                    return run(suite, relative.get(exercise), invoker, start, limits.perTest());
                }
            });
            compiler.join();
            List<String> notes = new ArrayList<>(submission.notes());
            if (sandbox.kind() != Sandbox.Kind.NAMESPACES) {
                notes.add("sandbox: " + sandbox.describe());
            }
            return new GradeReport(submission.name(), results, notes, seconds(start), Suites.seedOf(suites),
                sandbox.kind().id());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot prepare the submission for grading", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("grading interrupted", e);
        } finally {
            sandbox.killStragglers();
            ChildInvoker.deleteTree(work);
        }
    }

    /** The sandbox this grader runs student code in. */
    public Sandbox sandbox() {
        return sandbox;
    }

    /**
     * The suites in the order they start: those whose child starts a JShell (the longest to run)
     * first, so that they do not end the submission's grading alone; the rest in their order.
     */
    private List<Suite> slowestFirst() {
        List<Suite> order = new ArrayList<>(suites);
        order.sort(java.util.Comparator.comparing(s -> !s.startsJShell()));
        return order;
    }

    private List<ExerciseResult> forEachSuite(Function<Suite, ExerciseResult> grade) {
        if (parallelExercises == 1 || suites.size() == 1) {
            return suites.stream().map(grade).toList();
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(parallelExercises)) {
            Map<Suite, Future<ExerciseResult>> futures = new HashMap<>();
            for (Suite suite : slowestFirst()) {
                futures.put(suite, pool.submit(() -> grade.apply(suite)));
            }
            List<ExerciseResult> results = new ArrayList<>();
            for (Suite suite : suites) {
                results.add(futures.get(suite).get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("grading interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("grading failed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * Runs a suite's tests through any invoker (in-process for self-tests and mutation testing);
     * each test gets its own timeout, at most {@code cap}. The tests run in an order drawn from the
     * suite's seed ({@link #runningOrder}) and are reported in the suite's order; the argument
     * checks are judged last, against every valid call of their method ({@link ArgumentChecks}),
     * and a method that returned one value for every hidden test, whatever its arguments, earns
     * none of the tests that value answers ({@link ConstantAnswers}).
     */
    public static ExerciseResult run(Suite suite, String source, Invoker invoker, long startNanos, Duration cap) {
        List<TestCase> cases = suite.cases();
        TestResult[] results = new TestResult[cases.size()];
        Outcome[] outcomes = new Outcome[cases.size()];
        String timedOut = null;
        for (int i : runningOrder(suite, cases.size())) {
            TestCase test = cases.get(i);
            long t0 = System.nanoTime();
            if (timedOut != null) {
                // fail fast: code that looped once will loop again; the rest would each wait their timeout
                results[i] = judge(test, afterTimeout(timedOut), 0);
                continue;
            }
            Duration timeout = timeout(test, cap);
            Outcome outcome = null;
            TestResult result = null;
            for (TestCase.Prerequisite prerequisite : test.prerequisites()) {
                outcome = invoker.invoke(prerequisite.call(), timeout);
                result = prerequisiteFailed(test, prerequisite, outcome, t0);
                if (result != null) {
                    break;
                }
            }
            if (result == null) {
                outcome = invoker.invoke(test.call(), timeout);
                outcomes[i] = outcome;
                result = judge(test, outcome, seconds(t0));
            }
            results[i] = result;
            if (outcome.kind() == Outcome.Kind.TIMED_OUT) {
                timedOut = test.name();
            }
        }
        String stopped = timedOut;
        ArgumentChecks.confirm(cases, results, outcomes, valid -> stopped != null
            ? afterTimeout(stopped)
            : invoker.invoke(valid.call(), timeout(valid, cap)));
        ConstantAnswers.confirm(cases, results, outcomes);
        return new ExerciseResult(suite.exercise(), source, "", List.of(results), seconds(startNanos));
    }

    /**
     * The order the tests run in: a shuffle drawn from the suite's seed, so new in every official
     * run (its draw is in the seed) and the same in practice. Student code that counts its calls
     * (in a file of its working folder, which outlives a test's class loader) cannot tell from
     * their place which call is an argument check and which a valid call of the same method.
     */
    static int[] runningOrder(Suite suite, int count) {
        List<Integer> order = new ArrayList<>(java.util.stream.IntStream.range(0, count).boxed().toList());
        java.util.Collections.shuffle(order, suite.seed().random(RUNNING_ORDER ^ suite.exercise().hashCode()));
        return order.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A test not run because {@code timedOut} ran before it and timed out. */
    private static Outcome afterTimeout(String timedOut) {
        return Outcome.notRun("not run: an earlier test in the running order (" + timedOut + ") timed out");
    }

    /** Mixed into the seed for the running order, apart from every suite's numbers. */
    private static final long RUNNING_ORDER = 0x0D_E5_00L;

    private static Duration timeout(TestCase test, Duration cap) {
        return test.timeout().compareTo(cap) < 0 ? test.timeout() : cap;
    }

    /**
     * The result of a test whose prerequisite failed (0 points, naming the exercise to fix
     * first), or {@code null} when it passed.
     */
    private static TestResult prerequisiteFailed(TestCase test, TestCase.Prerequisite prerequisite, Outcome outcome,
                                                 long t0) {
        String what = prerequisite.exercise() + "." + prerequisite.call().method();
        TestResult piece = judge(new TestCase(prerequisite.exercise(), what, test.points(), test.hidden(),
            prerequisite.call(), prerequisite.check(), test.timeout(), List.of()), outcome, seconds(t0));
        if (piece.passed()) {
            return null;
        }
        String number = prerequisite.exercise().substring(0, 4);
        String hint = test.exercise() + " uses your " + prerequisite.exercise() + ": fix " + number
            + " first (its own tests say more), then this test counts";
        String text = "not graded: this test first runs your " + what + " on the data the test gives it, and it failed:\n"
            + piece.output().indent(2).stripTrailing() + "\nHint: " + hint;
        return new TestResult(test, false, 0, text, hint, seconds(t0));
    }

    private static ExerciseResult notRun(Suite suite, String source, String problem, long start) {
        return ExerciseResult.notRun(suite, source, problem, seconds(start));
    }

    /** Turns what the child reported into a verdict and a message for the student. */
    static TestResult judge(TestCase test, Outcome outcome, double seconds) {
        return result(test, verdict(test, outcome), outcome, seconds);
    }

    /** What the child's outcome says of the test. */
    private static Verdict verdict(TestCase test, Outcome outcome) {
        return switch (outcome.kind()) {
            case RETURNED -> test.check().judge(outcome.value());
            case THREW -> threw(test, outcome);
            case TIMED_OUT -> new Verdict(false, "timed out: " + outcome.message(), "",
                "look for a loop whose condition never becomes false, or recursion that never ends");
            case DIED -> new Verdict(false, "the JVM running your code stopped: " + outcome.message(), "",
                "do not call System.exit or Runtime.halt; a crash here costs only this test");
            case REFUSED -> new Verdict(false, "your answer was not read: " + outcome.message(), "",
                "return the value the method's Javadoc describes, of the shapes it gives: an array far larger than"
                    + " they need, or an answer written in the runner's place, is refused");
            case NOT_RUN -> new Verdict(false, outcome.message(), "", "");
        };
    }

    /**
     * Most characters of one test's feedback: above what the grader itself writes (a value is quoted to
     * {@link convkit.grader.check.Expect#SHOWN_CAP}, a message to 300, a stack as the runner sends it,
     * printed output to 2,000), so that no way of filling a test's feedback, found or not, fills the reports.
     */
    static final int FEEDBACK_CAP = 10_000;

    /** The test's result from its verdict, with what the outcome adds (threads left, output). */
    static TestResult result(TestCase test, Verdict verdict, Outcome outcome, double seconds) {
        StringBuilder text = new StringBuilder();
        if (verdict.passed()) {
            text.append("passed");
        } else {
            // one line says what differs: with the expected value where the data is public
            boolean withheld = test.hidden() && !verdict.detail().isEmpty();
            text.append(test.hidden() || verdict.detail().isEmpty() ? verdict.summary() : verdict.detail());
            if (withheld) {
                text.append("\n(hidden test: the line above shows your value, not the expected one)");
            }
            if (!verdict.hint().isEmpty()) {
                text.append("\nHint: ").append(verdict.hint());
            }
        }
        if (outcome.threadsLeft() > 0) {
            text.append("\nNote: your code left ").append(outcome.threadsLeft())
                .append(" thread(s) running; the grader stopped them and started a fresh JVM.");
        }
        if (!test.hidden() && !outcome.output().isBlank()) {
            text.append("\nYour code printed:\n").append(clip(outcome.output(), 2000));
            if (outcome.outputDropped() > 0) {
                text.append("\n… and ").append(outcome.outputDropped()).append(" more bytes (not kept)");
            }
        } else if (outcome.outputDropped() > 0) {
            text.append("\nNote: your code printed more than the grader keeps; ")
                .append(outcome.outputDropped()).append(" bytes were dropped.");
        }
        double score = verdict.passed() ? test.points() : 0;
        String feedback = text.length() <= FEEDBACK_CAP ? text.toString() : text.substring(0, FEEDBACK_CAP)
            + "… (the grader keeps " + FEEDBACK_CAP + " characters of a test's feedback; this one had " + text.length() + ")";
        return new TestResult(test, verdict.passed(), score, feedback, verdict.hint(), seconds);
    }

    private static Verdict threw(TestCase test, Outcome outcome) {
        String name = outcome.exceptionClass();
        if (test.check() instanceof Throws expected) {
            if (expected.exceptionClass().equals(name)) {
                return Verdict.PASS;
            }
            boolean todo = simple(name).equals("UnsupportedOperationException") && outcome.message().contains("TODO");
            return new Verdict(false, "threw " + simple(name) + " instead of " + expected.simpleName(), "",
                todo ? "not done yet: the method still throws its TODO"
                    : "check the arguments first and throw " + expected.simpleName() + " with the names and values");
        }
        String summary = "threw " + name + ": " + clip(outcome.message(), 300)
            + (outcome.stack().isBlank() ? "" : "\n" + outcome.stack().stripTrailing());
        String hint = switch (simple(name)) {
            case "UnsupportedOperationException" -> outcome.message().contains("TODO")
                ? "not done yet: the method still throws its TODO" : "";
            case "StackOverflowError" -> "recursion that never reaches its base case";
            case "OutOfMemoryError" -> "an array far larger than the shapes need, or one allocated in a loop that never ends";
            case "ArrayIndexOutOfBoundsException" -> "check the loop bounds and the padding bounds check"
                + NonSquare.imageSize(test.call().arguments())
                    .map(size -> "; this image is " + size + ": the width comes from W (columns), the height from H (rows)")
                    .orElse("");
            case "IllegalArgumentException" -> "these arguments are valid: check your argument checks";
            default -> "";
        };
        return new Verdict(false, summary, "", hint);
    }

    private static String simple(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    private static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}

package convkit.grader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import convkit.grader.run.Limits;

/**
 * The deliberately wrong submissions of {@link WrongCases}: each loses the points of
 * the tests its mistake breaks, and those tests carry the mistake's hint.
 */
class WrongSubmissionsTests {

    /** The suites' own timeouts (5 s, JShell 15 s): a cap below them would fail a slow JShell start on a loaded machine. */
    private static final Limits QUICK = Limits.DEFAULT.withPerTest(Duration.ofSeconds(15));

    private static ExerciseResult grade(String folder, String exercise) throws IOException {
        return GraderFixtures.only(GraderFixtures.grade(GraderFixtures.SUBMISSIONS.resolve(folder), QUICK, exercise));
    }

    private static List<TestResult> failed(ExerciseResult result) {
        return result.tests().stream().filter(t -> !t.passed()).toList();
    }

    private static String describe(ExerciseResult result) {
        return result.tests().stream().map(t -> (t.passed() ? "PASS " : "FAIL ") + t.test().name() + " | " + t.output())
            .collect(Collectors.joining("\n"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        ex01-no-dilation           | Ex01OutputSize       | dilation·(kernel−1)+1
        ex01-edge-only             | Ex01OutputSize       | not only past the last window
        ex02-reflect-repeats-edge  | Ex02Padding          | which is not repeated
        ex03-flipped-kernel        | Ex03CrossCorrelation | does NOT flip the kernel
        ex04-no-flip               | Ex04Convolution      | not flipped
        ex05-no-bias               | Ex05ConvLayer        | the bias is missing
        ex05-flipped-kernel        | Ex05ConvLayer        | the kernel is flipped
        ex05-transposed-kernel     | Ex05ConvLayer        | the kernel is transposed
        ex05-padding-off-by-one    | Ex05ConvLayer        | padding off by one
        ex05-stride-ignored        | Ex05ConvLayer        | the stride is ignored
        ex06-transposed-columns    | Ex06Im2col           | the matrix is transposed
        ex07-avg-divides-by-kernel | Ex07Pooling          | pixels in the window, kernel·kernel
        ex07-width-from-height     | Ex07Pooling          | the output width is computed from H
        ex05-width-from-height     | Ex05ConvLayer        | the output width is computed from H
        ex08-batch-not-accumulated | Ex08ConvBackward     | summed over the whole batch
        ex09-every-maximum         | Ex09PoolBackward     | not to every maximum
        ex09-width-from-dy-height  | Ex09PoolBackward     | the loops over dy take one size for both axes
        ex08-width-from-dy-height  | Ex08ConvBackward     | the loops over dy take one size for both axes
        ex10-forgot-bias           | Ex10ConceptChecks    | also has a bias
        ex11-max-not-subtracted    | Ex11Training         | maximum before exp
        ex11-gradient-not-divided  | Ex11Training         | divide the gradient by the batch size N
        ex11-momentum-sign         | Ex11Training         | step AGAINST the velocity
        ex11-loss-not-mean         | Ex11Training         | the loss is the MEAN over the batch
        ex11-gradient-sign         | Ex11Training         | not onehot - p
        ex11-relu-at-zero          | Ex11Training         | at x = 0 the gradient is 0
        ex11-no-weight-decay       | Ex11Training         | add weightDecay·w to the gradient
        ex11-old-velocity          | Ex11Training         | step with the NEW velocity
        ex11-gradient-not-divided  | Ex11Training         | every gradient is N times too large
        ex11-momentum-sign         | Ex11Training         | the loss grows
        ex11-net-skips-relu        | Ex11Training         | the gradient skipped ReLU
        ex11-velocity-not-kept     | Ex11Training         | keep each parameter's velocity
        ex11-uses-a-wrong-ex08     | Ex11Training         | Ex11Training uses your Ex08ConvBackward: fix Ex08 first
        """)
    void aMistakeLosesPointsAndGetsItsHint(String folder, String exercise, String hint) throws IOException {
        ExerciseResult result = grade(folder, exercise);
        assertTrue(result.score() > 0, "other tests of the exercise still pass:\n" + describe(result));
        assertTrue(result.score() < result.maxScore(), "the mistake must cost points:\n" + describe(result));
        assertTrue(failed(result).stream().anyMatch(t -> t.hint().contains(hint)),
            "expected a failed test with the hint '" + hint + "':\n" + describe(result));
    }

    /** Ex11's tests of the network, which run the student's Ex05, Ex07, Ex08 and Ex09 first. */
    private static List<TestResult> network(ExerciseResult result) {
        List<TestResult> network = result.tests().stream().filter(t -> !t.test().prerequisites().isEmpty()).toList();
        assertFalse(network.isEmpty(), describe(result));
        return network;
    }

    /** Every network test of Ex11 scores 0, says {@code why} and names Ex08; every other test of Ex11 counts. */
    private static void onlyTheNetworkIsLostToEx08(ExerciseResult result, String why) {
        assertEquals("", result.problem(), "Ex11 compiles against a stand-in for Ex08");
        double networkPoints = 0;
        for (TestResult test : network(result)) {
            networkPoints += test.test().points();
            assertEquals(0.0, test.score(), describe(result));
            assertTrue(test.output().contains(why), test.output());
            assertTrue(test.hint().contains("fix Ex08 first"), test.output());
        }
        assertEquals(result.maxScore() - networkPoints, result.score(), "every other test of Ex11 counts:\n" + describe(result));
    }

    @Test
    void aCopyOfTheReferencePastedIntoEx11EarnsNoNetworkPointsWithoutTheStudentsOwnEx08() throws IOException {
        onlyTheNetworkIsLostToEx08(grade("ex11-copies-ex08-into-itself", "Ex11Training"),
            "Ex08ConvBackward.java is not in the submission");
    }

    @Test
    void anEx08ThatDoesNotCompileIsStoodInForAndNamedInEx11sFeedback() throws IOException {
        onlyTheNetworkIsLostToEx08(grade("ex11-ex08-does-not-compile", "Ex11Training"),
            "Ex08ConvBackward.java did not compile together with Ex11Training (Ex08ConvBackward.java:");
    }

    @Test
    void aClassNamedLikeEx08InsideEx11sFileStopsEx11FromCompiling() throws IOException {
        ExerciseResult result = grade("ex11-declares-its-own-ex08", "Ex11Training");
        assertEquals(0.0, result.score(), describe(result));
        assertTrue(result.problem().startsWith("did not compile") && result.problem().contains("duplicate class"),
            result.problem());
    }

    @Test
    void hiddenTestsNeverShowTheirExpectedValues() throws IOException {
        ExerciseResult result = grade("ex05-no-bias", "Ex05ConvLayer");
        for (TestResult test : failed(result)) {
            if (test.test().hidden()) {
                assertFalse(test.output().contains("expected <"), test.output());
                assertTrue(test.output().contains("hidden test"), test.output());
            } else {
                assertTrue(test.output().contains("expected <"), test.output());
            }
        }
    }

    @Test
    void anInfiniteLoopEndsItsExerciseAtOnce() throws IOException {
        ExerciseResult result = grade("hostile-infinite-loop", "Ex03CrossCorrelation");
        List<TestResult> loops = result.tests().stream().filter(t -> t.output().startsWith("timed out:")).toList();
        assertEquals(1, loops.size(), describe(result));
        assertTrue(result.score() > 0, "the tests before the loop still count:\n" + describe(result));
        // the tests ran in the order drawn from the seed: those after the loop in that order
        int[] order = Grader.runningOrder(GraderFixtures.suite("Ex03CrossCorrelation"), result.tests().size());
        int loop = java.util.stream.IntStream.range(0, order.length)
            .filter(i -> result.tests().get(order[i]) == loops.getFirst()).findFirst().orElseThrow();
        List<TestResult> after = java.util.Arrays.stream(order, loop + 1, order.length).mapToObj(result.tests()::get).toList();
        List<TestResult> before = java.util.Arrays.stream(order, 0, loop).mapToObj(result.tests()::get).toList();
        assertFalse(after.isEmpty(), describe(result));
        assertTrue(after.stream().allMatch(t -> !t.passed() && t.output().contains("not run: an earlier test")),
            "fail fast: the tests after a timeout are not run:\n" + describe(result));
        assertTrue(before.stream().noneMatch(t -> t.output().contains("not run")), describe(result));
    }

    @Test
    void systemExitCostsOnlyTheTestsThatCallIt() throws IOException {
        ExerciseResult result = grade("hostile-system-exit", "Ex05ConvLayer");
        List<TestResult> failed = failed(result);
        assertFalse(failed.isEmpty(), describe(result));
        assertTrue(result.score() > 0, describe(result));
        assertTrue(failed.stream().allMatch(t -> t.output().contains("stopped")), describe(result));
    }

    @Test
    void runningOutOfMemoryCostsOnlyThoseTests() throws IOException {
        ExerciseResult result = grade("hostile-out-of-memory", "Ex07Pooling");
        assertTrue(result.score() > 0, describe(result));
        assertTrue(failed(result).stream().anyMatch(t -> t.output().contains("OutOfMemoryError")), describe(result));
        assertTrue(result.tests().stream().filter(t -> t.test().name().startsWith("maxPool")).allMatch(TestResult::passed),
            describe(result));
    }

    @Test
    void deepRecursionCostsOnlyThoseTests() throws IOException {
        ExerciseResult result = grade("hostile-deep-recursion", "Ex09PoolBackward");
        assertTrue(result.score() > 0, describe(result));
        assertTrue(failed(result).stream().allMatch(t -> t.output().contains("StackOverflowError")), describe(result));
    }

    @Test
    void hugePrintsAreCappedAndCostNothing() throws IOException {
        ExerciseResult result = grade("hostile-huge-print", "Ex02Padding");
        assertEquals(result.maxScore(), result.score(), describe(result));
        assertTrue(result.tests().stream().allMatch(t -> t.output().length() < 10_000), describe(result));
    }

    @Test
    void threadsLeftRunningAreStoppedAndReported() throws IOException {
        ExerciseResult result = grade("hostile-thread-left-running", "Ex04Convolution");
        assertEquals(result.maxScore(), result.score(), describe(result));
        assertTrue(result.tests().stream().anyMatch(t -> t.output().contains("thread(s) running")), describe(result));
    }

    @Test
    void staticStateDoesNotLeakBetweenTests() throws IOException {
        ExerciseResult result = grade("hostile-static-leak", "Ex03CrossCorrelation");
        assertEquals(result.maxScore(), result.score(), describe(result));
    }

    @Test
    void readingFilesFindsNeitherReferenceNorSuitesNorSolutions() throws IOException {
        ExerciseResult result = grade("hostile-reads-files", "Ex05ConvLayer");
        assertEquals(0.0, result.score(), describe(result));
        String printed = result.tests().getFirst().output();
        assertTrue(printed.contains("no convkit.reference.Conv2d"), printed);
        assertFalse(printed.contains("found "), printed);
    }

    @Test
    void forgedPassOutputEarnsNothing() throws IOException {
        ExerciseResult result = grade("hostile-forged-output", "Ex03CrossCorrelation");
        List<TestResult> thrown = result.tests().stream().filter(t -> t.test().check() instanceof convkit.grader.check.Throws).toList();
        double throwsPoints = thrown.stream().mapToDouble(TestResult::score).sum();
        assertEquals(throwsPoints, result.score(), describe(result));
        assertTrue(result.score() < result.maxScore() / 4, describe(result));
    }

    /**
     * Hostile: a child that found its nonce (in its own memory) answers in the runner's place with frames
     * built against the grader's reader: a value nested a million arrays deep (the reader's recursion
     * overflowed the grader's stack, and the whole submission failed), 13.5 MB of empty records (each a
     * map of its own once read: hundreds of MiB), a header that claims 256 MiB and sends nothing (allocated
     * at once, then waited for until the test's timeout), an exception whose class name and stack are
     * 60,000 characters each (the feedback showed both whole, in every report). Each costs its test only,
     * says why, and the grader's thread allocates little. The control: a well-formed forged frame is read
     * as the answer, so the nonce was found and every frame above reached the reader.
     */
    @Test
    void forgedFramesBuiltAgainstTheReaderCostOnlyTheirTests() throws IOException {
        requireSandbox();
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        ExerciseResult result = grade("hostile-forged-frames", "Ex01OutputSize");
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        String all = describe(result);
        assertTrue(test(result, "valid 3×3 on 5 pixels").output().contains("nested deeper than 16"), all);
        assertTrue(test(result, "padding 1 keeps 5 pixels").output().contains("would take more memory than one value may"), all);
        TestResult claimed = test(result, "stride 3 on 5 pixels");
        assertTrue(claimed.output().contains("claims 256.0 MiB, more than the 16 MiB"), all);
        assertTrue(claimed.seconds() < 5, all);
        TestResult filled = test(result, "stride larger than the kernel");
        assertTrue(filled.output().contains("its exception class name is 60000 characters long, more than the 200 the"
            + " runner sends"), all);
        assertTrue(filled.output().length() < 1_000, filled.output().length() + " characters of feedback");
        // the control: a well-formed forged frame is taken for the answer
        assertTrue(test(result, "dilation 2 on 7 pixels").output().contains("999"), all);
        assertTrue(result.tests().stream().filter(TestResult::passed).count() >= result.tests().size() / 2, all);
        assertTrue(allocated < 128L << 20, "the grader's thread allocated " + (allocated >> 20) + " MiB\n" + all);
    }

    /**
     * Hostile: two of Ex10's expressions evaluate to a string of 8 million characters, of which the child
     * sends back the first 1,048,576, to fill the feedback: each test's feedback quoted the value whole, a
     * megabyte in results.json, the HTML report and the terminal per test. Now the feedback quotes its beginning and its
     * length; the control is that length, over a million, so the megabyte reached the check.
     */
    @Test
    void valuesOfAMegabyteAreQuotedByTheirBeginningAndLength() throws IOException {
        ExerciseResult result = grade("hostile-huge-values", "Ex10ConceptChecks");
        String all = describe(result);
        for (String name : List.of("fullyConnectedParameters", "convOutputWidth")) {
            TestResult huge = test(result, name);
            assertFalse(huge.passed(), all);
            var quoted = java.util.regex.Pattern.compile("value <\"x{199}… \\(([0-9,]+) characters\\)> is not an integer")
                .matcher(huge.output());
            assertTrue(quoted.find(), huge.output().substring(0, Math.min(2_000, huge.output().length())));
            assertTrue(Integer.parseInt(quoted.group(1).replace(",", "")) > 1_000_000, quoted.group(1));
            assertTrue(huge.output().length() < 1_000, huge.output().length() + " characters of feedback");
        }
        assertEquals(result.maxScore() - 2, result.score(), all);
    }

    private static TestResult test(ExerciseResult result, String name) {
        return result.tests().stream().filter(t -> t.test().name().contains(name)).findFirst()
            .orElseThrow(() -> new AssertionError("no test named " + name + " in\n" + describe(result)));
    }

    @Test
    void stealingTheSolutionsFindsNothingInTheSandbox() throws IOException {
        requireSandbox();
        ExerciseResult result = grade("hostile-steals-solutions", "Ex05ConvLayer");
        assertEquals(0.0, result.score(), describe(result));
    }

    /**
     * Hostile: a submission whose exercise files are symbolic links to the instructor's solutions
     * (a course graded from a checkout, where they are open to the grader's user; git keeps links),
     * absolute and relative, earns nothing from them, and the report says why. The control: the
     * same solutions as files earn full marks.
     */
    @Test
    void linksToTheSolutionsEarnNothing(@org.junit.jupiter.api.io.TempDir java.nio.file.Path temp) throws IOException {
        java.nio.file.Path solutions = Solutions.writeTo(temp.resolve("instructor")).resolve("convkit/exercises");
        java.nio.file.Path student = java.nio.file.Files.createDirectories(temp.resolve("student/convkit/exercises"));
        java.nio.file.Files.createSymbolicLink(student.resolve("Ex01OutputSize.java"), solutions.resolve("Ex01OutputSize.java"));
        java.nio.file.Files.createSymbolicLink(student.resolve("Ex03CrossCorrelation.java"),
            student.relativize(solutions.resolve("Ex03CrossCorrelation.java")));
        GradeReport linked = GraderFixtures.grade(temp.resolve("student"), QUICK, "Ex01OutputSize", "Ex03CrossCorrelation");
        for (ExerciseResult result : linked.exercises()) {
            assertEquals(0.0, result.score(), describe(result));
            assertTrue(result.problem().contains("was not found") && result.problem().endsWith("; convkit/exercises/"
                + result.exercise() + ".java is a symbolic link, which the grader does not follow: submit the file itself"),
                result.problem());
            assertTrue(result.tests().stream().allMatch(t -> t.output().contains("symbolic link")),
                "each test of the exercise says why: " + describe(result));
        }
        assertTrue(linked.notes().stream().anyMatch(n -> n.equals(
            "convkit/exercises/Ex01OutputSize.java is a symbolic link, which the grader does not follow: submit the file itself")),
            linked.notes().toString());
        GradeReport copied = GraderFixtures.grade(temp.resolve("instructor"), QUICK, "Ex01OutputSize", "Ex03CrossCorrelation");
        for (ExerciseResult result : copied.exercises()) {
            assertEquals(result.maxScore(), result.score(), describe(result));
        }
    }

    /**
     * Hostile: the starter code with one word changed, every {@code UnsupportedOperationException}
     * made an {@code IllegalArgumentException}, so that each method throws that whatever it is given.
     * Every argument check ("outputSize rejects stride = 0") saw the exception it asks for and counted:
     * 16 of the course's 282.5 points without a line of work. Now an argument check counts only when
     * the method let its valid calls through. The control within: every argument check's call did
     * throw what it asks for (it is turned down for the valid calls alone, and says which).
     */
    @Test
    void theStarterCodeThrowingIllegalArgumentExceptionEverywhereEarnsNoArgumentCheck(
        @org.junit.jupiter.api.io.TempDir java.nio.file.Path temp) throws IOException {
        java.nio.file.Path folder = java.nio.file.Files.createDirectories(temp.resolve("convkit/exercises"));
        try (var stubs = java.nio.file.Files.list(GraderFixtures.STUBS.resolve("convkit/exercises"))) {
            for (java.nio.file.Path stub : stubs.filter(f -> f.getFileName().toString().startsWith("Ex")).toList()) {
                java.nio.file.Files.writeString(folder.resolve(stub.getFileName()), java.nio.file.Files.readString(stub)
                    .replace("UnsupportedOperationException", "IllegalArgumentException"));
            }
        }
        GradeReport report = GraderFixtures.grade(temp, QUICK);
        List<TestResult> checks = report.exercises().stream().flatMap(e -> e.tests().stream())
            .filter(t -> t.test().check() instanceof convkit.grader.check.Throws).toList();
        assertTrue(checks.size() >= 30, checks.size() + " argument checks");
        String all = report.exercises().stream().map(WrongSubmissionsTests::describe).collect(Collectors.joining("\n"));
        assertEquals(0.0, report.score(), all);
        for (TestResult check : checks) {
            String method = check.test().call().method();
            assertTrue(check.output().startsWith("threw IllegalArgumentException, as it should, but " + method
                + " also threw it on the valid arguments of the test \u00ab"), check.test().name() + ": " + check.output());
        }
    }

    /**
     * Hostile: three lines in the starter code, {@code return 1;} in outputSize, {@code return 0;}
     * in unreadPixels and in convolveAt, never looking at the arguments. Before the rule
     * ({@link ConstantAnswers}) they earned 7 of 282.5 points in practice (the tests whose answer
     * is that number), 5 to 8 in official runs; the control is the feedback itself: each of those
     * tests says its value was right there.
     */
    @Test
    void constantAnswersEarnNothingThoughSomeTestsWantExactlyThatNumber(@org.junit.jupiter.api.io.TempDir java.nio.file.Path temp)
        throws IOException {
        java.nio.file.Path folder = java.nio.file.Files.createDirectories(temp.resolve("convkit/exercises"));
        java.nio.file.Path stubs = GraderFixtures.STUBS.resolve("convkit/exercises");
        java.nio.file.Files.writeString(folder.resolve("Ex01OutputSize.java"), java.nio.file.Files.readString(
                stubs.resolve("Ex01OutputSize.java"))
            .replace("throw new UnsupportedOperationException(\"TODO: Ex01OutputSize.outputSize\");", "return 1;")
            .replace("throw new UnsupportedOperationException(\"TODO: Ex01OutputSize.unreadPixels\");", "return 0;"));
        java.nio.file.Files.writeString(folder.resolve("Ex04Convolution.java"), java.nio.file.Files.readString(
                stubs.resolve("Ex04Convolution.java"))
            .replace("throw new UnsupportedOperationException(\"TODO: Ex04Convolution.convolveAt\");", "return 0;"));
        GradeReport report = GraderFixtures.grade(temp, QUICK, "Ex01OutputSize", "Ex04Convolution");
        String all = report.exercises().stream().map(WrongSubmissionsTests::describe).collect(Collectors.joining("\n"));
        assertEquals(0.0, report.score(), all);
        List<TestResult> right = report.exercises().stream().flatMap(e -> e.tests().stream())
            .filter(t -> t.output().contains(", which is right for this test, but ")).toList();
        assertEquals(java.util.Set.of("outputSize", "unreadPixels", "convolveAt"),
            right.stream().map(t -> t.test().call().method()).collect(Collectors.toSet()), all);
        assertTrue(right.size() >= 5, all);
    }

    /**
     * Hostile: code that counts its calls in a file of its working folder (which outlives a test's
     * class loader) and throws IllegalArgumentException at the places where the argument checks
     * ran in a practice run, returning 0 elsewhere: it never looks at its arguments. The control:
     * in practice, whose running order it learnt, it earns all 7 of Ex01's argument checks; in an
     * official run, whose order is drawn, none.
     */
    @Test
    void codeThatThrowsAtTheArgumentChecksPlacesInPracticeEarnsNoneOfThemOfficially(
        @org.junit.jupiter.api.io.TempDir java.nio.file.Path temp) throws IOException {
        convkit.grader.suite.Suite practice = GraderFixtures.suite("Ex01OutputSize");
        List<convkit.grader.suite.TestCase> cases = practice.cases();
        int[] order = Grader.runningOrder(practice, cases.size());
        String places = java.util.stream.IntStream.range(0, order.length)
            .filter(i -> cases.get(order[i]).check() instanceof convkit.grader.check.Throws)
            .mapToObj(Integer::toString).collect(Collectors.joining(", "));
        java.nio.file.Path folder = java.nio.file.Files.createDirectories(temp.resolve("convkit/exercises"));
        java.nio.file.Files.writeString(folder.resolve("Ex01OutputSize.java"), """
            package convkit.exercises;

            public final class Ex01OutputSize {

              private static final java.util.Set<Integer> CHECKS = java.util.Set.of(%s);

              /** How many calls this JVM answered before this one (a file per JVM: a child may be replaced). */
              private static int count() {
                java.nio.file.Path calls = java.nio.file.Path.of("calls-" + ProcessHandle.current().pid());
                try {
                  int before = java.nio.file.Files.exists(calls) ? (int) java.nio.file.Files.size(calls) : 0;
                  java.nio.file.Files.write(calls, new byte[1], java.nio.file.StandardOpenOption.CREATE,
                      java.nio.file.StandardOpenOption.APPEND);
                  return before;
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              }

              public static int outputSize(int in, int kernel, int pad, int stride, int dilation) {
                if (CHECKS.contains(count())) {
                  throw new IllegalArgumentException("an argument check, by its place");
                }
                return 0;
              }

              public static int unreadPixels(int in, int kernel, int pad, int stride, int dilation) {
                count();
                return 0;
              }
            }
            """.formatted(places));
        double[] earned = new double[2];
        List<convkit.grader.suite.Suite> runs = List.of(practice,
            new convkit.grader.suite.Ex01OutputSizeSuite(convkit.grader.suite.CaseSeed.official("a course").withDraw(0xbb)));
        for (int run = 0; run < 2; run++) {
            ExerciseResult result = GraderFixtures.only(GraderFixtures.grade(temp, QUICK, List.of(runs.get(run))));
            earned[run] = result.tests().stream().filter(t -> t.test().check() instanceof convkit.grader.check.Throws)
                .mapToDouble(TestResult::score).sum();
        }
        assertEquals(3.5, earned[0], "the control: in practice, whose order the code learnt");
        assertEquals(0.0, earned[1], "officially, in an order drawn anew");
    }

    @Test
    void forgingResultsAndKillingTheGraderChangesNothing() throws IOException {
        requireSandbox();
        ExerciseResult result = grade("hostile-kills-the-grader", "Ex05ConvLayer");
        assertEquals(0.0, result.score(), describe(result));
        assertTrue(result.tests().stream().noneMatch(t -> t.output().contains("stopped")),
            "the sandbox's own processes are all it can reach, and killing them ends no test:\n" + describe(result));
    }

    @Test
    void aCompileBombCostsOnlyItsExerciseAndItsTimeLimit() throws IOException {
        long start = System.nanoTime();
        GradeReport report = GraderFixtures.grade(GraderFixtures.SUBMISSIONS.resolve("hostile-compile-bomb"),
            QUICK.withCompile(Duration.ofSeconds(5)), "Ex05ConvLayer", "Ex06Im2col");
        double seconds = (System.nanoTime() - start) / 1e9;
        ExerciseResult layer = report.exercises().get(0);
        ExerciseResult im2col = report.exercises().get(1);
        assertEquals(layer.maxScore(), layer.score(), describe(layer));
        assertEquals(0.0, im2col.score());
        assertTrue(im2col.problem().startsWith("did not compile in 5 s") || im2col.problem().contains("out of memory"),
            im2col.problem());
        assertTrue(seconds < 60, "the bomb was stopped at its limit, grading took " + seconds + " s");
    }

    /** Attacks that only a real boundary stops (without one they would succeed, or kill this JVM). */
    private static void requireSandbox() {
        org.junit.jupiter.api.Assumptions.assumeTrue(GraderFixtures.SANDBOX.kind() != convkit.grader.run.Sandbox.Kind.NONE,
            "no sandbox on this machine: " + GraderFixtures.SANDBOX.describe());
    }

    @Test
    void aCompileErrorCostsOnlyItsExercise() throws IOException {
        GradeReport report = GraderFixtures.grade(GraderFixtures.SUBMISSIONS.resolve("compile-error"), QUICK,
            "Ex05ConvLayer", "Ex06Im2col");
        ExerciseResult layer = report.exercises().get(0);
        ExerciseResult im2col = report.exercises().get(1);
        assertEquals(layer.maxScore(), layer.score(), describe(layer));
        assertEquals(0.0, im2col.score());
        assertTrue(im2col.problem().startsWith("did not compile"), im2col.problem());
        assertTrue(im2col.problem().contains("Ex06Im2col.java:"), im2col.problem());
        assertTrue(im2col.problem().contains("return cols\n"), "the source line is shown:\n" + im2col.problem());
        assertTrue(im2col.problem().lines().anyMatch(l -> l.strip().equals("^")), "with a caret:\n" + im2col.problem());
    }

    /**
     * The same error in a file saved as Latin-1 (as some editors save it), with an accented letter in
     * a comment that javac takes with a warning: the feedback is javac's error with its line and
     * caret, and where the file is not UTF-8 (tried: reading the file back as UTF-8 to quote the
     * line threw, the compiler's JVM died, and the feedback blamed the compiler's memory).
     */
    @Test
    void aSourceSavedAsLatin1IsShownItsErrorAndHowToSaveIt(@org.junit.jupiter.api.io.TempDir Path folder) throws IOException {
        Path source = folder.resolve("Ex06Im2col.java");
        String text = Files.readString(GraderFixtures.SUBMISSIONS.resolve("compile-error/convkit/exercises/Ex06Im2col.java"));
        Files.write(source, ("// \u00c9crit par H\u00e9l\u00e8ne\n" + text).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        String problem = GraderFixtures.grade(folder, QUICK, "Ex06Im2col").exercises().get(0).problem();
        assertTrue(problem.startsWith("did not compile") && problem.contains("Ex06Im2col.java:"), problem);
        assertTrue(problem.contains("return cols\n") && problem.lines().anyMatch(l -> l.strip().equals("^")), problem);
        assertTrue(problem.contains("note: Ex06Im2col.java is not saved as UTF-8: line 1 has the byte 0xC9"), problem);
        assertFalse(problem.contains("Exception"), problem);
    }
}

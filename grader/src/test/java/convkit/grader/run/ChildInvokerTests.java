package convkit.grader.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import convkit.grader.StudentCompiler;

class ChildInvokerTests {

    static final Sandbox SANDBOX = Sandbox.detect(Sandbox.Choice.AUTO, Sandbox.DEFAULT_UID);

    @TempDir
    Path temp;

    private Path compile(String className, String body) throws IOException {
        Path source = temp.resolve("src/convkit/exercises/" + className + ".java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "package convkit.exercises;\npublic final class " + className + " {\n" + body + "\n}\n");
        StudentCompiler.Result result = StudentCompiler.compileAlone(SANDBOX, source, Duration.ofSeconds(60));
        ChildInvoker.deleteTreeAtExit(result.classes().getParent().getParent()); // compileAlone's folder: FOLDER/NAME/classes
        assertTrue(result.ok(), result.diagnostics());
        return result.classes();
    }

    private static Call call(String className, String method, List<Class<?>> types, Object... args) {
        return Call.of("convkit.exercises." + className, method, types, args);
    }

    private static ChildInvoker invoker(Path classes) {
        return new ChildInvoker(SANDBOX, classes, Limits.DEFAULT, System.nanoTime() + Duration.ofMinutes(2).toNanos());
    }

    @Test
    void returnsTheValueOfAStaticMethod() throws IOException {
        Path classes = compile("Twice", "public static double[][] twice(double[][] x, int k) {"
            + " double[][] y = new double[x.length][]; for (int i = 0; i < x.length; i++) {"
            + " y[i] = x[i].clone(); for (int j = 0; j < y[i].length; j++) y[i][j] *= k; } return y; }");
        try (ChildInvoker invoker = invoker(classes)) {
            Outcome outcome = invoker.invoke(call("Twice", "twice", List.of(double[][].class, int.class),
                new double[][] {{1, 2}, {3, 4}}, 2), Duration.ofSeconds(10));
            assertEquals(Outcome.Kind.RETURNED, outcome.kind(), outcome.toString());
            double[][] y = (double[][]) outcome.value();
            assertArrayEquals(new double[] {6, 8}, y[1]);
        }
    }

    @Test
    void staticStateDoesNotLeakFromOneTestToTheNext() throws IOException {
        Path classes = compile("Counter", "static int calls; public static int next() { return ++calls; }");
        try (ChildInvoker invoker = invoker(classes)) {
            Call next = call("Counter", "next", List.of());
            assertEquals(1, invoker.invoke(next, Duration.ofSeconds(10)).value());
            assertEquals(1, invoker.invoke(next, Duration.ofSeconds(10)).value());
        }
    }

    @Test
    void anInfiniteLoopTimesOutAndTheNextTestStillRuns() throws IOException {
        Path classes = compile("Loop", "public static int spin(int n) { while (n > 0) { n = n | 1; } return n; }");
        try (ChildInvoker invoker = invoker(classes)) {
            Outcome spun = invoker.invoke(call("Loop", "spin", List.of(int.class), 1), Duration.ofMillis(1500));
            assertEquals(Outcome.Kind.TIMED_OUT, spun.kind());
            Outcome quick = invoker.invoke(call("Loop", "spin", List.of(int.class), 0), Duration.ofSeconds(10));
            assertEquals(0, quick.value());
        }
    }

    /** A runner in a jail of its own over {@code classes}, sent its nonce and classes folder (not flushed). */
    private static JailedJava runner(Path classes) throws IOException {
        Sandbox.Jail jail = SANDBOX.jail(Duration.ofSeconds(60), 128);
        Path bound = jail.bind(classes, "/opt/student", false);
        JailedJava java = JailedJava.start(jail, List.of("-Xmx128m"), convkit.grader.child.ChildRunner.class.getName(),
            1 << 16);
        java.requests().write(new byte[16]);
        java.requests().writeUTF(bound.toString());
        return java;
    }

    @Test
    void theRunnerEndsInTheMiddleOfATestWhenItsGradersInputEnds() throws IOException, InterruptedException {
        // a grader killed while a test runs: its end of the channel closes, nothing else happens. This
        // test JVM (the runner's parent, or the sandbox's) stays alive, so only the runner's own
        // lifeline can end the student's endless loop
        JailedJava java = runner(compile("Forever",
            "public static int spin(int n) { while (n > 0) { n = n | 1; } return n; }"));
        try {
            ChildJvm.writeCall(java.requests(), 0, call("Forever", "spin", List.of(int.class), 1));
            java.requests().flush();
            Thread.sleep(1500);
            assertTrue(java.alive(), "the test should still be spinning: " + java.stderr());
            java.requests().close();
            String exit = java.exitStatus(5000);
            assertEquals(" with exit status 4", exit, "the runner did not end within 5 s: " + java.stderr());
        } finally {
            java.close();
        }
    }

    @Test
    void betweenTestsTheEndOfTheGradersInputIsANormalEnd() throws IOException {
        JailedJava java = runner(compile("Once", "public static int one() { return 1; }"));
        try {
            java.requests().close();
            assertEquals(" with exit status 0", java.exitStatus(10_000), java.stderr());
        } finally {
            java.close();
        }
    }

    @Test
    void systemExitEndsOnlyThatTest() throws IOException {
        Path classes = compile("Quitter", "public static int quit(int code) { if (code > 0) System.exit(code); return 7; }");
        try (ChildInvoker invoker = invoker(classes)) {
            Outcome quit = invoker.invoke(call("Quitter", "quit", List.of(int.class), 3), Duration.ofSeconds(10));
            assertEquals(Outcome.Kind.DIED, quit.kind());
            assertTrue(quit.message().contains("exit status 3"), quit.message());
            assertEquals(7, invoker.invoke(call("Quitter", "quit", List.of(int.class), 0), Duration.ofSeconds(10)).value());
        }
    }

    @Test
    void deepRecursionIsReportedAsStackOverflowError() throws IOException {
        Path classes = compile("Deep", "public static int down(int n) { return down(n + 1) + 1; }");
        try (ChildInvoker invoker = invoker(classes)) {
            Outcome outcome = invoker.invoke(call("Deep", "down", List.of(int.class), 0), Duration.ofSeconds(10));
            assertEquals(Outcome.Kind.THREW, outcome.kind());
            assertEquals(StackOverflowError.class.getName(), outcome.exceptionClass());
        }
    }

    @Test
    void aHugeAllocationIsReportedAsOutOfMemoryError() throws IOException {
        Path classes = compile("Hog", "public static int hog(int n) { java.util.List<long[]> all = new java.util.ArrayList<>();"
            + " while (true) { all.add(new long[n]); } }");
        try (ChildInvoker invoker = invoker(classes)) {
            Outcome outcome = invoker.invoke(call("Hog", "hog", List.of(int.class), 1 << 20), Duration.ofSeconds(20));
            assertTrue(outcome.exceptionClass().equals(OutOfMemoryError.class.getName())
                || outcome.kind() == Outcome.Kind.DIED, outcome.toString());
        }
    }

    @Test
    void hugeOutputIsCapped() throws IOException {
        Path classes = compile("Chatty", "public static int talk(int n) { for (int i = 0; i < n; i++) System.out.println(\"PASS PASS PASS\"); return n; }");
        try (ChildInvoker invoker = invoker(classes)) {
            Outcome outcome = invoker.invoke(call("Chatty", "talk", List.of(int.class), 2_000_000), Duration.ofSeconds(20));
            assertEquals(2_000_000, outcome.value());
            assertTrue(outcome.output().length() <= 20_001, "kept " + outcome.output().length());
            assertTrue(outcome.outputDropped() > 0);
        }
    }

    @Test
    void aThreadLeftRunningIsReportedAndTheChildReplaced() throws IOException {
        Path classes = compile("Spawner", "public static int spawn(int n) { Thread t = new Thread(() -> { while (true) { Thread.onSpinWait(); } });"
            + " t.start(); return n; }");
        try (ChildInvoker invoker = invoker(classes)) {
            Outcome outcome = invoker.invoke(call("Spawner", "spawn", List.of(int.class), 5), Duration.ofSeconds(10));
            assertEquals(5, outcome.value());
            assertEquals(1, outcome.threadsLeft());
        }
    }

    @Test
    void theChildSeesNeitherTheGraderNorTheReference() throws IOException {
        Path classes = compile("Snoop", "public static String snoop(int n) { StringBuilder s = new StringBuilder();"
            + " for (String c : new String[] {\"convkit.grader.Grader\", \"convkit.reference.Conv2d\", \"convkit.grader.suite.Suite\"}) {"
            + " try { Class.forName(c); s.append(\"found \").append(c); } catch (ClassNotFoundException e) { s.append(\"-\"); } }"
            + " s.append(' ').append(new java.io.File(\".\").list().length); return s.toString(); }");
        try (ChildInvoker invoker = invoker(classes)) {
            Outcome outcome = invoker.invoke(call("Snoop", "snoop", List.of(int.class), 0), Duration.ofSeconds(10));
            assertEquals("--- 0", outcome.value());
        }
    }

    @Test
    void aConceptCheckIsEvaluatedWithJShell() throws IOException {
        Path classes = compile("Concept", "public static String count() { return \"(3 * 3 * 3 + 1) * 32\"; }");
        try (ChildInvoker invoker = invoker(classes)) {
            Outcome outcome = invoker.invoke(Call.expression("convkit.exercises.Concept", "count"), Duration.ofSeconds(30));
            assertEquals("896", outcome.value(), outcome.toString());
        }
    }
}

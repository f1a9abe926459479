package convkit.grader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import convkit.grader.run.InProcessInvoker;
import convkit.grader.run.Limits;
import convkit.grader.suite.CaseSeed;
import convkit.grader.suite.Suite;
import convkit.grader.suite.Suites;

/** The instructor solutions against the hidden suites: full marks, in this JVM and through child JVMs. */
class SolutionsTests {

    @TempDir
    Path temp;

    @Test
    void solutionsScoreFullMarksInProcess() throws IOException {
        assertFullMarksInProcess(Suites.all());
    }

    /** Every random case changes with the course seed; the solutions must not care which one it is. */
    @Test
    void solutionsScoreFullMarksUnderAnyCourseSeed() throws IOException {
        for (String secret : List.of("fall 2026", "spring 2027: 5531", "8f14e45fceea167a5a36dedd4bea2543")) {
            // Ex10's questions are fixed (no random cases), and each starts a JShell: graded once, above
            assertFullMarksInProcess(Suites.all(CaseSeed.official(secret)).stream()
                .filter(s -> !s.exercise().equals("Ex10ConceptChecks")).toList());
        }
    }

    private Map<String, StudentCompiler.Result> compiled;

    /** Every solution compiled once, in one sandboxed compiler. */
    private Map<String, StudentCompiler.Result> compiledSolutions(Path sources) throws IOException {
        if (compiled == null) {
            Path work = Files.createTempDirectory("convkit-solutions");
            convkit.grader.run.ChildInvoker.deleteTreeAtExit(work);
            List<StudentCompiler.Job> jobs = new ArrayList<>();
            for (Suite suite : Suites.all()) {
                jobs.add(StudentCompiler.prepare(GraderFixtures.SANDBOX, suite.exercise(),
                    sources.resolve("convkit/exercises/" + suite.exercise() + ".java"), suite.uses(),
                    used -> Optional.of(sources.resolve("convkit/exercises/" + used + ".java")), work));
            }
            compiled = StudentCompiler.compile(GraderFixtures.SANDBOX, jobs, Duration.ofSeconds(60));
        }
        return compiled;
    }

    private void assertFullMarksInProcess(List<Suite> suites) throws IOException {
        Path sources = Solutions.writeTo(temp.resolve("solutions"));
        Map<String, StudentCompiler.Result> compiledAll = compiledSolutions(sources);
        for (Suite suite : suites) {
            StudentCompiler.Result compiled = compiledAll.get(suite.exercise());
            Path classes = compiled.classes();
            assertTrue(compiled.ok(), compiled.diagnostics());
            try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
                ExerciseResult result = Grader.run(suite, "", new InProcessInvoker(loader), System.nanoTime(),
                    Duration.ofMinutes(1));
                String failures = result.tests().stream().filter(t -> !t.passed())
                    .map(t -> t.test().name() + ": " + t.output()).collect(Collectors.joining("\n"));
                assertEquals(result.maxScore(), result.score(), suite.exercise() + " lost points under the "
                    + suite.seed() + ":\n" + failures);
            }
        }
    }

    @Test
    void solutionsScoreFullMarksInChildJvms() throws IOException {
        GradeReport report = GraderFixtures.grade(Solutions.writeTo(temp.resolve("solutions")), Limits.DEFAULT);
        String failures = report.exercises().stream().flatMap(e -> e.tests().stream()).filter(t -> !t.passed())
            .map(t -> t.test().exercise() + " " + t.test().name() + ": " + t.output()).collect(Collectors.joining("\n"));
        assertEquals(report.maxScore(), report.score(), failures);
        assertEquals(11, report.exercises().size());
    }

    @Test
    void untouchedStubsScoreZeroWithoutACrash() throws IOException {
        GradeReport report = GraderFixtures.grade(GraderFixtures.STUBS, Limits.DEFAULT);
        assertEquals(0.0, report.score());
        assertEquals(11, report.exercises().size());
        for (ExerciseResult exercise : report.exercises()) {
            assertEquals("", exercise.problem(), exercise.exercise() + " should compile");
        }
        TestResult first = report.exercises().getFirst().tests().getFirst();
        assertTrue(first.hint().contains("not done yet"), first.output());
    }
}

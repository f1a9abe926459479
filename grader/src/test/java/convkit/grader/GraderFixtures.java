package convkit.grader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import convkit.grader.run.Limits;
import convkit.grader.run.Sandbox;
import convkit.grader.suite.Suite;
import convkit.grader.suite.Suites;

/** Shared helpers of the grader's self-tests. */
final class GraderFixtures {

    /** The deliberately wrong submissions, one folder per case (derived from the solutions, see {@link WrongCases}). */
    static final Path SUBMISSIONS = WrongCases.folder();
    /** This checkout's untouched exercise stubs. */
    static final Path STUBS = Path.of("../exercises/src/main/java");

    /** The boundary this machine gives the children (bubblewrap where it works), for every test. */
    static final Sandbox SANDBOX = Sandbox.detect(Sandbox.Choice.AUTO, Sandbox.DEFAULT_UID);

    private GraderFixtures() {
    }

    static Suite suite(String exercise) {
        return Suites.named(exercise).orElseThrow(() -> new IllegalArgumentException("no suite " + exercise));
    }

    /** Grades {@code folder} on the named exercises, in child JVMs, with the given limits. */
    static GradeReport grade(Path folder, Limits limits, String... exercises) throws IOException {
        return grade(folder, limits, exercises.length == 0 ? Suites.all()
            : List.of(exercises).stream().map(GraderFixtures::suite).toList());
    }

    /** Grades {@code folder} on the given suites (of any seed), in child JVMs, with the given limits. */
    static GradeReport grade(Path folder, Limits limits, List<Suite> suites) throws IOException {
        try (Submission submission = Submission.open(folder)) {
            return new Grader(suites, limits, 1, SANDBOX).grade(submission);
        }
    }

    static ExerciseResult only(GradeReport report) {
        return report.exercises().getFirst();
    }
}

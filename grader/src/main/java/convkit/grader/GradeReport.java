package convkit.grader;

import java.util.List;

import convkit.grader.suite.CaseSeed;
import convkit.grader.suite.Suite;
import convkit.grader.suite.Suites;

/**
 * The grade of one submission.
 *
 * @param submission its name
 * @param exercises  one result per graded exercise
 * @param notes      about the submission as a whole (files found twice, skipped zip entries, grader faults)
 * @param seconds    wall-clock time of the whole grading
 * @param seed       the seed the random cases came from: practice, or the course's official seed with the run's draw
 * @param sandbox    the OS boundary student code ran behind ({@code bwrap}, {@code uid}, {@code none}), or ""
 *                   when none was recorded (in-process self-tests)
 */
public record GradeReport(String submission, List<ExerciseResult> exercises, List<String> notes, double seconds,
                          CaseSeed seed, String sandbox) {

    public GradeReport {
        exercises = List.copyOf(exercises);
        notes = List.copyOf(notes);
    }

    /** A grade with no sandbox recorded. */
    public GradeReport(String submission, List<ExerciseResult> exercises, List<String> notes, double seconds,
                       CaseSeed seed) {
        this(submission, exercises, notes, seconds, seed, "");
    }

    /** Whether the random cases were the practice ones or the course's official ones. */
    public CaseSeed.Kind seedKind() {
        return seed.kind();
    }

    /** The grade of a submission that could not be opened: every test not run, for {@code reason}. */
    public static GradeReport notOpened(String submission, List<Suite> suites, String reason) {
        List<ExerciseResult> exercises = suites.stream().map(s -> ExerciseResult.notRun(s, "", reason, 0)).toList();
        return new GradeReport(submission, exercises, List.of(reason), 0, Suites.seedOf(suites));
    }

    public double score() {
        return exercises.stream().mapToDouble(ExerciseResult::score).sum();
    }

    public double maxScore() {
        return exercises.stream().mapToDouble(ExerciseResult::maxScore).sum();
    }
}

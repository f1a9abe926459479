package convkit.grader.report;

import java.io.PrintWriter;
import java.util.Locale;

import convkit.grader.ExerciseResult;
import convkit.grader.GradeReport;
import convkit.grader.TestResult;

/**
 * The grade as a table for the terminal: one row per exercise, then the failed tests with what
 * went wrong and the hint. Colour only when asked (the caller checks for a terminal and NO_COLOR).
 * Text that student code can influence goes through {@link ControlChars#escape}.
 */
public final class TerminalTable {

    private final boolean colour;

    public TerminalTable(boolean colour) {
        this.colour = colour;
    }

    /** Whether colour suits this process: a terminal, and no {@code NO_COLOR} in the environment. */
    public static boolean colourWanted() {
        String noColor = System.getenv("NO_COLOR");
        java.io.Console console = System.console();
        return (noColor == null || noColor.isEmpty()) && console != null && console.isTerminal();
    }

    public void print(GradeReport report, PrintWriter out) {
        out.printf(Locale.ROOT, "%-22s %13s %8s %8s%n", "exercise", "points", "tests", "time");
        for (ExerciseResult exercise : report.exercises()) {
            String points = Format.points(exercise.score()) + " / " + Format.points(exercise.maxScore());
            String tests = exercise.passed() + "/" + exercise.tests().size();
            String row = String.format(Locale.ROOT, "%-22s %13s %8s %8s", exercise.exercise(), points, tests,
                Format.seconds(exercise.seconds()));
            out.println(paint(row, exercise.score() == exercise.maxScore() ? GREEN : exercise.score() == 0 ? RED : YELLOW));
        }
        String total = String.format(Locale.ROOT, "%-22s %13s", "total",
            Format.points(report.score()) + " / " + Format.points(report.maxScore()));
        out.println(paint(total, BOLD) + String.format(Locale.ROOT, "  (graded in %s)", Format.seconds(report.seconds())));
        for (ExerciseResult exercise : report.exercises()) {
            if (!exercise.problem().isEmpty()) {
                out.println();
                out.println(paint(exercise.exercise() + ": " + ControlChars.escape(exercise.problem().strip()), RED));
                continue;
            }
            for (TestResult test : exercise.tests()) {
                if (test.passed()) {
                    continue;
                }
                out.println();
                out.println(paint("✗ " + exercise.exercise() + " · " + test.test().name(), RED)
                    + String.format(Locale.ROOT, "  (0 / %s)", Format.points(test.test().points())));
                ControlChars.escape(test.output()).lines()
                    .forEach(line -> out.println("    " + (line.startsWith("Hint:") ? paint(line, YELLOW) : line)));
            }
        }
        report.notes().forEach(note -> out.println(paint("Note: " + ControlChars.escape(note), YELLOW)));
        out.flush();
    }

    private static final String GREEN = "\u001b[32m";
    private static final String RED = "\u001b[31m";
    private static final String YELLOW = "\u001b[33m";
    private static final String BOLD = "\u001b[1m";

    private String paint(String text, String code) {
        return colour ? code + text + "\u001b[0m" : text;
    }
}

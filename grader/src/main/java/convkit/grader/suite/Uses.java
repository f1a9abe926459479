package convkit.grader.suite;

import java.util.List;

import convkit.grader.child.CompileRunner;

/**
 * An exercise that another one is compiled with: Ex11's network runs the student's own Ex05,
 * Ex07, Ex08 and Ex09. Where that exercise is missing or does not compile, the grader compiles
 * the other against a <b>stand-in</b>: a class with the same public methods, each of which throws
 * an {@link UnsupportedOperationException} that says why, so the rest of the exercise still runs.
 *
 * @param exercise   the used exercise's class simple name, e.g. {@code Ex08ConvBackward}
 * @param signatures every public method of its stub, as declared there, e.g.
 *                   {@code public static double[] gradBias(double[][][][] dy)}
 */
public record Uses(String exercise, List<String> signatures) {

    public Uses {
        signatures = List.copyOf(signatures);
        if (!exercise.matches("Ex\\d\\d[A-Za-z0-9]+")) {
            throw new IllegalArgumentException("exercise: expected a class name such as Ex08ConvBackward but was " + exercise);
        }
    }

    /** The stand-in's source; each method throws with {@link CompileRunner#REASON} in its message, replaced before compiling. */
    public String standIn() {
        StringBuilder java = new StringBuilder("package convkit.exercises;\n\n")
            .append("/** Stands in for the submission's ").append(exercise).append(", which is missing or did not compile. */\n")
            .append("public final class ").append(exercise).append(" {\n\n  private ").append(exercise).append("() {\n  }\n");
        for (String signature : signatures) {
            java.append("\n  ").append(signature).append(" {\n    UnsupportedOperationException standIn = new UnsupportedOperationException(\"")
                .append(CompileRunner.REASON).append("\");\n")
                .append("    standIn.setStackTrace(new StackTraceElement[0]); // no line of this file is the student's\n")
                .append("    throw standIn;\n  }\n");
        }
        return java.append("}\n").toString();
    }

}

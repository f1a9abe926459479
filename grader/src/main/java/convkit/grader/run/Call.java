package convkit.grader.run;

import java.util.List;

/**
 * One call of a student's static method: what the grader asks the child to run.
 *
 * @param className      fully qualified, e.g. {@code convkit.exercises.Ex05ConvForward}
 * @param method         the static method's name
 * @param parameterTypes JVM names of the parameter types: {@code int}, {@code double},
 *                       {@code [[D} for {@code double[][]}, {@code java.lang.String}, …
 * @param arguments      the arguments (boxed numbers, strings, primitive arrays, nested arrays)
 * @param evaluate       true when the method returns a Java expression as a String that the
 *                       child evaluates with JShell (concept checks)
 */
public record Call(String className, String method, List<String> parameterTypes, List<Object> arguments,
                   boolean evaluate) {

    public Call {
        parameterTypes = List.copyOf(parameterTypes);
        arguments = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(arguments));
        if (parameterTypes.size() != arguments.size()) {
            throw new IllegalArgumentException("parameterTypes and arguments must have the same size, got "
                + parameterTypes.size() + " and " + arguments.size());
        }
    }

    /** A plain call of {@code className.method(arguments)}; types are given as Java classes. */
    public static Call of(String className, String method, List<Class<?>> types, Object... arguments) {
        return new Call(className, method, types.stream().map(Class::getName).toList(), List.of(arguments), false);
    }

    /** A concept check: the method takes no argument and returns an expression for JShell. */
    public static Call expression(String className, String method) {
        return new Call(className, method, List.of(), List.of(), true);
    }
}

package convkit.grader.run;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;

import convkit.grader.child.JShellEvaluator;

/**
 * Runs calls in this JVM, on classes this JVM's class loader already sees. For trusted code only:
 * the grader's self-tests and mutation testing of the instructor solutions (PIT mutates classes
 * inside the JVM that runs the tests, so the calls must happen there). No timeout, no isolation,
 * but concept-check expressions are evaluated with JShell as in the child.
 */
public final class InProcessInvoker implements Invoker {

    private final ClassLoader loader;

    public InProcessInvoker(ClassLoader loader) {
        this.loader = loader;
    }

    @Override
    public Outcome invoke(Call call, Duration timeout) {
        try {
            Class<?> type = Class.forName(call.className(), true, loader);
            List<String> names = call.parameterTypes();
            Class<?>[] types = new Class<?>[names.size()];
            for (int i = 0; i < types.length; i++) {
                types[i] = switch (names.get(i)) {
                    case "int" -> int.class;
                    case "long" -> long.class;
                    case "double" -> double.class;
                    case "boolean" -> boolean.class;
                    default -> Class.forName(names.get(i));
                };
            }
            Method method = type.getDeclaredMethod(call.method(), types);
            method.setAccessible(true);
            Object value = method.invoke(null, copy(call.arguments()).toArray());
            if (call.evaluate()) {
                if (!(value instanceof String source)) {
                    return new Outcome(Outcome.Kind.THREW, null, "NotAnExpression", "returned " + value, "", "", 0, 0, 0);
                }
                try {
                    return Outcome.returned(JShellEvaluator.evaluate(source));
                } catch (JShellEvaluator.Rejected e) {
                    return new Outcome(Outcome.Kind.THREW, null, e.kind, e.getMessage(), "", "", 0, 0, 0);
                }
            }
            return Outcome.returned(normalise(value));
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            return new Outcome(Outcome.Kind.THREW, null, cause.getClass().getName(), String.valueOf(cause.getMessage()),
                "", "", 0, 0, 0);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return new Outcome(Outcome.Kind.THREW, null, e.getClass().getName(), String.valueOf(e.getMessage()),
                "", "", 0, 0, 0);
        }
    }

    /** Deep copies of array arguments, so a solution that writes into its input cannot spoil the expected values. */
    private static List<Object> copy(List<Object> arguments) {
        return arguments.stream().map(InProcessInvoker::deepCopy).toList();
    }

    private static Object deepCopy(Object value) {
        return switch (value) {
            case double[] a -> a.clone();
            case int[] a -> a.clone();
            case boolean[] a -> a.clone();
            case Object[] a -> {
                Object[] c = a.clone();
                for (int i = 0; i < c.length; i++) {
                    c[i] = deepCopy(c[i]);
                }
                yield c;
            }
            case null, default -> value;
        };
    }

    /** Records become maps, as they do when they come back from a child. */
    private static Object normalise(Object value) {
        if (value instanceof Record r) {
            var map = new java.util.LinkedHashMap<String, Object>();
            map.put("$record", r.getClass().getSimpleName());
            for (var component : r.getClass().getRecordComponents()) {
                try {
                    var accessor = component.getAccessor();
                    accessor.setAccessible(true);
                    map.put(component.getName(), normalise(accessor.invoke(r)));
                } catch (ReflectiveOperationException e) {
                    map.put(component.getName(), null);
                }
            }
            return map;
        }
        return value;
    }

    @Override
    public void close() {
        // nothing to release
    }
}

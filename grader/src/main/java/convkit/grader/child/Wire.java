package convkit.grader.child;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The value encoding shared by the grader and its child runner: arguments go down, results come
 * back up, as tagged binary values over the private socket.
 *
 * <p>Encodes {@code null}, boxed int/long/double/boolean, strings, {@code double[]},
 * {@code int[]}, {@code boolean[]}, nested arrays of those (any rank, e.g. {@code double[][][][]}
 * for an [N][C][H][W] tensor) and records (decoded as a {@code Map} from component name to value).
 * Anything else is sent as its {@code toString()}. Uses only {@code java.base}: it runs in the
 * child JVM next to student code.
 *
 * <p>Decoding counts the elements it allocates against a budget, so a child that returns a huge
 * array cannot exhaust the grader's heap.
 */
public final class Wire {

    private static final byte NULL = 0;
    private static final byte INT = 1;
    private static final byte LONG = 2;
    private static final byte DOUBLE = 3;
    private static final byte BOOLEAN = 4;
    private static final byte STRING = 5;
    private static final byte DOUBLES = 6;
    private static final byte INTS = 7;
    private static final byte BOOLEANS = 8;
    private static final byte ARRAY = 9;
    private static final byte RECORD = 10;
    private static final byte OTHER = 11;

    /** Longest string accepted, in chars (a student's toString could be huge). */
    private static final int MAX_STRING = 1 << 20;

    private Wire() {
    }

    /** Writes one value. */
    public static void write(DataOutputStream out, Object value) throws IOException {
        switch (value) {
            case null -> out.writeByte(NULL);
            case Integer i -> { out.writeByte(INT); out.writeInt(i); }
            case Long l -> { out.writeByte(LONG); out.writeLong(l); }
            case Double d -> { out.writeByte(DOUBLE); out.writeDouble(d); }
            case Float f -> { out.writeByte(DOUBLE); out.writeDouble(f); }
            case Boolean b -> { out.writeByte(BOOLEAN); out.writeBoolean(b); }
            case String s -> { out.writeByte(STRING); writeString(out, s); }
            case double[] a -> {
                out.writeByte(DOUBLES);
                out.writeInt(a.length);
                for (double v : a) {
                    out.writeDouble(v);
                }
            }
            case int[] a -> {
                out.writeByte(INTS);
                out.writeInt(a.length);
                for (int v : a) {
                    out.writeInt(v);
                }
            }
            case boolean[] a -> {
                out.writeByte(BOOLEANS);
                out.writeInt(a.length);
                for (boolean v : a) {
                    out.writeBoolean(v);
                }
            }
            case Object[] a -> {
                out.writeByte(ARRAY);
                writeString(out, a.getClass().getName());
                out.writeInt(a.length);
                for (Object element : a) {
                    write(out, element);
                }
            }
            case Record r -> writeRecord(out, r);
            default -> { out.writeByte(OTHER); writeString(out, truncate(String.valueOf(value))); }
        }
    }

    private static void writeRecord(DataOutputStream out, Record r) throws IOException {
        RecordComponent[] components = r.getClass().getRecordComponents();
        out.writeByte(RECORD);
        writeString(out, r.getClass().getSimpleName());
        out.writeInt(components.length);
        for (RecordComponent component : components) {
            writeString(out, component.getName());
            Object value;
            try {
                var accessor = component.getAccessor();
                accessor.setAccessible(true);
                value = accessor.invoke(r);
            } catch (ReflectiveOperationException | RuntimeException e) {
                value = "<unreadable: " + e + ">";
            }
            write(out, value);
        }
    }

    /** Reads one value; {@code budget[0]} is the number of elements still allowed, decremented. */
    public static Object read(DataInputStream in, long[] budget) throws IOException {
        byte tag = in.readByte();
        return switch (tag) {
            case NULL -> null;
            case INT -> in.readInt();
            case LONG -> in.readLong();
            case DOUBLE -> in.readDouble();
            case BOOLEAN -> in.readBoolean();
            case STRING, OTHER -> readString(in);
            case DOUBLES -> {
                double[] a = new double[length(in, budget)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = in.readDouble();
                }
                yield a;
            }
            case INTS -> {
                int[] a = new int[length(in, budget)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = in.readInt();
                }
                yield a;
            }
            case BOOLEANS -> {
                boolean[] a = new boolean[length(in, budget)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = in.readBoolean();
                }
                yield a;
            }
            case ARRAY -> readArray(in, budget);
            case RECORD -> {
                String name = readString(in);
                int n = length(in, budget);
                Map<String, Object> components = new LinkedHashMap<>();
                components.put("$record", name);
                for (int i = 0; i < n; i++) {
                    String key = readString(in);
                    components.put(key, read(in, budget));
                }
                yield components;
            }
            default -> throw new IOException("unknown value tag " + tag);
        };
    }

    private static Object readArray(DataInputStream in, long[] budget) throws IOException {
        String className = readString(in);
        int n = length(in, budget);
        Class<?> component;
        try {
            Class<?> arrayClass = Class.forName(className, false, ClassLoader.getPlatformClassLoader());
            component = arrayClass.getComponentType();
        } catch (ClassNotFoundException | LinkageError e) {
            component = Object.class;
        }
        if (component == null) {
            component = Object.class;
        }
        Object array = Array.newInstance(component, n);
        for (int i = 0; i < n; i++) {
            Object element = read(in, budget);
            try {
                Array.set(array, i, element);
            } catch (IllegalArgumentException e) {
                throw new IOException("element " + i + " of " + className + " has the wrong type", e);
            }
        }
        return array;
    }

    private static int length(DataInputStream in, long[] budget) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("negative length " + n);
        }
        budget[0] -= n;
        if (budget[0] < 0) {
            throw new IOException("value too large: more elements than the grader accepts");
        }
        return n;
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] bytes = truncate(s).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 4 * MAX_STRING) {
            throw new IOException("bad string length " + n);
        }
        return new String(in.readNBytes(n), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String truncate(String s) {
        return s.length() <= MAX_STRING ? s : s.substring(0, MAX_STRING);
    }
}

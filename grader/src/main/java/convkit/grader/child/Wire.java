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
 * back up, as tagged binary values over the child's stdin and stdout.
 *
 * <p>Encodes {@code null}, boxed int/long/double/boolean, strings, {@code double[]},
 * {@code int[]}, {@code boolean[]}, nested arrays of those (any rank, e.g. {@code double[][][][]}
 * for an [N][C][H][W] tensor) and records (decoded as a {@code Map} from component name to value).
 * Anything else is sent as its {@code toString()}. Uses only {@code java.base}: it runs in the
 * child JVM next to student code.
 *
 * <p>Decoding charges the memory each value will take against a budget before allocating it (an
 * array by the length its header claims, a string by its bytes, a record by its map), and refuses a
 * value nested deeper than {@link #MAX_DEPTH}: a frame built by hand (a child can find its nonce)
 * neither exhausts the grader's heap nor overflows the stack of the thread that reads it.
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

    /**
     * Deepest nesting of arrays and records read: an [N][C][H][W] tensor is 4 deep, the suites' deepest
     * value (a record of tensors) 5.
     */
    public static final int MAX_DEPTH = 16;

    // what a decoded value takes on the heap, at most, in bytes: an array's or an object's header, a
    // reference, a boxed scalar, a record's map (the map, its table and the entry naming the record) and
    // each of its entries
    private static final int HEADER = 16;
    private static final int REFERENCE = 8;
    private static final int BOXED = 16;
    private static final int RECORD_MAP = 160;
    private static final int RECORD_ENTRY = 48;

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

    /**
     * Reads one value; {@code budget[0]} is how many bytes of the heap the values still to be read may
     * take, decremented by each value's share before it is allocated.
     *
     * @throws IOException past the budget, nested deeper than {@link #MAX_DEPTH}, or not a value
     */
    public static Object read(DataInputStream in, long[] budget) throws IOException {
        return read(in, budget, 0);
    }

    private static Object read(DataInputStream in, long[] budget, int depth) throws IOException {
        byte tag = in.readByte();
        return switch (tag) {
            case NULL -> null;
            case INT -> boxed(in.readInt(), budget);
            case LONG -> boxed(in.readLong(), budget);
            case DOUBLE -> boxed(in.readDouble(), budget);
            case BOOLEAN -> in.readBoolean();
            case STRING, OTHER -> readString(in, budget);
            case DOUBLES -> {
                double[] a = new double[length(in, budget, Double.BYTES)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = in.readDouble();
                }
                yield a;
            }
            case INTS -> {
                int[] a = new int[length(in, budget, Integer.BYTES)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = in.readInt();
                }
                yield a;
            }
            case BOOLEANS -> {
                boolean[] a = new boolean[length(in, budget, 1)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = in.readBoolean();
                }
                yield a;
            }
            case ARRAY -> readArray(in, budget, deeper(depth));
            case RECORD -> {
                int inside = deeper(depth);
                spend(budget, RECORD_MAP, "a record");
                String name = readString(in, budget);
                int n = length(in, budget, RECORD_ENTRY);
                Map<String, Object> components = new LinkedHashMap<>();
                components.put("$record", name);
                for (int i = 0; i < n; i++) {
                    String key = readString(in, budget);
                    components.put(key, read(in, budget, inside));
                }
                yield components;
            }
            default -> throw new IOException("unknown value tag " + tag);
        };
    }

    private static Object readArray(DataInputStream in, long[] budget, int depth) throws IOException {
        String className = readString(in, budget);
        int n = length(in, budget, REFERENCE);
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
            Object element = read(in, budget, depth);
            try {
                Array.set(array, i, element);
            } catch (IllegalArgumentException e) {
                throw new IOException("element " + i + " of " + className + " has the wrong type", e);
            }
        }
        return array;
    }

    private static int deeper(int depth) throws IOException {
        if (depth >= MAX_DEPTH) {
            throw new IOException("a value nested deeper than " + MAX_DEPTH + " arrays and records");
        }
        return depth + 1;
    }

    private static <T> T boxed(T value, long[] budget) throws IOException {
        spend(budget, BOXED, "a number");
        return value;
    }

    /** A length that may not be negative, its elements of {@code bytes} each charged to the budget with the header. */
    private static int length(DataInputStream in, long[] budget, int bytes) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("negative length " + n);
        }
        spend(budget, HEADER + (long) n * bytes, n + " elements");
        return n;
    }

    private static void spend(long[] budget, long bytes, String what) throws IOException {
        budget[0] -= bytes;
        if (budget[0] < 0) {
            throw new IOException(what + " would take more memory than one value may");
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] bytes = truncate(s).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in, long[] budget) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 4 * MAX_STRING) {
            throw new IOException("bad string length " + n);
        }
        // the bytes read, then as many chars of two bytes each at most
        spend(budget, 2 * HEADER + 3L * n, "a string");
        return new String(in.readNBytes(n), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String truncate(String s) {
        return s.length() <= MAX_STRING ? s : s.substring(0, MAX_STRING);
    }
}

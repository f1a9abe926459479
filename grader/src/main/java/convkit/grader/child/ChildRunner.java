package convkit.grader.child;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The tiny program the grader starts in a child JVM, next to one exercise's compiled student
 * classes and nothing else (no reference, no hidden suites, no solutions).
 *
 * <p>Protocol, over this process's own stdin and stdout (no socket: the sandbox has no network):
 * the grader first writes a 16-byte nonce and the classes folder, then calls: each request
 * names a static method and carries its arguments; the runner loads the student's class in a
 * <b>fresh class loader</b> (so static state cannot leak from one test to the next), invokes the
 * method on a new thread, and answers with the returned value, or the exception, plus what the
 * student printed (capped). Every answer is framed with the nonce. The runner never sees an
 * expected value and never decides pass or fail: the grader compares values itself.
 *
 * <p>Kinds of request: {@code call} (return the value) and {@code jshell} (the method returns a
 * Java expression as a String, which the runner evaluates with the JShell API, local execution
 * engine, and returns JShell's rendering of the value).
 */
public final class ChildRunner {

    /** Frame header of every answer. */
    public static final byte[] MAGIC = "CKR1".getBytes(StandardCharsets.US_ASCII);
    /** Request id that tells the runner to exit. */
    public static final int QUIT = -1;
    /** Exit status of a runner that ended because the grader that started it is gone. */
    static final int GRADER_GONE = 4;

    static final byte RETURNED = 0;
    static final byte THREW = 1;

    /**
     * Most characters of an answer's exception class name, message, stack and printed output the runner
     * sends (each clipped, with an ellipsis after); the grader refuses an answer that carries more, which
     * only a frame written in the runner's place can.
     */
    public static final int CLASS_NAME_CAP = 200;
    /** See {@link #CLASS_NAME_CAP}. */
    public static final int MESSAGE_CAP = 2000;
    /** See {@link #CLASS_NAME_CAP}. */
    public static final int STACK_CAP = 4000;
    /** See {@link #CLASS_NAME_CAP}. */
    public static final int OUTPUT_CAP = 16 * 1024;
    private static final long STACK_BYTES = 16L << 20;

    private final Path classes;
    private final byte[] nonce;
    private final CappedBuffer captured = new CappedBuffer(OUTPUT_CAP);

    private ChildRunner(Path classes, byte[] nonce) {
        this.classes = classes;
        this.nonce = nonce;
    }

    public static void main(String[] args) throws Exception {
        NoNetwork.installIfAsked();
        // the channel is this process's own stdin and stdout; keep them before student code runs
        Lifeline lifeline = new Lifeline(new FileInputStream(FileDescriptor.in));
        DataInputStream in = new DataInputStream(new BufferedInputStream(lifeline, 1 << 16));
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        byte[] nonce = in.readNBytes(16);
        ChildRunner runner = new ChildRunner(Path.of(in.readUTF()), nonce);
        System.setIn(new ByteArrayInputStream(new byte[0]));
        PrintStream capture = new PrintStream(runner.captured, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        watchParent();
        runner.serve(in, out, lifeline);
        Runtime.getRuntime().halt(0);
    }

    /**
     * Ends this JVM when its parent is gone, even in the middle of a test: without a sandbox the
     * parent is the grader. (In a namespace sandbox it is the sandbox's init, which outlives a
     * killed grader when bwrap had not yet armed its parent-death signal: {@link Lifeline} covers
     * that.)
     */
    private static void watchParent() {
        long parent = parentPid();
        Thread watcher = new Thread(() -> {
            while (true) {
                sleepQuietly(500);
                if (parentPid() != parent) {
                    Runtime.getRuntime().halt(GRADER_GONE);
                }
            }
        }, "parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    /**
     * This process's parent's pid, which becomes another's (init's, or a subreaper's) when the
     * parent dies: read from this process's own {@code /proc/self/stat}, since under the separate
     * uid the child may not look at its parent's entries ({@link OwnProcOnly}), which
     * {@link ProcessHandle#parent} needs; ProcessHandle's answer where there is no {@code /proc}.
     */
    static long parentPid() {
        try {
            String stat = java.nio.file.Files.readString(Path.of("/proc/self/stat"));
            // "pid (name) state ppid ...": the name may hold spaces and parentheses, so from the last ')'
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
        } catch (IOException | RuntimeException e) {
            return ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
        }
    }

    private void serve(DataInputStream in, OutputStream out, Lifeline lifeline) throws IOException {
        // one request after another
        while (true) {
            int id;
            try {
                id = in.readInt();
            } catch (java.io.EOFException e) {
                return;
            }
            if (id == QUIT) {
                return;
            }
            String kind = in.readUTF();
            String className = in.readUTF();
            String methodName = in.readUTF();
            int arity = in.readInt();
            String[] types = new String[arity];
            for (int i = 0; i < arity; i++) {
                types[i] = in.readUTF();
            }
            long[] budget = {Long.MAX_VALUE};
            Object[] arguments = new Object[arity];
            for (int i = 0; i < arity; i++) {
                arguments[i] = Wire.read(in, budget);
            }
            lifeline.running(true);
            Answer answer = run(kind, className, methodName, types, arguments);
            lifeline.running(false);
            send(out, id, answer);
        }
    }

    /**
     * This process's stdin, read ahead by a thread of its own, so that the grader's end is seen
     * while a test runs. The grader writes nothing while it waits for an answer, so the end of
     * its input then means it is gone (killed): the runner halts at once, even in the middle of
     * student code that never returns. {@link #watchParent} cannot see that in a namespace
     * sandbox, where this JVM's parent is the sandbox's init; and bwrap arms that init's
     * parent-death signal only after the command has started, so a grader killed in that window
     * left the sandbox and the student's endless loop running (seen under load in BatchTests).
     * Between tests the end of input is only the end: {@link #serve} returns when it reads it.
     */
    static final class Lifeline extends java.io.InputStream {
        private static final byte[] END = new byte[0];
        private final java.util.concurrent.BlockingQueue<byte[]> chunks = new java.util.concurrent.LinkedBlockingQueue<>();
        private volatile boolean running;
        private volatile boolean ended;
        private byte[] chunk = new byte[0];
        private int at;

        Lifeline(java.io.InputStream source) {
            Thread reader = new Thread(() -> {
                byte[] buffer = new byte[1 << 16];
                try {
                    for (int n = source.read(buffer); n >= 0; n = source.read(buffer)) {
                        chunks.add(java.util.Arrays.copyOf(buffer, n));
                    }
                } catch (IOException e) {
                    // a broken input ends like a closed one
                }
                ended = true;
                if (running) {
                    Runtime.getRuntime().halt(GRADER_GONE);
                }
                chunks.add(END);
            }, "grader-lifeline");
            reader.setDaemon(true);
            reader.start();
        }

        /**
         * Whether a test runs from now on: while one does, the end of input halts this JVM (also
         * when the end came first: a request whose grader died before it ran is not run).
         */
        void running(boolean value) {
            running = value;
            if (value && ended) {
                Runtime.getRuntime().halt(GRADER_GONE);
            }
        }

        @Override
        public int read() {
            return fill() ? chunk[at++] & 0xff : -1;
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            java.util.Objects.checkFromIndexSize(offset, length, into.length);
            if (length == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(length, chunk.length - at);
            System.arraycopy(chunk, at, into, offset, n);
            at += n;
            return n;
        }

        /** Whether a byte is ready in {@code chunk} (waiting for the next chunk); false at the end. */
        private boolean fill() {
            while (at == chunk.length) {
                if (chunk == END) {
                    return false;
                }
                try {
                    chunk = chunks.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                at = 0;
            }
            return true;
        }
    }

    /** What one test produced. */
    private static final class Answer {
        byte outcome = RETURNED;
        Object value;
        String exceptionClass = "";
        String exceptionMessage = "";
        String stack = "";
        long nanos;
        int threadsLeft;
        boolean restart;
    }

    private Answer run(String kind, String className, String methodName, String[] types, Object[] arguments) {
        Answer answer = new Answer();
        captured.reset();
        JdkState state = JdkState.take();
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        URLClassLoader loader;
        try {
            loader = new URLClassLoader("student", new URL[] {classes.toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
        } catch (IOException e) {
            fail(answer, e);
            return answer;
        }
        Thread test = new Thread(null, () -> {
            long start = System.nanoTime();
            try {
                Class<?> type = Class.forName(className, true, loader);
                Class<?>[] parameterTypes = new Class<?>[types.length];
                for (int i = 0; i < types.length; i++) {
                    parameterTypes[i] = typeNamed(types[i]);
                }
                Method method = type.getDeclaredMethod(methodName, parameterTypes);
                if (!Modifier.isStatic(method.getModifiers())) {
                    throw new IllegalStateException("method " + methodName + " must be static");
                }
                method.setAccessible(true);
                answer.value = method.invoke(null, arguments);
            } catch (InvocationTargetException e) {
                fail(answer, e.getCause());
            } catch (Throwable e) {
                fail(answer, e);
            }
            answer.nanos = System.nanoTime() - start;
        }, "student-test", STACK_BYTES);
        test.start();
        joinQuietly(test);
        answer.threadsLeft = threadsLeft(before, test);
        if (answer.threadsLeft > 0) {
            answer.restart = true;
        } else {
            closeQuietly(loader);
        }
        if ("jshell".equals(kind) && answer.outcome == RETURNED) {
            evaluate(answer);
        }
        state.restore();
        if (OutOfMemoryError.class.getName().equals(answer.exceptionClass)) {
            answer.restart = true;
        }
        return answer;
    }

    /** Evaluates the returned String as a Java expression with JShell's local engine. */
    private void evaluate(Answer answer) {
        if (!(answer.value instanceof String source)) {
            answer.outcome = THREW;
            answer.exceptionClass = "NotAnExpression";
            answer.exceptionMessage = "the method must return the expression as a String, but returned "
                + (answer.value == null ? "null" : answer.value.getClass().getSimpleName());
            answer.value = null;
            return;
        }
        try {
            answer.value = JShellEvaluator.evaluate(source);
        } catch (JShellEvaluator.Rejected e) {
            answer.outcome = THREW;
            answer.exceptionClass = e.kind;
            answer.exceptionMessage = e.getMessage();
            answer.value = null;
        } catch (Throwable e) {
            answer.value = null;
            fail(answer, e);
        }
    }

    private static int threadsLeft(Set<Thread> before, Thread test) {
        long deadline = System.nanoTime() + 200_000_000L;
        int left;
        do {
            left = 0;
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t != test && t.isAlive() && !before.contains(t)) {
                    left++;
                }
            }
            if (left == 0) {
                return 0;
            }
            sleepQuietly(20);
        } while (System.nanoTime() < deadline);
        return left;
    }

    private static void fail(Answer answer, Throwable e) {
        answer.outcome = THREW;
        answer.value = null;
        answer.exceptionClass = e.getClass().getName();
        answer.exceptionMessage = String.valueOf(e.getMessage());
        StringBuilder stack = new StringBuilder();
        int shown = 0;
        // the student's own frames (loaded by the per-test "student" loader) say where it went wrong
        for (StackTraceElement frame : e.getStackTrace()) {
            if ("student".equals(frame.getClassLoaderName())) {
                stack.append("    at ").append(frame.getClassName()).append('.').append(frame.getMethodName())
                    .append('(').append(frame.getFileName()).append(':').append(frame.getLineNumber()).append(")\n");
                if (++shown == 6) {
                    break;
                }
            }
        }
        if (shown == 0 && e.getStackTrace().length > 0) {
            stack.append("    at ").append(e.getStackTrace()[0]).append('\n');
        }
        answer.stack = stack.toString();
    }

    private void send(OutputStream out, int id, Answer answer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream payload = new DataOutputStream(bytes);
        payload.writeInt(id);
        payload.writeByte(answer.outcome);
        try {
            Wire.write(payload, answer.value);
        } catch (Throwable e) {
            bytes.reset();
            payload = new DataOutputStream(bytes);
            payload.writeInt(id);
            payload.writeByte(THREW);
            Wire.write(payload, null);
            answer.exceptionClass = e.getClass().getName();
            answer.exceptionMessage = "the result could not be sent back: " + e.getMessage();
            answer.restart = true;
        }
        payload.writeUTF(clip(answer.exceptionClass, CLASS_NAME_CAP));
        payload.writeUTF(clip(answer.exceptionMessage, MESSAGE_CAP));
        payload.writeUTF(clip(answer.stack, STACK_CAP));
        payload.writeUTF(clip(captured.text(), OUTPUT_CAP));
        payload.writeLong(captured.dropped());
        payload.writeLong(answer.nanos);
        payload.writeInt(answer.threadsLeft);
        payload.writeBoolean(answer.restart);
        payload.flush();
        DataOutputStream frame = new DataOutputStream(new java.io.BufferedOutputStream(out, 1 << 16));
        frame.write(MAGIC);
        frame.write(nonce);
        frame.writeInt(bytes.size());
        bytes.writeTo(frame);
        frame.flush();
    }

    private static Class<?> typeNamed(String name) throws ClassNotFoundException {
        return switch (name) {
            case "int" -> int.class;
            case "long" -> long.class;
            case "double" -> double.class;
            case "boolean" -> boolean.class;
            default -> Class.forName(name, false, ClassLoader.getPlatformClassLoader());
        };
    }

    private static String clip(String s, int max) {
        String text = s == null ? "" : s;
        // writeUTF allows at most 65535 bytes; chars may take 3 bytes
        int limit = Math.min(max, 20_000);
        return text.length() <= limit ? text : text.substring(0, limit) + "…";
    }

    private static void joinQuietly(Thread t) {
        while (true) {
            try {
                t.join();
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(URLClassLoader loader) {
        try {
            loader.close();
        } catch (IOException e) {
            // nothing more to release
        }
    }

    /** What student code prints: kept up to a cap, the rest counted and dropped. */
    static final class CappedBuffer extends OutputStream {
        private final int cap;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private long dropped;

        CappedBuffer(int cap) {
            this.cap = cap;
        }

        @Override
        public synchronized void write(int b) {
            if (kept.size() < cap) {
                kept.write(b);
            } else {
                dropped++;
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            int room = Math.max(0, cap - kept.size());
            int keep = Math.min(room, len);
            kept.write(b, off, keep);
            dropped += len - keep;
        }

        synchronized void reset() {
            kept.reset();
            dropped = 0;
        }

        synchronized String text() {
            return kept.toString(StandardCharsets.UTF_8);
        }

        synchronized long dropped() {
            return dropped;
        }
    }
}

package convkit.grader.run;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

import convkit.grader.child.ChildRunner;
import convkit.grader.child.Wire;

/**
 * One child JVM running {@code ChildRunner} over one exercise's student classes, in a
 * {@link Sandbox} jail where the runner's folder and the student's classes are bound read-only
 * and nothing else of the grader exists.
 *
 * <p>Requests go down the child's stdin, answers come up its stdout, each answer framed with
 * {@code CKR1} and a random 16-byte nonce (so JVM messages or stray bytes on stdout are never
 * taken for an answer); stderr is drained separately and capped. On timeout the child is killed
 * with everything it started.
 */
final class ChildJvm implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * Largest answer read, in bytes on the wire: the suites' answers take a few KiB (Ex06's largest
     * im2col matrix 3.6 KiB), and a wrong answer of two million doubles still comes back to be judged.
     */
    private static final int MAX_FRAME = 16 << 20;
    /** Most heap one answer may take once read ({@link Wire#read}'s budget). */
    private static final long DECODE_BUDGET = 32L << 20;

    private final JailedJava java;
    private final byte[] nonce;
    private int nextId;
    private boolean restart;

    private ChildJvm(JailedJava java, byte[] nonce) {
        this.java = java;
        this.nonce = nonce;
    }

    /** Starts a child over {@code studentClasses} in a new jail of {@code sandbox}. */
    static ChildJvm start(Sandbox sandbox, Path studentClasses, Limits limits) throws IOException {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        Sandbox.Jail jail = sandbox.jail(limits.wholeRun(), limits.heapMegabytes());
        Path classes = jail.bind(studentClasses, "/opt/student", false);
        JailedJava java = JailedJava.start(jail, List.of("-Xmx" + limits.heapMegabytes() + "m",
            "-XX:MaxDirectMemorySize=64m", "-Xss1m"), ChildRunner.class.getName(), limits.outputBytes());
        try {
            java.requests().write(nonce);
            java.requests().writeUTF(classes.toString());
            java.requests().flush();
        } catch (IOException e) {
            java.close();
            throw new IOException("the child JVM stopped at once: " + java.stderr(), e);
        }
        return new ChildJvm(java, nonce);
    }

    /** Sends one call and waits for its answer at most {@code timeout}. */
    Outcome call(Call call, Duration timeout) {
        int id = nextId++;
        try {
            writeCall(java.requests(), id, call);
            java.requests().flush();
        } catch (IOException e) {
            return died("the child JVM stopped before the test could be sent");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            byte[] magic = java.answers().readFully(4, deadline);
            byte[] frameNonce = java.answers().readFully(nonce.length, deadline);
            int length = java.answers().readInt(deadline);
            if (!Arrays.equals(magic, ChildRunner.MAGIC) || !Arrays.equals(frameNonce, nonce) || length < 0) {
                return died("the child sent an answer that is not framed by this run's nonce");
            }
            if (length > MAX_FRAME) {
                return refused(String.format(Locale.ROOT, "it claims %.1f MiB, more than the %d MiB the grader reads"
                    + " of one answer (the suites' answers take a few KiB)", length / (double) (1 << 20), MAX_FRAME >> 20));
            }
            Outcome outcome = decode(id, java.answers().readFully(length, deadline));
            boolean answered = outcome.kind() == Outcome.Kind.RETURNED || outcome.kind() == Outcome.Kind.THREW;
            // files made faster than the watch looks cost the test that made them
            return answered && java.sandboxLookNow() != null
                ? died("its folders were past their limit when it answered, and it was ended") : outcome;
        } catch (TimeoutException e) {
            return Outcome.timedOut("no answer within " + timeout.toMillis() + " ms (infinite loop, or far too slow?)");
        } catch (EOFException e) {
            return died("the child JVM ended during the test");
        } catch (IOException e) {
            return died("the channel to the child JVM broke: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return died("the grader was interrupted");
        }
    }

    /** One request of {@link ChildRunner}'s protocol: its id, kind, method, parameter types and arguments. */
    static void writeCall(java.io.DataOutputStream out, int id, Call call) throws IOException {
        out.writeInt(id);
        out.writeUTF(call.evaluate() ? "jshell" : "call");
        out.writeUTF(call.className());
        out.writeUTF(call.method());
        out.writeInt(call.parameterTypes().size());
        for (String type : call.parameterTypes()) {
            out.writeUTF(type);
        }
        for (Object argument : call.arguments()) {
            Wire.write(out, argument);
        }
    }

    /** Whether the last answer asked for a fresh child (threads left running, OOM). */
    boolean wantsRestart() {
        return restart;
    }

    /** The answer in {@code payload}, all of which arrived: what does not read as one is refused, ending the child. */
    private Outcome decode(int id, byte[] payload) {
        DataInputStream data = new DataInputStream(new ByteArrayInputStream(payload));
        try {
            int answered = data.readInt();
            if (answered != id) {
                return died("the child answered test " + answered + " when test " + id + " was asked");
            }
            byte outcome = data.readByte();
            long[] budget = {DECODE_BUDGET};
            Object value = Wire.read(data, budget);
            String exceptionClass = sent(data, "exception class name", ChildRunner.CLASS_NAME_CAP);
            String message = sent(data, "exception message", ChildRunner.MESSAGE_CAP);
            String stack = sent(data, "stack trace", ChildRunner.STACK_CAP);
            String output = sent(data, "printed output", ChildRunner.OUTPUT_CAP);
            long dropped = data.readLong();
            long nanos = data.readLong();
            int threadsLeft = data.readInt();
            restart = data.readBoolean();
            Outcome.Kind kind = outcome == 0 ? Outcome.Kind.RETURNED : Outcome.Kind.THREW;
            return new Outcome(kind, value, exceptionClass, message, stack, output, dropped, nanos, threadsLeft);
        } catch (TextTooLong e) {
            return refused(e.getMessage());
        } catch (IOException e) {
            return refused((e instanceof EOFException ? "it ends too soon" : e.getMessage())
                + " (one answer may take " + (DECODE_BUDGET >> 20) + " MiB of the grader's memory once read)");
        }
    }

    /**
     * One of the answer's texts, no longer than the runner sends it ({@code cap} characters and the ellipsis
     * its clip adds): a longer one was written in the runner's place, to fill the feedback.
     */
    private static String sent(DataInputStream data, String what, int cap) throws IOException {
        String text = data.readUTF();
        if (text.length() > cap + 1) {
            throw new TextTooLong("its " + what + " is " + text.length() + " characters long, more than the " + cap
                + " the runner sends");
        }
        return text;
    }

    /** An answer's text longer than the runner sends it. */
    private static final class TextTooLong extends IOException {
        TextTooLong(String message) {
            super(message);
        }
    }

    /** An answer not read: the channel is out of step with the child, which is ended. */
    private Outcome refused(String why) {
        java.close();
        return Outcome.refused(why, java.stderr());
    }

    private Outcome died(String what) {
        String ended = java.sandboxEnded();
        String exit = java.exitStatus(2000)
            + (java.outOfMemory() ? " (its processes used all the memory they may: the cgroup's limit)" : "")
            + (ended != null ? " (the sandbox ended it: " + ended + ")" : "");
        java.close();
        return Outcome.died(what + exit, java.stderr());
    }

    /** What the child printed outside the tests (JVM messages, writes to the raw descriptors). */
    String rawOutput() {
        return java.stderr();
    }

    @Override
    public void close() {
        try {
            java.requests().writeInt(ChildRunner.QUIT);
            java.requests().flush();
        } catch (IOException e) {
            // already gone
        }
        java.finish(300);
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}

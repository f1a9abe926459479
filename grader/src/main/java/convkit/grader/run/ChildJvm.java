package convkit.grader.run;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import convkit.grader.child.ChildRunner;
import convkit.grader.child.Wire;

/**
 * One child JVM running {@code ChildRunner} over one exercise's student classes.
 *
 * <p>The class path is the runner's folder plus the student's folder, nothing else. The working
 * directory and {@code java.io.tmpdir} are a fresh empty folder; the environment is emptied but for
 * {@code PATH} and {@code LANG}. Requests and answers travel over a loopback socket that the child
 * opens back to this process, authenticated by a random 16-byte nonce that also frames every
 * answer; what the child prints on stdout/stderr is drained separately and capped. On timeout the
 * whole process tree is killed ({@link ProcessHandle#descendants()}).
 */
final class ChildJvm implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_FRAME = 256 << 20;
    private static final long ELEMENT_BUDGET = 40_000_000L;

    private final Process process;
    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final byte[] nonce;
    private final Drain stdout;
    private final Drain stderr;
    private int nextId;
    private boolean restart;

    private ChildJvm(Process process, Socket socket, byte[] nonce, Drain stdout, Drain stderr) throws IOException {
        this.process = process;
        this.socket = socket;
        this.nonce = nonce;
        this.stdout = stdout;
        this.stderr = stderr;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
        this.out = new DataOutputStream(new java.io.BufferedOutputStream(socket.getOutputStream(), 1 << 16));
    }

    /** Starts a child over {@code studentClasses}, working in {@code workDir}; waits for it to connect. */
    static ChildJvm start(Path studentClasses, Path workDir, Limits limits, Duration connectTimeout)
        throws IOException {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<String> command = new ArrayList<>(List.of(
                javaExecutable(),
                "-Xmx" + limits.heapMegabytes() + "m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-XX:-UsePerfData",
                "-Xshare:auto",
                "-Djava.io.tmpdir=" + workDir,
                "-Duser.home=" + workDir,
                "-Dfile.encoding=UTF-8",
                "-cp", RunnerClasses.directory().toString(),
                "convkit.grader.child.ChildRunner"));
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
            Map<String, String> environment = builder.environment();
            String path = environment.getOrDefault("PATH", "/usr/bin:/bin");
            environment.clear();
            environment.put("PATH", path);
            environment.put("LANG", "C.UTF-8");
            Process process = builder.start();
            Drain stdout = Drain.start(process.getInputStream(), limits.outputBytes());
            Drain stderr = Drain.start(process.getErrorStream(), limits.outputBytes());
            try (OutputStream stdin = process.getOutputStream()) {
                String header = server.getLocalPort() + " " + HexFormat.of().formatHex(nonce) + " " + studentClasses + "\n";
                stdin.write(header.getBytes(StandardCharsets.UTF_8));
            }
            server.setSoTimeout((int) Math.max(1, connectTimeout.toMillis()));
            long deadline = System.nanoTime() + connectTimeout.toNanos();
            // accept connections until one proves it is our child
            while (true) {
                Socket socket;
                try {
                    socket = server.accept();
                } catch (SocketTimeoutException e) {
                    killTree(process);
                    throw new IOException("the child JVM did not connect within " + connectTimeout.toMillis()
                        + " ms; its stderr: " + stderr.text());
                }
                socket.setSoTimeout((int) Math.max(1, connectTimeout.toMillis()));
                byte[] proof = new DataInputStream(socket.getInputStream()).readNBytes(nonce.length);
                if (Arrays.equals(proof, nonce)) {
                    socket.setTcpNoDelay(true);
                    return new ChildJvm(process, socket, nonce, stdout, stderr);
                }
                socket.close();
                if (System.nanoTime() > deadline) {
                    killTree(process);
                    throw new IOException("no connection carried the nonce");
                }
            }
        }
    }

    /** Sends one call and waits for its answer at most {@code timeout}. */
    Outcome call(Call call, Duration timeout) {
        int id = nextId++;
        try {
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
            out.flush();
        } catch (IOException e) {
            return died("the child JVM stopped before the test could be sent");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            setTimeout(deadline);
            byte[] magic = in.readNBytes(4);
            if (magic.length < 4) {
                return died("the child JVM ended during the test");
            }
            setTimeout(deadline);
            byte[] frameNonce = in.readNBytes(nonce.length);
            int length = in.readInt();
            if (!Arrays.equals(magic, ChildRunner.MAGIC)
                || !Arrays.equals(frameNonce, nonce) || length < 0 || length > MAX_FRAME) {
                return died("the child sent an answer that is not framed by this run's nonce");
            }
            setTimeout(deadline);
            byte[] payload = in.readNBytes(length);
            if (payload.length < length) {
                return died("the child JVM ended while answering");
            }
            return decode(id, payload);
        } catch (SocketTimeoutException e) {
            return Outcome.timedOut("no answer within " + timeout.toMillis() + " ms (infinite loop, or far too slow?)");
        } catch (EOFException e) {
            return died("the child JVM ended during the test");
        } catch (IOException e) {
            return died("the connection to the child JVM broke: " + e.getMessage());
        }
    }

    private void setTimeout(long deadline) throws IOException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
    }

    /** Whether the last answer asked for a fresh child (threads left running, OOM). */
    boolean wantsRestart() {
        return restart;
    }

    private Outcome decode(int id, byte[] payload) throws IOException {
        DataInputStream data = new DataInputStream(new java.io.ByteArrayInputStream(payload));
        int answered = data.readInt();
        if (answered != id) {
            return died("the child answered test " + answered + " when test " + id + " was asked");
        }
        byte outcome = data.readByte();
        long[] budget = {ELEMENT_BUDGET};
        Object value = Wire.read(data, budget);
        String exceptionClass = data.readUTF();
        String message = data.readUTF();
        String stack = data.readUTF();
        String output = data.readUTF();
        long dropped = data.readLong();
        long nanos = data.readLong();
        int threadsLeft = data.readInt();
        restart = data.readBoolean();
        Outcome.Kind kind = outcome == 0 ? Outcome.Kind.RETURNED : Outcome.Kind.THREW;
        return new Outcome(kind, value, exceptionClass, message, stack, output, dropped, nanos, threadsLeft);
    }

    private Outcome died(String what) {
        String exit;
        try {
            exit = process.waitFor(2, TimeUnit.SECONDS) ? " with exit status " + process.exitValue() : "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exit = "";
        }
        killTree(process);
        String raw = (stdout.text() + stderr.text()).strip();
        return Outcome.died(what + exit, raw);
    }

    /** What the child printed outside the tests (JVM messages, writes to the raw descriptors). */
    String rawOutput() {
        return (stdout.text() + stderr.text()).strip();
    }

    @Override
    public void close() {
        try {
            out.writeInt(ChildRunner.QUIT);
            out.flush();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(300, TimeUnit.MILLISECONDS)) {
                killTree(process);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        killTree(process);
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to release
        }
    }

    /** Kills the child and every process it started, children first. */
    static void killTree(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        descendants.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Reads a stream to its end, keeping the first {@code cap} bytes. */
    static final class Drain implements Runnable {
        private final InputStream source;
        private final int cap;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private long dropped;

        private Drain(InputStream source, int cap) {
            this.source = source;
            this.cap = cap;
        }

        static Drain start(InputStream source, int cap) {
            Drain drain = new Drain(source, cap);
            Thread thread = new Thread(drain, "child-output");
            thread.setDaemon(true);
            thread.start();
            return drain;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            try (source) {
                int n;
                while ((n = source.read(buffer)) >= 0) {
                    synchronized (this) {
                        int keep = Math.max(0, Math.min(n, cap - kept.size()));
                        kept.write(buffer, 0, keep);
                        dropped += n - keep;
                    }
                }
            } catch (IOException e) {
                // the child is gone
            }
        }

        synchronized String text() {
            String text = kept.toString(StandardCharsets.UTF_8);
            return dropped > 0 ? text + "\n… " + dropped + " more bytes dropped" : text;
        }
    }

}

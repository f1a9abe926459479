package convkit.grader.run;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import convkit.grader.child.NoNetwork;
import convkit.grader.child.OwnProcOnly;

/**
 * A JVM started in a {@link Sandbox.Jail}, running one of the runner's main classes with only
 * the runner's folder (and what the caller binds) visible. The channel is the process's own
 * pipes: requests go down stdin, answers come up stdout ({@link PipeReader}, with deadlines);
 * stderr (JVM messages) is drained and capped. No socket, no network: under a sandbox the JVM
 * denies itself sockets before student code runs ({@link NoNetwork}).
 */
public final class JailedJava implements AutoCloseable {

    private final Process process;
    private final Sandbox.Jail jail;
    private final DataOutputStream requests;
    private final PipeReader answers;
    private final Drain stderr;
    private final Sandbox.Watch watch;

    private JailedJava(Process process, Sandbox.Jail jail, int outputCap) {
        this.process = process;
        this.jail = jail;
        this.watch = jail.watch(process);
        this.requests = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
        this.answers = PipeReader.start(process.getInputStream(), "child-answers");
        this.stderr = Drain.start(process.getErrorStream(), outputCap);
    }

    /**
     * Starts {@code java <jvmOptions> -cp <runner> <mainClass>} in {@code jail}; the jail belongs
     * to the new process from here on (closed with it).
     */
    public static JailedJava start(Sandbox.Jail jail, List<String> jvmOptions, String mainClass, int outputCap)
        throws IOException {
        Path runner = jail.bind(RunnerClasses.directory(), Sandbox.RUNNER_INSIDE, false);
        Path work = jail.workDir();
        List<String> inner = new ArrayList<>(List.of(ChildJvm.javaExecutable()));
        inner.addAll(OwnProcOnly.SMALL_JVM);
        inner.addAll(List.of("-Djava.io.tmpdir=" + work, "-Duser.home=" + work, "-Dfile.encoding=UTF-8"));
        if (jail.deniesNetwork()) {
            inner.add("-D" + NoNetwork.PROPERTY + "=deny");
        }
        if (jail.deniesIpc()) {
            inner.add("-D" + NoNetwork.IPC_PROPERTY + "=deny");
        }
        inner.addAll(jvmOptions);
        inner.addAll(List.of("-cp", runner.toString(), mainClass));
        if (jail.closesProc()) {
            // the host's /proc shows every process: the child's first step closes it but for its own entries
            inner = OwnProcOnly.command(ChildJvm.javaExecutable(), runner.toString(), Sandbox.topsButProc(), inner);
        }
        try {
            Process process = jail.start(jail.command(inner));
            return new JailedJava(process, jail, outputCap);
        } catch (IOException | RuntimeException e) {
            jail.close();
            throw e;
        }
    }

    /** The child's stdin. */
    public DataOutputStream requests() {
        return requests;
    }

    /** The child's stdout, read with deadlines. */
    public PipeReader answers() {
        return answers;
    }

    /** Whether the child's cgroup reached its memory limit. */
    public boolean outOfMemory() {
        return jail.outOfMemory();
    }

    /**
     * Why the sandbox ended the child for the files it made ("its /tmp held 10,412 files (at most
     * 10,000; ...)") or, without a cgroup, the memory it held, or null when it did not.
     */
    public String sandboxEnded() {
        return watch.ended().get();
    }

    /** Looks at the child's folders at once ({@link Sandbox.Watch#lookNow}): why it was ended, or null. */
    String sandboxLookNow() {
        return watch.lookNow().get();
    }

    /** Whether the process is still running. */
    boolean alive() {
        return process.isAlive();
    }

    /** The exit status, waiting at most {@code millis}; empty text when it has not ended. */
    public String exitStatus(long millis) {
        try {
            return process.waitFor(millis, TimeUnit.MILLISECONDS) ? " with exit status " + process.exitValue() : "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** What the JVM printed on stderr (its own messages, or student writes to the raw descriptor). */
    public String stderr() {
        return stderr.text().strip();
    }

    /** Asks nothing more: closes stdin, waits briefly for a clean exit, then kills the tree. */
    void finish(long graceMillis) {
        try {
            requests.close();
        } catch (IOException e) {
            // already gone
        }
        try {
            process.waitFor(graceMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
    }

    /** Kills the process and everything it started (in a PID namespace: the whole namespace). */
    @Override
    public void close() {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        jail.close();
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

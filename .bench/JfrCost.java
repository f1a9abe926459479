import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordingStream;

/**
 * What the bench's JIT watch costs a JVM that is doing nothing else: the CPU its threads other
 * than the main one use per second, with the flight recorder watching the JIT's events as the
 * watch does (a stream of jdk.Compilation, jdk.Deoptimization and jdk.CompilerInlining, parsed as
 * it comes), as a plain recording of the same events, in memory, and with none. The main thread
 * spins; each mode runs in a JVM of its own, the modes in turn, {@code --rounds} times.
 *
 * <p>Not part of the build or the tests. Run it with the JDK the project uses:
 * <pre>
 *   java .bench/JfrCost.java --rounds 3 --seconds 20
 * </pre>
 */
public class JfrCost {

    private static final List<String> MODES = List.of("none", "stream", "recording", "memory");

    public static void main(String[] args) throws Exception {
        int rounds = 3;
        int seconds = 20;
        String mode = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--mode" -> mode = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                    + " (--rounds N, --seconds S)");
            }
        }
        if (mode != null) {
            System.out.println(measure(mode, seconds));
            return;
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        String source = System.getProperty("jdk.launcher.sourcefile", ".bench/JfrCost.java");
        System.out.printf(Locale.ROOT, "other threads' CPU per second of a JVM spinning one thread, %d s a run, %d rounds; %s, %s%n",
            seconds, rounds, System.getProperty("java.vm.version"), cpu());
        double[][] perMode = new double[MODES.size()][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int m = 0; m < MODES.size(); m++) {
                Process p = new ProcessBuilder(java, source, "--mode", MODES.get(m), "--seconds", "" + seconds)
                    .redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes()).strip();
                if (p.waitFor() != 0) {
                    throw new IllegalStateException(MODES.get(m) + " failed: " + out);
                }
                perMode[m][r] = Double.parseDouble(out.lines().reduce((a, b) -> b).orElseThrow());
            }
        }
        for (int m = 0; m < MODES.size(); m++) {
            double[] sorted = perMode[m].clone();
            Arrays.sort(sorted);
            System.out.printf(Locale.ROOT, "%-10s median %5.2f ms/s   runs %s%n", MODES.get(m), sorted[rounds / 2],
                Arrays.toString(perMode[m]));
        }
    }

    /** The other threads' CPU in ms per second while the main thread spins for {@code seconds}. */
    private static String measure(String mode, int seconds) throws Exception {
        List<AutoCloseable> open = new ArrayList<>();
        switch (mode) {
            case "stream" -> {
                RecordingStream stream = new RecordingStream();
                stream.enable("jdk.Deoptimization").withoutStackTrace();
                stream.enable("jdk.Compilation").withThreshold(Duration.ZERO);
                stream.enable("jdk.CompilerInlining").withoutStackTrace();
                stream.onEvent(e -> { });
                stream.startAsync();
                open.add(stream);
            }
            case "recording", "memory" -> {
                Recording recording = new Recording();
                recording.setToDisk(mode.equals("recording"));
                recording.enable("jdk.Deoptimization").withoutStackTrace();
                recording.enable("jdk.Compilation").withThreshold(Duration.ZERO);
                recording.enable("jdk.CompilerInlining").withoutStackTrace();
                recording.start();
                open.add(recording);
            }
            case "none" -> { }
            default -> throw new IllegalArgumentException("mode " + mode + ": one of " + MODES);
        }
        Thread.sleep(3000); // the start's own work done
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long process0 = os.getProcessCpuTime();
        long own0 = threads.getCurrentThreadCpuTime();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long spins = 0;
        while (System.nanoTime() < end) {
            spins++;
        }
        long others = os.getProcessCpuTime() - process0 - (threads.getCurrentThreadCpuTime() - own0);
        for (AutoCloseable c : open) {
            c.close();
        }
        return String.format(Locale.ROOT, "%d spins%n%.3f", spins, others / 1e6 / seconds);
    }

    private static String cpu() {
        try {
            return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo")).stream()
                .filter(l -> l.startsWith("model name")).findFirst().map(l -> l.substring(l.indexOf(':') + 2))
                .orElse("cpu unknown");
        } catch (java.io.IOException e) {
            return "cpu unknown";
        }
    }
}

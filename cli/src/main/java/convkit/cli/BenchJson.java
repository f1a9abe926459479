package convkit.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The machine-readable record of a benchmark run (schema {@code convkit-bench/1}), written for
 * the site to plot:
 * <pre>
 * { "schema": "convkit-bench/1", "date": ISO-8601, "command": "bench ...", "pid": the JVM's process id,
 *   "machine": {"cpu", "cores", "os", "arch", "jdk"},
 *   "settings": {"dtype": "f32"|"f64", "threads", "runs", "warmup", "backward", "slowBatch", "control": bool, "turns": bool},
 *   "backend": {"fast": name of the GEMM, "marker", "vectorApi": bool},
 *   "jit": {"watched": bool (the flight recorder was read), "sharedBoundsTraps": [range_check traps
 *           in the JDK's bounds checks, a line each ({@link JitWatch#sharedBoundsTraps})]},
 *   "results": [ {"layer", "shape": {"n","c","h","w","k","kh","kw","stride","pad"},
 *                 "impl": "naive"|"im2col"|"fast"|"torch", "pass": "forward"|"forward+backward",
 *                 "backend", "computeDtype", "measuredBatch", "scaled": bool, "runs",
 *                 "medianMs", "minMs", "maxMs", "medianCpuMs", "gflops", "peakHeapMiB",
 *                 "runsMs": [every timed run, in the order they ran],
 *                 "cpuRunsMs", "jitRunsMs", "gcRuns", "allocRunsBytes", "faultRuns", "preemptRuns",
 *                 "queuedRunsMs", "stealRunsMs": [per timed run, same order: the process's CPU ms, the
 *                 JIT's compilation ms, garbage collections, bytes allocated on the heap by all threads
 *                 (-1 where the JVM does not count them), the process's page faults and involuntary
 *                 context switches (-1 without getrusage), ms the layer's threads were ready to run but
 *                 waited for a core, summed over them (-1 where the system does not say), ms the host took from the machine's CPUs, summed, over the whole
 *                 run (the forward line too; in 10 ms steps, -1 where the machine does not say)],
 *                 "startRunsNs": [per timed run, same order: when it began on the JVM's System.nanoTime
 *                 clock, CLOCK_MONOTONIC on Linux, so that a trace on that clock (perf record -k
 *                 CLOCK_MONOTONIC) lines up with the runs; -1 where not timed here],
 *                 "jitRunsMethods": [per timed run, same order: the compilations that ran during it,
 *                 "Class.method C1|C2 [OSR] ms inside the run", the longest part first, at most five;
 *                 named only where some run of the line had compilation in it, else every list empty],
 *                 "warmup": {"runs", "seconds", "ended": "settled"|"its runs"|"at its cap: " and the rules
 *                 that still failed, "discarded": [the fast path's compiled code the JIT threw
 *                 away in the warm-up, a line each, with when it was compiled again]},
 *                 "control": {"medianMs", "maxMs", "runsMs": [each run, the one right after the layer's
 *                 timed run of the same index]} (only with --control, fast path only),
 *                 "plan": {"routes", "source": "fixed"|"measured"|"unsettled"|"cached", "timings"}
 *                 (the float32 fast path only: the plan the runs ran by)} ],
 *   "speedups": [ {"layer", "pass", "fastOverNaive"} ] }
 * </pre>
 * Times are milliseconds for the layer's full batch (scaled when "scaled" is true).
 */
final class BenchJson {

    private BenchJson() {
    }

    static void write(Path file, String command, Map<String, String> machine, Map<String, Object> settings,
                      Map<String, Object> backend, Map<String, Object> jit, List<BenchResult> results,
                      List<String[]> speedups)
        throws IOException {
        StringBuilder json = new StringBuilder();
        json.append("{\n  \"schema\": \"convkit-bench/1\",\n");
        json.append("  \"date\": ").append(string(Instant.now().toString())).append(",\n");
        json.append("  \"command\": ").append(string(command)).append(",\n");
        json.append("  \"pid\": ").append(ProcessHandle.current().pid()).append(",\n");
        json.append("  \"machine\": ").append(object(Map.copyOf(machine))).append(",\n");
        json.append("  \"settings\": ").append(object(settings)).append(",\n");
        json.append("  \"backend\": ").append(object(backend)).append(",\n");
        json.append("  \"jit\": ").append(object(jit)).append(",\n");
        json.append("  \"results\": [");
        for (int i = 0; i < results.size(); i++) {
            BenchResult r = results.get(i);
            var s = r.layer().shape();
            json.append(i == 0 ? "\n" : ",\n").append("    {");
            json.append("\"layer\": ").append(string(r.layer().name()));
            json.append(", \"shape\": {\"n\": ").append(s.n()).append(", \"c\": ").append(s.c())
                .append(", \"h\": ").append(s.h()).append(", \"w\": ").append(s.w()).append(", \"k\": ").append(s.k())
                .append(", \"kh\": ").append(s.kh()).append(", \"kw\": ").append(s.kw())
                .append(", \"stride\": ").append(s.strideH()).append(", \"pad\": ").append(s.padH()).append("}");
            json.append(", \"impl\": ").append(string(r.impl()));
            json.append(", \"pass\": ").append(string(r.pass()));
            json.append(", \"backend\": ").append(string(r.backend()));
            json.append(", \"computeDtype\": ").append(string(r.computeDtype()));
            json.append(", \"measuredBatch\": ").append(r.measuredBatch());
            json.append(", \"scaled\": ").append(r.scaled());
            json.append(", \"runs\": ").append(r.runs());
            json.append(", \"medianMs\": ").append(number(r.medianMs()));
            json.append(", \"minMs\": ").append(number(r.minMs()));
            json.append(", \"maxMs\": ").append(number(r.maxMs()));
            json.append(", \"medianCpuMs\": ").append(number(r.medianCpuMs()));
            json.append(", \"gflops\": ").append(number(r.gflops()));
            json.append(", \"peakHeapMiB\": ").append(number(r.peakHeapMiB()));
            json.append(", \"runsMs\": ").append(array(java.util.Arrays.stream(r.runsMs()).mapToObj(BenchJson::number)));
            json.append(", \"cpuRunsMs\": ")
                .append(array(java.util.Arrays.stream(r.runEvents().cpuMs()).mapToObj(BenchJson::number)));
            json.append(", \"jitRunsMs\": ").append(array(java.util.Arrays.stream(r.runEvents().jitMs()).mapToObj(Long::toString)));
            json.append(", \"gcRuns\": ")
                .append(array(java.util.Arrays.stream(r.runEvents().collections()).mapToObj(Long::toString)));
            json.append(", \"allocRunsBytes\": ")
                .append(array(java.util.Arrays.stream(r.runEvents().allocatedBytes()).mapToObj(Long::toString)));
            json.append(", \"faultRuns\": ")
                .append(array(java.util.Arrays.stream(r.runEvents().faults()).mapToObj(Long::toString)));
            json.append(", \"preemptRuns\": ")
                .append(array(java.util.Arrays.stream(r.runEvents().preempted()).mapToObj(Long::toString)));
            json.append(", \"queuedRunsMs\": ")
                .append(array(java.util.Arrays.stream(r.runEvents().queuedMs()).mapToObj(BenchJson::number)));
            json.append(", \"stealRunsMs\": ")
                .append(array(java.util.Arrays.stream(r.runEvents().stealMs()).mapToObj(Long::toString)));
            json.append(", \"startRunsNs\": ")
                .append(array(java.util.Arrays.stream(r.runEvents().startNanos()).mapToObj(Long::toString)));
            json.append(", \"jitRunsMethods\": ").append(array(r.runEvents().jitMethods().stream()
                .map(methods -> array(methods.stream().map(BenchJson::string)))));
            json.append(", \"warmup\": {\"runs\": ").append(r.warmup().runs())
                .append(", \"seconds\": ").append(number(r.warmup().seconds()))
                .append(", \"ended\": ").append(string(r.warmup().ended()))
                .append(", \"discarded\": ").append(array(r.warmup().discarded().stream().map(BenchJson::string)))
                .append("}");
            if (r.control() != null) {
                json.append(", \"control\": {\"medianMs\": ").append(number(r.control().medianMs()))
                    .append(", \"maxMs\": ").append(number(r.control().maxMs()))
                    .append(", \"runsMs\": ").append(array(java.util.Arrays.stream(r.control().runsMs())
                        .mapToObj(BenchJson::number))).append("}");
            }
            if (r.plan() != null) {
                json.append(", \"plan\": {\"routes\": ").append(string(r.plan().routes()))
                    .append(", \"source\": ").append(string(r.plan().source()))
                    .append(", \"timings\": ").append(string(r.plan().timings())).append("}");
            }
            json.append("}");
        }
        json.append("\n  ],\n  \"speedups\": [");
        for (int i = 0; i < speedups.size(); i++) {
            String[] s = speedups.get(i);
            json.append(i == 0 ? "\n" : ",\n").append("    {\"layer\": ").append(string(s[0]))
                .append(", \"pass\": ").append(string(s[1])).append(", \"fastOverNaive\": ").append(s[2]).append("}");
        }
        json.append("\n  ]\n}\n");
        Path absolute = file.toAbsolutePath();
        if (absolute.getParent() != null) {
            Files.createDirectories(absolute.getParent());
        }
        Path temp = Files.createTempFile(absolute.getParent(), ".bench", ".json");
        try {
            Files.writeString(temp, json.toString());
            Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static String array(java.util.stream.Stream<String> items) {
        return "[" + items.collect(java.util.stream.Collectors.joining(", ")) + "]";
    }

    private static String object(Map<String, ?> map) {
        StringBuilder out = new StringBuilder("{");
        map.keySet().stream().sorted().forEach(key -> {
            if (out.length() > 1) {
                out.append(", ");
            }
            Object value = map.get(key);
            out.append(string(key)).append(": ");
            if (value instanceof Number number) {
                out.append(number(number.doubleValue()));
            } else if (value instanceof Boolean bool) {
                out.append(bool);
            } else if (value instanceof List<?> list) {
                out.append(array(list.stream().map(item -> string(String.valueOf(item)))));
            } else {
                out.append(string(String.valueOf(value)));
            }
        });
        return out.append("}").toString();
    }

    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%.4g", value);
    }

    static String string(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char ch : text.toCharArray()) {
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}

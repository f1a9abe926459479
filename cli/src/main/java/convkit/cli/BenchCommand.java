package convkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import convkit.fast.ConvPlan;
import convkit.fast.FastBackend;
import convkit.fast.FastConv2d;
import convkit.fast.Gemm;
import convkit.fast.JavaGemm;
import convkit.fast.NativeBlas;
import convkit.fast.PlanCache;
import convkit.fast.Tuning;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code convkit bench}: times conv layers with the naive, im2col and fast implementations and
 * prints median/min/max milliseconds, GFLOP/s, the backend and the peak heap, and the fast/naive
 * speedup per layer. {@code --json FILE} writes the same figures for the site ({@link BenchJson}).
 */
@Command(name = "bench", sortOptions = false,
    description = {
        "Time conv layers: warm-up runs, then timed runs; median, min and max ms, GFLOP/s, backend, peak heap.",
        "GFLOP/s counts 2·N·K·OH·OW·C·R·S per forward pass and three times that for forward+backward.",
        "cpu ms is the process CPU time per run (all threads): on a shared machine it shows the work done.",
        "naive and im2col are the float64 reference, single-threaded, run on a reduced batch (--slow-batch)",
        "with at most 1 warm-up and 3 timed runs, and scaled to the full batch."})
final class BenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--impl", defaultValue = "fast", paramLabel = "naive|im2col|fast|all",
        description = "Implementation(s) to time (default: ${DEFAULT-VALUE}).")
    private String impl;

    @Option(names = "--layer", paramLabel = "NAME|N,C,H,W,K,R,S,stride,pad",
        description = "A suite layer or a custom one; repeatable (default: the whole suite).")
    private List<String> layers = new ArrayList<>();

    @Option(names = "--threads", paramLabel = "T", description = "Threads for the fast path (default: the cores).")
    private Integer threads;

    @Option(names = "--dtype", defaultValue = "f32", paramLabel = "f32|f64",
        description = "Precision of the fast path (default: ${DEFAULT-VALUE}).")
    private String dtype;

    @Option(names = "--backward", description = "Also time forward+backward.")
    private boolean backward;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON (schema convkit-bench/1).")
    private Path json;

    @Option(names = "--runs", defaultValue = "5", paramLabel = "N", description = "Timed runs (default: ${DEFAULT-VALUE}).")
    private int runs;

    @Option(names = "--warmup", defaultValue = "2", paramLabel = "N", description = "Warm-up runs (default: ${DEFAULT-VALUE}; "
        + "when > 0, every layer's plan is made first; with more than one layer, every layer's fast passes then run in turn (10 rounds and 5 s at least, then until the code the JIT threw away in them is compiled again, at most 20 s), as in training, "
        + "so the JIT compiles for all of them; then each layer's fast path warms up for at least 10 runs and 3 s, "
        + "until the JIT has compiled it, then until its times settle, the JIT has compiled for under 5 ms in the last 0.5 s and "
        + "the code the JIT threw away in it is compiled again, at most 15 s; before the timed "
        + "runs it collects garbage, runs passes until the code the JIT threw away after that is compiled again "
        + "(0.2 to 5 s) and waits until the process is idle, no compilation running, at most 3 s).")
    private int warmup;

    @Option(names = "--slow-batch", defaultValue = "1", paramLabel = "N",
        description = "Batch for naive and im2col, scaled to the layer's batch (default: ${DEFAULT-VALUE}).")
    private int slowBatch;

    @Option(names = "--backend", defaultValue = "auto", paramLabel = "auto|native|java",
        description = "GEMM of the fast path (default: ${DEFAULT-VALUE}: native BLAS when found).")
    private String backend;

    @Option(names = "--transfer", defaultValue = "auto", paramLabel = "auto|critical|arena",
        description = "How native BLAS gets the arrays: critical heap call or arena copy (default: ${DEFAULT-VALUE}).")
    private String transfer;

    @Option(names = "--plan", defaultValue = "measure", paramLabel = "fixed|measure",
        description = {"How each layer's routes are chosen (default: ${DEFAULT-VALUE}; overrides the plan entry of "
            + "-Dconvkit.fast.tuning): measure times the legal routes on the first use of a shape and keeps the fastest, "
            + "remembered in the plan cache; fixed takes the rules' routes."})
    private String plan;

    @Option(names = "--plan-cache", paramLabel = "FILE|off",
        description = "Where measured plans are remembered (default: $CONVKIT_PLAN_CACHE, else "
            + "$XDG_CACHE_HOME/convkit/plans.tsv, else ~/.cache/convkit/plans.tsv; off: this run only).")
    private String planCache;

    @Option(names = "--control", description = {"Also time a control: fixed arithmetic on the same threads, no memory, "
        + "run after each timed run of the fast path for as long as that layer's run takes; its max/median is "
        + "the machine's own spread (a core taken away for a while), to read a layer's max/median against."})
    private boolean control;

    @Option(names = "--turns", paramLabel = "IN,OUT", description = {"Take turns with another process (named pipes): "
        + "before the first passes, each layer's warm-up and each block of --turn-runs timed runs, write 'ready PIECE' "
        + "to OUT and wait for the line 'go' on IN; after it, write 'done PIECE'; at the end, 'end'. Two benchmarks then "
        + "time each layer in the same seconds (.bench/compare.py --lockstep)."})
    private String turns;

    @Option(names = "--turn-runs", defaultValue = "5", paramLabel = "N",
        description = "Timed runs in one turn with --turns (default: ${DEFAULT-VALUE}).")
    private int turnRuns;

    @Option(names = "--show-plans", description = "Only show each layer's plan: its routes, where they came from and "
        + "what each candidate took when measured; no timed runs.")
    private boolean showPlans;

    @Mixin
    private HelpOption help;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        List<String> impls = impls();
        List<BenchLayer> selected = layers.isEmpty() ? BenchLayer.SUITE
            : layers.stream().map(BenchLayer::parse).toList();
        int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (threadCount < 1 || runs < 1 || warmup < 0 || slowBatch < 1 || turnRuns < 1) {
            throw new IllegalArgumentException("--threads, --runs, --slow-batch and --turn-runs must be >= 1 and --warmup"
                + " >= 0, but were " + threadCount + ", " + runs + ", " + slowBatch + ", " + turnRuns + " and " + warmup);
        }
        boolean float32 = switch (dtype.toLowerCase(Locale.ROOT)) {
            case "f32", "float32" -> true;
            case "f64", "float64" -> false;
            default -> throw new IllegalArgumentException("--dtype: expected f32 or f64 but was '" + dtype + "'");
        };
        Gemm gemm = gemm();
        applyTransfer(gemm);
        Tuning tuning = Tuning.fromSystemProperty().withPlan(switch (plan.toLowerCase(Locale.ROOT)) {
            case "fixed" -> Tuning.Plan.FIXED;
            case "measure" -> Tuning.Plan.MEASURE;
            default -> throw new IllegalArgumentException("--plan: expected fixed or measure but was '" + plan + "'");
        });
        PlanCache cache = planCache == null ? PlanCache.standard()
            : planCache.equals(PlanCache.OFF) ? PlanCache.inMemory() : PlanCache.at(Path.of(planCache));
        FastConv2d conv = new FastConv2d(gemm, threadCount, tuning, cache);
        if (showPlans) {
            showPlans(selected, conv, out);
            return 0;
        }
        out.printf("convkit bench: %s, %d runs after %s warm-up, fast path on %d thread%s%n",
            float32 ? "float32" : "float64", runs,
            warmup > 0 ? "at least " + Math.max(warmup, BenchRunner.WARM_RUNS) + " (fast) runs and "
                + BenchRunner.WARM_SECONDS + " s (then until times settle, at most " + BenchRunner.WARM_MAX_SECONDS
                + " s) of" : "no", threadCount, threadCount == 1 ? "" : "s");
        out.printf("fast GEMM: %s%s%n", gemm.name(),
            gemm instanceof NativeBlas blas ? " [" + blas.marker() + "]" : "");
        coreWarning(gemm).ifPresent(warning -> out.printf("warning:   %s%n", warning));
        out.printf("machine:   %s, %d cores, %s%n", cpu(), Runtime.getRuntime().availableProcessors(), Runtime.version());
        String tuned = tuning.withPlan(Tuning.DEFAULTS.plan()).differences();
        out.printf("tuning:    %s%n", tuned.isEmpty() ? "the defaults"
            : tuned + " (-D" + Tuning.PROPERTY + "), the rest the defaults");
        out.printf("plans:     %s%n", tuning.plan() == Tuning.Plan.MEASURE
            ? "measured on first use of each shape (--plan measure), remembered in " + conv.planCache()
            : "by the rules (--plan fixed)");
        out.printf("heap:      %s%n", keepHeap());
        if (impls.contains("naive") || impls.contains("im2col")) {
            out.printf("note:      naive and im2col are the float64 reference on 1 thread, run with batch %d and scaled"
                + " to the layer's batch (marked *)%n", slowBatch);
        }
        List<BenchResult> results = new ArrayList<>();
        try (Turns taken = turns == null ? Turns.NONE : Turns.open(turns);
             JitWatch jit = impls.contains("fast") && warmup > 0 ? JitWatch.start() : JitWatch.off("no fast warm-up")) {
            if (impls.contains("fast") && warmup > 0) {
                out.printf("jit:       %s%n", jit.off() == null
                    ? "a warm-up also lasts until the fast path's code the JIT threw away in it is compiled again"
                    + " (seen through the flight recorder)"
                    : "the flight recorder could not be watched (" + jit.off() + "): warm-ups end by their other rules");
            }
            out.println();
            if (control) {
                out.printf("control:   fixed arithmetic on %d thread%s after each timed run of the fast path, as long as "
                    + "the run; max/med is the slowest run over the median, the layer's and then the control's%n",
                    threadCount, threadCount == 1 ? "" : "s");
            }
            out.printf("%-14s %-26s %-6s %-16s %10s %10s %10s %9s %10s %9s%s%n",
                "layer", "shape", "impl", "pass", "median ms", "min ms", "max ms", "GFLOP/s", "cpu ms", "heap MiB",
                control ? String.format(Locale.ROOT, " %8s %8s", "max/med", "control") : "");
            out.flush();
            BenchRunner runner = new BenchRunner(conv, float32, warmup, runs, slowBatch, control, taken, turnRuns, jit);
            // progress on standard error, between the timed runs only: a step per layer and implementation
            ProgressBar bar = new ProgressBar(spec.commandLine().getErr());
            int steps = selected.size() * impls.size();
            if (impls.contains("fast") && warmup > 0) {
                runner.prime(selected, backward, step -> bar.update(0, steps, "first: " + step));
            }
            int done = 0;
            for (BenchLayer layer : selected) {
                for (String name : impls) {
                    bar.update(done, steps, layer.name() + " " + name + ": " + (warmup > 0 ? "warm-up, then " : "")
                        + "timed runs");
                    List<BenchResult> timed = runner.run(layer, name, backward);
                    bar.clear();
                    done++;
                    for (BenchResult r : timed) {
                        results.add(r);
                        out.printf(Locale.ROOT, "%-14s %-26s %-6s %-16s %10.2f %10.2f %10.2f %9.1f %10.1f %9.0f%s%s%n",
                            layer.name(), layer.shape().describe(), name, r.pass(), r.medianMs(), r.minMs(), r.maxMs(),
                            r.gflops(), r.medianCpuMs(), r.peakHeapMiB(), r.control() == null ? ""
                                : String.format(Locale.ROOT, " %8.2f %8.2f", r.spread(), r.control().spread()),
                            r.scaled() ? " *" : "");
                        if (name.equals("fast")) {
                            r.runEvents().garbage().ifPresent(line -> out.printf("%-14s %s%n", "", line));
                        }
                        if (r.pass().equals("forward")) {
                            if (r.warmup().ended().startsWith("at its cap")) {
                                out.printf(Locale.ROOT, "%-14s warm-up: %.1f s, %s%n", "", r.warmup().seconds(),
                                    r.warmup().ended());
                            }
                            for (String line : r.warmup().discarded()) {
                                out.printf("%-14s warm-up: %s%n", "", line);
                            }
                        }
                        out.flush();
                    }
                }
            }
            bar.update(steps, steps, "done");
            bar.clear();
            List<String> boundsTraps = List.of();
            if (jit.off() == null && impls.contains("fast") && warmup > 0) {
                try {
                    jit.awaitFlush(java.time.Duration.ofSeconds(3));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                boundsTraps = jit.sharedBoundsTraps();
                boundsTraps.forEach(trap -> out.printf("warning:   a range_check trap in the JDK's bounds check, %s: the JIT"
                    + " compiles that check without its intrinsic in every vector load and store it compiles after it%n", trap));
            }
            if (float32 && impls.contains("fast")) {
                out.println();
                out.println("fast plans (float32, " + threadCount + " thread" + (threadCount == 1 ? "" : "s") + "):");
                plans(selected, conv, out);
            }
            List<String[]> speedups = speedups(results, out);
            totals(results, out);
            KernelBursts.note(java.nio.file.Path.of("/proc")).ifPresent(note -> out.println("note: " + note));
            if (json != null) {
                Map<String, String> machine = new LinkedHashMap<>();
                machine.put("cpu", cpu());
                machine.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
                machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
                machine.put("arch", System.getProperty("os.arch"));
                machine.put("jdk", Runtime.version().toString());
                Map<String, Object> settings = new LinkedHashMap<>();
                settings.put("dtype", float32 ? "f32" : "f64");
                settings.put("threads", threadCount);
                settings.put("runs", runs);
                settings.put("warmup", warmup);
                settings.put("backward", backward);
                settings.put("slowBatch", slowBatch);
                settings.put("control", control);
                settings.put("turns", turns != null);
                settings.put("tuning", tuning.toString());
                Map<String, Object> backendInfo = new LinkedHashMap<>();
                backendInfo.put("fast", gemm.name());
                backendInfo.put("marker", gemm instanceof NativeBlas blas ? blas.marker() : "none (Java GEMM)");
                backendInfo.put("vectorApi", JavaGemm.vectorApiLoaded());
                Map<String, Object> jitInfo = new LinkedHashMap<>();
                jitInfo.put("watched", jit.off() == null && impls.contains("fast") && warmup > 0);
                jitInfo.put("sharedBoundsTraps", boundsTraps);
                BenchJson.write(json, String.join(" ", spec.commandLine().getParseResult().originalArgs()), machine,
                    settings, backendInfo, jitInfo, results, speedups);
                out.println("wrote " + json);
            }
        }
        return 0;
    }

    private List<String> impls() {
        return switch (impl.toLowerCase(Locale.ROOT)) {
            case "all" -> List.of("naive", "im2col", "fast");
            case "naive", "im2col", "fast" -> List.of(impl.toLowerCase(Locale.ROOT));
            default -> throw new IllegalArgumentException("--impl: expected naive, im2col, fast or all but was '" + impl + "'");
        };
    }

    private Gemm gemm() {
        return switch (backend.toLowerCase(Locale.ROOT)) {
            case "auto" -> FastBackend.gemm();
            case "native" -> FastBackend.gemm(FastBackend.Kind.NATIVE);
            case "java" -> FastBackend.gemm(FastBackend.Kind.JAVA);
            default -> throw new IllegalArgumentException("--backend: expected auto, native or java but was '" + backend + "'");
        };
    }

    private void applyTransfer(Gemm gemm) {
        NativeBlas.Transfer forced = switch (transfer.toLowerCase(Locale.ROOT)) {
            case "auto" -> null;
            case "critical" -> NativeBlas.Transfer.CRITICAL_HEAP;
            case "arena" -> NativeBlas.Transfer.ARENA_COPY;
            default -> throw new IllegalArgumentException("--transfer: expected auto, critical or arena but was '"
                + transfer + "'");
        };
        if (gemm instanceof NativeBlas blas) {
            blas.forceTransfer(forced);
        } else if (forced != null) {
            throw new IllegalArgumentException("--transfer " + transfer + " needs native BLAS, but the fast GEMM is "
                + gemm.name());
        }
    }

    /** fast/naive speedup per layer and pass, when both ran. */
    private static List<String[]> speedups(List<BenchResult> results, PrintWriter out) {
        List<String[]> speedups = new ArrayList<>();
        for (BenchResult fast : results) {
            if (!fast.impl().equals("fast")) {
                continue;
            }
            for (BenchResult naive : results) {
                if (naive.impl().equals("naive") && naive.layer().equals(fast.layer()) && naive.pass().equals(fast.pass())) {
                    double speedup = naive.medianMs() / fast.medianMs();
                    if (speedups.isEmpty()) {
                        out.println();
                        out.println("speedup fast/naive (median times; naive scaled from its reduced batch):");
                    }
                    out.printf(Locale.ROOT, "  %-14s %-16s %8.1fx%n", fast.layer().name(), fast.pass(), speedup);
                    speedups.add(new String[] {fast.layer().name(), fast.pass(), BenchJson.number(speedup)});
                }
            }
        }
        return speedups;
    }

    /** Suite totals per implementation and pass (sum of medians). */
    private static void totals(List<BenchResult> results, PrintWriter out) {
        Map<String, double[]> totals = new LinkedHashMap<>();
        for (BenchResult r : results) {
            double[] t = totals.computeIfAbsent(r.impl() + " " + r.pass(), key -> new double[2]);
            t[0] += r.medianMs();
            t[1] += r.flops();
        }
        if (totals.isEmpty()) {
            return;
        }
        out.println();
        out.println("total (sum of medians over the layers):");
        totals.forEach((key, t) -> out.printf(Locale.ROOT, "  %-24s %10.2f ms %9.1f GFLOP/s%n", key, t[0], t[1] / (t[0] * 1e6)));
    }

    /** The CPU, as the fast path's plan cache names it (model, family and model numbers, widest vectors). */
    /** The warning about OpenBLAS's core when {@code gemm} is a native BLAS held to narrower kernels than the CPU's. */
    private static java.util.Optional<String> coreWarning(Gemm gemm) {
        return gemm instanceof NativeBlas ? NativeBlas.coreWarning() : java.util.Optional.empty();
    }

    static String cpu() {
        return FastBackend.cpu();
    }

    /**
     * Keeps the memory the heap has taken for as long as the bench runs ({@code MaxHeapFreeRatio}
     * = 100, a flag the JVM lets a running program set), and says so for the header. Before each
     * layer's timed runs the bench collects garbage; by default G1 then gives the memory it freed
     * back to the system (460 MB after the first layer's, here). A virtual machine that reports
     * free memory to its host (virtio-balloon's free page reporting, every 2 s) then had its CPUs
     * held by the host for 10-70 ms at a time in the next seconds: steal time in that layer's timed
     * runs, the same layer in every suite run ({@code .bench/zen3-2026-12-05q.md}).
     */
    static String keepHeap() {
        try {
            java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                .setVMOption("MaxHeapFreeRatio", "100");
            return "kept while the bench runs (MaxHeapFreeRatio=100): the collections before the timed runs give no"
                + " memory back to the system";
        } catch (RuntimeException e) {
            return "may be given back to the system after the collections before the timed runs (MaxHeapFreeRatio: "
                + e.getMessage() + ")";
        }
    }

    /**
     * {@code --show-plans}: each layer's float32 plan as this machine decides it (measuring the
     * shapes the cache does not know yet), where it came from and what the candidates took.
     */
    static void showPlans(List<BenchLayer> selected, FastConv2d conv, PrintWriter out) {
        Tuning tuning = conv.tuning();
        out.printf("plans of the fast path, float32, %d thread%s, %s; plan %s%s%n", conv.threads(),
            conv.threads() == 1 ? "" : "s", conv.gemm().name(), tuning.plan().name().toLowerCase(Locale.ROOT),
            tuning.plan() == Tuning.Plan.MEASURE ? ", cache " + conv.planCache() : "");
        out.printf("machine: %s%n", cpu());
        coreWarning(conv.gemm()).ifPresent(warning -> out.printf("warning: %s%n", warning));
        for (BenchLayer layer : selected) {
            long start = System.nanoTime();
            ConvPlan p = conv.plan(layer.shape());
            double seconds = (System.nanoTime() - start) / 1e9;
            out.printf(Locale.ROOT, "%-14s %s%n", layer.name(), layer.shape().describe());
            out.printf(Locale.ROOT, "  %s%n", p.describe());
            out.printf(Locale.ROOT, "  chosen: %s%s%n", switch (p.source()) {
                case FIXED -> "by the rules" + (tuning.plan() == Tuning.Plan.MEASURE ? " (only one route is legal)" : "");
                case MEASURED -> String.format(Locale.ROOT, "measured now (%.1f s)", seconds);
                case UNSETTLED -> String.format(Locale.ROOT, "measured now (%.1f s), but a warm-up did not settle: "
                    + "not remembered", seconds);
                case CACHED -> "measured earlier on this machine (plan cache)";
            }, p.timings().isEmpty() ? "" : "; " + p.timings());
            out.flush();
        }
    }

    /** For the float32 fast path: the plan each layer ran by (its ConvPlan, as it describes itself). */
    static void plans(List<BenchLayer> selected, FastConv2d conv, PrintWriter out) {
        for (BenchLayer layer : selected) {
            out.printf(Locale.ROOT, "  %-14s %s%n", layer.name(), conv.plan(layer.shape()).describe());
        }
    }
}

package convkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTests {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertEquals(Main.EXIT_USAGE, run("--no-such-flag"));
        assertTrue(err.toString().contains("--no-such-flag"), err.toString());
    }

    @Test
    void doctorReportsTheRunningJdk() {
        assertEquals(0, run("doctor"));
        assertTrue(out.toString().contains(Runtime.version().toString()), out.toString());
    }

    @Test
    void doctorSaysWhichFastBackendWouldBeUsed() {
        assertEquals(0, run("doctor"));
        assertTrue(out.toString().contains("fast path  "), out.toString());
        assertTrue(out.toString().contains("Vector API "), out.toString());
        assertTrue(out.toString().contains("  resnet3x3_64   forward: "), out.toString());
    }

    @Test
    void doctorNamesAnInvalidTuningAndPlansWithTheDefaults() {
        String before = System.getProperty("convkit.fast.tuning");
        System.setProperty("convkit.fast.tuning", "tiles=rows");
        try {
            assertEquals(0, run("doctor"));
        } finally {
            if (before == null) {
                System.clearProperty("convkit.fast.tuning");
            } else {
                System.setProperty("convkit.fast.tuning", before);
            }
        }
        assertTrue(out.toString().contains("tuning     convkit.fast.tuning tiles: expected one of [auto, positions,"
            + " channels] but was 'rows'; the defaults are used"), out.toString());
        assertTrue(out.toString().contains("  mnist_5x5      forward: "), out.toString());
    }

    @Test
    void benchOnATinyCustomLayerPrintsGflopsAndWritesJson(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
        throws java.io.IOException {
        java.nio.file.Path json = dir.resolve("bench.json");
        java.nio.file.Path cache = dir.resolve("plans.tsv");
        assertEquals(0, run("bench", "--layer", "2,2,6,6,3,3,3,1,1", "--impl", "all", "--backward",
            "--runs", "1", "--warmup", "0", "--json", json.toString(), "--plan-cache", cache.toString()));
        assertTrue(out.toString().contains("plans:     measured on first use of each shape (--plan measure), "
            + "remembered in " + cache), out.toString());
        assertTrue(out.toString().contains("GFLOP/s"), out.toString());
        assertTrue(out.toString().contains("speedup fast/naive"), out.toString());
        // the heap keeps what it took: memory given back after the collections before the timed runs
        // cost a virtual machine steal time in the next runs
        assertTrue(out.toString().contains("heap:      kept while the bench runs (MaxHeapFreeRatio=100)"), out.toString());
        assertEquals("100", java.lang.management.ManagementFactory.getPlatformMXBean(
            com.sun.management.HotSpotDiagnosticMXBean.class).getVMOption("MaxHeapFreeRatio").getValue());
        // measured: each pass takes one of its legal routes, whichever was faster on this machine
        // at this moment (a loaded machine can tip the choice), so only the set is fixed here
        assertTrue(out.toString().contains("fast plans (float32, "), out.toString());
        String routes = "(im2col |Winograd )";
        assertTrue(out.toString().matches("(?s).*custom_2_2_6_6_3_3_3_1_1 forward: " + routes
            + ".*; dX: " + routes + ".*; dW: " + routes + ".*"), out.toString());
        String written = java.nio.file.Files.readString(json);
        assertTrue(written.contains("\"schema\": \"convkit-bench/1\""), written);
        assertTrue(written.contains("\"impl\": \"naive\""), written);
        assertTrue(written.contains("\"pass\": \"forward+backward\""), written);
        // the fast path's lines carry the plan they ran by, measured here (two routes are legal)
        assertTrue(written.contains("\"plan\": {\"routes\": \"forward: im2col "), written);
        assertTrue(written.contains("\"source\": \"measured\""), written);
        // every line lists its timed runs: one each here
        assertTrue(written.matches("(?s).*\"runs\": 1, .*\"runsMs\": \\[[0-9.e+-]+\\].*"), written);
        // and what else each run had: the process's CPU time, the JIT's compilation time, collections,
        // bytes allocated (some: the reference's arrays), page faults, involuntary switches, the layer's
        // threads' waits for a core, the host's steal time (-1 where the system does not say: not Linux)
        boolean linux = System.getProperty("os.name", "").startsWith("Linux");
        String counted = linux ? "[0-9]+" : "-?[0-9]+";
        String waited = linux ? "[0-9][0-9.e+-]*" : "-1";
        assertTrue(written.matches("(?s).*\"runsMs\": \\[[0-9.e+-]+\\], \"cpuRunsMs\": \\[[0-9.e+-]+\\], "
            + "\"jitRunsMs\": \\[[0-9]+\\], \"gcRuns\": \\[[0-9]+\\], \"allocRunsBytes\": \\[[1-9][0-9]*\\], "
            + "\"faultRuns\": \\[" + counted + "\\], \"preemptRuns\": \\[" + counted + "\\], "
            + "\"queuedRunsMs\": \\[" + waited + "\\], \"stealRunsMs\": \\[-?[0-9]+\\], "
            // when each run began, on the clock a trace can share
            + "\"startRunsNs\": \\[-?[0-9]+\\], "
            // and the compilations that ran during each run, where some run had any (a list per run)
            + "\"jitRunsMethods\": \\[\\[[^\\]]*\\]\\].*"),
            written);
        // and only they: naive and im2col are the float64 reference, which has no plan
        assertEquals(2, written.split("\"plan\": \\{", -1).length - 1, written);
    }

    @Test
    void benchShowsItsProgressOnStandardErrorALineAStepWhenNotOnATerminal() {
        assertEquals(0, run("bench", "--layer", "2,2,6,6,3,3,3,1,1", "--layer", "1,3,8,8,4,3,3,1,1", "--impl", "all",
            "--runs", "1", "--warmup", "1", "--plan", "fixed"));
        String progress = err.toString();
        // two layers, three implementations: the plans and the rounds first, then a step each, then done
        assertTrue(progress.contains("] 0/6  "), progress);
        assertTrue(progress.contains("(first: the plan of custom_2_2_6_6_3_3_3_1_1)"), progress);
        assertTrue(progress.contains("(first: every layer in turn, "), progress);
        assertTrue(progress.matches("(?s).*\\[#{5}\\.{25}\\] 1/6  [0-9]+ s elapsed, [0-9]+ s left  "
            + "\\(custom_2_2_6_6_3_3_3_1_1 im2col: warm-up, then timed runs\\).*"), progress);
        assertTrue(progress.contains("[##############################] 6/6  "), progress);
        assertTrue(progress.strip().endsWith("0 s left  (done)"), progress);
        assertFalse(progress.contains("\r"), "no terminal here: a line a step, nothing redrawn");
        // and the table on standard output has none of it
        assertFalse(out.toString().contains(" elapsed, "), out.toString());
    }

    @Test
    void benchWithAFixedPlanTakesTheRulesRoutesOnATinyLayer() {
        // the rules, not a measurement: a 6×6 output is too narrow for the direct conv's tiles and
        // few enough pixels to put images side by side in one GEMM; 2 input channels are too few
        // for Winograd's transforms to pay
        assertEquals(0, run("bench", "--show-plans", "--plan", "fixed", "--layer", "2,2,6,6,3,3,3,1,1",
            "--plan-cache", "off"));
        String shown = out.toString();
        assertTrue(shown.contains("\n  forward: im2col of image groups + "), shown);
        assertTrue(shown.contains("; dX: im2col of image groups + "), shown);
        assertTrue(shown.contains("; dW: im2col of image groups + "), shown);
        assertTrue(shown.contains("\n  chosen: by the rules"), shown);
    }

    @Test
    void benchControlRunsNextToTheFastPathAndIsWrittenToJson(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
        throws java.io.IOException {
        java.nio.file.Path json = dir.resolve("bench.json");
        assertEquals(0, run("bench", "--layer", "2,4,12,12,8,3,3,1,1", "--backward", "--runs", "3", "--warmup", "1",
            "--control", "--json", json.toString(), "--plan-cache", "off"));
        assertTrue(out.toString().contains("control:   fixed arithmetic on "), out.toString());
        assertTrue(out.toString().contains("max/med  control"), out.toString());
        String written = java.nio.file.Files.readString(json);
        assertTrue(written.contains("\"control\": true"), written);
        // one control per pass, each with its median, its slowest run and every run, one per timed run
        java.util.regex.Matcher control = java.util.regex.Pattern
            .compile("\"control\": \\{\"medianMs\": ([0-9.e-]+), \"maxMs\": ([0-9.e-]+), \"runsMs\": \\[([^]]*)]}")
            .matcher(written);
        int found = 0;
        while (control.find()) {
            double median = Double.parseDouble(control.group(1));
            double max = Double.parseDouble(control.group(2));
            assertTrue(median > 0 && max >= median, control.group());
            double[] runs = java.util.Arrays.stream(control.group(3).split(", ")).mapToDouble(Double::parseDouble).toArray();
            assertEquals(3, runs.length, control.group());
            assertEquals(max, java.util.Arrays.stream(runs).max().orElseThrow(), 1e-9, control.group());
            found++;
        }
        assertEquals(2, found, written);
        // each line says what ended its warm-up
        java.util.regex.Matcher ended = java.util.regex.Pattern
            .compile("\"ended\": \"(settled|at its cap: [^\"]+)\"").matcher(written);
        assertTrue(ended.find() && ended.find(), written);
    }

    @Test
    void benchShowPlansMeasuresOnceThenReadsTheCache(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
        throws java.io.IOException {
        java.nio.file.Path cache = dir.resolve("plans.tsv");
        String layer = "2,16,6,40,16,3,3,1,1"; // wide enough for the direct conv: several routes are legal
        assertEquals(0, run("bench", "--show-plans", "--layer", layer, "--plan-cache", cache.toString()));
        String first = out.toString();
        assertTrue(first.contains("plan measure, cache " + cache), first);
        assertTrue(first.contains("  chosen: measured now ("), first);
        assertTrue(first.contains("; forward: "), first);
        assertTrue(first.contains("; backward dX/dW: "), first);
        assertFalse(first.contains("median ms"), "no timed runs: " + first);
        assertTrue(java.nio.file.Files.readString(cache).contains("2,16,6,40,16,3,3,1,1,1,1,1,1,zeros\t"));
        out.getBuffer().setLength(0);
        assertEquals(0, run("bench", "--show-plans", "--layer", layer, "--plan-cache", cache.toString()));
        assertTrue(out.toString().contains("  chosen: measured earlier on this machine (plan cache); forward: "),
            out.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, run("bench", "--show-plans", "--layer", layer, "--plan", "fixed"));
        assertTrue(out.toString().contains("  chosen: by the rules\n"), out.toString());
    }

    @Test
    void benchRejectsAnUnknownPlanModeAsAUsageError() {
        assertEquals(Main.EXIT_USAGE, run("bench", "--show-plans", "--plan", "guess", "--plan-cache", "off"));
        assertTrue(err.toString().contains("--plan: expected fixed or measure but was 'guess'"), err.toString());
    }

    @Test
    void benchRejectsAMalformedLayerAsAUsageError() {
        assertEquals(Main.EXIT_USAGE, run("bench", "--layer", "1,2,3"));
        assertTrue(err.toString().contains("N,C,H,W,K,R,S,stride,pad"), err.toString());
    }

    @Test
    void helpListsTheDoctorCommand() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("doctor"), out.toString());
    }

    @Test
    void anInstructorCommandMissingFromAHandoutIsNamedAsSuch() {
        CommandLine cli = Main.commandLine();
        cli.getCommandSpec().removeSubcommand("handout");
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        assertEquals(Main.EXIT_USAGE, cli.execute("handout", "--out", "x"));
        assertTrue(err.toString().contains("an instructor command; this is a student handout"), err.toString());
    }
}

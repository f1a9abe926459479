package convkit.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measured plans: the choice among timed candidates (on a fake clock, so the test does not
 * depend on this machine's speed), every candidate's results against the textbook loops, and
 * the plan cache's file.
 */
class PlannerTests {

    private static final Tuning MEASURE = Tuning.DEFAULTS.withPlan(Tuning.Plan.MEASURE);
    /** Wide enough for the direct conv's tiles, so that both direct and GEMM routes are candidates. */
    private static final LayerShape WIDE = LayerShape.of(2, 16, 6, 40, 16, 3, 1, 1);

    /**
     * Measuring with the direct conv whatever this machine's vector width, for the tests that
     * only list candidates (its channel tiles need 16 lanes to run: see FastConv2d).
     */
    private static FastConv2d listingDirect(int threads) {
        return FastConv2d.withDirect(JavaGemm.create(), threads, DirectConv.anyWidth(Tuning.DEFAULTS).orElseThrow(),
            MEASURE, PlanCache.inMemory());
    }

    /**
     * Candidates of WIDE's forward, each "costing" the milliseconds given by its route: the five
     * routes of a wide layer (the few-channel conv, a candidate too for its 16 channels, left out so
     * that the counts below stay those of five).
     */
    private static Planner.Result fakeTimed(Map<ConvPlan.Route, Double> millis, List<ConvPlan.Route> ran) {
        FastConv2d conv = listingDirect(1);
        List<ConvPlan> candidates = conv.forwardCandidates(WIDE).stream()
            .filter(plan -> plan.forward() != ConvPlan.Route.FEW_CHANNEL).toList();
        long[] now = {0};
        return Planner.fastest(candidates, candidates.get(0), plan -> ConvPlan.shortName(plan.forward()),
            plan -> now[0] += 1_000_000, plan -> {
                ran.add(plan.forward());
                now[0] += (long) (millis.getOrDefault(plan.forward(), 1.0) * 1e6);
            }, 100, () -> now[0], () -> 0);
    }

    /** Milliseconds per run of each forward route. */
    private static Map<ConvPlan.Route, Double> costs(double direct, double channels, double im2col, double grouped,
                                                     double winograd) {
        Map<ConvPlan.Route, Double> millis = new HashMap<>();
        millis.put(ConvPlan.Route.WINOGRAD, winograd);
        millis.put(ConvPlan.Route.DIRECT, direct);
        millis.put(ConvPlan.Route.DIRECT_CHANNELS, channels);
        millis.put(ConvPlan.Route.IM2COL_GEMM, im2col);
        millis.put(ConvPlan.Route.GROUPED_GEMM, grouped);
        return millis;
    }

    @Test
    void theFastestCandidateWinsAndSlowOnesAreDroppedAfterARound() {
        Map<ConvPlan.Route, Double> millis = costs(4.0, 5.5, 2.0, 5.9, 3.5);
        List<ConvPlan.Route> ran = new ArrayList<>();
        Planner.Result result = fakeTimed(millis, ran);
        assertEquals(ConvPlan.Route.IM2COL_GEMM, result.winner().forward());
        // a warm-up on the batch until the times settle (10 runs), two rounds, then only im2col is within 1.5x of the best
        int warm = 2 * Planner.WARM_WINDOW;
        assertEquals(warm + 2, ran.stream().filter(route -> route == ConvPlan.Route.DIRECT).count(), ran.toString());
        assertEquals(warm + 2, ran.stream().filter(route -> route == ConvPlan.Route.DIRECT_CHANNELS).count(),
            ran.toString());
        assertEquals(warm + 2, ran.stream().filter(route -> route == ConvPlan.Route.GROUPED_GEMM).count(), ran.toString());
        // then im2col alone, 2 ms a round, until the rounds have taken the shortest timed time (here the whole
        // budget of 100 ms): two rounds of all five (20.9 ms each), then 30 of im2col (41.8 + 29 · 2 < 100 ms)
        assertEquals(Math.min(100, Planner.MIN_TIMED_MILLIS), 100, "the fake's budget is the shortest timed time");
        // the rules' route (winograd, the first candidate) lost by more than the tie: warmed up again for
        // REWARM_MILLIS (3.5 ms a run), then timed against im2col in CONFIRM_ROUNDS more rounds
        long rewarm = (long) Math.ceil(Planner.REWARM_MILLIS / 3.5);
        assertEquals(warm + 2 + rewarm + Planner.CONFIRM_ROUNDS,
            ran.stream().filter(route -> route == ConvPlan.Route.WINOGRAD).count(), ran.toString());
        assertEquals(warm + 2 + 30 + Planner.CONFIRM_ROUNDS,
            ran.stream().filter(route -> route == ConvPlan.Route.IM2COL_GEMM).count(), ran.toString());
        assertEquals(List.of("winograd 3.50 ms", "direct 4.00 ms", "direct-channels 5.50 ms", "im2col 2.00 ms",
                "grouped 5.90 ms"),
            result.timings().stream().map(Planner.Timing::toString).toList());
    }

    @Test
    void theRulesRouteFarSlowerThanTheWinnerIsWarmedUpAgainAndTimedAgain() {
        // the rules' direct conv waits for C2 for its first 60 runs (20 ms each, steady, so its
        // warm-up looks settled), then runs in 0.3 ms; im2col takes 0.6 ms throughout
        FastConv2d conv = listingDirect(1);
        List<ConvPlan> candidates = conv.forwardCandidates(WIDE);
        ConvPlan direct = candidates.stream().filter(plan -> plan.forward() == ConvPlan.Route.DIRECT).findFirst()
            .orElseThrow();
        long[] now = {0};
        int[] directRuns = {0};
        Planner.Result result = Planner.fastest(candidates, direct,
            plan -> ConvPlan.shortName(plan.forward()), plan -> now[0] += 1_000_000, plan -> {
                double millis = switch (plan.forward()) {
                    case DIRECT -> directRuns[0]++ < 60 ? 20.0 : 0.3;
                    case IM2COL_GEMM -> 0.6;
                    default -> 5.0;
                };
                now[0] += (long) (millis * 1e6);
            }, 100, () -> now[0], () -> 0);
        assertEquals(ConvPlan.Route.DIRECT, result.winner().forward(), result.timings().toString());
        assertTrue(result.settled(), result.timings().toString());
        assertTrue(directRuns[0] > 60 && now[0] >= Planner.REWARM_MILLIS * 1_000_000L, "warmed up again");
        // the other slow ones are not the rules' route: timed twice, dropped, never warmed up again
        assertTrue(result.timings().contains(new Planner.Timing("grouped", 5.0)), result.timings().toString());
        // the rules' route still slow after the second warm-up: the winner stands
        int[] slowRuns = {0};
        Planner.Result stays = Planner.fastest(candidates, direct, plan -> ConvPlan.shortName(plan.forward()),
            plan -> now[0] += 1_000_000, plan -> {
                double millis = switch (plan.forward()) {
                    case DIRECT -> {
                        slowRuns[0]++;
                        yield 20.0;
                    }
                    case IM2COL_GEMM -> 0.6;
                    default -> 5.0;
                };
                now[0] += (long) (millis * 1e6);
            }, 100, () -> now[0], () -> 0);
        assertEquals(ConvPlan.Route.IM2COL_GEMM, stays.winner().forward(), stays.timings().toString());
        assertTrue(slowRuns[0] > Planner.REWARM_MILLIS / 20, "warmed up again for at least its shortest time");
    }

    /** WIDE's forward candidates of these routes, in the listing's order. */
    private static List<ConvPlan> only(FastConv2d conv, ConvPlan.Route... routes) {
        List<ConvPlan.Route> wanted = List.of(routes);
        return conv.forwardCandidates(WIDE).stream().filter(plan -> wanted.contains(plan.forward())).toList();
    }

    /** The planner on a fake clock {@code now}: a warm-up run costs 1 ms, a timed run what {@code millis} says. */
    private static Planner.Result fakeClock(List<ConvPlan> candidates, ConvPlan preferred, long[] now,
                                            java.util.function.ToDoubleFunction<ConvPlan> millis) {
        return Planner.fastest(candidates, preferred, plan -> ConvPlan.shortName(plan.forward()),
            plan -> now[0] += 1_000_000, plan -> now[0] += (long) (millis.applyAsDouble(plan) * 1e6),
            100, () -> now[0], () -> 0);
    }

    @Test
    void theRulesRouteLosingByALittleIsAlsoWarmedUpAgainAndTheWinnerTimedWithIt() {
        // the rules' direct conv runs in 0.29 ms until its code is compiled again, after 2000 runs
        // (a branch an earlier layer had not taken), then in 0.19; im2col takes 0.23 throughout
        List<ConvPlan> candidates = only(listingDirect(1), ConvPlan.Route.DIRECT, ConvPlan.Route.IM2COL_GEMM);
        ConvPlan direct = candidates.get(0);
        assertEquals(ConvPlan.Route.DIRECT, direct.forward());
        int[] runs = {0, 0};
        Planner.Result result = fakeClock(candidates, direct, new long[] {0}, plan -> {
            boolean isDirect = plan.forward() == ConvPlan.Route.DIRECT;
            runs[isDirect ? 0 : 1]++;
            return isDirect ? (runs[0] <= 2000 ? 0.29 : 0.19) : 0.23;
        });
        assertEquals(ConvPlan.Route.DIRECT, result.winner().forward(), result.timings().toString());
        assertTrue(result.timings().contains(new Planner.Timing("direct", 0.19)), result.timings().toString());
        // im2col was timed again beside it: its rounds, then the confirming ones
        assertTrue(runs[1] > Planner.CONFIRM_ROUNDS, "im2col ran " + runs[1]);

        // the same with the rules' route losing by less than the tie: kept, and not warmed up again
        long[] later = {0};
        Planner.Result close = fakeClock(candidates, direct, later,
            plan -> plan.forward() == ConvPlan.Route.DIRECT ? 0.25 : 0.23);
        assertEquals(ConvPlan.Route.DIRECT, close.winner().forward(), close.timings().toString());
        assertTrue(later[0] < Planner.REWARM_MILLIS * 1_000_000L, "measured for " + later[0] / 1e6 + " ms: warmed up again");
    }

    @Test
    void aTinyLayersCandidatesWarmUpLongEnoughForTheJitBeforeTheyAreTimed() {
        // a tiny layer: one image runs in 20 µs, steady from the first run, so its warm-up looks
        // settled after 10 runs; but im2col's code is compiled only after 150 ms of runs (3.0 ms a
        // batch before, 0.7 after), while grouped takes 2.0 ms a batch throughout
        FastConv2d conv = listingDirect(1);
        List<ConvPlan> candidates = only(conv, ConvPlan.Route.IM2COL_GEMM, ConvPlan.Route.GROUPED_GEMM);
        long[] now = {0};
        long[] im2colWarm = {0};
        Planner.Result result = Planner.fastest(candidates, candidates.get(1),
            plan -> ConvPlan.shortName(plan.forward()), plan -> {
                now[0] += 20_000;
                if (plan.forward() == ConvPlan.Route.IM2COL_GEMM) {
                    im2colWarm[0] += 20_000;
                }
            }, plan -> {
                boolean compiled = im2colWarm[0] >= 150_000_000L;
                double millis = plan.forward() == ConvPlan.Route.GROUPED_GEMM ? 2.0 : compiled ? 0.7 : 3.0;
                now[0] += (long) (millis * 1e6);
            }, 100, () -> now[0], () -> 0);
        assertEquals(ConvPlan.Route.IM2COL_GEMM, result.winner().forward(), result.timings().toString());
        assertTrue(im2colWarm[0] >= Planner.WARM_MIN_MILLIS * 1_000_000L, "warmed up for " + im2colWarm[0] + " ns");
    }

    @Test
    void theRulesRouteWinsATieWithinTenPercent() {
        Map<ConvPlan.Route, Double> millis = costs(2.18, 2.1, 2.0, 2.0, 2.05); // the rules' choice on a machine with the direct conv
        List<ConvPlan.Route> ran = new ArrayList<>();
        FastConv2d conv = listingDirect(1);
        ConvPlan.Route rules = conv.forwardCandidates(WIDE).get(0).forward();
        Planner.Result result = fakeTimed(millis, ran);
        assertEquals(rules, result.winner().forward());
    }

    @Test
    void roundsStopWhenTheBudgetIsSpentButOneRoundAlwaysRuns() {
        Map<ConvPlan.Route, Double> millis = costs(500.0, 500.0, 500.0, 500.0, 500.0);
        List<ConvPlan.Route> ran = new ArrayList<>();
        fakeTimed(millis, ran);
        // each warm-up on the batch stops at its cap (after 5 runs of 500 ms > 2 s), then one round
        assertEquals(5 * (5 + 1), ran.size(), ran.toString());
    }

    @Test
    void aWarmUpRunsUntilTheTimesStopFalling() {
        // boxed Vector API code, then compiled: 400 ms runs for a while, then 2 ms
        long[] now = {0};
        int[] runs = {0};
        boolean settled = Planner.warmUp(() -> now[0] += (runs[0]++ < 6 ? 400 : 2) * 1_000_000L, () -> now[0],
            () -> 0, Planner.WARM_CAP_MILLIS);
        assertTrue(settled);
        assertEquals(6 + 1 + Planner.WARM_WINDOW, runs[0], "until a whole window is no faster than a run before it");
        // never settling: stopped at the cap, and said so
        runs[0] = 0;
        now[0] = 0;
        assertFalse(Planner.warmUp(() -> now[0] += (1000 - 10L * runs[0]++) * 1_000_000L, () -> now[0],
            () -> 0, Planner.WARM_CAP_MILLIS));
        assertTrue(now[0] <= (Planner.WARM_CAP_MILLIS + 1000) * 1_000_000L, "stopped at the cap: " + now[0]);
    }

    @Test
    void aWarmUpWaitsWhileTheJitIsStillCompiling() {
        // steady times from the start, but the JIT compiles something during the first 14 runs
        long[] now = {0};
        int[] runs = {0};
        boolean settled = Planner.warmUp(() -> {
            now[0] += 2_000_000L;
            runs[0]++;
        }, () -> now[0], () -> Math.min(runs[0], 14) * 7L, Planner.WARM_CAP_MILLIS);
        assertTrue(settled);
        assertEquals(14 + Planner.WARM_WINDOW - 1, runs[0], "until a whole window without compiling");
        assertTrue(Planner.compilationMillis() >= 0);
    }

    @Test
    void theSettledRuleComparesTheLastWindowWithTheRunsBefore() {
        assertFalse(Planner.settled(List.of(5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0)), "too few runs");
        assertTrue(Planner.settled(List.of(5.0, 5.0, 5.0, 5.0, 5.0, 5.2, 5.1, 5.3, 5.0, 5.4)));
        assertTrue(Planner.settled(List.of(0.09, 0.09, 0.09, 0.09, 0.09, 0.05, 0.05, 0.05, 0.05, 0.05)),
            "microseconds apart: noise");
        assertFalse(Planner.settled(List.of(9.0, 9.0, 9.0, 9.0, 9.0, 5.0, 5.0, 5.0, 5.0, 5.0)), "still falling");
    }

    @Test
    void everyCandidateOfEveryPassAgreesWithTheLoops() {
        List<LayerShape> shapes = new ArrayList<>(FastConv2dTests.shapes());
        shapes.add(WIDE);
        shapes.add(LayerShape.of(3, 16, 5, 33, 8, 3, 1, 1));
        shapes.add(LayerShape.of(2, 32, 4, 4, 16, 3, 1, 1));
        Random random = new Random(15);
        int candidatesChecked = 0;
        for (int threads : new int[] {1, 2}) {
            FastConv2d conv = new FastConv2d(JavaGemm.create(), threads, MEASURE, PlanCache.inMemory());
            for (LayerShape s : shapes) {
                double[] x = GemmTests.randoms(random, s.inputSize());
                double[] w = GemmTests.randoms(random, s.weightSize());
                double[] b = GemmTests.randoms(random, s.k());
                double[] dy = GemmTests.randoms(random, s.outputSize());
                double[] expectedY = ConvOracle.forward(s, x, w, b);
                double[][] expected = ConvOracle.backward(s, x, w, dy);
                int pixels = s.n() * s.oh() * s.ow();
                for (ConvPlan plan : conv.forwardCandidates(s)) {
                    float[] y = new float[s.outputSize()];
                    conv.forward(plan, GemmTests.toFloat(x), GemmTests.toFloat(w), GemmTests.toFloat(b), y);
                    FastConv2dTests.assertClose("y " + plan, expectedY, GemmTests.toDouble(y),
                        FastConv2dTests.float32Tolerance(s.reduction()));
                    candidatesChecked++;
                }
                for (ConvPlan plan : conv.backwardCandidates(s)) {
                    float[] dx = new float[s.inputSize()];
                    float[] dw = new float[s.weightSize()];
                    float[] db = new float[s.k()];
                    conv.backward(plan, GemmTests.toFloat(x), GemmTests.toFloat(w), GemmTests.toFloat(dy), dx, dw, db);
                    FastConv2dTests.assertClose("dx " + plan, expected[0], GemmTests.toDouble(dx),
                        FastConv2dTests.float32Tolerance(s.reduction()));
                    FastConv2dTests.assertClose("dw " + plan, expected[1], GemmTests.toDouble(dw),
                        FastConv2dTests.float32Tolerance(pixels));
                    candidatesChecked++;
                }
            }
        }
        assertTrue(candidatesChecked > 4 * shapes.size(), "candidates checked: " + candidatesChecked);
    }

    @Test
    void wideLayersHaveDirectAndBothGemmRoutesAsCandidates() {
        FastConv2d conv = listingDirect(2);
        List<ConvPlan.Route> forwards = conv.forwardCandidates(WIDE).stream().map(ConvPlan::forward).toList();
        assertTrue(forwards.containsAll(List.of(ConvPlan.Route.DIRECT, ConvPlan.Route.DIRECT_CHANNELS,
            ConvPlan.Route.IM2COL_GEMM, ConvPlan.Route.GROUPED_GEMM)), forwards.toString());
        assertEquals(forwards.size(), Set.copyOf(forwards).size(), "no candidate twice: " + forwards);
        List<String> backwards = conv.backwardCandidates(WIDE).stream()
            .map(plan -> plan.backwardData() + "/" + plan.backwardWeights()).toList();
        assertTrue(backwards.contains("DIRECT/DIRECT") && backwards.contains("DIRECT_CHANNELS/DIRECT")
            && backwards.contains("IM2COL_GEMM/IM2COL_GEMM")
            && backwards.contains("GROUPED_GEMM/GROUPED_GEMM"), backwards.toString());
        // pointwise layers have one GEMM route
        List<ConvPlan.Route> pointwise = conv.forwardCandidates(LayerShape.of(2, 8, 4, 4, 8, 1, 1, 0)).stream()
            .map(ConvPlan::forward).toList();
        assertFalse(pointwise.contains(ConvPlan.Route.IM2COL_GEMM), pointwise.toString());
    }

    @Test
    void theTileOfTheDirectConvIsPartOfThePlan() {
        FastConv2d conv = FastConv2d.withDirect(JavaGemm.create(), 2, DirectConv.anyWidth(Tuning.DEFAULTS).orElseThrow(),
            Tuning.DEFAULTS.with("winograd=off"), PlanCache.inMemory());
        // a long reduction (128·9 = 1152 taps) over K in whole vector pairs: channel tiles by the rules
        ConvPlan longReduction = conv.plan(LayerShape.of(2, 128, 14, 14, 4 * VectorDirectConv.L, 3, 1, 1));
        assertEquals(ConvPlan.Route.DIRECT_CHANNELS, longReduction.forward());
        assertTrue(longReduction.describeForward().endsWith(" channels × " + VectorDirectConv.CB + " positions tile)"),
            longReduction.describeForward());
        ConvPlan shortReduction = conv.plan(WIDE);
        assertEquals(ConvPlan.Route.DIRECT, shortReduction.forward());
        assertTrue(shortReduction.describeForward().endsWith(VectorDirectConv.NR + " positions tile)"),
            shortReduction.describeForward());
        assertTrue(ConvPlan.Route.DIRECT_CHANNELS.direct() && !ConvPlan.Route.IM2COL_GEMM.direct());
    }

    @Test
    void measuringLeavesTheCandidatesBuffersOnNoThreadThatLivesOn() throws InterruptedException {
        // a 3×3 stride-1 layer: Winograd and, where the vectors are wide enough, the direct conv are
        // candidates, and both keep per-thread buffers
        LayerShape s = LayerShape.of(2, 16, 8, 8, 16, 3, 1, 1);
        FastConv2d conv = new FastConv2d(JavaGemm.create(), 2, MEASURE.with("measureMillis=5"), PlanCache.inMemory());
        List<ConvPlan> candidates = conv.forwardCandidates(s);
        assertTrue(candidates.stream().anyMatch(plan -> plan.forward() == ConvPlan.Route.WINOGRAD), candidates.toString());
        long[] held = new long[3];
        ConvPlan[] plan = new ConvPlan[1];
        Thread fresh = new Thread(() -> {
            held[0] = DirectBuffer.heldHere();
            plan[0] = conv.plan(s);
            held[1] = DirectBuffer.heldHere();
            // the probe sees buffers: the candidates run here grow this thread's
            float[] y = new float[s.outputSize()];
            for (ConvPlan candidate : candidates) {
                conv.forward(candidate, new float[s.inputSize()], new float[s.weightSize()], new float[s.k()], y);
            }
            held[2] = DirectBuffer.heldHere();
        });
        fresh.start();
        fresh.join();
        assertEquals(ConvPlan.Source.MEASURED, plan[0].source(), plan[0].timings());
        assertEquals(0, held[0]);
        assertEquals(0, held[1], "the measuring grew the calling thread's buffers");
        assertTrue(held[2] > 0, "the probe saw no buffer after running every candidate here");
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("convkit-plan")) {
                thread.join(5_000);
                assertFalse(thread.isAlive(), thread.getName() + " lives on after the plan was made");
            }
        }
    }

    @Test
    void aMeasuredPlanIsWrittenToTheCacheAndReadByTheNextProcess(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("sub").resolve("plans.tsv");
        FastConv2d first = new FastConv2d(JavaGemm.create(), 2, MEASURE.with("measureMillis=5"), PlanCache.at(file));
        ConvPlan measured = first.plan(WIDE);
        assertEquals(ConvPlan.Source.MEASURED, measured.source());
        assertTrue(measured.timings().startsWith("forward: "), measured.timings());
        assertTrue(measured.timings().contains("; backward dX/dW: "), measured.timings());
        assertTrue(first.plan(WIDE) == measured, "measured once per shape in a JVM");
        List<String> lines = Files.readAllLines(file);
        assertEquals(PlanCache.HEADER, lines.get(0));
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(1).contains(Planner.shapeKey(WIDE)), lines.get(1));

        FastConv2d second = new FastConv2d(JavaGemm.create(), 2, MEASURE, PlanCache.at(file));
        ConvPlan cached = second.plan(WIDE);
        assertEquals(ConvPlan.Source.CACHED, cached.source());
        assertEquals(List.of(measured.forward(), measured.backwardData(), measured.backwardWeights()),
            List.of(cached.forward(), cached.backwardData(), cached.backwardWeights()));
        assertEquals(measured.timings(), cached.timings());

        // another thread count is another key: measured again, both lines kept
        new FastConv2d(JavaGemm.create(), 1, MEASURE.with("measureMillis=5"), PlanCache.at(file)).plan(WIDE);
        assertEquals(3, Files.readAllLines(file).size());
        try (var stream = Files.list(file.getParent())) {
            assertEquals(List.of(file), stream.toList(), "no temporary file left");
        }
    }

    @Test
    void brokenLinesAndRoutesNoLongerLegalAreMeasuredAgain(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("plans.tsv");
        FastConv2d first = new FastConv2d(JavaGemm.create(), 2, MEASURE.with("measureMillis=5"), PlanCache.at(file));
        first.plan(WIDE);
        String line = Files.readAllLines(file).get(1);
        String key = line.substring(0, line.indexOf('\t'));
        // a route name that does not exist, a line without a tab, an empty line
        Files.write(file, List.of(PlanCache.HEADER, key + "\tfft,direct,direct|", "garbage", ""));
        ConvPlan again = new FastConv2d(JavaGemm.create(), 2, MEASURE.with("measureMillis=5"), PlanCache.at(file))
            .plan(WIDE);
        assertEquals(ConvPlan.Source.MEASURED, again.source());
        List<String> rewritten = Files.readAllLines(file);
        assertEquals(2, rewritten.size(), "the broken lines are dropped: " + rewritten);
        // a pointwise route for a 3x3 layer is not legal: measured again too
        Files.write(file, List.of(PlanCache.HEADER, key + "\tpointwise,direct,direct|"));
        assertEquals(ConvPlan.Source.MEASURED, new FastConv2d(JavaGemm.create(), 2, MEASURE.with("measureMillis=5"),
            PlanCache.at(file)).plan(WIDE).source());
        // another version's file is ignored and rewritten
        Files.write(file, List.of("# convkit plan cache 1: key<TAB>choice", key + "\tdirect,direct,direct|"));
        assertEquals(ConvPlan.Source.MEASURED, new FastConv2d(JavaGemm.create(), 2, MEASURE.with("measureMillis=5"),
            PlanCache.at(file)).plan(WIDE).source());
        assertEquals(PlanCache.HEADER, Files.readAllLines(file).get(0));
    }

    @Test
    void aCacheThatCannotBeWrittenSaysSoOnceAndPlansStillWork(@TempDir Path folder) throws IOException {
        Path blocker = folder.resolve("not-a-folder");
        Files.writeString(blocker, "a file where the cache's folder should be");
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            FastConv2d conv = new FastConv2d(JavaGemm.create(), 2, MEASURE.with("measureMillis=5"),
                PlanCache.at(blocker.resolve("plans.tsv")));
            assertEquals(ConvPlan.Source.MEASURED, conv.plan(WIDE).source());
            conv.plan(WIDE.withBatch(3));
        } finally {
            System.setErr(saved);
        }
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.startsWith("convkit: could not write the plan cache "), message);
        assertTrue(message.contains("measured plans are kept in memory only"), message);
        assertEquals(1, message.lines().count(), "said once: " + message);
    }

    @Test
    void fixedPlansAreNeverMeasured(@TempDir Path folder) {
        Path file = folder.resolve("plans.tsv");
        ConvPlan plan = new FastConv2d(JavaGemm.create(), 2, Tuning.DEFAULTS, PlanCache.at(file)).plan(WIDE);
        assertEquals(ConvPlan.Source.FIXED, plan.source());
        assertEquals("", plan.timings());
        assertFalse(Files.exists(file));
    }

    @Test
    void theCacheFileIsFoundWhereTheDocumentationSays() {
        assertEquals("memory only (CONVKIT_PLAN_CACHE=off)", PlanCache.locate("off", "/x", "/home/u").where());
        assertEquals(Path.of("/c/p.tsv").toString(), PlanCache.locate("/c/p.tsv", "/x", "/home/u").where());
        assertEquals(Path.of("/x", "convkit", "plans.tsv").toString(), PlanCache.locate(null, "/x", "/home/u").where());
        assertEquals(Path.of("/home/u", ".cache", "convkit", "plans.tsv").toString(),
            PlanCache.locate("", "", "/home/u").where());
    }

    @Test
    void theMachineKeyNamesTheCpuWithFamilyModelAndVectors(@TempDir Path folder) throws IOException {
        Path cpuinfo = folder.resolve("cpuinfo");
        Files.write(cpuinfo, List.of("processor\t: 0", "vendor_id\t: AuthenticAMD", "cpu family\t: 25",
            "model\t\t: 17", "model name\t: AMD EPYC", "flags\t\t: fpu avx avx2 avx512f avx512bw", "",
            "processor\t: 1", "model name\t: other"));
        assertEquals("AMD EPYC (family 25 model 17, avx512f)", Planner.cpu(cpuinfo));
        Files.write(cpuinfo, List.of("model name\t: Intel Xeon", "cpu family\t: 6", "model\t: 85", "flags\t: sse avx2"));
        assertEquals("Intel Xeon (family 6 model 85, avx2)", Planner.cpu(cpuinfo));
        assertEquals(System.getProperty("os.arch"), Planner.cpu(folder.resolve("missing")));
    }

    @Test
    void theCodeFingerprintCoversTheKernelsAndIsStable() {
        String code = Planner.code();
        assertTrue(code.matches("[0-9a-f]{8}"), code);
        assertEquals(code, Planner.code());
        // every class the fallback names exists (a renamed one would silently drop out of it)
        for (String name : Planner.DIRECT_KERNELS) {
            assertTrue(Planner.class.getResource(name + ".class") != null, name + ".class is found");
        }
        // the fingerprint reads every class of the package, so a kernel class added later counts too
        List<String> classes = Planner.packageClasses().orElseThrow();
        for (String name : List.of("Planner", "WinogradKernelBlocks", "WinogradKernels", "VectorTranspose",
            "PositionTiles", "PositionTiles$VectorStore", "Tuning")) {
            assertTrue(classes.contains(name), name + " in " + classes);
        }
        assertEquals(classes.stream().sorted().toList(), classes);
        assertFalse(classes.stream().anyMatch(n -> n.contains("/") || n.endsWith(".class")), classes.toString());
    }

    @Test
    void thePackagesClassesAreListedFromAJarAsFromAFolder(@TempDir Path folder) throws IOException {
        Path jar = folder.resolve("kernels.jar");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            for (String entry : List.of("convkit/fast/B.class", "convkit/fast/A$Inner.class", "convkit/fast/A.class",
                "convkit/fast/notes.txt", "convkit/fast/deeper/C.class", "convkit/other/D.class", "convkit/fast/")) {
                out.putNextEntry(new java.util.jar.JarEntry(entry));
                out.closeEntry();
            }
        }
        assertEquals(List.of("A", "A$Inner", "B"), Planner.classesIn(jar, "convkit.fast").orElseThrow());
        Path classes = folder.resolve("classes");
        Files.createDirectories(classes.resolve("convkit/fast/deeper"));
        for (String file : List.of("B.class", "A.class", "notes.txt", "deeper/C.class")) {
            Files.write(classes.resolve("convkit/fast").resolve(file), new byte[] {1});
        }
        assertEquals(List.of("A", "B"), Planner.classesIn(classes, "convkit.fast").orElseThrow());
        assertTrue(Planner.classesIn(classes, "convkit.other").isEmpty(), "a package with no folder lists nothing");
        assertTrue(Planner.classesIn(folder.resolve("missing.jar"), "convkit.fast").isEmpty());
    }

    @Test
    void thePlanEntryOfTheTuningRoundTrips() {
        assertEquals(Tuning.Plan.MEASURE, Tuning.DEFAULTS.with("plan=measure").plan());
        assertEquals("plan=measure", MEASURE.differences());
        assertEquals("", MEASURE.routeDifferences(), "the plan mode is not part of the cache key");
        assertEquals("direct=off", MEASURE.with("direct=off,measureMillis=9").routeDifferences());
    }
}

package convkit.fast;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link FastConv2d}'s plans with {@link Tuning.Plan#MEASURE}: which routes a layer could take
 * (the candidates), timing them on the layer's shape ({@link Planner}), and the winners
 * remembered in a {@link PlanCache} by machine, code, threads, GEMM, kernels, tuning and shape
 * (FFTW's wisdom, PyTorch's cuDNN benchmark mode). The rules themselves stay in FastConv2d: a
 * measurement starts from the rules' plan and only swaps its routes.
 */
final class MeasuredPlans {

    private final FastConv2d conv;
    /** The direct conv a measured plan may try (the conv's own, where it has one), or null. */
    private final DirectConv candidateDirect;
    /** Winograd's F(4×4, 3×3), or null. */
    private final Winograd winograd;
    /** The few-channel direct conv, or null. */
    private final FewChannelConv fewChannel;
    /** Where measured plans are remembered across runs. */
    private final PlanCache cache;

    /** Candidates for {@code conv}'s layers from these kernels (any may be null), remembered in {@code cache}. */
    MeasuredPlans(FastConv2d conv, DirectConv candidateDirect, Winograd winograd, FewChannelConv fewChannel,
                  PlanCache cache) {
        this.conv = conv;
        this.candidateDirect = candidateDirect;
        this.winograd = winograd;
        this.fewChannel = fewChannel;
        this.cache = cache;
    }

    /** Where measured plans are remembered, for reports. */
    String cacheWhere() {
        return cache.where();
    }

    /**
     * The plan of {@code rules}' layer with {@link Tuning.Plan#MEASURE}: the rules' own where they
     * leave nothing to choose, else the choice the cache remembers for this machine, code and shape,
     * else the candidates timed now (and the winner remembered, when the timing settled).
     */
    ConvPlan choose(ConvPlan rules) {
        LayerShape s = rules.shape();
        List<ConvPlan> forwards = forwardCandidates(rules);
        List<ConvPlan> backwards = backwardCandidates(rules);
        if (forwards.size() == 1 && backwards.size() == 1) {
            return rules; // nothing to choose
        }
        String key = Planner.machine() + "; code " + Planner.code() + "; " + conv.threads() + " threads; "
            + conv.gemm().name() + "; " + (candidateDirect == null ? "no direct conv" : candidateDirect.describe())
            + (winograd == null ? "" : "; " + winograd.describe())
            + (fewChannel == null ? "" : "; " + fewChannel.describe()) + "; tuning "
            + conv.tuning().routeDifferences() + "; " + Planner.shapeKey(s);
        ConvPlan remembered = cache.find(key).map(choice -> parse(rules, choice, forwards, backwards)).orElse(null);
        if (remembered != null) {
            return remembered;
        }
        // on threads of its own: the losing candidates' per-thread buffers end with them
        ConvPlan measured = Parallel.isolated("convkit-plan", () -> measure(rules, forwards, backwards));
        if (measured.source() != ConvPlan.Source.MEASURED) {
            return measured; // a warm-up did not settle: kept for this JVM, measured again by the next
        }
        cache.put(key, ConvPlan.shortName(measured.forward()) + "," + ConvPlan.shortName(measured.backwardData())
            + "," + ConvPlan.shortName(measured.backwardWeights()) + "|" + measured.timings());
        return measured;
    }

    /** The GEMM routes legal for this layer: pointwise for a 1×1 layer, else im2col in strips or grouped. */
    private static List<ConvPlan.Route> gemmRoutes(LayerShape s) {
        return s.pointwise() ? List.of(ConvPlan.Route.POINTWISE_GEMM)
            : List.of(ConvPlan.Route.IM2COL_GEMM, ConvPlan.Route.GROUPED_GEMM);
    }

    /** The rules' plan with each legal forward route (the rules' first). */
    List<ConvPlan> forwardCandidates(ConvPlan rules) {
        LayerShape s = rules.shape();
        java.util.LinkedHashSet<ConvPlan.Route> routes = new java.util.LinkedHashSet<>();
        routes.add(rules.forward());
        if (candidateDirect != null && candidateDirect.suits(s)) {
            routes.add(ConvPlan.Route.DIRECT);
            routes.add(ConvPlan.Route.DIRECT_CHANNELS);
        }
        if (fewChannel != null && FewChannelConv.suits(s)) {
            routes.add(ConvPlan.Route.FEW_CHANNEL);
        }
        routes.addAll(gemmRoutes(s));
        if (winograd != null && Winograd.suits(s)) {
            routes.add(ConvPlan.Route.WINOGRAD);
        }
        return routes.stream().map(route -> rules.withRoutes(route, rules.backwardData(), rules.backwardWeights()))
            .toList();
    }

    /**
     * The rules' plan with each legal pair of dX and dW routes (the rules' first): direct where the
     * direct conv takes the pass, else the GEMM; the two GEMM routes only together.
     */
    List<ConvPlan> backwardCandidates(ConvPlan rules) {
        LayerShape s = rules.shape();
        ConvPlan.Route gemm = conv.gemmRoute(s);
        List<ConvPlan.Route> data = new ArrayList<>(List.of(gemm));
        List<ConvPlan.Route> weights = new ArrayList<>(List.of(gemm));
        LayerShape dataShape = DirectDataGradient.transposedLayer(s);
        if (candidateDirect != null && dataShape != null && candidateDirect.suits(dataShape)) {
            data.add(ConvPlan.Route.DIRECT);
            data.add(ConvPlan.Route.DIRECT_CHANNELS);
        }
        if (candidateDirect != null && candidateDirect.suitsWeights(s)) {
            weights.add(ConvPlan.Route.DIRECT);
        }
        if (winograd != null && Winograd.suitsData(s)) {
            data.add(ConvPlan.Route.WINOGRAD);
        }
        if (winograd != null && Winograd.suits(s)) {
            weights.add(ConvPlan.Route.WINOGRAD);
        }
        java.util.LinkedHashSet<ConvPlan> candidates = new java.util.LinkedHashSet<>();
        candidates.add(rules);
        for (ConvPlan.Route d : data) {
            for (ConvPlan.Route w : weights) {
                candidates.add(rules.withRoutes(rules.forward(), d, w));
            }
        }
        for (ConvPlan.Route other : gemmRoutes(s)) {
            candidates.add(rules.withRoutes(rules.forward(), other, other));
        }
        return List.copyOf(candidates);
    }

    /** Times the candidates on random values of the layer's shape (see {@link Planner}). */
    private ConvPlan measure(ConvPlan rules, List<ConvPlan> forwards, List<ConvPlan> backwards) {
        LayerShape s = rules.shape();
        float[] x = Planner.random(s.inputSize(), 1);
        float[] w = Planner.random(s.weightSize(), 2);
        float[] bias = Planner.random(s.k(), 3);
        float[] y = new float[s.outputSize()];
        // the warm-up's layer: one image (its arrays are the first elements of the batch's)
        LayerShape one = s.withBatch(1);
        ConvPlan oneRules = conv.rules(one);
        Planner.Result forward = Planner.fastest(forwards, rules, plan -> ConvPlan.shortName(plan.forward()),
            plan -> conv.forward(oneRules.withRoutes(plan.forward(), oneRules.backwardData(), oneRules.backwardWeights()),
                java.util.Arrays.copyOf(x, one.inputSize()), w, bias, new float[one.outputSize()]),
            plan -> conv.forward(plan, x, w, bias, y), conv.tuning().measureMillis());
        float[] dx = new float[s.inputSize()];
        float[] dw = new float[s.weightSize()];
        float[] db = new float[s.k()];
        float[] oneX = java.util.Arrays.copyOf(x, one.inputSize());
        float[] oneDy = java.util.Arrays.copyOf(y, one.outputSize());
        float[] oneDx = new float[one.inputSize()];
        Planner.Result backward = Planner.fastest(backwards, rules,
            plan -> ConvPlan.shortName(plan.backwardData()) + "/" + ConvPlan.shortName(plan.backwardWeights()),
            plan -> conv.backward(oneRules.withRoutes(oneRules.forward(), plan.backwardData(), plan.backwardWeights()),
                oneX, w, oneDy, oneDx, dw, db),
            plan -> conv.backward(plan, x, w, y, dx, dw, db), conv.tuning().measureMillis());
        String timings = (forward.timings().isEmpty() ? "" : "forward: " + join(forward.timings()))
            + (forward.timings().isEmpty() || backward.timings().isEmpty() ? "" : "; ")
            + (backward.timings().isEmpty() ? "" : "backward dX/dW: " + join(backward.timings()));
        boolean settled = forward.settled() && backward.settled();
        return rules.withRoutes(forward.winner().forward(), backward.winner().backwardData(),
            backward.winner().backwardWeights()).chosenBy(settled ? ConvPlan.Source.MEASURED
                : ConvPlan.Source.UNSETTLED, timings);
    }

    private static String join(List<Planner.Timing> timings) {
        return String.join(", ", timings.stream().map(Planner.Timing::toString).toList());
    }

    /** A remembered choice as a plan, or null when it does not parse or names a route no longer legal here. */
    private static ConvPlan parse(ConvPlan rules, String choice, List<ConvPlan> forwards, List<ConvPlan> backwards) {
        String[] parts = choice.split("\\|", 2);
        String[] routes = parts[0].split(",");
        if (routes.length != 3) {
            return null;
        }
        ConvPlan.Route[] chosen = new ConvPlan.Route[3];
        for (int i = 0; i < 3; i++) {
            for (ConvPlan.Route route : ConvPlan.Route.values()) {
                if (ConvPlan.shortName(route).equals(routes[i])) {
                    chosen[i] = route;
                }
            }
            if (chosen[i] == null) {
                return null;
            }
        }
        boolean forwardLegal = forwards.stream().anyMatch(plan -> plan.forward() == chosen[0]);
        boolean backwardLegal = backwards.stream()
            .anyMatch(plan -> plan.backwardData() == chosen[1] && plan.backwardWeights() == chosen[2]);
        if (!forwardLegal || !backwardLegal) {
            return null;
        }
        return rules.withRoutes(chosen[0], chosen[1], chosen[2])
            .chosenBy(ConvPlan.Source.CACHED, parts.length == 2 ? parts[1] : "");
    }
}

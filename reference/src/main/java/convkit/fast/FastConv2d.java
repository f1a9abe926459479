package convkit.fast;

import java.util.List;

/**
 * A conv layer's forward and backward pass, fast: im2col + GEMM, float32 and float64.
 *
 * <p>Forward, per image: y[image] ([K][OH·OW]) = W ([K][C·KH·KW]) · col ([C·KH·KW][OH·OW]),
 * with y first filled with the bias so the GEMM adds onto it (β = 1). A 1×1, stride-1,
 * unpadded layer skips im2col: x[image] is the column matrix. Backward: dW += dY · colᵀ summed
 * over the batch, dcol = Wᵀ · dY scattered back by col2im into dX, db = Σ dY. These GEMM
 * routes are written once, in {@link FloatGemmConv}; the build generates their float64 twin
 * ({@code DoubleGemmConv}), so both precisions take the same routes with the same threads.
 *
 * <p>Float32 forward, when the Vector API is loaded with 512-bit vectors: layers whose output
 * width fits its tiles skip the column matrix and run {@link DirectConv} (the GEMM's
 * micro-kernel reading the input directly); {@link Tuning#direct} {@code off} turns that off.
 * The float32 backward of a stride-1, zero-padded layer computes dX the same way: dX is the
 * forward of a layer that reads dY with the weights transposed (K and C swapped) and flipped,
 * padded by dilation·(KH−1) − pad ({@link DirectDataGradient}); and dW of a layer whose forward
 * is direct comes from dY and the same rewritten input ({@link DirectConv#backwardWeights}).
 * Both only for C >= {@link #MIN_DIRECT_BACKWARD_CHANNELS}. {@link #plan} says which path a layer
 * takes ({@link ConvPlan#describe()}, one phrase per pass).
 *
 * <p>Columns are built a strip of output rows at a time into a per-thread buffer that is reused
 * across calls, so a big layer's column matrix never has to exist whole.
 *
 * <p>Threads, one level only (two levels oversubscribe the cores, the classic slowdown):
 * with at least as many images as threads, images are split over threads and each GEMM runs
 * single-threaded; otherwise images run one after the other, each GEMM on all threads (native
 * BLAS splits such a GEMM into blocks on Java threads, see {@link NativeBlas#parts}). The thread
 * count goes to each GEMM call as an argument, so one Gemm may serve layers running concurrently.
 *
 * <pre>
 *   FastConv2d conv = new FastConv2d(FastBackend.gemm(), 2);
 *   LayerShape s = LayerShape.of(8, 64, 56, 56, 64, 3, 1, 1);
 *   conv.forward(s, x, w, bias, y);   // float[] or double[]
 * </pre>
 *
 * <p>Limits: arrays must fit Java's int indexing (checked by LayerShape).
 */
public final class FastConv2d {

    /** Column-buffer cap of a grouped GEMM, in elements (2^24: 64 MiB of floats). */
    static final long GROUP_ELEMENTS = 1L << 24;
    /**
     * Fewest input channels for which the backward takes the direct paths. For dX they are the
     * transposed layer's output channels, which fill its 8-channel panels; for dW, first layers
     * (C = 1 or 3: mnist_5x5, alexnet_conv1, resnet_conv1) ran no faster than im2col + GEMM.
     */
    static final int MIN_DIRECT_BACKWARD_CHANNELS = 16;
    /** Fewest input (after space to depth) and output channels for which the rules take Winograd. */
    static final int MIN_WINOGRAD_CHANNELS = 16;

    private final Gemm gemm;
    private final int threads;
    private final Tuning tuning;
    /** The float32 forward without a column matrix, or null (no Vector API, vectors under 512 bits, or switched off). */
    private final DirectConv direct;
    /**
     * The direct conv a measured plan may try: {@link #direct}, the same as the rules', or null.
     * Not the Vector API's at 256 bits either: its channel tiles and weight gradient transpose
     * blocks of 16 lanes and fail on 8-lane vectors (seen with -XX:UseAVX=2), so an AVX2 machine
     * measures the GEMM routes only.
     */
    private final DirectConv candidateDirect;
    /** Winograd's F(4×4, 3×3) for 3×3 stride-1 layers, or null (no Vector API, switched off, or a GEMM-only test instance). */
    private final Winograd winograd;
    /** The few-channel direct conv at any vector width, or null (no Vector API, direct off, or a GEMM-only test instance). */
    private final FewChannelConv fewChannel;
    /** Candidates, their timing and the plans remembered across runs, for {@link Tuning.Plan#MEASURE}. */
    private final MeasuredPlans measured;
    /** Plans made by this instance, by shape (a plan is decided, or measured, once per shape). */
    private final java.util.concurrent.ConcurrentMap<LayerShape, ConvPlan> plans =
        new java.util.concurrent.ConcurrentHashMap<>();
    /** Most shapes whose plans are kept; beyond, the map starts afresh (a sweep over many shapes). */
    private static final int MAX_PLANS = 4096;
    /** The GEMM routes in float32, and in float64 (generated from the float32 source). */
    private final FloatGemmConv floats;
    private final DoubleGemmConv doubles;

    /**
     * A conv layer that runs its GEMMs on {@code gemm} with up to {@code threads} threads; its
     * float32 forward takes the {@link DirectConv direct} path instead where that is available
     * and suits the layer. Tuned by {@link Tuning#DEFAULTS}.
     */
    public FastConv2d(Gemm gemm, int threads) {
        this(gemm, threads, Tuning.DEFAULTS);
    }

    /** As {@link #FastConv2d(Gemm, int)}, tuned by {@code tuning} (e.g. {@link Tuning#fromSystemProperty()}). */
    public FastConv2d(Gemm gemm, int threads, Tuning tuning) {
        this(gemm, threads, tuning, PlanCache.standard());
    }

    /** As {@link #FastConv2d(Gemm, int, Tuning)}, remembering measured plans in {@code cache}. */
    public FastConv2d(Gemm gemm, int threads, Tuning tuning, PlanCache cache) {
        this(gemm, threads, tuning, tuning == null ? null : DirectConv.available(tuning).orElse(null),
            tuning == null ? null : Winograd.available(tuning).orElse(null),
            tuning == null ? null : FewChannelConv.available(tuning).orElse(null), cache);
    }

    /** For tests: im2col + GEMM only, grouping images when OH·OW <= groupPixels (0: never, MAX_VALUE: always). */
    FastConv2d(Gemm gemm, int threads, int groupPixels) {
        this(gemm, threads, Tuning.DEFAULTS.with("groupPixels=" + groupPixels), null, null, null, PlanCache.inMemory());
    }

    private FastConv2d(Gemm gemm, int threads, Tuning tuning, DirectConv direct, Winograd winograd,
                       FewChannelConv fewChannel, PlanCache cache) {
        if (gemm == null) {
            throw new IllegalArgumentException("gemm must not be null");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, but was " + threads);
        }
        this.gemm = gemm;
        this.threads = threads;
        if (tuning == null) {
            throw new IllegalArgumentException("tuning must not be null (Tuning.DEFAULTS for the defaults)");
        }
        this.tuning = tuning;
        this.direct = direct;
        this.candidateDirect = direct;
        this.winograd = winograd;
        this.fewChannel = fewChannel;
        if (cache == null) {
            throw new IllegalArgumentException("plan cache must not be null (PlanCache.inMemory() for none)");
        }
        this.measured = new MeasuredPlans(this, candidateDirect, winograd, fewChannel, cache);
        this.floats = new FloatGemmConv(gemm, threads);
        this.doubles = new DoubleGemmConv(gemm, threads);
    }

    /** For tests: im2col + GEMM only, with the default grouping. */
    static FastConv2d gemmOnly(Gemm gemm, int threads) {
        return new FastConv2d(gemm, threads, Tuning.DEFAULTS, null, null, null, PlanCache.inMemory());
    }

    /** For tests: this direct conv (whatever its vector width) where it suits, else im2col + GEMM. */
    static FastConv2d withDirect(Gemm gemm, int threads, DirectConv direct) {
        return withDirect(gemm, threads, direct, Tuning.DEFAULTS, PlanCache.inMemory());
    }

    /** For tests: as {@link #withDirect(Gemm, int, DirectConv)}, with this tuning and plan cache. */
    static FastConv2d withDirect(Gemm gemm, int threads, DirectConv direct, Tuning tuning, PlanCache cache) {
        return new FastConv2d(gemm, threads, tuning, direct, Winograd.available(tuning).orElse(null),
            FewChannelConv.available(tuning).orElse(null), cache);
    }

    /**
     * The plan of this layer's float32 passes on this instance: the one function that decides
     * each pass's route (the direct conv, or which GEMM route) and how the threads share the
     * work, from the shape, the thread count, the tuning and the machine. The float32
     * {@link #forward(ConvPlan, float[], float[], float[], float[])} and
     * {@link #backward(ConvPlan, float[], float[], float[], float[], float[], float[])} follow it.
     */
    public ConvPlan plan(LayerShape s) {
        ConvPlan plan = plans.get(s);
        if (plan == null) {
            if (plans.size() >= MAX_PLANS) {
                plans.clear();
            }
            plan = plans.computeIfAbsent(s, this::decide);
        }
        return plan;
    }

    /** The plan by the rules, or with {@link Tuning.Plan#MEASURE} remembered or measured ({@link MeasuredPlans}). */
    private ConvPlan decide(LayerShape s) {
        ConvPlan rules = rules(s);
        return tuning.plan() == Tuning.Plan.FIXED ? rules : measured.choose(rules);
    }

    /**
     * The plan the rules give: Winograd where {@link #winograd(LayerShape)} says so, else the routes
     * as {@link #direct}, {@link #grouped} and the rest decide.
     */
    ConvPlan rules(LayerShape s) {
        ConvPlan.Route gemmRoute = gemmRoute(s);
        boolean winograd = winograd(s);
        boolean blas = pointwiseOnBlas(s);
        return new ConvPlan(s, winograd ? ConvPlan.Route.WINOGRAD : direct(s) && !blas ? directRoute(s)
                : fewChannel(s) ? ConvPlan.Route.FEW_CHANNEL : gemmRoute,
            winograd && Winograd.suitsData(s) ? ConvPlan.Route.WINOGRAD
                : directBackwardData(s) && !blas ? directRoute(DirectDataGradient.transposedLayer(s)) : gemmRoute,
            winograd ? ConvPlan.Route.WINOGRAD
                : directBackwardWeights(s) && !blas ? ConvPlan.Route.DIRECT : gemmRoute,
            threads, workers(s), stripRowsFor(s), candidateDirect, this.winograd, fewChannel, gemm);
    }

    /**
     * Whether the rules leave a 1×1 layer to native BLAS although the direct conv suits it: such a
     * layer is already a GEMM (no im2col to pay for), and on the AVX-512 machine the planner chose
     * the BLAS for all three passes of every 1×1 shape it measured (paired runs in
     * {@code .bench/narrow-winograd-2026-12-03.md}); with the Java GEMM the two routes were even.
     */
    private boolean pointwiseOnBlas(LayerShape s) {
        return s.pointwise() && gemm instanceof NativeBlas;
    }

    /**
     * Whether the rules take Winograd's F(4×4, 3×3) for this layer: it {@link Winograd#suits} it and
     * both its (stride-1) input channels and its output channels number at least
     * {@link #MIN_WINOGRAD_CHANNELS}. Measured on AVX-512 and AVX2: it beat the direct conv and the
     * GEMM routes on every such layer of the suite (the transforms are a small share when the 36
     * GEMMs are wide); with few channels the GEMMs are too thin to pay for the transforms.
     */
    public boolean winograd(LayerShape s) {
        return winograd != null && Winograd.suits(s) && s.c() * s.strideH() * s.strideW() >= MIN_WINOGRAD_CHANNELS
            && s.k() >= MIN_WINOGRAD_CHANNELS;
    }

    /** The direct conv's route for this layer's forward by the rules: by channel tiles or by position tiles. */
    private ConvPlan.Route directRoute(LayerShape s) {
        return direct.byChannels(s) ? ConvPlan.Route.DIRECT_CHANNELS : ConvPlan.Route.DIRECT;
    }

    /**
     * The rules' GEMM route of this layer's passes (float64 always takes it; float32 where the direct
     * conv does not serve): no im2col for a 1×1 layer, image groups for few output pixels, else strips.
     */
    ConvPlan.Route gemmRoute(LayerShape s) {
        return s.pointwise() ? ConvPlan.Route.POINTWISE_GEMM
            : grouped(s) ? ConvPlan.Route.GROUPED_GEMM : ConvPlan.Route.IM2COL_GEMM;
    }

    /** The plans a measurement would time for this layer's forward (the rules' first). */
    List<ConvPlan> forwardCandidates(LayerShape s) {
        return measured.forwardCandidates(rules(s));
    }

    /** The plans a measurement would time for this layer's backward (the rules' first). */
    List<ConvPlan> backwardCandidates(LayerShape s) {
        return measured.backwardCandidates(rules(s));
    }

    /** Where measured plans are remembered, for reports. */
    public String planCache() {
        return measured.cacheWhere();
    }

    /**
     * Whether the rules take the {@link FewChannelConv few-channel conv} for this layer's float32
     * forward: it is {@link FewChannelConv#preferred} for the layer, which is not 1×1 (x is then its
     * own column matrix), and the direct conv does not take it (where the 512-bit direct conv is
     * available it is the faster).
     */
    public boolean fewChannel(LayerShape s) {
        return fewChannel != null && !s.pointwise() && !direct(s) && fewChannel.preferred(s);
    }

    /** Whether the float32 forward of this layer takes the direct path (no column matrix). */
    public boolean direct(LayerShape s) {
        return direct != null && direct.suits(s);
    }

    /**
     * Whether the float32 backward of this layer computes dX on the direct path: the layer of
     * {@link DirectDataGradient#transposedLayer} suits it, and C fills at least two of its channel panels (for
     * fewer input channels, as in a first layer, most of each panel would be wasted).
     */
    public boolean directBackwardData(LayerShape s) {
        LayerShape data = direct == null || s.c() < MIN_DIRECT_BACKWARD_CHANNELS ? null
            : DirectDataGradient.transposedLayer(s);
        return data != null && direct.suits(data);
    }

    /**
     * Whether the float32 backward of this layer computes dW on the direct path (from dY and the
     * rewritten input, {@link DirectConv#backwardWeights}): a layer whose forward takes the direct
     * path, with C >= {@link #MIN_DIRECT_BACKWARD_CHANNELS}, that {@link DirectConv#suitsWeights suits} it.
     */
    public boolean directBackwardWeights(LayerShape s) {
        return direct(s) && s.c() >= MIN_DIRECT_BACKWARD_CHANNELS && direct.suitsWeights(s);
    }

    /** The GEMM in use. */
    public Gemm gemm() {
        return gemm;
    }

    /** The thread budget. */
    public int threads() {
        return threads;
    }

    /** The tuning it runs with. */
    public Tuning tuning() {
        return tuning;
    }

    /** How many images run in parallel: all threads when the batch is large enough, else one. */
    int workers(LayerShape s) {
        return switch (tuning.strategy()) {
            case BATCH -> Math.min(threads, s.n());
            case GEMM -> 1;
            case AUTO -> s.n() >= threads ? threads : 1;
        };
    }

    /** Output rows per column strip, so a strip holds about {@link Tuning#stripElements} elements. */
    int stripRows(LayerShape s) {
        return stripRows(s, tuning.stripElements());
    }

    /**
     * Output rows per strip for this layer as run here: when one image at a time is shared by
     * all threads (a threaded GEMM), strips are 8× longer so each thread still gets a wide product.
     */
    int stripRowsFor(LayerShape s) {
        boolean threadedGemm = workers(s) == 1 && threads > 1;
        return stripRows(s, threadedGemm ? 8L * tuning.stripElements() : tuning.stripElements());
    }

    private static int stripRows(LayerShape s, long target) {
        long perRow = (long) s.reduction() * s.ow();
        return (int) Math.max(1, Math.min(s.oh(), target / perRow));
    }

    /**
     * Whether images are grouped into one GEMM: layers with at most {@link Tuning#groupPixels} output
     * pixels per image (resnet3x3_512 has 49, resnet3x3_256 196) would otherwise multiply thin
     * matrices that BLAS runs far below its peak. 1×1 layers keep their no-im2col path.
     */
    boolean grouped(LayerShape s) {
        return !s.pointwise() && (long) s.oh() * s.ow() <= tuning.groupPixels();
    }

    /** Images per grouped GEMM, so the column buffer stays under {@link #GROUP_ELEMENTS}. */
    static int groupSize(LayerShape s) {
        long perImage = (long) s.reduction() * s.oh() * s.ow();
        return (int) Math.max(1, Math.min(s.n(), GROUP_ELEMENTS / perImage));
    }

    /** Convenience: a new y for float32. */
    public float[] forward(LayerShape s, float[] x, float[] w, float[] bias) {
        float[] y = new float[s.outputSize()];
        forward(s, x, w, bias, y);
        return y;
    }

    /** Convenience: a new y for float64. */
    public double[] forward(LayerShape s, double[] x, double[] w, double[] bias) {
        double[] y = new double[s.outputSize()];
        forward(s, x, w, bias, y);
        return y;
    }

    /**
     * y = conv(x, w) + bias, float32. x [N][C][H][W], w [K][C][KH][KW], bias [K] or null,
     * y [N][K][OH][OW] (overwritten).
     */
    public void forward(LayerShape s, float[] x, float[] w, float[] bias, float[] y) {
        forward(plan(s), x, w, bias, y);
    }

    /** The float32 forward by {@code route}, a plan made by this instance's {@link #plan}. */
    public void forward(ConvPlan route, float[] x, float[] w, float[] bias, float[] y) {
        LayerShape s = route.shape();
        requireOwn(route);
        checkForward(s, x.length, w.length, bias == null ? -1 : bias.length, y.length);
        if (route.forward().direct()) {
            route.direct().forward(s, x, w, bias, y, threads, route.forward() == ConvPlan.Route.DIRECT_CHANNELS);
        } else if (route.forward() == ConvPlan.Route.WINOGRAD) {
            route.winograd().forward(s, x, w, bias, y, gemm, threads);
        } else if (route.forward() == ConvPlan.Route.FEW_CHANNEL) {
            route.fewChannel().forward(s, x, w, bias, y, threads);
        } else {
            floats.forward(s, route.forward(), route.workers(), route.stripRows(), x, w, bias, y);
        }
    }

    /**
     * Gradients of a float32 conv layer: dx [N][C][H][W] and dw [K][C][KH][KW] (overwritten),
     * db [K] (overwritten; may be null when the layer has no bias), from x, w and dy [N][K][OH][OW].
     * dx may be null when nothing needs it (a network's first layer): it is then not computed.
     */
    public void backward(LayerShape s, float[] x, float[] w, float[] dy, float[] dx, float[] dw, float[] db) {
        backward(plan(s), x, w, dy, dx, dw, db);
    }

    /** The float32 backward by {@code route}, a plan made by this instance's {@link #plan}. */
    public void backward(ConvPlan route, float[] x, float[] w, float[] dy, float[] dx, float[] dw, float[] db) {
        LayerShape s = route.shape();
        requireOwn(route);
        checkBackward(s, x.length, w.length, dy.length, dx == null ? -1 : dx.length, dw.length,
            db == null ? -1 : db.length);
        boolean winogradData = dx != null && route.backwardData() == ConvPlan.Route.WINOGRAD;
        boolean winogradWeights = route.backwardWeights() == ConvPlan.Route.WINOGRAD;
        boolean directData = dx != null && (route.backwardData().direct() || winogradData);
        boolean directWeights = route.backwardWeights() == ConvPlan.Route.DIRECT || winogradWeights;
        // the direct and Winograd kernels first (each writes every element of its gradient): dX as
        // the forward of the transposed layer, dW from dY and the rewritten (or transformed) input
        if (winogradData) {
            route.winograd().backwardData(s, dy, w, dx, gemm, threads);
        } else if (directData) {
            route.direct().backwardData(s, dy, w, dx, threads, route.backwardData() == ConvPlan.Route.DIRECT_CHANNELS);
        }
        if (winogradWeights) {
            route.winograd().backwardWeights(s, x, dy, dw, gemm, threads);
        } else if (directWeights) {
            route.direct().backwardWeights(s, x, dy, dw, threads);
        } else {
            java.util.Arrays.fill(dw, 0);
        }
        // the rest on the GEMM (null: that gradient is done)
        float[] gemmDx = directData ? null : dx;
        float[] gemmDw = directWeights ? null : dw;
        if (gemmDx != null || gemmDw != null) {
            ConvPlan.Route gemmRoute = gemmDx == null ? route.backwardWeights() : route.backwardData();
            floats.backward(s, gemmRoute, route.workers(), route.stripRows(), x, w, dy, gemmDx, gemmDw);
        }
        if (db != null) {
            FloatGemmConv.biasGradient(s, dy, db, threads);
        }
    }

    /**
     * y = conv(x, w) + bias, float64, by the GEMM route of {@link #gemmRoute} (the direct conv is
     * float32 only). x [N][C][H][W], w [K][C][KH][KW], bias [K] or null, y [N][K][OH][OW] (overwritten).
     */
    public void forward(LayerShape s, double[] x, double[] w, double[] bias, double[] y) {
        checkForward(s, x.length, w.length, bias == null ? -1 : bias.length, y.length);
        doubles.forward(s, gemmRoute(s), workers(s), stripRowsFor(s), x, w, bias, y);
    }

    /**
     * Gradients of a float64 conv layer by the GEMM route of {@link #gemmRoute}: dx [N][C][H][W]
     * and dw [K][C][KH][KW] (overwritten), db [K] (overwritten; may be null when the layer has no
     * bias), from x, w and dy [N][K][OH][OW].
     */
    public void backward(LayerShape s, double[] x, double[] w, double[] dy, double[] dx, double[] dw, double[] db) {
        checkBackward(s, x.length, w.length, dy.length, dx.length, dw.length, db == null ? -1 : db.length);
        java.util.Arrays.fill(dw, 0);
        doubles.backward(s, gemmRoute(s), workers(s), stripRowsFor(s), x, w, dy, dx, dw);
        if (db != null) {
            DoubleGemmConv.biasGradient(s, dy, db, threads);
        }
    }

    /** A plan made by {@link #plan} of this instance: same threads, GEMM and direct conv. */
    private void requireOwn(ConvPlan route) {
        if (!route.madeBy(gemm, candidateDirect, threads)) {
            throw new IllegalArgumentException("plan of " + route.shape().describe() + " was made by another"
                + " FastConv2d (threads " + route.threads() + "), not this one on " + threads + " threads with "
                + gemm.name());
        }
    }

    /** The array lengths of a forward pass (bias −1: no bias). */
    private static void checkForward(LayerShape s, int x, int w, int bias, int y) {
        checkLength("x", x, s.inputSize(), s);
        checkLength("w", w, s.weightSize(), s);
        checkLength("y", y, s.outputSize(), s);
        if (bias >= 0) {
            checkLength("bias", bias, s.k(), s);
        }
    }

    /** The array lengths of a backward pass (dx −1: dX not wanted; db −1: no bias). */
    private static void checkBackward(LayerShape s, int x, int w, int dy, int dx, int dw, int db) {
        checkLength("x", x, s.inputSize(), s);
        checkLength("w", w, s.weightSize(), s);
        checkLength("dy", dy, s.outputSize(), s);
        if (dx >= 0) {
            checkLength("dx", dx, s.inputSize(), s);
        }
        checkLength("dw", dw, s.weightSize(), s);
        if (db >= 0) {
            checkLength("db", db, s.k(), s);
        }
    }

    private static void checkLength(String name, int actual, int expected, LayerShape s) {
        if (actual != expected) {
            throw new IllegalArgumentException(name + " must have " + expected + " elements for layer "
                + s.describe() + ", but has " + actual);
        }
    }
}

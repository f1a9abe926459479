package convkit.fast;

/**
 * How the fast path runs one layer's float32 passes, as one value: made by
 * {@link FastConv2d#plan}, the one function that decides, from the layer's shape, the thread
 * count, the {@link Tuning} and this machine (the direct conv and its vector width, the GEMM).
 * {@link FastConv2d}'s float32 forward and backward follow the plan they are given; reports
 * ({@code ./convkit bench}, {@code doctor}) print {@link #describe()} of the same value.
 *
 * <pre>
 *   ConvPlan plan = new FastConv2d(FastBackend.gemm(), 2).plan(LayerShape.of(8, 64, 56, 56, 64, 3, 1, 1));
 *   plan.describe();  // forward: direct conv (Vector API, 512-bit, 8 channels × 32 positions tile); ...
 * </pre>
 * The float64 passes take the rules' GEMM route (a plan, measured or not, is for float32; the direct conv is float32 only).
 */
public final class ConvPlan {

    /** The route of one pass. */
    public enum Route {
        /**
         * The Vector API direct conv, no column matrix: forward and dX by position tiles (8 output
         * channels × two vectors of positions); dW by its one tile.
         */
        DIRECT,
        /** The direct conv by channel tiles (two vectors of output channels × 12 positions): forward and dX. */
        DIRECT_CHANNELS,
        /** x itself is the column matrix (1×1, stride 1, no padding): one GEMM per image. */
        POINTWISE_GEMM,
        /** im2col of several images at once, one GEMM over the group (layers with few output pixels). */
        GROUPED_GEMM,
        /** im2col a strip of output rows at a time, one GEMM per strip. */
        IM2COL_GEMM,
        /** Winograd's F(4×4, 3×3): transforms and 36 GEMMs (3×3, stride-1 layers; {@link Winograd}). */
        WINOGRAD,
        /**
         * The few-channel direct conv at any vector width (4 output channels × 2 vectors of an output
         * row over the input rows split into column phases; {@link FewChannelConv}): the forward of
         * layers with few input channels, such as a first layer.
         */
        FEW_CHANNEL;

        /** Whether the direct conv runs this route. */
        public boolean direct() {
            return this == DIRECT || this == DIRECT_CHANNELS;
        }
    }

    /** Where a plan's routes came from. */
    public enum Source {
        /** The rules of {@link FastConv2d#plan} ({@link Tuning.Plan#FIXED}, or only one route was legal). */
        FIXED,
        /** Timed in this JVM ({@link Tuning.Plan#MEASURE}). */
        MEASURED,
        /**
         * Timed in this JVM, but a candidate's warm-up did not settle within its cap (the JIT still
         * compiling, or a loaded machine): used here, not remembered in the cache.
         */
        UNSETTLED,
        /** Timed earlier on this machine and read from the {@link PlanCache}. */
        CACHED
    }

    private final LayerShape shape;
    private final Route forward;
    private final Route backwardData;
    private final Route backwardWeights;
    private final int threads;
    private final int workers;
    private final int stripRows;
    private final DirectConv direct; // null when no route is direct
    private final Winograd winograd; // null when no route may be Winograd's
    private final FewChannelConv fewChannel; // null when no route may be the few-channel conv
    private final Gemm gemm;
    private final Source source;
    private final String timings; // what the candidates took ("" for FIXED)

    ConvPlan(LayerShape shape, Route forward, Route backwardData, Route backwardWeights, int threads, int workers,
             int stripRows, DirectConv direct, Winograd winograd, FewChannelConv fewChannel, Gemm gemm) {
        this(shape, forward, backwardData, backwardWeights, threads, workers, stripRows, direct, winograd, fewChannel,
            gemm, Source.FIXED, "");
    }

    private ConvPlan(LayerShape shape, Route forward, Route backwardData, Route backwardWeights, int threads,
                     int workers, int stripRows, DirectConv direct, Winograd winograd, FewChannelConv fewChannel,
                     Gemm gemm, Source source, String timings) {
        this.shape = shape;
        this.forward = forward;
        this.backwardData = backwardData;
        this.backwardWeights = backwardWeights;
        this.threads = threads;
        this.workers = workers;
        this.stripRows = stripRows;
        this.direct = direct;
        this.winograd = winograd;
        this.fewChannel = fewChannel;
        this.gemm = gemm;
        this.source = source;
        this.timings = timings;
    }

    /** This plan with other routes (the rest the same): a candidate of a measured plan. */
    ConvPlan withRoutes(Route forward, Route backwardData, Route backwardWeights) {
        return new ConvPlan(shape, forward, backwardData, backwardWeights, threads, workers, stripRows, direct, winograd,
            fewChannel, gemm, source, timings);
    }

    /** This plan as chosen by {@code source}, with what the candidates took. */
    ConvPlan chosenBy(Source source, String timings) {
        return new ConvPlan(shape, forward, backwardData, backwardWeights, threads, workers, stripRows, direct, winograd,
            fewChannel, gemm, source, timings);
    }

    /** Where the routes came from. */
    public Source source() {
        return source;
    }

    /**
     * What each candidate took when the plan was measured, e.g. {@code "forward: direct 12.10 ms,
     * im2col 14.02 ms; backward: direct/direct 40.31 ms, ..."}; empty for a fixed plan.
     */
    public String timings() {
        return timings;
    }

    /** The direct conv the DIRECT routes run (null when no route may be direct). */
    DirectConv direct() {
        return direct;
    }

    /** The Winograd route the WINOGRAD routes run (null when no route may be Winograd's). */
    Winograd winograd() {
        return winograd;
    }

    /** The few-channel conv the FEW_CHANNEL route runs (null when no route may be it). */
    FewChannelConv fewChannel() {
        return fewChannel;
    }

    /** A short name of a route, for timings and the cache. */
    static String shortName(Route route) {
        return switch (route) {
            case DIRECT -> "direct";
            case DIRECT_CHANNELS -> "direct-channels";
            case POINTWISE_GEMM -> "pointwise";
            case GROUPED_GEMM -> "grouped";
            case IM2COL_GEMM -> "im2col";
            case WINOGRAD -> "winograd";
            case FEW_CHANNEL -> "few-channel";
        };
    }

    /** The layer this plan is for. */
    public LayerShape shape() {
        return shape;
    }

    /** The forward's route. */
    public Route forward() {
        return forward;
    }

    /** dX's route ({@link Route#DIRECT}: the forward of the transposed, flipped layer). */
    public Route backwardData() {
        return backwardData;
    }

    /** dW's route ({@link Route#DIRECT}: from dY and the rewritten input). */
    public Route backwardWeights() {
        return backwardWeights;
    }

    /** The thread budget. */
    public int threads() {
        return threads;
    }

    /** How many images run at once on the GEMM routes: all threads when the batch allows, else 1. */
    int workers() {
        return workers;
    }

    /** Threads of each GEMM call: 1 when images run in parallel, else the budget (never both). */
    int gemmThreads() {
        return workers > 1 ? 1 : threads;
    }

    /** Output rows per im2col strip on {@link Route#IM2COL_GEMM}. */
    int stripRows() {
        return stripRows;
    }

    /** Whether this plan was made for a FastConv2d with this GEMM, direct conv and thread count. */
    boolean madeBy(Gemm gemm, DirectConv direct, int threads) {
        return this.gemm == gemm && this.direct == direct && this.threads == threads;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConvPlan plan && shape.equals(plan.shape) && forward == plan.forward
            && backwardData == plan.backwardData && backwardWeights == plan.backwardWeights && threads == plan.threads
            && workers == plan.workers && stripRows == plan.stripRows && direct == plan.direct
            && winograd == plan.winograd && fewChannel == plan.fewChannel && gemm == plan.gemm;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(shape, forward, backwardData, backwardWeights, threads, workers, stripRows);
    }

    /** One line: each pass's route and how the threads share the work. */
    public String describe() {
        String threading = workers > 1 ? workers + " images at a time, GEMMs on 1 thread"
            : "one image at a time, GEMMs on " + threads + " thread" + (threads == 1 ? "" : "s");
        return "forward: " + describeForward() + "; dX: " + describeBackwardData() + "; dW: "
            + describeBackwardWeights() + "; " + threading;
    }

    /** How dX runs, for reports: the direct conv of the transposed layer, or the GEMM and col2im. */
    public String describeBackwardData() {
        return describe(backwardData, true);
    }

    /** How dW runs, for reports: the direct weight gradient and its tile, or im2col and the GEMM. */
    public String describeBackwardWeights() {
        return switch (backwardWeights) {
            case DIRECT -> direct.describeWeights();
            case WINOGRAD -> winograd.describe(shape, Winograd.Pass.WEIGHTS, gemm.name());
            default -> describe(backwardWeights, false);
        };
    }

    /** How the forward runs, for reports: e.g. the direct conv and its tile, or im2col in strips + the GEMM. */
    public String describeForward() {
        return describe(forward, false);
    }

    private String describe(Route route, boolean data) {
        return switch (route) {
            case DIRECT, DIRECT_CHANNELS -> direct.describeForward(data ? DirectDataGradient.transposedLayer(shape) : shape,
                route == Route.DIRECT_CHANNELS);
            case POINTWISE_GEMM -> gemm.name() + " (no im2col)";
            case GROUPED_GEMM -> "im2col of image groups + " + gemm.name();
            case IM2COL_GEMM -> "im2col in strips of " + stripRows + " rows + " + gemm.name()
                + (data ? " + col2im" : "");
            case WINOGRAD -> winograd.describe(shape, data ? Winograd.Pass.DATA : Winograd.Pass.FORWARD, gemm.name());
            case FEW_CHANNEL -> fewChannel.describe();
        };
    }

    @Override
    public String toString() {
        return shape.describe() + ": " + describe();
    }
}

package convkit.fast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every number and switch that steers the fast path, in one value with its defaults and why.
 * Kernels take a Tuning as an argument and read no system property; {@link #fromSystemProperty()}
 * is the one place that does, for the callers that build a {@link FastConv2d}.
 *
 * <p>One documented way to override: the system property {@code convkit.fast.tuning} holding
 * {@code name=value} pairs separated by commas, for comparisons on a machine unlike the one the
 * defaults were measured on, e.g.
 * <pre>
 *   JAVA_TOOL_OPTIONS=-Dconvkit.fast.tuning=direct=off ./convkit bench      (im2col + GEMM everywhere)
 *   JAVA_TOOL_OPTIONS=-Dconvkit.fast.tuning=tiles=channels,blockBytes=524288 ./convkit bench
 * </pre>
 * {@code ./convkit bench} and {@code doctor} print the entries that differ from the defaults.
 * Unknown names and values that are not positive integers are errors naming the entry.
 *
 * @param direct               {@link Direct#AUTO}: the float32 Vector API direct conv where it
 *                             suits the layer; {@link Direct#OFF}: im2col + GEMM always
 * @param tiles                which tile the direct forward takes; {@link Tiles#AUTO} chooses per layer
 * @param strategy             how threads share a batch; {@link Strategy#AUTO}: images over threads
 *                             when N ≥ threads, else one threaded GEMM per image
 * @param stripElements        target size of an im2col column strip, in elements. Default 2^18
 *                             (1 MiB of floats, about an L2): a strip and the weights stay in cache
 *                             while the GEMM reads them
 * @param groupPixels          layers with at most this many output pixels per image are run as one
 *                             GEMM over a group of images. Default 256: late layers (resnet3x3_512
 *                             has 49, resnet3x3_256 196) would otherwise multiply thin matrices
 *                             that BLAS runs far below its peak
 * @param directGroupBytes     bytes of packed weights a group of the direct forward's panels may
 *                             take. Default 256 KiB, a quarter of a 1 MiB L2, so that the group and
 *                             the input rows under it both stay there; small weights (resnet3x3_64:
 *                             147 KiB) run as one group
 * @param chunkTaps            taps per chunk of the reduction in the channel-tiled forward. Default
 *                             256: a chunk of a channel group's weights (32 KiB) stays in L1 while
 *                             a block's tiles pass under it
 * @param blockBytes           bytes of sums a block of the channel-tiled forward may keep. Default
 *                             800 KiB: each block packs every weight again, so the suite's layers
 *                             should take a worker's share in one block (resnet3x3_256 needs 792 KiB)
 * @param unitBytes            bytes of rewritten input a worker holds at a time in the channel-tiled
 *                             forward. Default 4 MiB: bounds the reused per-thread buffer for large
 *                             batches, while the suite's layers fit a worker's whole share
 * @param unitPositions        fewest output positions (over a group of images) a unit of the direct
 *                             weight gradient covers. Default 1024: each tile of a unit ends by
 *                             adding its 384 sums into dw, worth it only after a long run of
 *                             fused multiply-adds
 * @param weightBlockPositions positions of a block of the direct weight gradient. Default 4096: a
 *                             tap group's panel of them (12 floats each) and a channel group's dY
 *                             (32 each) stay in L2 while every channel group runs over them
 * @param plan                 {@link Plan#FIXED}: each pass's route by the rules above;
 *                             {@link Plan#MEASURE}: where more than one route is legal, the candidates
 *                             are timed on the first use of a shape and the fastest is kept (in memory
 *                             and in the {@link PlanCache plan cache}), see {@link Planner}
 * @param measureMillis        how long the timed rounds of one pass of one shape may take, in
 *                             milliseconds, after each candidate's warm-up (see {@link Planner}).
 *                             Default 300: three rounds of the suite's mid-sized layers; a candidate
 *                             1.5× the best from the second round on is dropped
 * @param winograd             {@link Switch#AUTO}: 3×3 stride-1 float32 layers may take Winograd's
 *                             F(4×4, 3×3) ({@link Winograd}), as the rules choose or the planner
 *                             measures; {@link Switch#OFF}: never
 * @param winogradBytes        bytes of transformed input and products a worker of the Winograd route
 *                             holds at a time when it goes by chunks of tile rows. Default 2 MiB:
 *                             the GEMMs of a chunk (resnet3x3_64: 56 tiles) stay long enough for
 *                             BLAS to run near its peak, while the chunk stays near the L2. With
 *                             kernels too large to transform whole, a quarter of it bounds a
 *                             unit's slivers of transformed kernels ({@link WinogradKernelBlocks}:
 *                             resnet3x3_512's 440 KB, in the L2 beside the sums and panels)
 */
public record Tuning(Direct direct, Tiles tiles, Strategy strategy, int stripElements, int groupPixels,
                     int directGroupBytes, int chunkTaps, int blockBytes, int unitBytes, int unitPositions,
                     int weightBlockPositions, Plan plan, int measureMillis, Switch winograd, int winogradBytes) {

    /** The system property that overrides the defaults. */
    public static final String PROPERTY = "convkit.fast.tuning";

    /** The defaults, measured on a 2-core AVX-512 machine (see each parameter for why). */
    public static final Tuning DEFAULTS = new Tuning(Direct.AUTO, Tiles.AUTO, Strategy.AUTO, 1 << 18, 256,
        256 * 1024, 256, 800 * 1024, 4 << 20, 1024, 4096, Plan.FIXED, 300, Switch.AUTO, 2 << 20);

    /** Whether the float32 forward may take the direct conv. */
    public enum Direct { AUTO, OFF }

    /** On, where the rules or the planner choose it, or off. */
    public enum Switch { AUTO, OFF }

    /** Which tile the direct forward takes. */
    public enum Tiles {
        /** Positions tiles, or channel tiles where the layer's reduction is long (narrow late-stage maps). */
        AUTO,
        /** Always 8 output channels × two vectors of output positions. */
        POSITIONS,
        /** Always two vectors of output channels × 12 output positions. */
        CHANNELS
    }

    /** How a layer's routes are chosen. */
    public enum Plan {
        /** By the rules (the other entries of the tuning): same route on every machine, no timing. */
        FIXED,
        /** Timed on this machine on first use of a shape, the winner remembered per CPU, cores and shape. */
        MEASURE
    }

    /** How threads share a batch. */
    public enum Strategy {
        /** Images over threads when N ≥ threads, else one threaded GEMM per image. */
        AUTO,
        /** Images over threads (as many as there are images). */
        BATCH,
        /** One image after the other, each GEMM on all threads. */
        GEMM
    }

    public Tuning {
        if (direct == null || tiles == null || strategy == null || plan == null || winograd == null) {
            throw new IllegalArgumentException("tuning: direct, tiles, strategy, plan and winograd must not be null,"
                + " but were " + direct + ", " + tiles + ", " + strategy + ", " + plan + ", " + winograd);
        }
        positive("winogradBytes", winogradBytes);
        positive("measureMillis", measureMillis);
        positive("stripElements", stripElements);
        positive("directGroupBytes", directGroupBytes);
        positive("chunkTaps", chunkTaps);
        positive("blockBytes", blockBytes);
        positive("unitBytes", unitBytes);
        positive("unitPositions", unitPositions);
        positive("weightBlockPositions", weightBlockPositions);
        if (groupPixels < 0) {
            throw new IllegalArgumentException("tuning groupPixels: expected >= 0 (0: never group) but was "
                + groupPixels);
        }
    }

    /** The defaults with the overrides of system property {@value #PROPERTY}, if it is set. */
    public static Tuning fromSystemProperty() {
        String value = System.getProperty(PROPERTY);
        return value == null || value.isBlank() ? DEFAULTS : DEFAULTS.with(value);
    }

    /**
     * This tuning with the {@code name=value} pairs of {@code overrides} (comma-separated, e.g.
     * {@code "direct=off,groupPixels=0"}) put in; names as the record's components.
     */
    public Tuning with(String overrides) {
        Map<String, String> values = asMap();
        for (String entry : overrides.split(",")) {
            String[] pair = entry.trim().split("=", -1);
            if (pair.length != 2 || !values.containsKey(pair[0].trim())) {
                throw new IllegalArgumentException(PROPERTY + ": expected name=value with a name of " + values.keySet()
                    + " but was '" + entry.trim() + "'");
            }
            values.put(pair[0].trim(), pair[1].trim());
        }
        return new Tuning(choice(values, "direct", Direct.class), choice(values, "tiles", Tiles.class),
            choice(values, "strategy", Strategy.class), number(values, "stripElements"),
            number(values, "groupPixels"), number(values, "directGroupBytes"), number(values, "chunkTaps"),
            number(values, "blockBytes"), number(values, "unitBytes"), number(values, "unitPositions"),
            number(values, "weightBlockPositions"), choice(values, "plan", Plan.class), number(values, "measureMillis"),
            choice(values, "winograd", Switch.class), number(values, "winogradBytes"));
    }

    /** {@code name=value} pairs, comma-separated: the form {@link #with} reads, so the text round-trips. */
    @Override
    public String toString() {
        List<String> pairs = new ArrayList<>();
        asMap().forEach((name, value) -> pairs.add(name + "=" + value));
        return String.join(",", pairs);
    }

    /** This tuning with its routes chosen by {@code plan}. */
    public Tuning withPlan(Plan plan) {
        return with("plan=" + plan.name().toLowerCase(Locale.ROOT));
    }

    /**
     * The entries that change what a measured plan would pick (everything but {@link #plan} and
     * {@link #measureMillis}) where they differ from the defaults: part of the {@link PlanCache} key.
     */
    String routeDifferences() {
        return withPlan(DEFAULTS.plan).with("measureMillis=" + DEFAULTS.measureMillis).differences();
    }

    /** The entries that differ from {@link #DEFAULTS}, as {@link #toString} writes them; empty for the defaults. */
    public String differences() {
        Map<String, String> defaults = DEFAULTS.asMap();
        List<String> pairs = new ArrayList<>();
        asMap().forEach((name, value) -> {
            if (!value.equals(defaults.get(name))) {
                pairs.add(name + "=" + value);
            }
        });
        return String.join(",", pairs);
    }

    private Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("direct", direct.name().toLowerCase(Locale.ROOT));
        map.put("tiles", tiles.name().toLowerCase(Locale.ROOT));
        map.put("strategy", strategy.name().toLowerCase(Locale.ROOT));
        map.put("stripElements", Integer.toString(stripElements));
        map.put("groupPixels", Integer.toString(groupPixels));
        map.put("directGroupBytes", Integer.toString(directGroupBytes));
        map.put("chunkTaps", Integer.toString(chunkTaps));
        map.put("blockBytes", Integer.toString(blockBytes));
        map.put("unitBytes", Integer.toString(unitBytes));
        map.put("unitPositions", Integer.toString(unitPositions));
        map.put("weightBlockPositions", Integer.toString(weightBlockPositions));
        map.put("plan", plan.name().toLowerCase(Locale.ROOT));
        map.put("measureMillis", Integer.toString(measureMillis));
        map.put("winograd", winograd.name().toLowerCase(Locale.ROOT));
        map.put("winogradBytes", Integer.toString(winogradBytes));
        return map;
    }

    private static <E extends Enum<E>> E choice(Map<String, String> values, String name, Class<E> choices) {
        String value = values.get(name);
        for (E choice : choices.getEnumConstants()) {
            if (choice.name().equalsIgnoreCase(value)) {
                return choice;
            }
        }
        throw new IllegalArgumentException(PROPERTY + " " + name + ": expected one of "
            + Arrays.toString(choices.getEnumConstants()).toLowerCase(Locale.ROOT) + " but was '" + value + "'");
    }

    private static int number(Map<String, String> values, String name) {
        String value = values.get(name);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PROPERTY + " " + name + ": expected an integer but was '" + value + "'", e);
        }
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("tuning " + name + ": expected >= 1 but was " + value);
        }
    }
}

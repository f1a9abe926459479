package convkit.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The one tuning value: its text form, overrides, and errors that name the entry. */
class TuningTests {

    @Test
    void overridesReplaceOnlyTheNamedEntries() {
        Tuning tuning = Tuning.DEFAULTS.with("direct=off, tiles=CHANNELS,blockBytes=524288");
        assertEquals(Tuning.Direct.OFF, tuning.direct());
        assertEquals(Tuning.Tiles.CHANNELS, tuning.tiles());
        assertEquals(524288, tuning.blockBytes());
        assertEquals(Tuning.DEFAULTS.chunkTaps(), tuning.chunkTaps());
        assertEquals("direct=off,tiles=channels,blockBytes=524288", tuning.differences());
    }

    @Test
    void theTextFormRoundTrips() {
        Tuning tuning = Tuning.DEFAULTS.with("strategy=gemm,groupPixels=0,unitPositions=512");
        assertEquals(tuning, Tuning.DEFAULTS.with(tuning.toString()));
        assertEquals("", Tuning.DEFAULTS.differences());
    }

    @Test
    void theDefaultsAreTheValuesTheFastPathWasTunedWith() {
        assertEquals("direct=auto,tiles=auto,strategy=auto,stripElements=262144,groupPixels=256,"
            + "directGroupBytes=262144,chunkTaps=256,blockBytes=819200,unitBytes=4194304,unitPositions=1024,"
            + "weightBlockPositions=4096,plan=fixed,measureMillis=300,winograd=auto,winogradBytes=2097152",
            Tuning.DEFAULTS.toString());
    }

    @Test
    void anUnknownNameIsRejectedWithTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Tuning.DEFAULTS.with("chunkTap=128"));
        assertTrue(e.getMessage().contains("'chunkTap=128'") && e.getMessage().contains("chunkTaps"), e.getMessage());
    }

    @Test
    void anUnknownChoiceIsRejectedWithTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Tuning.DEFAULTS.with("tiles=rows"));
        assertEquals("convkit.fast.tuning tiles: expected one of [auto, positions, channels] but was 'rows'",
            e.getMessage());
    }

    @Test
    void aNumberThatIsNotAnIntegerIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Tuning.DEFAULTS.with("blockBytes=800k"));
        assertEquals("convkit.fast.tuning blockBytes: expected an integer but was '800k'", e.getMessage());
    }

    @Test
    void aZeroBlockIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Tuning.DEFAULTS.with("chunkTaps=0"));
        assertEquals("tuning chunkTaps: expected >= 1 but was 0", e.getMessage());
    }

    @Test
    void directOffLeavesEveryLayerToTheGemm() {
        FastConv2d conv = new FastConv2d(JavaGemm.create(), 2, Tuning.DEFAULTS.with("direct=off,winograd=off"));
        LayerShape resnet3x3x64 = LayerShape.of(8, 64, 56, 56, 64, 3, 1, 1);
        assertEquals(ConvPlan.Route.WINOGRAD,
            new FastConv2d(JavaGemm.create(), 2, Tuning.DEFAULTS.with("direct=off")).plan(resnet3x3x64).forward());
        assertEquals(false, conv.direct(resnet3x3x64));
        assertEquals(ConvPlan.Route.IM2COL_GEMM, conv.plan(resnet3x3x64).forward());
        assertEquals(ConvPlan.Route.IM2COL_GEMM, conv.plan(resnet3x3x64).backwardData());
        assertEquals(ConvPlan.Route.IM2COL_GEMM, conv.plan(resnet3x3x64).backwardWeights());
    }
}

package convkit.grader.suite;

import java.time.Duration;
import java.util.List;

import convkit.grader.check.Expect;
import convkit.grader.check.Mistake;
import convkit.grader.run.Call;
import convkit.reference.OutputSize;
import convkit.reference.Parameters;

/**
 * Hidden tests of {@code Ex10ConceptChecks}: each answer is a Java expression that the child
 * evaluates with JShell; the grader compares the value with the reference's count.
 */
public final class Ex10ConceptChecksSuite implements Suite {

    /** JShell starts in about a second; a loaded machine may need several. */
    private static final Duration JSHELL_TIMEOUT = Duration.ofSeconds(15);

    private final CaseSeed seed;

    /** The suite graded under {@code seed}; its questions are fixed, so they are the same under every seed. */
    public Ex10ConceptChecksSuite(CaseSeed seed) {
        this.seed = seed;
    }

    @Override
    public CaseSeed seed() {
        return seed;
    }

    @Override
    public boolean startsJShell() {
        return true;
    }

    @Override
    public String exercise() {
        return "Ex10ConceptChecks";
    }

    @Override
    public List<TestCase> cases() {
        Cases cases = new Cases(exercise());
        long image = 1024L * 1024L;
        question(cases, "fullyConnectedParameters", "1024×1024 image into 1000 fully connected nodes",
            Parameters.fullyConnected(image, 1000),
            new Mistake("every output node also has a bias", image * 1000));
        question(cases, "receptiveFieldParameters", "1000 nodes, each with its own 5×5 window and bias",
            Parameters.receptiveFields(5, 5, 1000),
            new Mistake("each node also has its own bias", 25L * 1000),
            new Mistake("a node sees only its 5×5 window, not the whole image", Parameters.fullyConnected(image, 1000)));
        question(cases, "sharedWeightsParameters", "1000 nodes sharing one 5×5 kernel and one bias",
            Parameters.sharedWeights(5, 5),
            new Mistake("shared weights are counted once, whatever the number of nodes", Parameters.receptiveFields(5, 5, 1000)),
            new Mistake("the shared bias counts too", 25L));
        question(cases, "featureMapsParameters", "64 shared 5×5 kernels, each with a bias",
            Parameters.convLayer(5, 5, 1, 64),
            new Mistake("each of the 64 maps has its own bias", 64L * 25));
        question(cases, "rgbConvLayerParameters", "32 kernels 3×3 on an RGB image",
            Parameters.convLayer(3, 3, 3, 32),
            new Mistake("each kernel is as deep as the input: 3×3×3 weights", Parameters.convLayer(3, 3, 1, 32)),
            new Mistake("each kernel also has a bias", 32L * 27));
        question(cases, "convOutputWidth", "output width of 224, kernel 7, stride 2, pad 3",
            OutputSize.of(224, 7, 3, 2, 1),
            new Mistake("floor((in + 2·pad − kernel) / stride) + 1: the +1 counts the first position",
                (long) OutputSize.of(224, 7, 3, 2, 1) - 1),
            new Mistake("padding goes on both sides: in + 2·pad", (long) OutputSize.of(224, 7, 0, 2, 1) + 1));
        question(cases, "stackedReceptiveField", "receptive field of two stacked 3×3 convolutions",
            3 + (3 - 1),
            new Mistake("each extra 3×3 layer widens the field by 2 pixels, not 3", 6L),
            new Mistake("receptive fields do not multiply: each layer adds kernel − 1", 9L));
        question(cases, "maxPoolParameters", "parameters of a 2×2 max-pooling layer", Parameters.pooling(),
            new Mistake("pooling has no weights: nothing is learned", 64L * 4),
            new Mistake("pooling has no weights and no bias", 64L));
        return cases.list();
    }

    private static void question(Cases cases, String method, String name, long expected, Mistake... mistakes) {
        cases.hidden(method + ": " + name, 1, Call.expression(cases.className(), method),
            Expect.evaluatesTo(expected, mistakes), JSHELL_TIMEOUT);
    }
}

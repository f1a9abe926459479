package convkit.reference;

import static convkit.reference.TensorAssert.assertClose;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** The backward pass of a cross-correlation layer, rebuilt from Convolution and CrossCorrelation. */
class DualityTests {

    /** Both sides add the same products in different orders. */
    private static final double SAME_SUM_OTHER_ORDER = 1e-12;

    private final Random random = new Random(7);

    @Test
    void inputGradientIsAFullConvolutionOfDyWithTheKernel() {
        Tensor x = GradientCheck.random(random, 1, 2, 5, 6);
        Tensor w = GradientCheck.random(random, 3, 2, 3, 2);
        Tensor dy = GradientCheck.random(random, 1, 3, 3, 5);
        assertClose("dx", Conv2d.backward(x, w, dy, ConvSpec.DEFAULT).dx(), Duality.inputGradient(w, dy, 0, 5, 6),
            SAME_SUM_OTHER_ORDER);
    }

    @Test
    void inputGradientWithZeroPaddingIsTheCroppedFullConvolution() {
        Tensor x = GradientCheck.random(random, 1, 2, 4, 4);
        Tensor w = GradientCheck.random(random, 2, 2, 3, 3);
        Tensor dy = GradientCheck.random(random, 1, 2, 4, 4);
        assertClose("dx", Conv2d.backward(x, w, dy, ConvSpec.of(1, 1, 1)).dx(), Duality.inputGradient(w, dy, 1, 4, 4),
            SAME_SUM_OTHER_ORDER);
    }

    @Test
    void weightGradientIsACrossCorrelationOfXWithDy() {
        Tensor x = GradientCheck.random(random, 1, 2, 5, 6);
        Tensor w = GradientCheck.random(random, 3, 2, 3, 2);
        Tensor dy = GradientCheck.random(random, 1, 3, 5, 7);
        assertClose("dw", Conv2d.backward(x, w, dy, ConvSpec.of(1, 1, 1)).dw(), Duality.weightGradient(x, dy, 1),
            SAME_SUM_OTHER_ORDER);
    }
}

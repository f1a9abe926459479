package convkit.dispatch;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convkit.reference.ConvSpec;
import convkit.reference.DType;
import convkit.reference.Tensor;

import org.junit.jupiter.api.Test;

class ConvLayerTests {

    @Test
    void fastRejectsAChannelMismatchWithTheReferenceMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> ConvLayer.forward(Impl.FAST, Tensor.zeros(1, 2, 3, 3), Tensor.zeros(1, 1, 3, 3), null,
                ConvSpec.DEFAULT));
        assertTrue(e.getMessage().contains("channel mismatch"), e.getMessage());
    }

    @Test
    void fastInFloat32GivesValuesThatAreFloat32Numbers() {
        Tensor x = Tensor.of(new double[] {0.1, 0.2, 0.3, 0.4}, 1, 1, 2, 2);
        Tensor w = Tensor.of(new double[] {1.0 / 3}, 1, 1, 1, 1);
        Tensor y = ConvLayer.forward(Impl.FAST, DType.FLOAT32, x, w, null, ConvSpec.DEFAULT);
        for (double v : y.data()) {
            assertTrue(v == (double) (float) v, v + " is not a float32 value");
        }
    }

    @Test
    void nullImplIsRejected() {
        assertThrows(IllegalArgumentException.class,
            () -> ConvLayer.forward(null, Tensor.zeros(1, 1, 3, 3), Tensor.zeros(1, 1, 3, 3), null, ConvSpec.DEFAULT));
    }
}

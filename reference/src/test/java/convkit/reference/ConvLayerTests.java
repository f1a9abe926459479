package convkit.reference;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConvLayerTests {

    @Test
    void fastSaysClearlyThatItIsMissing() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
            () -> ConvLayer.forward(Impl.FAST, Tensor.zeros(1, 1, 3, 3), Tensor.zeros(1, 1, 3, 3), null,
                ConvSpec.DEFAULT));
        assertTrue(e.getMessage().contains("not available"), e.getMessage());
    }

    @Test
    void nullImplIsRejected() {
        assertThrows(IllegalArgumentException.class,
            () -> ConvLayer.forward(null, Tensor.zeros(1, 1, 3, 3), Tensor.zeros(1, 1, 3, 3), null, ConvSpec.DEFAULT));
    }
}

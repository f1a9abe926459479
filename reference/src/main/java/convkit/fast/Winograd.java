package convkit.fast;

import convkit.reference.PaddingMode;
import java.util.Optional;

/**
 * 3×3, stride-1 float32 layers (and strided ones that {@link SpaceToDepth} makes so) by Winograd's F(4×4, 3×3) (see {@link WinogradTiles}): each 4×4
 * block of outputs from a 6×6 block of input with 36 multiplications per channel pair instead of
 * 144, the sums over channels done as 36 GEMMs. Forward, dX (the forward of the transposed
 * layer) and dW (the same GEMMs with the roles turned: dU = dM · Vᵀ). The results are those of
 * the textbook loops up to rounding: the transforms multiply by up to 8 and 1/24, so float32
 * rounding grows by a small factor (tests hold it to the fast path's tolerances).
 *
 * <p>Offered when the Vector API module is loaded (the transforms run on its vectors, any width)
 * and {@link Tuning#winograd} is not off; {@link FastConv2d} offers it to the planner where
 * {@link #suits} the layer.
 */
interface Winograd {

    /** One line for reports. */
    String describe();

    /** The passes of a layer, for {@link #describe(LayerShape, Pass, String)}. */
    enum Pass { FORWARD, DATA, WEIGHTS }

    /**
     * How a pass of {@code s} runs: the transforms and either 36 GEMMs on {@code gemm} or, for
     * kernels too large to transform whole, blocks of them through the channel tiles' kernel
     * ({@link WinogradKernelBlocks}).
     */
    String describe(LayerShape s, Pass pass, String gemm);

    /**
     * Whether this layer can run here: 3×3, stride 1, dilation 1, zero padding; or strided with
     * a 3×3 {@link SpaceToDepth space-to-depth} layer (kernel ⌈K/stride⌉ = 3: alexnet_conv1's 11×11, stride 4).
     */
    static boolean suits(LayerShape s) {
        return s.kh() == 3 && s.kw() == 3 && s.strideH() == 1 && s.strideW() == 1 && s.dilationH() == 1
            && s.dilationW() == 1 && s.padding() == PaddingMode.ZEROS || SpaceToDepth.maps(s, 3);
    }

    /**
     * Whether dX can run here: the layer {@link #suits} and its stride-1 layer's transposed layer
     * exists (pad ≤ 2; the space-to-depth layer has none).
     */
    static boolean suitsData(LayerShape s) {
        return suits(s) && (s.strideH() > 1 || DirectDataGradient.transposedLayer(s) != null);
    }

    /** y = conv(x, w) + bias (bias may be null), as {@link FastConv2d#forward}; the GEMMs on {@code gemm}. */
    void forward(LayerShape s, float[] x, float[] w, float[] bias, float[] y, Gemm gemm, int threads);

    /** dx, overwritten: the forward of {@link DirectDataGradient#transposedLayer} with w transposed and flipped. */
    void backwardData(LayerShape s, float[] dy, float[] w, float[] dx, Gemm gemm, int threads);

    /** dw [K][C][3][3], overwritten, from x and dy. */
    void backwardWeights(LayerShape s, float[] x, float[] dy, float[] dw, Gemm gemm, int threads);

    /** The Winograd route, or empty without the Vector API or with {@code winograd=off}. */
    static Optional<Winograd> available(Tuning tuning) {
        if (tuning.winograd() == Tuning.Switch.OFF || !JavaGemm.vectorApiLoaded()) {
            return Optional.empty();
        }
        try {
            return Optional.of((Winograd) Class.forName("convkit.fast.VectorWinograd")
                .getDeclaredConstructor(Tuning.class).newInstance(tuning));
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("jdk.incubator.vector is loaded but the Winograd route failed to load: "
                + e, e);
        }
    }
}

package convkit.train;

import convkit.fast.Gemm;
import convkit.fast.Transpose;

/**
 * A fully connected layer of the float32 route, as {@link convkit.reference.Linear}, its loops
 * as three single-threaded GEMMs:
 * <pre>
 *   y  [N][OUT] = b + x · wᵀ      dx [N][IN] = dy · w      dw [OUT][IN] = dyᵀ · x      db = Σ_n dy[n]
 * </pre>
 */
final class FloatLinear implements FloatStage {

    private final Gemm gemm;
    private final int images;
    private final int in;
    private final int out;
    private final FloatParameter weight; // [OUT][IN]
    private final FloatParameter bias;   // [OUT]
    private final int share;             // whose gradients this stage fills
    private final float[] y;             // [N][OUT]
    private final float[] dx;            // [N][IN], or null: not wanted
    private float[] x;                   // of the last forward, [N][IN]

    FloatLinear(Gemm gemm, int images, int in, int out, FloatParameter weight, FloatParameter bias, int share,
                boolean inputGradient) {
        this.gemm = gemm;
        this.images = images;
        this.in = in;
        this.out = out;
        this.weight = weight;
        this.bias = bias;
        this.share = share;
        this.y = new float[images * out];
        this.dx = inputGradient ? new float[images * in] : null;
    }

    @Override
    public float[] forward(float[] x) {
        this.x = x;
        // each image's row starts at the bias, the GEMM adds x · wᵀ onto it (beta = 1)
        for (int n = 0; n < images; n++) {
            System.arraycopy(bias.value(), 0, y, n * out, out);
        }
        gemm.sgemm(1, Transpose.NO, Transpose.YES, images, out, in, 1, x, 0, in, weight.value(), 0, in, 1, y, 0, out);
        return y;
    }

    @Override
    public float[] backward(float[] dy) {
        float[] dw = weight.gradient(share);
        gemm.sgemm(1, Transpose.YES, Transpose.NO, out, in, images, 1, dy, 0, out, x, 0, in, 0, dw, 0, in);
        float[] db = bias.gradient(share);
        java.util.Arrays.fill(db, 0f);
        for (int n = 0; n < images; n++) {
            for (int o = 0; o < out; o++) {
                db[o] += dy[n * out + o];
            }
        }
        if (dx != null) {
            gemm.sgemm(1, Transpose.NO, Transpose.NO, images, in, out, 1, dy, 0, out, weight.value(), 0, in, 0, dx, 0, in);
        }
        return dx;
    }
}

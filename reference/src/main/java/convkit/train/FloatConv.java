package convkit.train;

import convkit.fast.ConvPlan;
import convkit.fast.FastConv2d;

/**
 * A conv layer of the float32 route on {@link FastConv2d}, single-threaded (the threads take
 * shares of the batch, see {@link FloatNetwork}): the direct conv or im2col + GEMM, as its plan says.
 * The network's first learned layer computes no dX: nothing before it learns.
 */
final class FloatConv implements FloatStage {

    private final FastConv2d conv;
    private final ConvPlan plan;         // of this layer and number of images
    private final FloatParameter weight; // [K][C][KH][KW]
    private final FloatParameter bias;   // [K]
    private final int share;             // whose gradients this stage fills
    private final float[] y;             // [N][K][OH][OW]
    private final float[] dx;            // [N][C][H][W], or null: not wanted
    private float[] x;                   // of the last forward, [N][C][H][W]

    FloatConv(FastConv2d conv, ConvPlan plan, FloatParameter weight, FloatParameter bias, int share,
              boolean inputGradient) {
        this.conv = conv;
        this.plan = plan;
        this.weight = weight;
        this.bias = bias;
        this.share = share;
        this.y = new float[plan.shape().outputSize()];
        this.dx = inputGradient ? new float[plan.shape().inputSize()] : null;
    }

    @Override
    public float[] forward(float[] x) {
        this.x = x;
        conv.forward(plan, x, weight.value(), bias.value(), y);
        return y;
    }

    @Override
    public float[] backward(float[] dy) {
        conv.backward(plan, x, weight.value(), dy, dx, weight.gradient(share), bias.gradient(share));
        return dx;
    }
}

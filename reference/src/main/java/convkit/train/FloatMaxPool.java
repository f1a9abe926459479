package convkit.train;

import convkit.fast.FastPool2d;
import convkit.fast.PoolShape;

/** Max pooling of the float32 route on {@link FastPool2d}, single-threaded; backward sends each dy to its argmax. */
final class FloatMaxPool implements FloatStage {

    private final PoolShape shape;
    private final float[] y;      // [N][C][OH][OW]
    private final int[] argmax;   // the same; where in x each maximum came from
    private final float[] dx;     // [N][C][H][W]

    FloatMaxPool(PoolShape shape) {
        this.shape = shape;
        this.y = new float[shape.outputSize()];
        this.argmax = new int[shape.outputSize()];
        this.dx = new float[shape.inputSize()];
    }

    @Override
    public float[] forward(float[] x) {
        FastPool2d.maxForward(shape, x, y, argmax, 1);
        return y;
    }

    @Override
    public float[] backward(float[] dy) {
        FastPool2d.maxBackward(shape, dy, argmax, dx);
        return dx;
    }
}

package convkit.train;

/**
 * ReLU of the float32 route, as {@link convkit.reference.Relu}: y = max(0, x); dx = dy where x &gt; 0.
 *
 * <p>In place, to keep a share's arrays few (they then stay in cache): y is written over x, the
 * previous stage's output, which no backward of the route reads (conv and linear keep their
 * input, pooling its argmax), and dx over dy.
 */
final class FloatRelu implements FloatStage {

    private float[] y; // of the last forward: which elements were kept (y > 0 exactly where x > 0)

    @Override
    public float[] forward(float[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.max(0f, x[i]);
        }
        y = x;
        return y;
    }

    @Override
    public float[] backward(float[] dy) {
        for (int i = 0; i < dy.length; i++) {
            dy[i] = y[i] > 0 ? dy[i] : 0f;
        }
        return dy;
    }
}

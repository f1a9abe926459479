package convkit.train;

/** ReLU of the float32 route, as {@link convkit.reference.Relu}: y = max(0, x); dx = dy where x &gt; 0. */
final class FloatRelu implements FloatStage {

    private final float[] y;  // any shape
    private final float[] dx; // the same

    FloatRelu(int size) {
        this.y = new float[size];
        this.dx = new float[size];
    }

    @Override
    public float[] forward(float[] x) {
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.max(0f, x[i]);
        }
        return y;
    }

    @Override
    public float[] backward(float[] dy) {
        // y > 0 exactly where x > 0
        for (int i = 0; i < dx.length; i++) {
            dx[i] = y[i] > 0 ? dy[i] : 0f;
        }
        return dx;
    }
}

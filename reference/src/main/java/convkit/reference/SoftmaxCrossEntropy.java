package convkit.reference;

/**
 * SoftmaxCrossEntropy: the loss of a classifier, from raw scores (logits) and the true labels.
 *
 * <pre>
 *   p[n][j] = exp(z[n][j] - m[n]) / Σ_k exp(z[n][k] - m[n])       m[n] = max_k z[n][k]
 *   L       = (1/N) Σ_n -log p[n][label[n]]
 *           = (1/N) Σ_n ( log Σ_k exp(z[n][k] - m[n])  -  (z[n][label[n]] - m[n]) )
 *   dz[n][j] = (p[n][j] - [j == label[n]]) / N
 * </pre>
 * Subtracting the row's maximum changes nothing mathematically (it cancels in the ratio) but
 * keeps every exponent &lt;= 0, so exp never overflows: logits of 1000 give a finite loss.
 * The loss is the batch mean, as PyTorch's {@code cross_entropy}, hence the 1/N in the gradient.
 *
 * <p>Sample run ({@code java convkit.reference.SoftmaxCrossEntropy}): logits [[1, 2, 3], [1000, 0, -1000]], labels [2, 0]:
 * <pre>
 * p    = [[0.09003057317038046, 0.24472847105479764, 0.6652409557748218], [1, 0, 0]]
 * loss = 0.2038029822221902
 * dz   = [[0.04501528658519023, 0.12236423552739882, -0.1673795221125891], [0, 0, 0]]
 * </pre>
 */
public final class SoftmaxCrossEntropy {

    /**
     * The loss and what backward needs.
     *
     * @param loss          the mean cross-entropy over the batch
     * @param probabilities the softmax of the logits, {@code [N][CLASSES]}
     */
    public record Result(double loss, Tensor probabilities) {
    }

    private SoftmaxCrossEntropy() {
    }

    /** The softmax and the mean cross-entropy of {@code logits [N][CLASSES]} against {@code labels [N]}. */
    public static Result forward(Tensor logits, int[] labels) {
        int classes = requireShapes(logits, labels);
        int batch = labels.length;
        Tensor p = Tensor.zeros(batch, classes);
        double total = 0.0;
        // each image: a stable softmax of its row, then -log of its label's probability
        for (int n = 0; n < batch; n++) {
            int row = n * classes;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < classes; j++) {
                max = Math.max(max, logits.data()[row + j]);
            }
            double sum = 0.0;
            for (int j = 0; j < classes; j++) {
                double e = Math.exp(logits.data()[row + j] - max); // exponent <= 0: no overflow
                p.data()[row + j] = e;
                sum += e;
            }
            for (int j = 0; j < classes; j++) {
                p.data()[row + j] /= sum;
            }
            total += Math.log(sum) - (logits.data()[row + labels[n]] - max);
        }
        return new Result(batch == 0 ? 0.0 : total / batch, p);
    }

    /** ∂L/∂logits {@code [N][CLASSES]}: {@code (p - onehot(label)) / N}. */
    public static Tensor backward(Result forward, int[] labels) {
        Tensor p = forward.probabilities();
        int classes = requireShapes(p, labels);
        int batch = labels.length;
        Tensor dz = Tensor.zeros(batch, classes);
        // each image: its probabilities minus 1 at the true class, shared by the batch mean
        for (int n = 0; n < batch; n++) {
            for (int j = 0; j < classes; j++) {
                double target = j == labels[n] ? 1.0 : 0.0;
                dz.data()[n * classes + j] = (p.data()[n * classes + j] - target) / batch;
            }
        }
        return dz;
    }

    private static int requireShapes(Tensor logits, int[] labels) {
        logits.requireRank("logits", 2, "[N][CLASSES]");
        if (labels == null || labels.length != logits.dim(0)) {
            throw new IllegalArgumentException("labels: expected " + logits.dim(0) + " (one per row of logits "
                + logits.shapeString() + ") but was " + (labels == null ? "null" : labels.length));
        }
        int classes = logits.dim(1);
        for (int n = 0; n < labels.length; n++) {
            if (labels[n] < 0 || labels[n] >= classes) {
                throw new IllegalArgumentException("labels[" + n + "]: expected 0.." + (classes - 1) + " but was "
                    + labels[n]);
            }
        }
        return classes;
    }

    /** Demo: the sample run of the card. */
    public static void main(String[] args) {
        Tensor logits = Tensor.of(new double[] {1, 2, 3, 1000, 0, -1000}, 2, 3);
        int[] labels = {2, 0};
        Result r = forward(logits, labels);
        System.out.println("p    = " + Format.matrix(r.probabilities().reshape(1, 1, 2, 3), 0, 0));
        System.out.println("loss = " + r.loss());
        System.out.println("dz   = " + Format.matrix(backward(r, labels).reshape(1, 1, 2, 3), 0, 0));
    }
}

package convkit.reference;

/**
 * Matmul: the textbook triple loop {@code C[i][j] = Σ_p A[i][p]·B[p][j]}, with either operand
 * optionally read transposed ({@link Transpose}), so no transposed copy is ever made.
 *
 * <p>Sample run ({@code java convkit.reference.Matmul}):
 * <pre>
 * [[1, 2], [3, 4]] · [[5, 6], [7, 8]] = [[19, 22], [43, 50]]
 * </pre>
 *
 * <p>Limits: rank-2 tensors only; O(M·N·K) with no blocking: clarity over performance.
 */
public final class Matmul {

    private Matmul() {
    }

    /** {@code op(a) · op(b)} where op transposes the operand named by {@code transpose}. */
    public static Tensor multiply(Tensor a, Tensor b, Transpose transpose) {
        a.requireRank("matrix a", 2, "[M][K]");
        b.requireRank("matrix b", 2, "[K][N]");
        boolean ta = transpose == Transpose.A;
        boolean tb = transpose == Transpose.B;
        int m = ta ? a.dim(1) : a.dim(0);
        int inner = ta ? a.dim(0) : a.dim(1);
        int innerB = tb ? b.dim(1) : b.dim(0);
        int n = tb ? b.dim(0) : b.dim(1);
        if (inner != innerB) {
            throw new IllegalArgumentException("matmul: inner sizes differ, a " + a.shapeString() + " and b "
                + b.shapeString() + " with transpose " + transpose + " give " + inner + " vs " + innerB);
        }
        Tensor c = Tensor.zeros(m, n);
        // rows of the result, columns of the result, then the dot product
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0.0;
                for (int p = 0; p < inner; p++) {
                    double left = ta ? a.get(p, i) : a.get(i, p);
                    double right = tb ? b.get(j, p) : b.get(p, j);
                    sum += left * right;
                }
                c.set(sum, i, j);
            }
        }
        return c;
    }

    /** Demo: the sample run of the card. */
    public static void main(String[] args) {
        Tensor a = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
        Tensor b = Tensor.of(new double[] {5, 6, 7, 8}, 2, 2);
        Tensor c = multiply(a, b, Transpose.NONE);
        System.out.println("[[1, 2], [3, 4]] · [[5, 6], [7, 8]] = " + Format.matrix(c.reshape(1, 1, 2, 2), 0, 0));
    }
}

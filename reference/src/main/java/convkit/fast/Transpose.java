package convkit.fast;

/** Whether a GEMM operand is used as stored ({@link #NO}) or transposed ({@link #YES}). */
public enum Transpose {
    /** op(A) = A. */
    NO,
    /** op(A) = Aᵀ. */
    YES
}

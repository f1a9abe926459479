package convkit.reference;

/** Which operand of {@link Matmul#multiply} is used transposed: none, the left (A) or the right (B). */
public enum Transpose {
    NONE,
    A,
    B
}

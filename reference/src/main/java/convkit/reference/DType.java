package convkit.reference;

/**
 * The element types convkit reads and writes in {@code .npy} files. The reference computes in
 * float64 whatever it reads; {@link Npy#write} rounds back to float32 when asked.
 */
public enum DType {
    /** IEEE 754 single precision, NumPy {@code <f4}. */
    FLOAT32("<f4", 4),
    /** IEEE 754 double precision, NumPy {@code <f8}. */
    FLOAT64("<f8", 8);

    private final String descr;
    private final int bytes;

    DType(String descr, int bytes) {
        this.descr = descr;
        this.bytes = bytes;
    }

    /** The NumPy type string, e.g. {@code <f4}. */
    public String descr() {
        return descr;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }
}

package convkit.fast;

/** A child-JVM entry point for {@link FastBackendProcessTests}: picks the backend, multiplies 1×1 matrices. */
final class FastBackendProbe {

    private FastBackendProbe() {
    }

    public static void main(String[] args) {
        Gemm gemm = FastBackend.gemm();
        float[] c = new float[1];
        gemm.sgemm(1, Transpose.NO, Transpose.NO, 1, 1, 1, 1, new float[] {2}, 0, 1, new float[] {3}, 0, 1, 0, c, 0, 1);
        System.out.println(gemm.name() + " = " + c[0]);
    }
}

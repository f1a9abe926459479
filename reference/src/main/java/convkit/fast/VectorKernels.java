package convkit.fast;

import jdk.incubator.vector.FloatVector;

/**
 * The Vector API micro-kernels of {@link JavaGemm} ({@link FloatVectorTile} and its generated
 * float64 twin {@code DoubleVectorTile}). JavaGemm loads this class reflectively, and only when
 * {@code jdk.incubator.vector} is in the boot layer, so the rest of the fast path runs on a JVM
 * started without {@code --add-modules jdk.incubator.vector}.
 */
final class VectorKernels {

    private VectorKernels() {
    }

    static FloatJavaGemm.Kernel floatKernel() {
        return new FloatVectorTile();
    }

    static DoubleJavaGemm.Kernel doubleKernel() {
        return new DoubleVectorTile();
    }

    static String describe() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize() + "-bit vectors, "
            + FloatVector.SPECIES_PREFERRED.length() + " floats";
    }
}

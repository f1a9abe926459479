/**
 * The fast path of convolution layers: im2col + GEMM on float32 and float64, with the GEMM
 * from a native BLAS (cblas through the Foreign Function &amp; Memory API) or, when none is
 * installed, a blocked pure-Java GEMM (Vector API where loaded); and, for float32 with 512-bit
 * vectors, a direct convolution that needs no column matrix.
 *
 * <p>Public API (pinned by {@code PublicSurfaceTests}): {@link convkit.fast.FastConv2d} (conv
 * forward/backward) and its {@link convkit.fast.ConvPlan}, with {@link convkit.fast.PlanCache}
 * (measured plans) and {@link convkit.fast.Tuning}; {@link convkit.fast.LayerShape} (layer
 * sizes); {@link convkit.fast.FastPool2d} with {@link convkit.fast.PoolShape} (max pooling);
 * {@link convkit.fast.Gemm} with {@link convkit.fast.NativeBlas} and
 * {@link convkit.fast.JavaGemm}, chosen by {@link convkit.fast.FastBackend};
 * {@link convkit.fast.FastIm2col} and {@link convkit.fast.FloatIm2col} (and its generated twin
 * {@code DoubleIm2col}) for the column matrices, which the JMH benchmarks time on their own;
 * {@link convkit.fast.Parallel}, on which the float32 training route shares out a batch.
 *
 * <p>Internal (package-private): the direct convolution ({@code DirectConv}, loaded reflectively
 * as {@code VectorDirectConv}, which names the parts it is made of: the layouts of its rewritten
 * input, the position and channel tiles, the weight gradient, the rewrite, the per-thread
 * buffers), the planner, the GEMM routes and kernels. Not for reading next to a lesson: the
 * readable versions live in {@code convkit.reference}. Measurements live in {@code .bench/},
 * not in this package's Javadoc.
 *
 * <h2>One source per kernel: how float64 is made</h2>
 * Hand-written float and double twins drift (the float im2col gained shifted copies the double
 * one never had; the float conv reused its buffers one way, the double another), so each kernel
 * is written once. Per class:
 * <ul>
 *   <li><b>Generated</b> where the element type is in the inner loops, so a generic route would
 *       cost speed (boxing, or a type test per element): {@code FloatJavaGemm} (the Java GEMM's
 *       packing, loop nest and scalar micro-kernel), {@code FloatVectorTile} (its Vector API
 *       micro-kernel), {@link convkit.fast.FloatIm2col} (im2col and col2im) and
 *       {@code FloatGemmConv} (the conv layer's GEMM routes, forward and backward). Each file
 *       {@code Float*.java} of this package is a template: at build time
 *       {@code reference/src/build/java/DoubleTwins.java} writes its {@code Double*.java} twin
 *       into {@code target/generated-sources/float64} (Maven's generate-sources phase; the
 *       folder is a source root, so IDEs that import the POM see it once Maven has generated
 *       sources). Edit the float file only; the twin is never committed.</li>
 *   <li><b>One route for both</b> where the element type only passes through:
 *       {@link convkit.fast.NativeBlas} hands either array to native code, so sgemm and dgemm
 *       share one checked, split, single-threaded call path, with cblas_sgemm's handle taking
 *       alpha and beta as double (narrowed exactly); {@link convkit.fast.FastIm2col.Plan},
 *       {@link convkit.fast.LayerShape}, {@link convkit.fast.ConvPlan} and the thread split
 *       know no element type at all.</li>
 *   <li><b>float32 only</b>: the direct conv ({@link convkit.fast.DirectConv}), which is
 *       tuned for what people train in; float64 always takes the GEMM routes.</li>
 * </ul>
 */
package convkit.fast;

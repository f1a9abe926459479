/**
 * The fast path of convolution layers: im2col + GEMM on float32 and float64, with the GEMM
 * from a native BLAS (cblas through the Foreign Function &amp; Memory API) or, when none is
 * installed, a blocked pure-Java GEMM (Vector API where loaded).
 *
 * <p>Public API: {@link convkit.fast.FastConv2d} (conv forward/backward),
 * {@link convkit.fast.FastPool2d} (max pooling), {@link convkit.fast.LayerShape} (layer
 * sizes), {@link convkit.fast.Gemm} with {@link convkit.fast.NativeBlas} and
 * {@link convkit.fast.JavaGemm}, chosen by {@link convkit.fast.FastBackend};
 * {@link convkit.fast.FastIm2col} for the column matrices. Not for reading next to a lesson:
 * the readable versions live in {@code convkit.reference}.
 */
package convkit.fast;

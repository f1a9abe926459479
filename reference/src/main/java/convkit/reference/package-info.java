/**
 * The readable reference implementation of convolution layers: every operation as plain,
 * commented loops a student can follow next to its lesson, each class with a card (what it
 * computes, a sample run of its {@code main}, its limits).
 *
 * <p>A reading order that follows the lessons:
 * <ol>
 *   <li>{@link convkit.reference.Tensor}, {@link convkit.reference.Npy}: the data, NCHW, row-major;
 *   <li>{@link convkit.reference.Convolution} (true convolution, centred coordinates),
 *       {@link convkit.reference.CrossCorrelation}, {@link convkit.reference.Kernels#flip180};
 *   <li>{@link convkit.reference.OutputSize}, {@link convkit.reference.Padding},
 *       {@link convkit.reference.ConvSpec}: sizes, padding, stride, dilation;
 *   <li>{@link convkit.reference.Conv2d}: the layer, forward and backward;
 *       {@link convkit.reference.Duality}: its backward as convolutions;
 *   <li>{@link convkit.reference.Im2col}, {@link convkit.reference.Im2colConv},
 *       {@link convkit.reference.Matmul}: the layer as one matrix product;
 *   <li>{@link convkit.reference.Pool2d}: max and average pooling;
 *   <li>{@link convkit.reference.GradientCheck}, {@link convkit.reference.Parameters};
 *   <li>training, the capstone: {@link convkit.reference.Relu}, {@link convkit.reference.Flatten},
 *       {@link convkit.reference.Linear}, {@link convkit.reference.SoftmaxCrossEntropy},
 *       {@link convkit.reference.HeInit}, {@link convkit.reference.Sgd}, and the network
 *       {@link convkit.reference.Sequential} of {@link convkit.reference.Layer}s
 *       ({@link convkit.reference.Conv2dLayer} and {@link convkit.reference.MaxPool2dLayer} hand
 *       their arithmetic to an {@link convkit.reference.Engine}).
 * </ol>
 * {@link convkit.reference.Compare} reports the first differing element of two tensors.
 *
 * <p>This package depends on nothing outside itself: the choice between the naive, im2col and
 * fast implementations is made in {@code convkit.dispatch}, and the fast path lives in
 * {@code convkit.fast}.
 */
package convkit.reference;

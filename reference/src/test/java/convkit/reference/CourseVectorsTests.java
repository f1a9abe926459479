package convkit.reference;

import static convkit.reference.TensorAssert.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Published check vectors from two courses, and the worked examples of the course notes.
 *
 * <p>CS231n (Stanford, assignment 2, ConvolutionalNetworks.ipynb): "conv_forward_naive" and
 * "max_pool_forward_naive" checks; inputs built with np.linspace, expected arrays published with
 * 8 decimals, so they hold to 5e-9 (tolerance 1e-8 absolute; values are below 3 in magnitude).
 *
 * <p>Edinburgh MLP course (mlpractical repository, e.g. VICO-UoE/mlpractical,
 * notebooks/"Convolutional layer tests.ipynb", test_conv_layer_fprop / _bprop /
 * _grad_wrt_params with do_cross_correlation=False): integer vectors for a layer that computes a
 * true convolution (kernels flipped). Integers: exact in float64, so compared exactly.
 */
class CourseVectorsTests {

    /** Published to 8 decimals: rounding error at most 5e-9. */
    private static final double EIGHT_DECIMALS = 1e-8;

    /** np.linspace(start, stop, num): num evenly spaced values, both ends included. */
    private static double[] linspace(double start, double stop, int num) {
        double[] v = new double[num];
        double step = (stop - start) / (num - 1);
        for (int i = 0; i < num; i++) {
            v[i] = start + i * step;
        }
        v[num - 1] = stop;
        return v;
    }

    /** np.arange(start, stop) as doubles. */
    private static double[] arange(int start, int stop) {
        double[] v = new double[stop - start];
        for (int i = 0; i < v.length; i++) {
            v[i] = start + i;
        }
        return v;
    }

    private static Tensor flipKernels(Tensor w) {
        return Kernels.flip180(w);
    }

    @Test
    void cs231nConvForwardNaive() {
        Tensor x = Tensor.of(linspace(-0.1, 0.5, 2 * 3 * 4 * 4), 2, 3, 4, 4);
        Tensor w = Tensor.of(linspace(-0.2, 0.3, 3 * 3 * 4 * 4), 3, 3, 4, 4);
        Tensor b = Tensor.of(linspace(-0.1, 0.2, 3), 3);
        Tensor expected = Tensor.of(new double[] {
            -0.08759809, -0.10987781, -0.18387192, -0.2109216,
            0.21027089, 0.21661097, 0.22847626, 0.23004637,
            0.50813986, 0.54309974, 0.64082444, 0.67101435,
            -0.98053589, -1.03143541, -1.19128892, -1.24695841,
            0.69108355, 0.66880383, 0.59480972, 0.56776003,
            2.36270298, 2.36904306, 2.38090835, 2.38247847}, 2, 3, 2, 2);
        assertClose("cs231n conv out", expected, Conv2d.forward(x, w, b, ConvSpec.of(2, 1, 1)), EIGHT_DECIMALS);
    }

    @Test
    void cs231nMaxPoolForwardNaive() {
        Tensor x = Tensor.of(linspace(-0.3, 0.4, 2 * 3 * 4 * 4), 2, 3, 4, 4);
        Tensor expected = Tensor.of(new double[] {
            -0.26315789, -0.24842105, -0.20421053, -0.18947368,
            -0.14526316, -0.13052632, -0.08631579, -0.07157895,
            -0.02736842, -0.01263158, 0.03157895, 0.04631579,
            0.09052632, 0.10526316, 0.14947368, 0.16421053,
            0.20842105, 0.22315789, 0.26736842, 0.28210526,
            0.32631579, 0.34105263, 0.38526316, 0.4}, 2, 3, 2, 2);
        assertClose("cs231n max pool out", expected, Pool2d.maxForward(x, PoolSpec.of(2, 2, 0)).y(), EIGHT_DECIMALS);
    }

    private static final double[] EDINBURGH_FPROP = {
        -958, -1036, -1114, -1270, -1348, -1426, -1582, -1660, -1738,
        1707, 1773, 1839, 1971, 2037, 2103, 2235, 2301, 2367,
        -4702, -4780, -4858, -5014, -5092, -5170, -5326, -5404, -5482,
        4875, 4941, 5007, 5139, 5205, 5271, 5403, 5469, 5535};

    @Test
    void edinburghTrueConvolutionForwardViaFlippedKernels() {
        Tensor x = Tensor.of(arange(0, 96), 2, 3, 4, 4);
        Tensor kernels = Tensor.of(arange(-12, 12), 2, 3, 2, 2);
        Tensor biases = Tensor.of(arange(0, 2), 2);
        Tensor y = Conv2d.forward(x, flipKernels(kernels), biases, ConvSpec.DEFAULT);
        assertArrayEquals(EDINBURGH_FPROP, y.data());
    }

    @Test
    void edinburghTrueConvolutionForwardViaConvolutionClass() {
        Tensor x = Tensor.of(arange(0, 96), 2, 3, 4, 4);
        Tensor kernels = Tensor.of(arange(-12, 12), 2, 3, 2, 2);
        double[] y = new double[36]; // [2][2][3][3]
        // each image and kernel: sum of per-channel true convolutions, plus bias k
        for (int n = 0; n < 2; n++) {
            for (int k = 0; k < 2; k++) {
                for (int c = 0; c < 3; c++) {
                    double[][] part = Convolution.convolve(Duality.plane(x, n, c), Duality.plane(kernels, k, c), Range.VALID);
                    for (int i = 0; i < 3; i++) {
                        for (int j = 0; j < 3; j++) {
                            y[((n * 2 + k) * 3 + i) * 3 + j] += part[i][j] + (c == 0 ? k : 0);
                        }
                    }
                }
            }
        }
        assertArrayEquals(EDINBURGH_FPROP, y);
    }

    @Test
    void edinburghTrueConvolutionGradWrtInputs() {
        Tensor x = Tensor.of(arange(0, 96), 2, 3, 4, 4);
        Tensor kernels = Tensor.of(arange(-12, 12), 2, 3, 2, 2);
        Tensor dy = Tensor.of(arange(-20, 16), 2, 2, 3, 3);
        double[] expected = {
            147, 319, 305, 162, 338, 716, 680, 354, 290, 608, 572, 294, 149, 307, 285, 144,
            23, 79, 81, 54, 114, 284, 280, 162, 114, 272, 268, 150, 73, 163, 157, 84,
            -101, -161, -143, -54, -110, -148, -120, -30, -62, -64, -36, 6, -3, 19, 29, 24,
            39, 67, 53, 18, 50, 68, 32, -6, 2, -40, -76, -66, -31, -89, -111, -72,
            59, 115, 117, 54, 114, 212, 208, 90, 114, 200, 196, 78, 37, 55, 49, 12,
            79, 163, 181, 90, 178, 356, 384, 186, 226, 440, 468, 222, 105, 199, 209, 96};
        assertArrayEquals(expected, Conv2d.backward(x, flipKernels(kernels), dy, ConvSpec.DEFAULT).dx().data());
    }

    @Test
    void edinburghTrueConvolutionGradWrtKernelsAndBiases() {
        Tensor x = Tensor.of(arange(0, 96), 2, 3, 4, 4);
        Tensor kernels = Tensor.of(arange(-12, 12), 2, 3, 2, 2);
        Tensor dy = Tensor.of(arange(-20, 16), 2, 2, 3, 3);
        Conv2d.Gradients g = Conv2d.backward(x, flipKernels(kernels), dy, ConvSpec.DEFAULT);
        // the layer's kernels are the flipped ones, so their gradient is dW flipped back
        double[] expected = {
            -240, -114, 264, 390, -2256, -2130, -1752, -1626, -4272, -4146, -3768, -3642,
            5268, 5232, 5124, 5088, 5844, 5808, 5700, 5664, 6420, 6384, 6276, 6240};
        assertArrayEquals(expected, flipKernels(g.dw()).data());
        assertArrayEquals(new double[] {-126, 36}, g.db().data());
    }

    @Test
    void notesPatchWithSobelKernelIs65() {
        double[][] patch = {{200, 150, 150}, {100, 50, 100}, {25, 25, 10}};
        assertEquals(65.0, CrossCorrelation.crossCorrelate(patch, Kernels.sobelX(), Range.VALID)[0][0]);
    }

    @Test
    void notesPatchMaxPoolIs200() {
        Tensor x = Tensor.of(new double[] {200, 150, 150, 100, 50, 100, 25, 25, 10}, 1, 1, 3, 3);
        assertEquals(200.0, Pool2d.maxForward(x, PoolSpec.of(3, 3, 0)).y().get(0, 0, 0, 0));
    }

    @Test
    void notesPatchAvgPoolIs90() {
        Tensor x = Tensor.of(new double[] {200, 150, 150, 100, 50, 100, 25, 25, 10}, 1, 1, 3, 3);
        assertEquals(90.0, Pool2d.avgForward(x, PoolSpec.of(3, 3, 0)).get(0, 0, 0, 0));
    }

    @Test
    void notes1dY3IsH3X0PlusH2X1PlusH1X2PlusH0X3() {
        double[] x = {2, 3, 5, 7};
        double[] h = {11, 13, 17, 19};
        double y3 = h[3] * x[0] + h[2] * x[1] + h[1] * x[2] + h[0] * x[3];
        assertEquals(y3, Convolution.convolve1d(x, h)[3]);
    }
}

/**
 * Data for the capstone, offline: {@link convkit.data.SyntheticDigits} draws handwritten-looking
 * digits from a seed, {@link convkit.data.MnistIdx} reads the MNIST files a user downloaded;
 * both give a {@link convkit.data.Dataset} of 28×28 bytes and labels 0..9.
 */
package convkit.data;

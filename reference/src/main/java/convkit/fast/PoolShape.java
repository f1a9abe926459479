package convkit.fast;

import convkit.reference.OutputSize;

/**
 * The sizes of a pooling layer: x [N][C][H][W] → y [N][C][OH][OW], window KH×KW, stride and
 * zero-area padding per axis (padding is never read: max ignores it). Padding at most half the
 * window, as in PyTorch.
 */
public record PoolShape(int n, int c, int h, int w, int kh, int kw, int strideH, int strideW, int padH, int padW) {

    public PoolShape {
        if (n < 1 || c < 1 || h < 1 || w < 1) {
            throw new IllegalArgumentException("input sizes must be >= 1, but were [" + n + ", " + c + ", " + h + ", " + w + "]");
        }
        if (kh < 1 || kw < 1 || strideH < 1 || strideW < 1) {
            throw new IllegalArgumentException("window and stride must be >= 1, but were " + kh + "×" + kw
                + " and (" + strideH + ", " + strideW + ")");
        }
        if (padH < 0 || padW < 0 || 2 * padH > kh || 2 * padW > kw) {
            throw new IllegalArgumentException("padding must be between 0 and half the window " + kh + "×" + kw
                + ", but was (" + padH + ", " + padW + ")");
        }
        if (h + 2 * padH < kh || w + 2 * padW < kw) {
            throw new IllegalArgumentException("window " + kh + "×" + kw + " is larger than the padded input "
                + (h + 2 * padH) + "×" + (w + 2 * padW));
        }
    }

    /** Output height: the reference's {@link OutputSize#of}, the one output-size function. */
    public int oh() {
        return OutputSize.of(h, kh, padH, strideH, 1);
    }

    /** Output width. */
    public int ow() {
        return OutputSize.of(w, kw, padW, strideW, 1);
    }

    public int inputSize() {
        return n * c * h * w;
    }

    public int outputSize() {
        return n * c * oh() * ow();
    }
}

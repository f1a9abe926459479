package convkit.fast;

import convkit.reference.ConvShape;
import convkit.reference.ConvSpec;
import convkit.reference.OutputSize;
import convkit.reference.PaddingMode;
import convkit.reference.Tensor;

/**
 * The sizes of one conv layer on the fast path: input x [N][C][H][W], weights [K][C][KH][KW],
 * output y [N][K][OH][OW], all row-major, with stride, padding and dilation per axis.
 *
 * <p>OH and OW are the reference's {@link OutputSize#of}, the one output-size function, computed
 * once when the shape is made (kernels ask for them per tile). The constructor rejects sizes that
 * give no output, and reflect padding wider than the input
 * allows (reflect needs pad &lt; H and pad &lt; W, as in PyTorch). Padding reads zeros
 * ({@link PaddingMode#ZEROS}) or the mirror image without repeating the edge ({@link PaddingMode#REFLECT}).
 */
public record LayerShape(int n, int c, int h, int w, int k, int kh, int kw,
                        int strideH, int strideW, int padH, int padW, int dilationH, int dilationW,
                        PaddingMode padding, int oh, int ow) {

    /** The layer of these sizes; its output height and width by {@link OutputSize#of}. */
    public LayerShape(int n, int c, int h, int w, int k, int kh, int kw,
                      int strideH, int strideW, int padH, int padW, int dilationH, int dilationW,
                      PaddingMode padding) {
        this(n, c, h, w, k, kh, kw, strideH, strideW, padH, padW, dilationH, dilationW, padding,
            OutputSize.of(h, kh, padH, strideH, dilationH), OutputSize.of(w, kw, padW, strideW, dilationW));
    }

    public LayerShape {
        positive("N", n);
        positive("C", c);
        positive("H", h);
        positive("W", w);
        positive("K", k);
        positive("KH", kh);
        positive("KW", kw);
        positive("strideH", strideH);
        positive("strideW", strideW);
        positive("dilationH", dilationH);
        positive("dilationW", dilationW);
        if (padH < 0 || padW < 0) {
            throw new IllegalArgumentException("padding must be >= 0, but was (" + padH + ", " + padW + ")");
        }
        if (padding == null) {
            throw new IllegalArgumentException("padding mode must not be null");
        }
        if (padding == PaddingMode.REFLECT && (padH >= h || padW >= w)) {
            throw new IllegalArgumentException("reflect padding needs pad < input size, but pad=(" + padH + ", "
                + padW + ") for input " + h + "×" + w);
        }
        // OutputSize.of throws, naming the values, when no window fits
        int expectedOh = OutputSize.of(h, kh, padH, strideH, dilationH);
        int expectedOw = OutputSize.of(w, kw, padW, strideW, dilationW);
        if (oh != expectedOh || ow != expectedOw) {
            throw new IllegalArgumentException("output size: expected " + expectedOh + "×" + expectedOw
                + " (OutputSize.of) but was " + oh + "×" + ow);
        }
        long ckk = (long) c * kh * kw;
        long columns = (long) oh * ow;
        if ((long) n * c * h * w > Integer.MAX_VALUE || (long) n * k * columns > Integer.MAX_VALUE
            || ckk * columns > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("layer too large for Java arrays: N=" + n + ", C=" + c + ", H=" + h
                + ", W=" + w + ", K=" + k);
        }
    }

    /**
     * Equal when every component is, as a record's (OH and OW follow from the others, which the
     * constructor checks, so they are not compared again); written out because a shape is a key looked
     * up on every pass (the plans of {@link FastConv2d}): the record's own, built at run time from
     * method handles, was compiled by C2 inside a suite's timed run, long after every warm-up
     * (.bench/emr-2026-12-06g.md); plain code is compiled early and cheaply.
     */
    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof LayerShape t && n == t.n && c == t.c && h == t.h && w == t.w && k == t.k
            && kh == t.kh && kw == t.kw && strideH == t.strideH && strideW == t.strideW && padH == t.padH
            && padW == t.padW && dilationH == t.dilationH && dilationW == t.dilationW && padding == t.padding;
    }

    /** From the components {@link #equals} compares. */
    @Override
    public int hashCode() {
        int hash = 31 * padding.ordinal() + n;
        hash = 31 * hash + c;
        hash = 31 * hash + h;
        hash = 31 * hash + w;
        hash = 31 * hash + k;
        hash = 31 * hash + kh;
        hash = 31 * hash + kw;
        hash = 31 * hash + strideH;
        hash = 31 * hash + strideW;
        hash = 31 * hash + padH;
        hash = 31 * hash + padW;
        hash = 31 * hash + dilationH;
        return 31 * hash + dilationW;
    }

    /**
     * The shape of the layer {@code x} [N][C][H][W] ⊛ {@code w} [K][C][KH][KW] under {@code spec},
     * validated by the reference's {@link ConvShape#check} (same messages).
     */
    public static LayerShape of(Tensor x, Tensor w, Tensor biasOrNull, ConvSpec spec) {
        ConvShape r = ConvShape.check(x, w, biasOrNull, spec);
        return new LayerShape(r.n(), r.c(), r.h(), r.w(), r.k(), r.kh(), r.kw(), spec.strideH(), spec.strideW(),
            spec.padH(), spec.padW(), spec.dilationH(), spec.dilationW(), spec.paddingMode());
    }

    /** The reference's description of the same stride, padding and dilation. */
    public ConvSpec spec() {
        return new ConvSpec(strideH, strideW, padH, padW, dilationH, dilationW, padding);
    }

    /** A square-kernel, same-stride, same-pad layer with zero padding and no dilation. */
    public static LayerShape of(int n, int c, int h, int w, int k, int kernel, int stride, int pad) {
        return new LayerShape(n, c, h, w, k, kernel, kernel, stride, stride, pad, pad, 1, 1, PaddingMode.ZEROS);
    }

    /** Elements of x. */
    public int inputSize() {
        return n * c * h * w;
    }

    /** Elements of the weights. */
    public int weightSize() {
        return k * c * kh * kw;
    }

    /** Elements of y. */
    public int outputSize() {
        return n * k * oh() * ow();
    }

    /** The reduction length of one output value: C·KH·KW. */
    public int reduction() {
        return c * kh * kw;
    }

    /** Whether a 1×1, stride-1, unpadded layer: x itself is the column matrix, no im2col. */
    public boolean pointwise() {
        return kh == 1 && kw == 1 && strideH == 1 && strideW == 1 && padH == 0 && padW == 0;
    }

    /** Floating-point operations of one forward pass: 2·N·K·OH·OW·C·KH·KW. */
    public double forwardFlops() {
        return 2.0 * n * k * oh() * ow() * c * kh * kw;
    }

    /** The same layer with another batch size. */
    public LayerShape withBatch(int batch) {
        return new LayerShape(batch, c, h, w, k, kh, kw, strideH, strideW, padH, padW, dilationH, dilationW, padding);
    }

    /** {@code N,C,H,W,K,KH×KW,stride,pad} for reports. */
    public String describe() {
        String s = n + "," + c + "," + h + "," + w + " K" + k + " " + kh + "×" + kw
            + " s" + (strideH == strideW ? "" + strideH : strideH + "," + strideW)
            + " p" + (padH == padW ? "" + padH : padH + "," + padW);
        if (dilationH != 1 || dilationW != 1) {
            s += " d" + (dilationH == dilationW ? "" + dilationH : dilationH + "," + dilationW);
        }
        return padding == PaddingMode.REFLECT ? s + " reflect" : s;
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, but was " + value);
        }
    }
}

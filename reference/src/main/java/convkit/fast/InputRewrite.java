package convkit.fast;

import static convkit.fast.VectorDirectConv.L;
import static convkit.fast.VectorDirectConv.S;
import static convkit.fast.VectorDirectConv.roundUp;

import java.util.Arrays;

import convkit.reference.Padding;
import convkit.reference.PaddingMode;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * Copies x into t in a {@link DirectLayout}: every row of t is a copy of a padded input row (a
 * stride phase, or a shifted copy), zeros where it reads outside the input. Zero padding takes
 * vector loads and array copies; reflect padding one value at a time through a table of source
 * columns. Made once per call, for a layout other than {@link DirectLayout.InPlace}.
 */
final class InputRewrite {

    /**
     * Rows of t up to this long are rewritten by plain loops: Arrays.fill and arraycopy cost a
     * call each, more than the copy of a row as short as resnet3x3_512's (9 in t, 7 of x).
     */
    static final int SHORT_ROW = 32;

    /**
     * Whether {@link #copyPhases} runs on this machine's vectors: its 512-bit vectors are
     * emulated, far slower than a scalar copy, where the hardware's are narrower (AVX2). The
     * direct conv asks for 512-bit vectors anyway; {@link SpaceToDepth} asks this.
     */
    static final boolean PHASE_COPIES = FloatVector.SPECIES_PREFERRED.vectorBitSize() >= S.vectorBitSize();

    /**
     * Index vectors of {@link #copyPhase} and {@link #copyPhases}: per phase q, lanes q, q + 2, ...
     * of a pair of vectors; lanes q, q + 4, ... (the first half); HALVES joins two first halves.
     */
    private static final FloatVector[] PAIR_PHASES = {indices(2, L, 0), indices(2, L, 1)};
    private static final FloatVector[] QUARTET_PHASES = {indices(4, L / 2, 0), indices(4, L / 2, 1),
        indices(4, L / 2, 2), indices(4, L / 2, 3)};
    private static final FloatVector HALVES = FloatVector.fromArray(S, halves(), 0);

    private final DirectLayout layout;
    private final LayerShape s;
    private final int wq;
    /** The input row of each row of t (padded coordinates), or −1 for a zero row. */
    private final int[] rowSource;
    /** Per copy m of a row, [m][q]: the input column that q reads, or −1 for a zero. */
    private final int[] colSource;
    /** Per copy: the q range [firstInside, endInside) that reads inside the input row (zero padding). */
    private final int[] firstInside;
    private final int[] endInside;

    InputRewrite(DirectLayout layout) {
        if (layout instanceof DirectLayout.InPlace) {
            throw new IllegalArgumentException("x is read in place, there is nothing to rewrite, for "
                + layout.shape().describe());
        }
        this.layout = layout;
        this.s = layout.shape();
        this.wq = layout.wq();
        rowSource = new int[layout.rowsInT()];
        for (int row = 0; row < rowSource.length; row++) {
            rowSource[row] = source(row - s.padH(), s.h(), s.padding());
        }
        int copies = layout.copies();
        colSource = new int[copies * wq];
        firstInside = new int[copies];
        endInside = new int[copies];
        for (int m = 0; m < copies; m++) {
            insideRange(m, layout.copyShift(m), layout.copyStep());
        }
    }

    /**
     * Fills colSource for copy m of a row of t: q reads padded column q·step + shift; and the q
     * range whose columns lie inside the input.
     */
    private void insideRange(int m, int shift, int step) {
        int first = wq;
        int end = 0;
        for (int q = 0; q < wq; q++) {
            int at = q * step + shift - s.padW();
            colSource[m * wq + q] = source(at, s.w(), s.padding());
            if (at >= 0 && at < s.w()) {
                first = Math.min(first, q);
                end = q + 1;
            }
        }
        firstInside[m] = Math.min(first, end);
        endInside[m] = end;
    }

    /**
     * The input index at padded coordinate {@code at}, or −1 for a zero: the reference's
     * {@link Padding#source}, and −1 (not an error) past one reflection, where a tile's spare
     * columns fall.
     */
    private static int source(int at, int size, PaddingMode mode) {
        boolean withinOneReflection = at > -size && at < 2 * size - 1;
        return withinOneReflection ? Padding.source(at, size, mode) : -1;
    }

    /** Rewrites channels [c0, c1) of x[image] into t. */
    void rewrite(float[] x, int image, int c0, int c1, float[] t) {
        rewrite(x, image, c0, c1, t, 0);
    }

    /** Rewrites channels [c0, c1) of x[image] into t from {@code at} on. */
    void rewrite(float[] x, int image, int c0, int c1, float[] t, int at) {
        boolean zeros = s.padding() == PaddingMode.ZEROS;
        if (zeros && layout instanceof DirectLayout.Shifted) {
            rewriteShifted(x, image, c0, c1, t, at);
            return;
        }
        if (zeros && layout.copyStep() == 1 && wq == L) {
            rewriteVectorRows(x, image, c0, c1, t, at);
            return;
        }
        int hw = s.h() * s.w();
        int copies = layout.copies();
        int step = layout.copyStep();
        int copyStride = layout.copyStride();
        for (int c = c0; c < c1; c++) {
            int xPlane = (image * s.c() + c) * hw;
            for (int row = 0; row < rowSource.length; row++) {
                int dst = at + layout.rowStart(c, row);
                int ih = rowSource[row];
                int src = xPlane + ih * s.w();
                for (int copy = 0; copy < copies; copy++) {
                    int to = dst + copy * copyStride;
                    if (ih < 0) {
                        Arrays.fill(t, to, to + wq, 0f);
                    } else if (zeros) {
                        // zeros | every step-th input value from this copy's first on | zeros
                        int lo = firstInside[copy];
                        int hi = endInside[copy];
                        copyInside(x, src + lo * step + layout.copyShift(copy) - s.padW(), step, t, to, lo, hi);
                    } else {
                        for (int q = 0; q < wq; q++) {
                            int iw = colSource[copy * wq + q];
                            t[to + q] = iw < 0 ? 0f : x[src + iw];
                        }
                    }
                }
            }
        }
    }

    /** One copy of a row of t with zero padding: zeros for q < lo, x from {@code from} every step-th value, zeros from hi on. */
    private void copyInside(float[] x, int from, int step, float[] t, int to, int lo, int hi) {
        if (wq <= SHORT_ROW) {
            // short rows (resnet3x3_512: 9 of t, 7 of x): one loop, no calls
            for (int q = 0; q < lo; q++) {
                t[to + q] = 0f;
            }
            for (int q = lo; q < hi; q++, from += step) {
                t[to + q] = x[from];
            }
            for (int q = hi; q < wq; q++) {
                t[to + q] = 0f;
            }
            return;
        }
        Arrays.fill(t, to, to + lo, 0f);
        if (step == 1) {
            System.arraycopy(x, from, t, to + lo, hi - lo);
        } else {
            int q = lo;
            if (step == 2 || step == 4) {
                q = copyPhase(x, from, step, t, to, lo, hi);
                from += (q - lo) * step;
            }
            for (; q < hi; q++, from += step) {
                t[to + q] = x[from];
            }
        }
        Arrays.fill(t, to + hi, to + wq, 0f);
    }

    /**
     * {@link #rewrite} where a row of t is one vector (zero padding, stride 1: channel tiles on
     * resnet3x3_256's 14×14 maps, rows of 16 in t): one load of x's row masked to the inside
     * lanes (the others read as zeros), one store. Rows shorter than a vector, stored masked,
     * ran slower than the loops of {@link #rewrite} (resnet3x3_512), so they stay there.
     */
    private void rewriteVectorRows(float[] x, int image, int c0, int c1, float[] t, int at) {
        int hw = s.h() * s.w();
        int lo = firstInside[0];
        VectorMask<Float> inside = S.indexInRange(-lo, endInside[0] - lo);
        FloatVector zero = FloatVector.zero(S);
        for (int c = c0; c < c1; c++) {
            int xPlane = (image * s.c() + c) * hw - s.padW();
            for (int r = 0; r < rowSource.length; r++) {
                int ih = rowSource[r];
                (ih < 0 ? zero : FloatVector.fromArray(S, x, xPlane + ih * s.w(), inside)).intoArray(t,
                    at + layout.rowStart(c, r));
            }
        }
    }

    /**
     * {@link #rewrite} of a {@link DirectLayout.Shifted} t with zero padding, a vector at a time,
     * copy by copy and row by row in the order of t, so that a vector that runs past the end of
     * a row of t only writes lanes that the next row (or the next copy, or t's slack) then
     * overwrites. Where a copy's row lies wholly inside the input row, plain vector loads; else
     * loads masked to the lanes inside it (the others read as zeros). mnist_5x5 writes 140 rows
     * of 24 per image, which one element at a time (or one arraycopy per row) took several times
     * as long.
     */
    private void rewriteShifted(float[] x, int image, int c0, int c1, float[] t, int at) {
        int hw = s.h() * s.w();
        int whole = roundUp(wq, L);
        for (int c = c0; c < c1; c++) {
            int xPlane = (image * s.c() + c) * hw;
            for (int j = 0; j < s.kw(); j++) {
                int lo = firstInside[j];
                int hi = endInside[j];
                int to = at + layout.rowStart(c, 0) + j * layout.copyStride();
                for (int row = 0; row < rowSource.length; row++, to += wq) {
                    int ih = rowSource[row];
                    if (ih < 0) {
                        Arrays.fill(t, to, to + wq, 0f);
                        continue;
                    }
                    // the x index of q = 0 in this copy of the row; q in [lo, hi) lies inside the input
                    int from = xPlane + ih * s.w() + layout.copyShift(j) - s.padW();
                    if (lo == 0 && hi == wq && from + whole <= x.length) {
                        for (int q = 0; q < wq; q += L) {
                            FloatVector.fromArray(S, x, from + q).intoArray(t, to + q);
                        }
                    } else {
                        for (int q = 0; q < wq; q += L) {
                            FloatVector.fromArray(S, x, from + q, S.indexInRange(q - lo, hi - lo))
                                .intoArray(t, to + q);
                        }
                    }
                }
            }
        }
    }

    /**
     * Copies every sw-th value of x from {@code from} on to t[to + q], q = lo, lo+1, ..., for
     * sw = 2 or 4, L values a step (the last step masked), as long as whole vectors of x can be
     * read; returns the first q not copied. Stride 2: two vectors of x, the even lanes of the
     * pair picked by one two-vector permute; stride 4: two such permutes each yield half a
     * vector, a third joins the halves. (The stride phases of resnet_conv1 and alexnet_conv1,
     * one value at a time, took longer than their share of the tiles.)
     */
    private static int copyPhase(float[] x, int from, int sw, float[] t, int to, int lo, int hi) {
        int q = lo;
        for (int f = from; q < hi && f + sw * L <= x.length; q += L, f += sw * L) {
            FloatVector a = FloatVector.fromArray(S, x, f);
            FloatVector b = FloatVector.fromArray(S, x, f + L);
            FloatVector v;
            if (sw == 2) {
                v = PAIR_PHASES[0].selectFrom(a, b);
            } else {
                FloatVector c = FloatVector.fromArray(S, x, f + 2 * L);
                FloatVector d = FloatVector.fromArray(S, x, f + 3 * L);
                FloatVector fourths = QUARTET_PHASES[0];
                v = HALVES.selectFrom(fourths.selectFrom(a, b), fourths.selectFrom(c, d));
            }
            if (q + L <= hi) {
                v.intoArray(t, to + q);
            } else {
                v.intoArray(t, to + q, S.indexInRange(q, hi));
            }
        }
        return Math.min(q, hi);
    }

    /**
     * Splits a row of x into its sw = 2 or 4 column phases at once, L columns of each phase a
     * step: phase q's value v, x[rowStart + sw·v + q], to {@code out[to + q·phaseStride + v]},
     * for v from {@code first} on while v < {@code end} and whole vectors of x can be read
     * (phase q's stores masked to v < last[q]); returns the first v not copied. Each step loads
     * sw vectors of x once for all phases (one two-vector permute per phase and pair, and for
     * sw = 4 a third that joins the halves).
     */
    static int copyPhases(float[] x, int rowStart, int sw, float[] out, int to, int phaseStride, int[] last,
                          int first, int end) {
        FloatVector[] picks = sw == 2 ? PAIR_PHASES : QUARTET_PHASES;
        int v = first;
        for (int f = rowStart + sw * v; v < end && f + sw * L <= x.length; v += L, f += sw * L) {
            FloatVector a = FloatVector.fromArray(S, x, f);
            FloatVector b = FloatVector.fromArray(S, x, f + L);
            // each phase's lanes [v, last[q]) stored, none when v ≥ last[q]; written out here, not in
            // a helper, since a helper taking the vector would box it when left out of line
            // (VectorBoundariesTests)
            if (sw == 2) {
                for (int q = 0; q < 2; q++) {
                    FloatVector phase = picks[q].selectFrom(a, b);
                    if (v + L <= last[q]) {
                        phase.intoArray(out, to + q * phaseStride + v);
                    } else if (v < last[q]) {
                        phase.intoArray(out, to + q * phaseStride + v, S.indexInRange(v, last[q]));
                    }
                }
                continue;
            }
            FloatVector c = FloatVector.fromArray(S, x, f + 2 * L);
            FloatVector d = FloatVector.fromArray(S, x, f + 3 * L);
            for (int q = 0; q < 4; q++) {
                FloatVector phase = HALVES.selectFrom(picks[q].selectFrom(a, b), picks[q].selectFrom(c, d));
                if (v + L <= last[q]) {
                    phase.intoArray(out, to + q * phaseStride + v);
                } else if (v < last[q]) {
                    phase.intoArray(out, to + q * phaseStride + v, S.indexInRange(v, last[q]));
                }
            }
        }
        return Math.min(v, end);
    }

    /** Lane l < n holds step·l + offset, the others 0. */
    private static FloatVector indices(int step, int n, int offset) {
        float[] index = new float[L];
        for (int l = 0; l < n; l++) {
            index[l] = step * l + offset;
        }
        return FloatVector.fromArray(S, index, 0);
    }

    /** The first half of the first vector of a pair, then the first half of the second. */
    private static float[] halves() {
        float[] index = new float[L];
        for (int l = 0; l < L; l++) {
            index[l] = l < L / 2 ? l : L + l - L / 2;
        }
        return index;
    }
}

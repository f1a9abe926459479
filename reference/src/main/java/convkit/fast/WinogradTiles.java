package convkit.fast;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The transforms of Winograd's minimal filtering F(4×4, 3×3) (Lavin and Gray, "Fast Algorithms
 * for Convolutional Neural Networks", 2016), on vectors of tiles. For a 6×6 input tile d and a
 * 3×3 kernel g, the 4×4 output tile of their cross-correlation is
 * <pre>
 *   Y = Aᵀ [ (G g Gᵀ) ⊙ (Bᵀ d B) ] A        (⊙: element by element)
 *
 *   Bᵀ = | 4  0 -5  0  1  0 |     G = |  1/4     0     0  |     Aᵀ = | 1  1  1  1  1  0 |
 *        | 0 -4 -4  1  1  0 |         | -1/6  -1/6  -1/6  |          | 0  1 -1  2 -2  0 |
 *        | 0  4 -4 -1  1  0 |         | -1/6   1/6  -1/6  |          | 0  1  1  4  4  0 |
 *        | 0 -2 -1  2  1  0 |         |  1/24  1/12  1/6  |          | 0  1 -1  8 -8  1 |
 *        | 0  2 -1 -2  1  0 |         |  1/24 -1/12  1/6  |
 *        | 0  4  0 -5  0  1 |         |   0     0     1   |
 * </pre>
 * 36 multiplications per tile and channel pair instead of 144: summed over the input channels,
 * the 36 products of a tile are 36 independent GEMMs (the rest of {@link VectorWinograd}). The
 * backward passes are the same maps transposed: dM = A dY Aᵀ, dg = Gᵀ dU G, dd = B dV Bᵀ (dX is
 * computed as the forward of the transposed layer instead).
 *
 * <p>Each 2-D transform is the 1-D one along the rows, then along the columns. The methods below
 * write the 1-D maps out with their common terms shared ({@link #bt}, {@link #at}, {@link #g},
 * {@link #a}, {@link #gt}); {@code WinogradTests} checks them against the matrices above. Vectors
 * run over tiles side by side in a row of tiles (the input's columns come {@link #split} into
 * four phases, so that the tiles' columns 4·tx + j are consecutive), or over kernels (k, c).
 *
 * <p>A transformed tile's 36 points ξν = 6ξ + ν are rows {@code stride} apart, tiles side by side in
 * a row; a row of tiles is stored a whole vector at a time, so up to {@link #L} − 1 lanes past its
 * end are written with values no one reads (the next row of tiles, written after, or the slack
 * at the end of the row).
 */
final class WinogradTiles {

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Lanes per vector. */
    static final int L = S.length();
    /** Points of a transformed tile (6 × 6). */
    static final int POINTS = 36;

    private static final float SIXTH = 1f / 6;
    private static final float TWELFTH = 1f / 12;
    private static final float TWENTY_FOURTH = 1f / 24;

    private WinogradTiles() {
    }

    /** Elements per phase row of a row of {@code tiles} tiles: room for a vector read one past any tile. */
    static int phaseLength(int tiles) {
        return (tiles + L - 1) / L * L + 1;
    }

    /**
     * Splits {@code rows} rows of one plane (an image's channel, {@code height} × {@code width} at
     * {@code plane}) into four phases: {@code ph[(r·4 + p)·q + i] = src[row][4i + p − padW]}, where
     * row = r0 + r − padH, zero outside the plane; q = {@link #phaseLength}. L values of i at a
     * time, their 4·L columns split in registers ({@link #deinterleave}); the one value past the
     * last whole vector, by itself.
     */
    static void split(float[] src, int plane, int height, int width, int padH, int padW, int r0, int rows,
                      float[] ph, int q) {
        for (int r = 0; r < rows; r++) {
            int row = r0 + r - padH;
            int base = r * 4 * q;
            if (row < 0 || row >= height) {
                java.util.Arrays.fill(ph, base, base + 4 * q, 0f);
                continue;
            }
            int from = plane + row * width;
            int i = 0;
            for (; i + L <= q; i += L) {
                deinterleave(src, from, 4 * i - padW, width, ph, base + i, q);
            }
            for (; i < q; i++) {
                for (int p = 0; p < 4; p++) {
                    int col = 4 * i + p - padW;
                    ph[base + p * q + i] = col >= 0 && col < width ? src[from + col] : 0f;
                }
            }
        }
    }

    /**
     * Columns c .. c + 4·L − 1 of the row at {@code src[from]} (zero outside [0, width)) as four
     * phases, column c + 4t + p at {@code ph[to + p·q + t]} (t = 0..L−1): {@link #interleave}'s
     * transpose run backwards, two rounds of two-vector selects of the even and the odd lanes. A
     * block that reaches past either end of the row loads through masks.
     */
    static void deinterleave(float[] src, int from, int c, int width, float[] ph, int to, int q) {
        FloatVector v0;
        FloatVector v1;
        FloatVector v2;
        FloatVector v3;
        // the Vector API's own calls in both branches, not this class's load: where a layer's blocks
        // mostly reach past the row's ends (resnet3x3_64: every row's first block), the JIT may leave
        // the rare branch's helper out of line ("low call site frequency"); its vectors are then
        // objects, and so are the other branch's where the two meet: megabytes of garbage a pass in
        // some JVMs and not others (.bench/zen3-2026-12-05c.md)
        if (c >= 0 && c + 4 * L <= width) {
            v0 = FloatVector.fromArray(S, src, from + c);
            v1 = FloatVector.fromArray(S, src, from + c + L);
            v2 = FloatVector.fromArray(S, src, from + c + 2 * L);
            v3 = FloatVector.fromArray(S, src, from + c + 3 * L);
        } else {
            v0 = FloatVector.fromArray(S, src, from + c, S.indexInRange(c, width));
            v1 = FloatVector.fromArray(S, src, from + c + L, S.indexInRange(c + L, width));
            v2 = FloatVector.fromArray(S, src, from + c + 2 * L, S.indexInRange(c + 2 * L, width));
            v3 = FloatVector.fromArray(S, src, from + c + 3 * L, S.indexInRange(c + 3 * L, width));
        }
        FloatVector even01 = EVENS.selectFrom(v0, v1); // columns c, c + 2, c + 4, …: phases 0 and 2 in turn
        FloatVector odd01 = ODDS.selectFrom(v0, v1);   // columns c + 1, c + 3, …: phases 1 and 3 in turn
        FloatVector even23 = EVENS.selectFrom(v2, v3);
        FloatVector odd23 = ODDS.selectFrom(v2, v3);
        EVENS.selectFrom(even01, even23).intoArray(ph, to);
        EVENS.selectFrom(odd01, odd23).intoArray(ph, to + q);
        ODDS.selectFrom(even01, even23).intoArray(ph, to + 2 * q);
        ODDS.selectFrom(odd01, odd23).intoArray(ph, to + 3 * q);
    }

    /**
     * Bᵀ d B for one channel's row of {@code tiles} tiles, whose six input rows are the phase rows
     * at {@code ph[row·4·q ..]} (from {@link #split}), into {@code v[at + ξν·stride + tx]}.
     * {@code tmp}: 36·L floats.
     */
    static void input(float[] ph, int row, int q, int tiles, float[] v, int at, int stride, float[] tmp) {
        for (int tx = 0; tx < tiles; tx += L) {
            for (int i = 0; i < 6; i++) {
                int b = (row + i) * 4 * q + tx;
                // column j of tile tx is phase j % 4 at tx + j / 4
                bt(ph, b, b + q, b + 2 * q, b + 3 * q, b + 1, b + q + 1, tmp, i * 6 * L, L);
            }
            inputColumns(tmp, v, at + tx, stride);
        }
    }

    /**
     * Bᵀ d B of {@code tiles} tiles whose 6×6 patches are gathered at {@code patches[(6i + j)·p + t]}
     * (p ≥ tiles rounded up to L), into {@code v[at + ξν·stride + t]}: for rows of few tiles,
     * where vectors along a row would be mostly empty. {@code tmp}: 36·L floats.
     */
    static void inputPatches(float[] patches, int p, int tiles, float[] v, int at, int stride, float[] tmp) {
        for (int t = 0; t < tiles; t += L) {
            for (int i = 0; i < 6; i++) {
                int b = 6 * i * p + t;
                bt(patches, b, b + p, b + 2 * p, b + 3 * p, b + 4 * p, b + 5 * p, tmp, i * 6 * L, L);
            }
            inputColumns(tmp, v, at + t, stride);
        }
    }

    /** The second half of Bᵀ d B: along the columns of the row transforms in tmp, into v[at + ξν·stride]. */
    private static void inputColumns(float[] tmp, float[] v, int at, int stride) {
        for (int nu = 0; nu < 6; nu++) {
            int b = nu * L;
            bt(tmp, b, b + 6 * L, b + 12 * L, b + 18 * L, b + 24 * L, b + 30 * L, v, at + nu * stride, 6 * stride);
        }
    }

    /**
     * A dY Aᵀ for one output channel's row of {@code tiles} tiles, whose four dY rows are the phase
     * rows at {@code ph[row·4·q ..]}, into {@code dm[at + ξν·stride + tx]}. {@code tmp}: 36·L floats.
     */
    static void outputGradient(float[] ph, int row, int q, int tiles, float[] dm, int at, int stride,
                               float[] tmp) {
        for (int tx = 0; tx < tiles; tx += L) {
            for (int i = 0; i < 4; i++) {
                int b = (row + i) * 4 * q + tx;
                a(ph, b, q, tmp, i * 6 * L, L);
            }
            gradientColumns(tmp, dm, at + tx, stride);
        }
    }

    /**
     * A dY Aᵀ of {@code tiles} tiles whose 4×4 dY patches are gathered at {@code patches[(4i + j)·p + t]},
     * into {@code dm[at + ξν·stride + t]}. {@code tmp}: 36·L floats.
     */
    static void outputGradientPatches(float[] patches, int p, int tiles, float[] dm, int at, int stride, float[] tmp) {
        for (int t = 0; t < tiles; t += L) {
            for (int i = 0; i < 4; i++) {
                int b = 4 * i * p + t;
                a(patches, b, p, tmp, i * 6 * L, L);
            }
            gradientColumns(tmp, dm, at + t, stride);
        }
    }

    /** The second half of A dY Aᵀ: along the columns of the row transforms in tmp, into dm[at + ξν·stride]. */
    private static void gradientColumns(float[] tmp, float[] dm, int at, int stride) {
        for (int nu = 0; nu < 6; nu++) {
            a(tmp, nu * L, 6 * L, dm, at + nu * stride, 6 * stride);
        }
    }

    /**
     * Aᵀ M A for one output channel's row of {@code tiles} tiles, M at {@code m[at + ξν·stride + tx]},
     * into {@code out[(4i + j)·q + tx]} (the 4×4 outputs of tile tx; q ≥ tiles rounded up to L).
     * {@code tmp}: 24·L floats.
     */
    static void output(float[] m, int at, int stride, int tiles, float[] out, int q, float[] tmp) {
        for (int tx = 0; tx < tiles; tx += L) {
            for (int nu = 0; nu < 6; nu++) {
                int b = at + nu * stride + tx;
                at(m, b, 6 * stride, tmp, nu * L, 6 * L);
            }
            for (int i = 0; i < 4; i++) {
                int b = i * 6 * L;
                at(tmp, b, L, out, 4 * i * q + tx, q);
            }
        }
    }

    /**
     * G g Gᵀ of the L kernels from {@code kc}, tap t of the kernel in lane i at
     * {@code taps[from + t·L + i]}, into {@code u[ξν·ld + kc]}. {@code tmp}: 18·L floats.
     */
    static void kernels(float[] taps, int from, int kc, int ld, float[] u, float[] tmp) {
        for (int b = 0; b < 3; b++) {
            g(taps, from + b * L, 3 * L, tmp, b * L, 3 * L);
        }
        kernelRows(tmp, u, kc, ld);
    }

    /** The second half of G g Gᵀ: along the rows of the column transforms in tmp, into u[ξν·ld + kc]. */
    private static void kernelRows(float[] tmp, float[] u, int kc, int ld) {
        for (int xi = 0; xi < 6; xi++) {
            int b = xi * 3 * L;
            g(tmp, b, L, u, xi * 6 * ld + kc, ld);
        }
    }

    /**
     * Gᵀ dU G of the kernels kc in [from, to), dU at {@code du[ξν·ld + kc]}, into the nine taps
     * {@code dwt[tap·ld + kc]}. {@code tmp}: 18·L floats.
     */
    static void kernelGradients(float[] du, int from, int to, int ld, float[] dwt, float[] tmp) {
        for (int kc = from; kc < to; kc += L) {
            for (int nu = 0; nu < 6; nu++) {
                int b = nu * ld + kc;
                gt(du, b, 6 * ld, tmp, nu * L, 6 * L);
            }
            for (int a = 0; a < 3; a++) {
                int b = a * 6 * L;
                gt(tmp, b, L, dwt, a * 3 * ld + kc, ld);
            }
        }
    }

    /** Lane k: element k/2 of the first vector (k even) or of the second (k odd), from the low half (zip) or the high half. */
    private static final FloatVector ZIP_LOW = indices(k -> (k % 2 == 0 ? 0 : L) + k / 2);
    private static final FloatVector ZIP_HIGH = indices(k -> (k % 2 == 0 ? 0 : L) + L / 2 + k / 2);
    /** The same for pairs of lanes: lanes 4g, 4g+1 from pair g of the first vector, 4g+2, 4g+3 from pair g of the second. */
    private static final FloatVector PAIRS_LOW = indices(k -> (k % 4 < 2 ? 0 : L) + 2 * (k / 4) + k % 2);
    private static final FloatVector PAIRS_HIGH = indices(k -> (k % 4 < 2 ? 0 : L) + L / 2 + 2 * (k / 4) + k % 2);
    /** Lane k: element 2k, or 2k + 1, of the two vectors one after the other (the even or the odd lanes). */
    private static final FloatVector EVENS = indices(k -> 2 * k);
    private static final FloatVector ODDS = indices(k -> 2 * k + 1);

    private static FloatVector indices(java.util.function.IntUnaryOperator lane) {
        float[] values = new float[L];
        for (int k = 0; k < L; k++) {
            values[k] = lane.applyAsInt(k);
        }
        return FloatVector.fromArray(S, values, 0);
    }

    /**
     * Column j of L tiles' output row, {@code out[at + j·q + t]} (j = 0..3, t = 0..L−1), plus
     * {@code bias}, stored as the first {@code count} (1..4·L) of the 4·L consecutive outputs
     * {@code y[to + 4t + j]}: the 4 × L block transposed in registers (two rounds of two-vector
     * selects) instead of one scalar store each. A count below 4·L (a row's last tiles, the last
     * one maybe cut by the row's end) touches nothing past it: whole vectors and one masked store
     * where {@link #MASKED_TAIL}, else through {@code spill} (4·L floats) and one copy of the count.
     */
    static void interleave(float[] out, int at, int q, float bias, float[] y, int to, int count, float[] spill) {
        FloatVector c0 = FloatVector.fromArray(S, out, at).add(bias);
        FloatVector c1 = FloatVector.fromArray(S, out, at + q).add(bias);
        FloatVector c2 = FloatVector.fromArray(S, out, at + 2 * q).add(bias);
        FloatVector c3 = FloatVector.fromArray(S, out, at + 3 * q).add(bias);
        FloatVector low01 = ZIP_LOW.selectFrom(c0, c1);   // c0[0] c1[0] c0[1] c1[1] ...
        FloatVector high01 = ZIP_HIGH.selectFrom(c0, c1);
        FloatVector low23 = ZIP_LOW.selectFrom(c2, c3);
        FloatVector high23 = ZIP_HIGH.selectFrom(c2, c3);
        FloatVector r0 = PAIRS_LOW.selectFrom(low01, low23);   // c0[0] c1[0] c2[0] c3[0] c0[1] ...
        FloatVector r1 = PAIRS_HIGH.selectFrom(low01, low23);
        FloatVector r2 = PAIRS_LOW.selectFrom(high01, high23);
        FloatVector r3 = PAIRS_HIGH.selectFrom(high01, high23);
        if (count >= 4 * L) {
            r0.intoArray(y, to);
            r1.intoArray(y, to + L);
            r2.intoArray(y, to + 2 * L);
            r3.intoArray(y, to + 3 * L);
            return;
        }
        if (MASKED_TAIL) {
            // whole vectors while the count lasts and one masked store, that one first. The JIT
            // compiles a masked store as a plain one (and its bounds check) where every mask that
            // store had seen in this JVM was whole, and widens the check of a plain store before it
            // to cover it: the widened check failed at a row's end, a range_check deoptimization
            // in the JDK's Objects.checkIndex, after which the JIT compiled that check as a plain
            // test instead of its intrinsic in every vector load and store compiled later, whatever
            // the layer (mnist_5x5's forward slower in a JVM that had run alexnet_conv1's; the
            // figures are in .bench/emr-2026-12-06h.md).
            // Each case's stores stay behind its test, and the masked one comes first, whose check
            // (if any) may be widened only over stores that the case makes.
            if (count <= L) {
                r0.intoArray(y, to, S.indexInRange(0, count));
            } else if (count <= 2 * L) {
                r1.intoArray(y, to + L, S.indexInRange(L, count));
                r0.intoArray(y, to);
            } else if (count <= 3 * L) {
                r2.intoArray(y, to + 2 * L, S.indexInRange(2 * L, count));
                r0.intoArray(y, to);
                r1.intoArray(y, to + L);
            } else {
                r3.intoArray(y, to + 3 * L, S.indexInRange(3 * L, count));
                r0.intoArray(y, to);
                r1.intoArray(y, to + L);
                r2.intoArray(y, to + 2 * L);
            }
            return;
        }
        r0.intoArray(spill, 0);
        r1.intoArray(spill, L);
        r2.intoArray(spill, 2 * L);
        r3.intoArray(spill, 3 * L);
        System.arraycopy(spill, 0, y, to, count);
    }

    /**
     * Whether {@link #interleave} stores a row's last tiles straight into y, whole vectors then one
     * masked store, rather than through its spill and a copy: with 512-bit vectors, whose masked
     * stores the CPU does in one instruction (alexnet_conv1's and resnet3x3_64's forward faster
     * on an Intel AVX-512 machine: .bench/emr-2026-12-06e.md). With 256-bit vectors four masked
     * stores had lost to the spill on AMD Zen 3, and the whole vectors and one through the spill
     * had gained nothing (.bench/zen3-2026-12-04.md).
     */
    private static final boolean MASKED_TAIL = L == 16;

    /*
     * The five transforms below read their vectors from an array and write them to one: none takes
     * or returns a vector. C2 inlines them into their callers, but only while the compiled method's
     * node budget lasts (NodeCountInliningCutoff); a call left out of line must then pass its
     * vectors as objects, and a transform that took vectors allocated six of them a call: in a JVM
     * that ran both the row and the patch routes, VectorWinograd.transformRows ran out of budget at
     * the last bt, and every pass of resnet3x3_256 allocated those boxes and ran slower (figures in
     * .bench/zen3-2026-12-05k.md §6). Out of line, a transform that reads arrays costs a call.
     */

    /**
     * Bᵀ d: six values of a tile's row or column, the vectors at in[i0], ..., in[i5], into six,
     * stored at out[at + i·stride].
     */
    static void bt(float[] in, int i0, int i1, int i2, int i3, int i4, int i5, float[] out, int at, int stride) {
        FloatVector d0 = FloatVector.fromArray(S, in, i0);
        FloatVector d1 = FloatVector.fromArray(S, in, i1);
        FloatVector d2 = FloatVector.fromArray(S, in, i2);
        FloatVector d3 = FloatVector.fromArray(S, in, i3);
        FloatVector d4 = FloatVector.fromArray(S, in, i4);
        FloatVector d5 = FloatVector.fromArray(S, in, i5);
        FloatVector d42 = d4.sub(d2);
        FloatVector d31 = d3.sub(d1);
        d0.mul(4f).add(d4).sub(d2.mul(5f)).intoArray(out, at);
        d3.add(d4).sub(d1.add(d2).mul(4f)).intoArray(out, at + stride);
        d4.sub(d3).add(d1.sub(d2).mul(4f)).intoArray(out, at + 2 * stride);
        d42.add(d31.mul(2f)).intoArray(out, at + 3 * stride);
        d42.sub(d31.mul(2f)).intoArray(out, at + 4 * stride);
        d1.mul(4f).add(d5).sub(d3.mul(5f)).intoArray(out, at + 5 * stride);
    }

    /** Aᵀ m: six values, the vectors at in[from + i·step], into four, stored at out[at + i·stride]. */
    static void at(float[] in, int from, int step, float[] out, int at, int stride) {
        FloatVector m0 = FloatVector.fromArray(S, in, from);
        FloatVector m1 = FloatVector.fromArray(S, in, from + step);
        FloatVector m2 = FloatVector.fromArray(S, in, from + 2 * step);
        FloatVector m3 = FloatVector.fromArray(S, in, from + 3 * step);
        FloatVector m4 = FloatVector.fromArray(S, in, from + 4 * step);
        FloatVector m5 = FloatVector.fromArray(S, in, from + 5 * step);
        FloatVector sum12 = m1.add(m2);
        FloatVector sum34 = m3.add(m4);
        FloatVector diff12 = m1.sub(m2);
        FloatVector diff34 = m3.sub(m4);
        m0.add(sum12).add(sum34).intoArray(out, at);
        diff12.add(diff34.mul(2f)).intoArray(out, at + stride);
        sum12.add(sum34.mul(4f)).intoArray(out, at + 2 * stride);
        diff12.add(diff34.mul(8f)).add(m5).intoArray(out, at + 3 * stride);
    }

    /** G g: three taps, the vectors at in[from + i·step], into six, stored at out[at + i·stride]. */
    static void g(float[] in, int from, int step, float[] out, int at, int stride) {
        FloatVector g0 = FloatVector.fromArray(S, in, from);
        FloatVector g1 = FloatVector.fromArray(S, in, from + step);
        FloatVector g2 = FloatVector.fromArray(S, in, from + 2 * step);
        FloatVector sum02 = g0.add(g2);
        FloatVector quarter = g0.mul(TWENTY_FOURTH).add(g2.mul(SIXTH));
        FloatVector twelfth = g1.mul(TWELFTH);
        g0.mul(0.25f).intoArray(out, at);
        sum02.add(g1).mul(-SIXTH).intoArray(out, at + stride);
        sum02.sub(g1).mul(-SIXTH).intoArray(out, at + 2 * stride);
        quarter.add(twelfth).intoArray(out, at + 3 * stride);
        quarter.sub(twelfth).intoArray(out, at + 4 * stride);
        g2.intoArray(out, at + 5 * stride);
    }

    /** A e (the transpose of Aᵀ): four values, the vectors at in[from + i·step], into six, stored at out[at + i·stride]. */
    static void a(float[] in, int from, int step, float[] out, int at, int stride) {
        FloatVector e0 = FloatVector.fromArray(S, in, from);
        FloatVector e1 = FloatVector.fromArray(S, in, from + step);
        FloatVector e2 = FloatVector.fromArray(S, in, from + 2 * step);
        FloatVector e3 = FloatVector.fromArray(S, in, from + 3 * step);
        FloatVector even = e0.add(e2);
        FloatVector odd = e1.add(e3);
        FloatVector even4 = e0.add(e2.mul(4f));
        FloatVector odd4 = e1.mul(2f).add(e3.mul(8f));
        e0.intoArray(out, at);
        even.add(odd).intoArray(out, at + stride);
        even.sub(odd).intoArray(out, at + 2 * stride);
        even4.add(odd4).intoArray(out, at + 3 * stride);
        even4.sub(odd4).intoArray(out, at + 4 * stride);
        e3.intoArray(out, at + 5 * stride);
    }

    /** Gᵀ u (the transpose of G): six values, the vectors at in[from + i·step], into three, stored at out[at + i·stride]. */
    static void gt(float[] in, int from, int step, float[] out, int at, int stride) {
        FloatVector u0 = FloatVector.fromArray(S, in, from);
        FloatVector u1 = FloatVector.fromArray(S, in, from + step);
        FloatVector u2 = FloatVector.fromArray(S, in, from + 2 * step);
        FloatVector u3 = FloatVector.fromArray(S, in, from + 3 * step);
        FloatVector u4 = FloatVector.fromArray(S, in, from + 4 * step);
        FloatVector u5 = FloatVector.fromArray(S, in, from + 5 * step);
        FloatVector sum12 = u1.add(u2);
        FloatVector sum34 = u3.add(u4);
        u0.mul(0.25f).sub(sum12.mul(SIXTH)).add(sum34.mul(TWENTY_FOURTH)).intoArray(out, at);
        u2.sub(u1).mul(SIXTH).add(u3.sub(u4).mul(TWELFTH)).intoArray(out, at + stride);
        sum34.sub(sum12).mul(SIXTH).add(u5).intoArray(out, at + 2 * stride);
    }
}

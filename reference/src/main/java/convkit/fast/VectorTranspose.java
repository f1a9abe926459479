package convkit.fast;

import static convkit.fast.VectorDirectConv.L;
import static convkit.fast.VectorDirectConv.S;

import jdk.incubator.vector.FloatVector;

/**
 * A 16×16 transpose in vector registers (16-lane vectors only): the channel tiles pack their
 * weight slivers with it, the weight gradient its column panels of taps.
 */
final class VectorTranspose {

    private VectorTranspose() {
    }

    /** Index vectors of {@link #transpose16}'s rounds (see {@link #swapIndices}). */
    private static final FloatVector LOW_1 = swapIndices(1, false);
    private static final FloatVector HIGH_1 = swapIndices(1, true);
    private static final FloatVector LOW_2 = swapIndices(2, false);
    private static final FloatVector HIGH_2 = swapIndices(2, true);
    private static final FloatVector LOW_4 = swapIndices(4, false);
    private static final FloatVector HIGH_4 = swapIndices(4, true);
    private static final FloatVector LOW_8 = swapIndices(8, false);
    private static final FloatVector HIGH_8 = swapIndices(8, true);

    /**
     * For a two-vector select from rows (i, i + b), i without bit b: the new row i keeps its
     * lanes without bit b and takes row i + b's lanes l − b for the others; the new row i + b
     * takes row i's lanes l + b for those without bit b and keeps its own.
     */
    private static FloatVector swapIndices(int b, boolean high) {
        float[] index = new float[L];
        for (int l = 0; l < L; l++) {
            boolean lower = (l & b) == 0;
            index[l] = high ? (lower ? l + b : L + l) : (lower ? l : L + l - b);
        }
        return FloatVector.fromArray(S, index, 0);
    }

    /**
     * A 16×16 block: out[to + i·outStride + j] = w[from + starts[j] + i] (16-lane vectors only).
     * Round b swaps the b×b blocks off the diagonal of every 2b×2b block; after b = 1, 2, 4, 8
     * lane i of row j has gone to lane j of row i. The rows are stored in order, each a whole
     * vector: with an outStride under 16, a row's last lanes are overwritten by the next row.
     */
    static void transpose16(float[] w, int from, int[] starts, float[] out, int to, int outStride) {
        FloatVector a0 = FloatVector.fromArray(S, w, from + starts[0]);
        FloatVector a1 = FloatVector.fromArray(S, w, from + starts[1]);
        FloatVector a2 = FloatVector.fromArray(S, w, from + starts[2]);
        FloatVector a3 = FloatVector.fromArray(S, w, from + starts[3]);
        FloatVector a4 = FloatVector.fromArray(S, w, from + starts[4]);
        FloatVector a5 = FloatVector.fromArray(S, w, from + starts[5]);
        FloatVector a6 = FloatVector.fromArray(S, w, from + starts[6]);
        FloatVector a7 = FloatVector.fromArray(S, w, from + starts[7]);
        FloatVector a8 = FloatVector.fromArray(S, w, from + starts[8]);
        FloatVector a9 = FloatVector.fromArray(S, w, from + starts[9]);
        FloatVector a10 = FloatVector.fromArray(S, w, from + starts[10]);
        FloatVector a11 = FloatVector.fromArray(S, w, from + starts[11]);
        FloatVector a12 = FloatVector.fromArray(S, w, from + starts[12]);
        FloatVector a13 = FloatVector.fromArray(S, w, from + starts[13]);
        FloatVector a14 = FloatVector.fromArray(S, w, from + starts[14]);
        FloatVector a15 = FloatVector.fromArray(S, w, from + starts[15]);
        FloatVector b0 = LOW_1.selectFrom(a0, a1);
        FloatVector b1 = HIGH_1.selectFrom(a0, a1);
        FloatVector b2 = LOW_1.selectFrom(a2, a3);
        FloatVector b3 = HIGH_1.selectFrom(a2, a3);
        FloatVector b4 = LOW_1.selectFrom(a4, a5);
        FloatVector b5 = HIGH_1.selectFrom(a4, a5);
        FloatVector b6 = LOW_1.selectFrom(a6, a7);
        FloatVector b7 = HIGH_1.selectFrom(a6, a7);
        FloatVector b8 = LOW_1.selectFrom(a8, a9);
        FloatVector b9 = HIGH_1.selectFrom(a8, a9);
        FloatVector b10 = LOW_1.selectFrom(a10, a11);
        FloatVector b11 = HIGH_1.selectFrom(a10, a11);
        FloatVector b12 = LOW_1.selectFrom(a12, a13);
        FloatVector b13 = HIGH_1.selectFrom(a12, a13);
        FloatVector b14 = LOW_1.selectFrom(a14, a15);
        FloatVector b15 = HIGH_1.selectFrom(a14, a15);
        FloatVector c0 = LOW_2.selectFrom(b0, b2);
        FloatVector c2 = HIGH_2.selectFrom(b0, b2);
        FloatVector c1 = LOW_2.selectFrom(b1, b3);
        FloatVector c3 = HIGH_2.selectFrom(b1, b3);
        FloatVector c4 = LOW_2.selectFrom(b4, b6);
        FloatVector c6 = HIGH_2.selectFrom(b4, b6);
        FloatVector c5 = LOW_2.selectFrom(b5, b7);
        FloatVector c7 = HIGH_2.selectFrom(b5, b7);
        FloatVector c8 = LOW_2.selectFrom(b8, b10);
        FloatVector c10 = HIGH_2.selectFrom(b8, b10);
        FloatVector c9 = LOW_2.selectFrom(b9, b11);
        FloatVector c11 = HIGH_2.selectFrom(b9, b11);
        FloatVector c12 = LOW_2.selectFrom(b12, b14);
        FloatVector c14 = HIGH_2.selectFrom(b12, b14);
        FloatVector c13 = LOW_2.selectFrom(b13, b15);
        FloatVector c15 = HIGH_2.selectFrom(b13, b15);
        FloatVector d0 = LOW_4.selectFrom(c0, c4);
        FloatVector d4 = HIGH_4.selectFrom(c0, c4);
        FloatVector d1 = LOW_4.selectFrom(c1, c5);
        FloatVector d5 = HIGH_4.selectFrom(c1, c5);
        FloatVector d2 = LOW_4.selectFrom(c2, c6);
        FloatVector d6 = HIGH_4.selectFrom(c2, c6);
        FloatVector d3 = LOW_4.selectFrom(c3, c7);
        FloatVector d7 = HIGH_4.selectFrom(c3, c7);
        FloatVector d8 = LOW_4.selectFrom(c8, c12);
        FloatVector d12 = HIGH_4.selectFrom(c8, c12);
        FloatVector d9 = LOW_4.selectFrom(c9, c13);
        FloatVector d13 = HIGH_4.selectFrom(c9, c13);
        FloatVector d10 = LOW_4.selectFrom(c10, c14);
        FloatVector d14 = HIGH_4.selectFrom(c10, c14);
        FloatVector d11 = LOW_4.selectFrom(c11, c15);
        FloatVector d15 = HIGH_4.selectFrom(c11, c15);
        FloatVector e0 = LOW_8.selectFrom(d0, d8);
        FloatVector e8 = HIGH_8.selectFrom(d0, d8);
        FloatVector e1 = LOW_8.selectFrom(d1, d9);
        FloatVector e9 = HIGH_8.selectFrom(d1, d9);
        FloatVector e2 = LOW_8.selectFrom(d2, d10);
        FloatVector e10 = HIGH_8.selectFrom(d2, d10);
        FloatVector e3 = LOW_8.selectFrom(d3, d11);
        FloatVector e11 = HIGH_8.selectFrom(d3, d11);
        FloatVector e4 = LOW_8.selectFrom(d4, d12);
        FloatVector e12 = HIGH_8.selectFrom(d4, d12);
        FloatVector e5 = LOW_8.selectFrom(d5, d13);
        FloatVector e13 = HIGH_8.selectFrom(d5, d13);
        FloatVector e6 = LOW_8.selectFrom(d6, d14);
        FloatVector e14 = HIGH_8.selectFrom(d6, d14);
        FloatVector e7 = LOW_8.selectFrom(d7, d15);
        FloatVector e15 = HIGH_8.selectFrom(d7, d15);
        e0.intoArray(out, to);
        e1.intoArray(out, to + outStride);
        e2.intoArray(out, to + 2 * outStride);
        e3.intoArray(out, to + 3 * outStride);
        e4.intoArray(out, to + 4 * outStride);
        e5.intoArray(out, to + 5 * outStride);
        e6.intoArray(out, to + 6 * outStride);
        e7.intoArray(out, to + 7 * outStride);
        e8.intoArray(out, to + 8 * outStride);
        e9.intoArray(out, to + 9 * outStride);
        e10.intoArray(out, to + 10 * outStride);
        e11.intoArray(out, to + 11 * outStride);
        e12.intoArray(out, to + 12 * outStride);
        e13.intoArray(out, to + 13 * outStride);
        e14.intoArray(out, to + 14 * outStride);
        e15.intoArray(out, to + 15 * outStride);
    }
}

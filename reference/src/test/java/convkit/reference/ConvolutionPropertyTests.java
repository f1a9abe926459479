package convkit.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Algebraic properties of the 2-D operations, each checked on 100 random cases. Every case is
 * built from its seed alone (the seed is in the test name, so a failure is reproducible), with
 * small integer entries: float64 arithmetic on them is exact, so equalities are tested exactly.
 */
class ConvolutionPropertyTests {

    static Stream<Long> seeds() {
        return IntStream.range(0, 100).mapToObj(i -> 1_000L + i);
    }

    static double[][] randomIntegers(Random random, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                m[i][j] = random.nextInt(11) - 5;
            }
        }
        return m;
    }

    /** A random matrix of 1..maxRows × 1..maxCols. */
    static double[][] randomMatrix(Random random, int maxRows, int maxCols) {
        return randomIntegers(random, 1 + random.nextInt(maxRows), 1 + random.nextInt(maxCols));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void convolutionIsCommutativeInFullMode(long seed) {
        Random random = new Random(seed);
        double[][] x = randomMatrix(random, 5, 5);
        double[][] k = randomMatrix(random, 3, 3);
        assertArrayEquals(Convolution.convolve(x, k, Range.FULL), Convolution.convolve(k, x, Range.FULL));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void convolutionIsAssociativeInFullMode(long seed) {
        Random random = new Random(seed);
        double[][] f = randomMatrix(random, 3, 3);
        double[][] g = randomMatrix(random, 3, 3);
        double[][] image = randomMatrix(random, 5, 5);
        assertArrayEquals(
            Convolution.convolve(f, Convolution.convolve(g, image, Range.FULL), Range.FULL),
            Convolution.convolve(Convolution.convolve(f, g, Range.FULL), image, Range.FULL));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void convolveEqualsCrossCorrelateWithFlip180InBothRanges(long seed) {
        Random random = new Random(seed);
        double[][] x = randomMatrix(random, 5, 5);
        double[][] k = randomMatrix(random, Math.min(3, x.length), Math.min(3, x[0].length));
        assertArrayEquals(Convolution.convolve(x, k, Range.FULL),
            CrossCorrelation.crossCorrelate(x, Kernels.flip180(k), Range.FULL));
        assertArrayEquals(Convolution.convolve(x, k, Range.VALID),
            CrossCorrelation.crossCorrelate(x, Kernels.flip180(k), Range.VALID));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void convolveAgreesWithTheLiteralFormulaAtEveryFullPosition(long seed) {
        Random random = new Random(seed);
        double[][] x = randomMatrix(random, 6, 6);
        double[][] k = randomMatrix(random, 3, 3);
        double[][] full = Convolution.convolve(x, k, Range.FULL);
        int r0 = Convolution.first(x.length);
        int c0 = Convolution.first(x[0].length);
        // y(r,c) at centred (r,c) is array element [r - r0][c - c0]
        for (int i = 0; i < full.length; i++) {
            for (int j = 0; j < full[0].length; j++) {
                assertEquals(Convolution.at(x, k, r0 + i, c0 + j), full[i][j]);
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void flip180TwiceIsTheIdentity(long seed) {
        double[][] k = randomMatrix(new Random(seed), 5, 5);
        assertArrayEquals(k, Kernels.flip180(Kernels.flip180(k)));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void convolutionIsTranslationEquivariantAwayFromBorders(long seed) {
        // a 3×3 pattern on a 12×12 zero canvas at (2,2) and at (2+dy, 2+dx): both well inside
        Random random = new Random(seed);
        int dy = random.nextInt(4);
        int dx = random.nextInt(4);
        double[][] pattern = randomIntegers(random, 3, 3);
        double[][] k = randomIntegers(random, 3, 3);
        double[][] y = Convolution.convolve(place(pattern, 12, 2, 2), k, Range.VALID);
        double[][] shifted = Convolution.convolve(place(pattern, 12, 2 + dy, 2 + dx), k, Range.VALID);
        // the output moves by the same (dy, dx)
        for (int i = 0; i + dy < y.length; i++) {
            for (int j = 0; j + dx < y[0].length; j++) {
                assertEquals(y[i][j], shifted[i + dy][j + dx], "output (" + i + "," + j + ") shifted by (" + dy + "," + dx + ")");
            }
        }
    }

    static double[][] place(double[][] pattern, int size, int top, int left) {
        double[][] canvas = new double[size][size];
        for (int i = 0; i < pattern.length; i++) {
            System.arraycopy(pattern[i], 0, canvas[top + i], left, pattern[i].length);
        }
        return canvas;
    }
}

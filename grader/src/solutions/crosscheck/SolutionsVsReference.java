import convkit.exercises.Ex01OutputSize;
import convkit.exercises.Ex02Padding;
import convkit.exercises.Ex03CrossCorrelation;
import convkit.exercises.Ex04Convolution;
import convkit.exercises.Ex05ConvLayer;
import convkit.exercises.Ex06Im2col;
import convkit.exercises.Ex07Pooling;
import convkit.exercises.Ex08ConvBackward;
import convkit.exercises.Ex09PoolBackward;
import convkit.reference.Conv2d;
import convkit.reference.ConvSpec;
import convkit.reference.Convolution;
import convkit.reference.CrossCorrelation;
import convkit.reference.Im2col;
import convkit.reference.Kernels;
import convkit.reference.OutputSize;
import convkit.reference.PaddingMode;
import convkit.reference.Pool2d;
import convkit.reference.PoolSpec;
import convkit.reference.Range;
import convkit.reference.Tensor;
import java.util.Random;

/**
 * SolutionsVsReference: runs the instructor solutions of exercises 1–9 and the reference module
 * on the same seeded random cases and prints the largest difference per method; exits 1 when a
 * difference passes 1e-9 (relative to values above 1) or one side throws and the other does not.
 *
 * <p>Run from the project root after building both (the reference module and the solutions):
 * <pre>
 *   ./mvnw -q -B -pl reference compile && ./mvnw -q -B -pl exercises test -Psolutions
 *   java -cp reference/target/classes:exercises/target/solutions/classes \
 *       grader/src/solutions/crosscheck/SolutionsVsReference.java [cases]
 * </pre>
 * Pooling inputs are small integers so that windows hold ties; the tie rule must agree too.
 */
public final class SolutionsVsReference {

  private static final double TOLERANCE = 1e-9; // float64 sums of at most a few hundred terms
  private static final Random RANDOM = new Random(20261125);
  private static int failures = 0;
  /** Held so the setting sticks: the reference's stride-skip warnings are not what this checks. */
  private static final java.util.logging.Logger REFERENCE_LOG =
      java.util.logging.Logger.getLogger("convkit.reference");

  public static void main(String[] args) {
    int cases = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    REFERENCE_LOG.setLevel(java.util.logging.Level.SEVERE);
    outputSizes();
    int padCases = 0;
    double padDiff = 0;
    double reflectDiff = 0;
    double xcorrDiff = 0;
    double convDiff = 0;
    double flipDiff = 0;
    double forwardDiff = 0;
    double matmulDiff = 0;
    double im2colDiff = 0;
    double maxDiff = 0;
    double avgDiff = 0;
    double dxDiff = 0;
    double dwDiff = 0;
    double dbDiff = 0;
    double maxBackDiff = 0;
    double avgBackDiff = 0;
    // one random shape per case, every operation on it
    for (int t = 0; t < cases; t++) {
      int h = 1 + RANDOM.nextInt(7);
      int w = 1 + RANDOM.nextInt(7);
      double[][] image = randomMatrix(h, w);
      int pad = RANDOM.nextInt(4);
      Tensor image4 = Tensor.of(flatten(image), 1, 1, h, w);
      Tensor identity = Tensor.of(new double[] {1}, 1, 1, 1, 1);
      padDiff = Math.max(padDiff, diff("zeroPad", Ex02Padding.zeroPad(image, pad),
          Conv2d.forward(image4, identity, null, ConvSpec.of(1, pad, 1))));
      if (pad < h && pad < w) {
        padCases++;
        reflectDiff = Math.max(reflectDiff, diff("reflectPad", Ex02Padding.reflectPad(image, pad),
            Conv2d.forward(image4, identity, null,
                ConvSpec.of(1, pad, 1).withPaddingMode(PaddingMode.REFLECT))));
      }

      int kh = 1 + RANDOM.nextInt(h);
      int kw = 1 + RANDOM.nextInt(w);
      double[][] kernel = randomMatrix(kh, kw);
      xcorrDiff = Math.max(xcorrDiff, diff("crossCorrelateValid",
          Ex03CrossCorrelation.crossCorrelateValid(image, kernel),
          CrossCorrelation.crossCorrelate(image, kernel, Range.VALID)));
      flipDiff = Math.max(flipDiff, diff("flip180", Ex04Convolution.flip180(kernel),
          Kernels.flip180(kernel)));
      convDiff = Math.max(convDiff, diff("convolveFull", Ex04Convolution.convolveFull(image, kernel),
          Convolution.convolve(image, kernel, Range.FULL)));
      int r = RANDOM.nextInt(2 * h + kh) - h;
      int c = RANDOM.nextInt(2 * w + kw) - w;
      convDiff = Math.max(convDiff, diff("convolveAt", Ex04Convolution.convolveAt(image, kernel, r, c),
          Convolution.at(image, kernel, r, c)));

      // a layer: batch, channels, kernels, stride, padding
      int n = 1 + RANDOM.nextInt(3);
      int ch = 1 + RANDOM.nextInt(3);
      int k = 1 + RANDOM.nextInt(3);
      int stride = 1 + RANDOM.nextInt(3);
      int lpad = RANDOM.nextInt(3);
      int lkh = 1 + RANDOM.nextInt(Math.min(h + 2 * lpad, 5));
      int lkw = 1 + RANDOM.nextInt(Math.min(w + 2 * lpad, 5));
      double[][][][] x = randomBatch(n, ch, h, w, false);
      double[][][][] wt = randomBatch(k, ch, lkh, lkw, false);
      double[] b = randomMatrix(1, k)[0];
      ConvSpec spec = ConvSpec.of(stride, lpad, 1);
      Tensor xt = tensor(x);
      Tensor wtt = tensor(wt);
      Tensor y = Conv2d.forward(xt, wtt, Tensor.of(b.clone(), k), spec);
      forwardDiff = Math.max(forwardDiff, diff("forward", Ex05ConvLayer.forward(x, wt, b, stride, lpad), y));
      matmulDiff = Math.max(matmulDiff, diff("forwardAsMatmul",
          Ex06Im2col.forwardAsMatmul(x, wt, b, stride, lpad), y));
      im2colDiff = Math.max(im2colDiff, diff("im2col", Ex06Im2col.im2col(x[n - 1], lkh, lkw, stride, lpad),
          Im2col.im2col(xt, n - 1, lkh, lkw, spec)));
      int[] yShape = y.shape();
      double[][][][] dy = randomBatch(yShape[0], yShape[1], yShape[2], yShape[3], false);
      Conv2d.Gradients g = Conv2d.backward(xt, wtt, tensor(dy), spec);
      dxDiff = Math.max(dxDiff, diff("gradInput", Ex08ConvBackward.gradInput(x, wt, dy, stride, lpad), g.dx()));
      dwDiff = Math.max(dwDiff, diff("gradWeight", Ex08ConvBackward.gradWeight(x, wt, dy, stride, lpad), g.dw()));
      dbDiff = Math.max(dbDiff, diff("gradBias", Ex08ConvBackward.gradBias(dy), g.db().data()));

      // pooling, with ties
      int pk = 1 + RANDOM.nextInt(Math.min(h, w));
      int ps = 1 + RANDOM.nextInt(3);
      double[][][][] px = randomBatch(n, ch, h, w, true);
      Tensor pxt = tensor(px);
      PoolSpec pspec = PoolSpec.of(pk, ps, 0);
      Tensor maxY = Pool2d.maxForward(pxt, pspec).y();
      maxDiff = Math.max(maxDiff, diff("maxPool", Ex07Pooling.maxPool(px, pk, ps), maxY));
      avgDiff = Math.max(avgDiff, diff("avgPool", Ex07Pooling.avgPool(px, pk, ps), Pool2d.avgForward(pxt, pspec)));
      int[] pShape = maxY.shape();
      double[][][][] pdy = randomBatch(pShape[0], pShape[1], pShape[2], pShape[3], false);
      maxBackDiff = Math.max(maxBackDiff, diff("maxPoolBackward",
          Ex09PoolBackward.maxPoolBackward(px, pdy, pk, ps), Pool2d.maxBackward(pxt, tensor(pdy), pspec)));
      avgBackDiff = Math.max(avgBackDiff, diff("avgPoolBackward",
          Ex09PoolBackward.avgPoolBackward(px, pdy, pk, ps), Pool2d.avgBackward(pxt, tensor(pdy), pspec)));
    }
    System.out.printf("%d random cases (seed 20261125), largest |solution - reference|:%n", cases);
    report("Ex02Padding.zeroPad", padDiff);
    report("Ex02Padding.reflectPad (" + padCases + " cases with pad < size)", reflectDiff);
    report("Ex03CrossCorrelation.crossCorrelateValid", xcorrDiff);
    report("Ex04Convolution.flip180", flipDiff);
    report("Ex04Convolution.convolveAt/convolveFull", convDiff);
    report("Ex05ConvLayer.forward", forwardDiff);
    report("Ex06Im2col.im2col", im2colDiff);
    report("Ex06Im2col.forwardAsMatmul", matmulDiff);
    report("Ex07Pooling.maxPool", maxDiff);
    report("Ex07Pooling.avgPool", avgDiff);
    report("Ex08ConvBackward.gradInput", dxDiff);
    report("Ex08ConvBackward.gradWeight", dwDiff);
    report("Ex08ConvBackward.gradBias", dbDiff);
    report("Ex09PoolBackward.maxPoolBackward", maxBackDiff);
    report("Ex09PoolBackward.avgPoolBackward", avgBackDiff);
    System.out.println(failures == 0 ? "all agree" : failures + " disagreement(s)");
    System.exit(failures == 0 ? 0 : 1);
  }

  /** Every size from 1 to 12 with kernel, pad, stride, dilation up to 4: same value or both throw. */
  private static void outputSizes() {
    int checked = 0;
    for (int in = 1; in <= 12; in++) {
      for (int kernel = 1; kernel <= 4; kernel++) {
        for (int pad = 0; pad <= 3; pad++) {
          for (int stride = 1; stride <= 4; stride++) {
            for (int dilation = 1; dilation <= 4; dilation++) {
              checked++;
              String mine = solutionOutcome(in, kernel, pad, stride, dilation);
              String ref = referenceOutcome(in, kernel, pad, stride, dilation);
              if (!mine.equals(ref)) {
                failures++;
                System.out.printf("outputSize(%d, %d, %d, %d, %d): solution %s, reference %s%n",
                    in, kernel, pad, stride, dilation, mine, ref);
              }
            }
          }
        }
      }
    }
    System.out.println("Ex01OutputSize: " + checked + " argument tuples, outputSize and unreadPixels");
  }

  /** "size/skipped", or the exception's name. */
  private static String solutionOutcome(int in, int kernel, int pad, int stride, int dilation) {
    try {
      return Ex01OutputSize.outputSize(in, kernel, pad, stride, dilation) + "/"
          + Ex01OutputSize.unreadPixels(in, kernel, pad, stride, dilation);
    } catch (IllegalArgumentException e) {
      return "IllegalArgumentException";
    }
  }

  private static String referenceOutcome(int in, int kernel, int pad, int stride, int dilation) {
    try {
      return OutputSize.of(in, kernel, pad, stride, dilation) + "/"
          + OutputSize.skipped(in, kernel, pad, stride, dilation);
    } catch (IllegalArgumentException e) {
      return "IllegalArgumentException";
    }
  }

  private static void report(String what, double diff) {
    System.out.printf("  %-58s %.3g%n", what, diff);
  }

  private static double diff(String what, double mine, double ref) {
    return diff(what, new double[] {mine}, new double[] {ref});
  }

  private static double diff(String what, Object mine, Tensor ref) {
    return diff(what, flattenAny(mine), ref.data());
  }

  private static double diff(String what, double[][] mine, double[][] ref) {
    return diff(what, flatten(mine), flatten(ref));
  }

  private static double diff(String what, double[] mine, double[] ref) {
    if (mine.length != ref.length) {
      failures++;
      System.out.println(what + ": " + mine.length + " values, reference " + ref.length);
      return Double.POSITIVE_INFINITY;
    }
    double worst = 0;
    for (int i = 0; i < mine.length; i++) {
      double d = Math.abs(mine[i] - ref[i]);
      worst = Math.max(worst, d);
      if (d > TOLERANCE * Math.max(1, Math.abs(ref[i]))) {
        failures++;
        System.out.println(what + " differs at flat index " + i + ": " + mine[i] + " vs " + ref[i]);
        return d;
      }
    }
    return worst;
  }

  private static double[][] randomMatrix(int h, int w) {
    double[][] m = new double[h][w];
    for (double[] row : m) {
      for (int j = 0; j < w; j++) {
        row[j] = RANDOM.nextDouble(-2, 2);
      }
    }
    return m;
  }

  private static double[][][][] randomBatch(int n, int c, int h, int w, boolean smallIntegers) {
    double[][][][] x = new double[n][c][h][w];
    for (double[][][] image : x) {
      for (double[][] channel : image) {
        for (double[] row : channel) {
          for (int j = 0; j < w; j++) {
            row[j] = smallIntegers ? RANDOM.nextInt(3) : RANDOM.nextDouble(-2, 2);
          }
        }
      }
    }
    return x;
  }

  private static Tensor tensor(double[][][][] x) {
    return Tensor.of(flattenAny(x), x.length, x[0].length, x[0][0].length, x[0][0][0].length);
  }

  private static double[] flatten(double[][] m) {
    return flattenAny(m);
  }

  /** Row-major flattening of a nested double array of any depth. */
  private static double[] flattenAny(Object array) {
    if (array instanceof double[] row) {
      return row.clone();
    }
    java.util.List<double[]> parts = new java.util.ArrayList<>();
    int total = 0;
    for (Object item : (Object[]) array) {
      double[] part = flattenAny(item);
      parts.add(part);
      total += part.length;
    }
    double[] flat = new double[total];
    int at = 0;
    for (double[] part : parts) {
      System.arraycopy(part, 0, flat, at, part.length);
      at += part.length;
    }
    return flat;
  }
}

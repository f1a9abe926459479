package convkit.fast;

/**
 * The GEMM routes of a float32 conv layer, forward and backward: the layer as matrix products,
 * the route ({@link ConvPlan.Route#POINTWISE_GEMM}, {@link ConvPlan.Route#IM2COL_GEMM} or
 * {@link ConvPlan.Route#GROUPED_GEMM}) and the thread split chosen by {@link FastConv2d}.
 *
 * <p>Forward, per image: y[image] ([K][OH·OW]) = W ([K][C·KH·KW]) · col ([C·KH·KW][OH·OW]),
 * the bias one more column of W against a row of ones under the columns, so that the GEMM
 * writes y once (β = 0); a 1×1, stride-1, unpadded layer skips im2col (x[image] is the column
 * matrix) and has y filled with the bias first, the GEMM adding onto it (β = 1). Backward: dW += dY · colᵀ summed
 * over the batch, dcol = Wᵀ · dY scattered back by col2im into dX, db = Σ dY. Columns are built
 * a strip of output rows at a time into a per-thread buffer reused across calls; layers with
 * few output pixels group several images into one wider GEMM.
 *
 * <p>Threads, one level only: with {@code workers} > 1 the images are cut into units (forward:
 * strips of an image; backward: ranges of images, each with its own share of dW, added up in
 * unit order) that go to the threads as they come free, and each GEMM runs on one thread;
 * otherwise images run one after the other, each GEMM on all {@code threads}.
 *
 * <p>One source for both precisions: only this single-precision file is written by hand; the
 * build generates its 64-bit twin from it (reference/src/build/java/DoubleTwins.java).
 */
final class FloatGemmConv {

    /** The calling thread's column buffer ([C·KH·KW][strip or group columns]), grown as needed. */
    private static final ThreadLocal<float[]> COLUMNS = ThreadLocal.withInitial(() -> new float[0]);
    /**
     * A grouped GEMM's product (forward) or its dY gathered by group (backward), and a worker's
     * share of dW: reused like the columns. Allocated per call they were megabytes of garbage
     * each call (resnet3x3_512's dW share 9 MiB), zeroed by the JVM and collected by the GC.
     */
    private static final ThreadLocal<float[]> PRODUCTS = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<float[]> WEIGHT_PARTS = ThreadLocal.withInitial(() -> new float[0]);
    /** The forward's W with the bias as one more column, [K][C·KH·KW + 1], on the calling thread. */
    private static final ThreadLocal<float[]> WEIGHTS_AND_BIAS = ThreadLocal.withInitial(() -> new float[0]);
    /**
     * Elements of dW shares that the backward's units may hold at once (8 Mi: 32 MiB in single
     * precision; resnet3x3_512's dW is 2.4 Mi elements, so it runs in 4 units on 2 threads).
     */
    private static final long MAX_PART_ELEMENTS = 8L << 20;
    /** Elements to add (|dw| times the shares) from which the shares are added into dw on all the threads. */
    private static final long PARALLEL_ADD = 1L << 18;

    private final Gemm gemm;
    private final int threads;

    FloatGemmConv(Gemm gemm, int threads) {
        this.gemm = gemm;
        this.threads = threads;
    }

    /**
     * y = conv(x, w) + bias by a GEMM route. x [N][C][H][W], w [K][C][KH][KW], bias [K] or
     * null, y [N][K][OH][OW] (overwritten); {@code strip} output rows per im2col strip.
     */
    void forward(LayerShape s, ConvPlan.Route route, int workers, int strip, float[] x, float[] w, float[] bias,
                 float[] y) {
        FastIm2col.Plan plan = FastIm2col.plan(s);
        if (route == ConvPlan.Route.GROUPED_GEMM) {
            forwardGrouped(s, plan, x, w, bias, y);
            return;
        }
        int pixels = s.oh() * s.ow();
        int reduction = s.reduction();
        int gemmThreads = workers > 1 ? 1 : threads; // threads of each GEMM call below
        boolean pointwise = route == ConvPlan.Route.POINTWISE_GEMM;
        // the bias folded into the product as one more column of W (written here, read by every unit)
        // against a row of ones under each strip's columns: y is written once, by the GEMM, instead
        // of being filled with the bias and then read back by a β = 1 GEMM (mnist_5x5's y is 14×
        // its input)
        boolean folded = bias != null && !pointwise;
        int depth = folded ? reduction + 1 : reduction;
        float[] weights = folded ? weightsAndBias(s.k(), reduction, w, bias) : w;
        // a unit is a strip of an image (the whole image when pointwise): it writes its own
        // columns of y, and goes to a thread as one comes free
        int strips = pointwise ? 1 : (s.oh() + strip - 1) / strip;
        Parallel.forEach(workers, s.n() * strips, unit -> {
            int image = unit / strips;
            int oh0 = pointwise ? 0 : unit % strips * strip;
            int oh1 = pointwise ? s.oh() : Math.min(s.oh(), oh0 + strip);
            int width = (oh1 - oh0) * s.ow();
            int yStrip = image * s.k() * pixels + oh0 * s.ow();
            float beta = 0;
            if (bias != null && pointwise) {
                // y starts at bias[k], the GEMM adds onto it (beta = 1)
                for (int k = 0; k < s.k(); k++) {
                    java.util.Arrays.fill(y, yStrip + k * pixels, yStrip + k * pixels + width, bias[k]);
                }
                beta = 1;
            }
            if (pointwise) {
                // 1×1, stride 1, no padding: x[image] is already the [C][H·W] column matrix
                gemm.sgemm(gemmThreads, Transpose.NO, Transpose.NO, s.k(), pixels, reduction,
                    1, w, 0, reduction, x, image * s.c() * pixels, pixels, beta, y, yStrip, pixels);
                return;
            }
            // y[:, strip] = W · col(strip), the columns in the running thread's buffer
            float[] col = reused(COLUMNS, depth * strip * s.ow());
            FloatIm2col.im2col(s, plan, x, image, oh0, oh1, col);
            if (folded) {
                java.util.Arrays.fill(col, reduction * width, depth * width, 1);
            }
            gemm.sgemm(gemmThreads, Transpose.NO, Transpose.NO, s.k(), width, depth,
                1, weights, 0, depth, col, 0, width, beta, y, yStrip, pixels);
        });
    }

    /** W [K][reduction] with bias as its last column, [K][reduction + 1], in the calling thread's buffer. */
    private static float[] weightsAndBias(int k, int reduction, float[] w, float[] bias) {
        float[] out = reused(WEIGHTS_AND_BIAS, k * (reduction + 1));
        for (int row = 0; row < k; row++) {
            System.arraycopy(w, row * reduction, out, row * (reduction + 1), reduction);
            out[row * (reduction + 1) + reduction] = bias[row];
        }
        return out;
    }

    /**
     * dX and dW by a GEMM route, from x, w and dy [N][K][OH][OW]. dx is overwritten (each image
     * zeroed by the unit that adds into it) and dw arrives zeroed; null means that gradient is
     * computed elsewhere (by the direct conv) and is skipped here.
     */
    void backward(LayerShape s, ConvPlan.Route route, int workers, int strip, float[] x, float[] w, float[] dy,
                  float[] dx, float[] dw) {
        FastIm2col.Plan plan = FastIm2col.plan(s);
        if (route == ConvPlan.Route.GROUPED_GEMM) {
            backwardGrouped(s, plan, x, w, dy, dx, dw);
        } else {
            backwardStrips(s, plan, workers, strip, x, w, dy, dx, dw);
        }
    }

    /**
     * db[k] = the sum of dY over the batch and the output pixels (overwritten), output channels
     * shared out to {@code threads}. Each sum is taken in double over eight running sums (pixel p
     * of a plane into sum p mod 8), added together at the end: one running sum is a chain of
     * dependent additions, and one core adding up all of dY while the other waited showed in
     * every backward ({@code .bench/serial-parts-2026-12-04.md}). The order depends on the shape
     * only, not on the threads.
     */
    @SuppressWarnings("cast") // the cast narrows in single precision; the generated twin's is redundant
    static void biasGradient(LayerShape s, float[] dy, float[] db, int threads) {
        int pixels = s.oh() * s.ow();
        int whole = pixels & -8;
        Parallel.forEach(threads, s.k(), k -> {
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            double s4 = 0;
            double s5 = 0;
            double s6 = 0;
            double s7 = 0;
            for (int image = 0; image < s.n(); image++) {
                int from = (image * s.k() + k) * pixels;
                for (int p = from; p < from + whole; p += 8) {
                    s0 += dy[p];
                    s1 += dy[p + 1];
                    s2 += dy[p + 2];
                    s3 += dy[p + 3];
                    s4 += dy[p + 4];
                    s5 += dy[p + 5];
                    s6 += dy[p + 6];
                    s7 += dy[p + 7];
                }
                for (int p = from + whole; p < from + pixels; p++) {
                    s0 += dy[p];
                }
            }
            db[k] = (float) (((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)));
        });
    }

    /** Backward, image by image (images split over the workers) and a strip of output rows at a time. */
    private void backwardStrips(LayerShape s, FastIm2col.Plan plan, int workers, int strip, float[] x, float[] w,
                                float[] dy, float[] dx, float[] dw) {
        int pixels = s.oh() * s.ow();
        int imageFloats = s.c() * s.h() * s.w(); // one image of x and dX
        int reduction = s.reduction();
        int gemmThreads = workers > 1 ? 1 : threads; // threads of each GEMM call below
        int units = backwardUnits(s, workers, dw);
        // unit u > 0 sums its share of dW into parts[(u - 1)·|dw|...], unit 0 into dw: the
        // caller's buffer, shared out by unit, so no sum depends on which thread ran which unit
        float[] parts = dw == null || units == 1 ? null : reused(WEIGHT_PARTS, (units - 1) * dw.length);
        Parallel.forEach(workers, units, unit -> {
            float[] dwPart = dw == null ? null : unit == 0 ? dw : parts;
            int dwAt = dwPart == null || unit == 0 ? 0 : (unit - 1) * dw.length;
            if (dwPart != null && unit > 0) {
                java.util.Arrays.fill(dwPart, dwAt, dwAt + dw.length, 0);
            }
            float[] col = s.pointwise() ? null : reused(COLUMNS, reduction * strip * s.ow());
            // images of this unit
            for (int image = Parallel.slice(s.n(), unit, units); image < Parallel.slice(s.n(), unit + 1, units); image++) {
                int dyImage = image * s.k() * pixels;
                int xImage = image * s.c() * pixels;
                if (col == null) {
                    // dW += dY · xᵀ and dX = Wᵀ · dY, with x[image] as the column matrix
                    if (dw != null) {
                        gemm.sgemm(gemmThreads, Transpose.NO, Transpose.YES, s.k(), reduction, pixels,
                            1, dy, dyImage, pixels, x, xImage, pixels, 1, dwPart, dwAt, reduction);
                    }
                    if (dx != null) {
                        gemm.sgemm(gemmThreads, Transpose.YES, Transpose.NO, reduction, pixels, s.k(),
                            1, w, 0, reduction, dy, dyImage, pixels, 0, dx, xImage, pixels);
                    }
                    continue;
                }
                if (dx != null) {
                    // col2im adds into this image's dX: zeroed here, on the thread of its unit
                    java.util.Arrays.fill(dx, image * imageFloats, (image + 1) * imageFloats, 0);
                }
                // strips of output rows
                for (int oh0 = 0; oh0 < s.oh(); oh0 += strip) {
                    int oh1 = Math.min(s.oh(), oh0 + strip);
                    int width = (oh1 - oh0) * s.ow();
                    int dyStrip = dyImage + oh0 * s.ow();
                    if (dw != null) {
                        // dW += dY[:, strip] · col(strip)ᵀ
                        FloatIm2col.im2col(s, plan, x, image, oh0, oh1, col);
                        gemm.sgemm(gemmThreads, Transpose.NO, Transpose.YES, s.k(), reduction, width,
                            1, dy, dyStrip, pixels, col, 0, width, 1, dwPart, dwAt, reduction);
                    }
                    if (dx == null) {
                        continue;
                    }
                    // dcol = Wᵀ · dY[:, strip], reusing the column buffer, then scatter-add into dX
                    gemm.sgemm(gemmThreads, Transpose.YES, Transpose.NO, reduction, width, s.k(),
                        1, w, 0, reduction, dy, dyStrip, pixels, 0, col, 0, width);
                    FloatIm2col.col2im(s, plan, col, oh0, oh1, dx, image);
                }
            }
        });
        if (parts != null) {
            addParts(dw, parts, units - 1, workers);
        }
    }

    /**
     * The units of {@link #backwardStrips}: ranges of whole images (col2im adds into its own
     * image of dX only), {@link Parallel#units} of them on more than one worker, but no more than
     * {@link #MAX_PART_ELEMENTS} allows for their shares of dW.
     */
    private static int backwardUnits(LayerShape s, int workers, float[] dw) {
        if (workers <= 1) {
            return 1;
        }
        int units = Parallel.units(s.n(), workers);
        if (dw != null) {
            units = (int) Math.max(Math.min(workers, s.n()), Math.min(units, 1 + MAX_PART_ELEMENTS / dw.length));
        }
        return units;
    }

    /**
     * dw += each of the {@code count} shares in {@code parts} (|dw| apart), in their order for
     * every element (so the sums do not depend on the threads), ranges of elements on the threads.
     */
    private static void addParts(float[] dw, float[] parts, int count, int workers) {
        int length = dw.length;
        int adders = (long) length * count >= PARALLEL_ADD ? workers : 1;
        Parallel.forEachRange(adders, length, Parallel.units(length, adders), (i0, i1) -> {
            for (int part = 0; part < count; part++) {
                int base = part * length;
                for (int i = i0; i < i1; i++) {
                    dw[i] += parts[base + i];
                }
            }
        });
    }

    /** Forward for layers with few output pixels: a group of images per GEMM (wider, faster products). */
    private void forwardGrouped(LayerShape s, FastIm2col.Plan plan, float[] x, float[] w, float[] bias, float[] y) {
        int pixels = s.oh() * s.ow();
        int reduction = s.reduction();
        int group = FastConv2d.groupSize(s);
        int gemmThreads = threads; // threads of each GEMM call below
        float[] col = reused(COLUMNS, reduction * group * pixels); // [C·KH·KW][G·OH·OW]
        float[] out = reused(PRODUCTS, s.k() * group * pixels);    // [K][G·OH·OW]
        // groups of images
        for (int first = 0; first < s.n(); first += group) {
            int count = Math.min(group, s.n() - first);
            int width = count * pixels;
            for (int g = 0; g < count; g++) {
                FloatIm2col.im2col(s, plan, x, first + g, 0, s.oh(), col, g * pixels, width);
            }
            gemm.sgemm(gemmThreads, Transpose.NO, Transpose.NO, s.k(), width, reduction,
                1, w, 0, reduction, col, 0, width, 0, out, 0, width);
            // out [K][G][OH·OW] to y [G][K][OH·OW], adding the bias
            for (int g = 0; g < count; g++) {
                for (int k = 0; k < s.k(); k++) {
                    int from = k * width + g * pixels;
                    int to = ((first + g) * s.k() + k) * pixels;
                    float b = bias == null ? 0 : bias[k];
                    for (int p = 0; p < pixels; p++) {
                        y[to + p] = out[from + p] + b;
                    }
                }
            }
        }
    }

    /** Backward for layers with few output pixels, a group of images per GEMM (dx, dw: as {@link #backward}). */
    private void backwardGrouped(LayerShape s, FastIm2col.Plan plan, float[] x, float[] w, float[] dy, float[] dx,
                                 float[] dw) {
        int pixels = s.oh() * s.ow();
        int reduction = s.reduction();
        int group = FastConv2d.groupSize(s);
        int gemmThreads = threads; // threads of each GEMM call below
        float[] col = reused(COLUMNS, reduction * group * pixels); // [C·KH·KW][G·OH·OW]
        float[] dyGroup = reused(PRODUCTS, s.k() * group * pixels); // [K][G·OH·OW]
        // groups of images
        for (int first = 0; first < s.n(); first += group) {
            int count = Math.min(group, s.n() - first);
            int width = count * pixels;
            for (int g = 0; g < count; g++) {
                if (dw != null) {
                    FloatIm2col.im2col(s, plan, x, first + g, 0, s.oh(), col, g * pixels, width);
                }
                for (int k = 0; k < s.k(); k++) {
                    System.arraycopy(dy, ((first + g) * s.k() + k) * pixels, dyGroup, k * width + g * pixels, pixels);
                }
            }
            if (dw != null) {
                // dW += dY(group) · col(group)ᵀ
                gemm.sgemm(gemmThreads, Transpose.NO, Transpose.YES, s.k(), reduction, width,
                    1, dyGroup, 0, width, col, 0, width, 1, dw, 0, reduction);
            }
            if (dx == null) {
                continue;
            }
            // dcol = Wᵀ · dY(group), then scatter-add each image's columns into dX
            gemm.sgemm(gemmThreads, Transpose.YES, Transpose.NO, reduction, width, s.k(),
                1, w, 0, reduction, dyGroup, 0, width, 0, col, 0, width);
            int imageFloats = s.c() * s.h() * s.w();
            for (int g = 0; g < count; g++) {
                java.util.Arrays.fill(dx, (first + g) * imageFloats, (first + g + 1) * imageFloats, 0);
                FloatIm2col.col2im(s, plan, col, g * pixels, width, 0, s.oh(), dx, first + g);
            }
        }
    }

    /** The thread's array in {@code slot}, grown to at least {@code length} elements (never shrunk; contents stale). */
    static float[] reused(ThreadLocal<float[]> slot, int length) {
        float[] buffer = slot.get();
        if (buffer.length < length) {
            buffer = new float[length];
            slot.set(buffer);
        }
        return buffer;
    }
}

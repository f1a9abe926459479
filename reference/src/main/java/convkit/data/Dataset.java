package convkit.data;

import convkit.reference.Tensor;

/**
 * Dataset: labelled grey images stored as MNIST stores them, one unsigned byte per pixel.
 *
 * <p>A batch comes out as a {@link Tensor} {@code [B][1][H][W]} of {@code pixel / 255} (0 is
 * black, 1 white), the input every convkit model and {@code convkit predict} expect.
 * Bytes keep the 60000 images of MNIST at 47 MB (as doubles they would take 376 MB).
 *
 * @param name   where the images came from, for reports (e.g. {@code synthetic seed 1})
 * @param pixels {@code [N][H][W]}, row-major, unsigned bytes 0..255
 * @param labels {@code [N]}, the class of each image, 0..9
 */
public record Dataset(String name, byte[] pixels, int[] labels, int height, int width) {

    /** Number of classes: the digits 0..9. */
    public static final int CLASSES = 10;

    public Dataset {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException(name + ": image size must be >= 1×1 but was " + height + "×" + width);
        }
        if ((long) labels.length * height * width != pixels.length) {
            throw new IllegalArgumentException(name + ": expected " + labels.length + " images of " + height + "×" + width
                + " (" + (long) labels.length * height * width + " bytes) but got " + pixels.length + " pixel bytes");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= CLASSES) {
                throw new IllegalArgumentException(name + ": label " + i + " must be 0.." + (CLASSES - 1) + " but was "
                    + labels[i]);
            }
        }
    }

    /** The number of images. */
    public int size() {
        return labels.length;
    }

    /** Images {@code order[from..to)} as a tensor {@code [to-from][1][H][W]} of pixel / 255. */
    public Tensor images(int[] order, int from, int to) {
        int plane = height * width;
        Tensor x = Tensor.zeros(to - from, 1, height, width);
        for (int b = from; b < to; b++) {
            int source = order[b] * plane;
            for (int p = 0; p < plane; p++) {
                x.data()[(b - from) * plane + p] = (pixels[source + p] & 0xFF) / 255.0;
            }
        }
        return x;
    }

    /**
     * Images {@code order[from..to)} as float32 pixel / 255 into {@code x} ({@code [to-from][1][H][W]},
     * overwritten), for the float32 training route: the values of {@link #images} rounded to float.
     */
    public void images(int[] order, int from, int to, float[] x) {
        int plane = height * width;
        if (x.length != (to - from) * plane) {
            throw new IllegalArgumentException(name + ": x must hold " + (to - from) + " images of " + height + "×"
                + width + " (" + (to - from) * plane + " floats) but has " + x.length);
        }
        for (int b = from; b < to; b++) {
            int source = order[b] * plane;
            for (int p = 0; p < plane; p++) {
                x[(b - from) * plane + p] = (float) ((pixels[source + p] & 0xFF) / 255.0);
            }
        }
    }

    /** Labels {@code order[from..to)}. */
    public int[] labels(int[] order, int from, int to) {
        int[] result = new int[to - from];
        for (int b = from; b < to; b++) {
            result[b - from] = labels[order[b]];
        }
        return result;
    }

    /** The first {@code count} images (all when count >= size). */
    public Dataset first(int count) {
        int n = Math.min(count, size());
        return new Dataset(name, java.util.Arrays.copyOf(pixels, n * height * width), java.util.Arrays.copyOf(labels, n),
            height, width);
    }

    /** 0, 1, ..., N-1: the images in stored order. */
    public int[] inOrder() {
        int[] order = new int[size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        return order;
    }
}

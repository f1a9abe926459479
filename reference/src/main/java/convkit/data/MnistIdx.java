package convkit.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * MnistIdx: reads the MNIST files a user downloaded, in the IDX format, raw or gzip-compressed.
 *
 * <pre>
 *   images: int32 magic 0x00000803, int32 count, int32 rows, int32 columns, then count·rows·columns bytes
 *   labels: int32 magic 0x00000801, int32 count, then count bytes (0..9)
 *   all int32 big-endian; a file starting with the bytes 1f 8b is gzip and is unpacked first
 * </pre>
 * Every problem is an {@link IllegalArgumentException} naming the file: a missing file, a wrong
 * magic number, a file shorter than its header says, image and label counts that differ.
 *
 * <p>In a directory, split {@code train} is {@code train-images-idx3-ubyte} and
 * {@code train-labels-idx1-ubyte}, split {@code t10k} (the test set) {@code t10k-images-idx3-ubyte}
 * and {@code t10k-labels-idx1-ubyte}, each also found with a {@code .gz} ending or with a dot for
 * the last dash ({@code train-images.idx3-ubyte}).
 */
public final class MnistIdx {

    /** Magic number of an IDX file of unsigned bytes with 3 dimensions (images). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an IDX file of unsigned bytes with 1 dimension (labels). */
    public static final int LABELS_MAGIC = 0x00000801;

    private MnistIdx() {
    }

    /** The split {@code train} or {@code t10k} from the files in {@code dir}. */
    public static Dataset readSplit(Path dir, String split) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("MNIST directory " + dir + ": not a directory");
        }
        return read(find(dir, split + "-images", "idx3-ubyte"), find(dir, split + "-labels", "idx1-ubyte"));
    }

    /** The images of {@code imagesFile} with the labels of {@code labelsFile}. */
    public static Dataset read(Path imagesFile, Path labelsFile) throws IOException {
        byte[] images = contents(imagesFile);
        int count = header(imagesFile, images, IMAGES_MAGIC, 0, "images");
        int rows = header(imagesFile, images, IMAGES_MAGIC, 1, "images");
        int columns = header(imagesFile, images, IMAGES_MAGIC, 2, "images");
        requireLength(imagesFile, images, 16, (long) count * rows * columns, count + " images of " + rows + "×" + columns);
        byte[] labels = contents(labelsFile);
        int labelCount = header(labelsFile, labels, LABELS_MAGIC, 0, "labels");
        requireLength(labelsFile, labels, 8, labelCount, labelCount + " labels");
        if (labelCount != count) {
            throw new IllegalArgumentException(labelsFile + ": " + labelCount + " labels but " + imagesFile + " has "
                + count + " images");
        }
        int[] classes = new int[count];
        for (int i = 0; i < count; i++) {
            classes[i] = labels[8 + i] & 0xFF;
            if (classes[i] >= Dataset.CLASSES) {
                throw new IllegalArgumentException(labelsFile + ": label " + i + " is " + classes[i] + ", expected 0..9");
            }
        }
        byte[] pixels = java.util.Arrays.copyOfRange(images, 16, 16 + count * rows * columns);
        return new Dataset("MNIST " + imagesFile.getFileName(), pixels, classes, rows, columns);
    }

    private static Path find(Path dir, String stem, String kind) {
        List<String> names = List.of(stem + "-" + kind, stem + "-" + kind + ".gz", stem + "." + kind, stem + "." + kind + ".gz");
        for (String name : names) {
            if (Files.isRegularFile(dir.resolve(name))) {
                return dir.resolve(name);
            }
        }
        throw new IllegalArgumentException("MNIST directory " + dir + ": no " + String.join(" or ", names));
    }

    /** The bytes of a file, unpacked when it is gzip. */
    private static byte[] contents(Path file) throws IOException {
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        }
        if (raw.length < 2 || (raw[0] & 0xFF) != 0x1f || (raw[1] & 0xFF) != 0x8b) {
            return raw;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
            return in.readAllBytes();
        } catch (java.io.EOFException | java.util.zip.ZipException e) {
            throw new IllegalArgumentException(file + ": broken gzip data (" + e.getMessage() + ")");
        }
    }

    /** The header's int32 number {@code index} (after the magic), checking the magic first. */
    private static int header(Path file, byte[] bytes, int magic, int index, String what) {
        int needed = 4 * (index + 2);
        if (bytes.length < needed) {
            throw new IllegalArgumentException(file + ": truncated, " + bytes.length + " bytes is shorter than the "
                + (magic == IMAGES_MAGIC ? 16 : 8) + "-byte IDX header of " + what);
        }
        int found = int32(bytes, 0);
        if (found != magic) {
            throw new IllegalArgumentException(String.format("%s: wrong magic number 0x%08x, expected 0x%08x (IDX %s)",
                file, found, magic, what));
        }
        int value = int32(bytes, 4 * (index + 1));
        if (value < 0) {
            throw new IllegalArgumentException(file + ": header field " + index + " is negative (" + value + ")");
        }
        return value;
    }

    private static void requireLength(Path file, byte[] bytes, int header, long expected, String what) {
        if (bytes.length - header < expected) {
            throw new IllegalArgumentException(file + ": truncated, the header promises " + what + " (" + expected
                + " bytes after the " + header + "-byte header) but the file has " + (bytes.length - header));
        }
        if (expected > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(file + ": " + what + " is too large for one Java array");
        }
    }

    private static int int32(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }
}

package convkit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Small IDX files written here, in the format of the MNIST distribution (big-endian int32 header). */
class MnistIdxTests {

    @TempDir
    Path dir;

    /** An IDX image file of {@code count} images of 2×3 with pixel values 0, 1, 2, ... (mod 256). */
    static byte[] images(int magic, int count, int rows, int columns, int pixelBytes) {
        ByteBuffer b = ByteBuffer.allocate(16 + pixelBytes);
        b.putInt(magic).putInt(count).putInt(rows).putInt(columns);
        for (int i = 0; i < pixelBytes; i++) {
            b.put((byte) i);
        }
        return b.array();
    }

    static byte[] labels(int magic, int count, int... values) {
        ByteBuffer b = ByteBuffer.allocate(8 + values.length);
        b.putInt(magic).putInt(count);
        for (int v : values) {
            b.put((byte) v);
        }
        return b.array();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    private Path file(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    @Test
    void readsRawFiles() throws IOException {
        Dataset d = MnistIdx.read(file("i", images(MnistIdx.IMAGES_MAGIC, 2, 2, 3, 12)),
            file("l", labels(MnistIdx.LABELS_MAGIC, 2, 7, 3)));
        assertEquals(2, d.size());
        assertEquals(2, d.height());
        assertEquals(3, d.width());
        assertArrayEquals(new int[] {7, 3}, d.labels());
        assertEquals(11, d.pixels()[11]);
    }

    @Test
    void readsGzipFilesOfASplitFromADirectory() throws IOException {
        file("t10k-images-idx3-ubyte.gz", gzip(images(MnistIdx.IMAGES_MAGIC, 3, 28, 28, 3 * 784)));
        file("t10k-labels-idx1-ubyte.gz", gzip(labels(MnistIdx.LABELS_MAGIC, 3, 0, 9, 5)));
        Dataset d = MnistIdx.readSplit(dir, "t10k");
        assertArrayEquals(new int[] {0, 9, 5}, d.labels());
        assertEquals((byte) (784 + 5), d.pixels()[784 + 5]);
    }

    @Test
    void wrongMagicNamesTheFileAndBothNumbers() throws IOException {
        Path labelsAsImages = file("i", labels(MnistIdx.LABELS_MAGIC, 2, 1, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> MnistIdx.read(labelsAsImages, file("l", labels(MnistIdx.LABELS_MAGIC, 2, 1, 2))));
        assertTrue(e.getMessage().startsWith(labelsAsImages.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("0x00000801") && e.getMessage().contains("0x00000803"), e.getMessage());
    }

    @Test
    void truncatedImagesNameTheFileAndTheSizes() throws IOException {
        Path short1 = file("i", images(MnistIdx.IMAGES_MAGIC, 2, 2, 3, 11)); // 12 pixel bytes promised
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> MnistIdx.read(short1, file("l", labels(MnistIdx.LABELS_MAGIC, 2, 1, 2))));
        assertTrue(e.getMessage().startsWith(short1 + ": truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("12 bytes") && e.getMessage().contains("has 11"), e.getMessage());
    }

    @Test
    void aFileShorterThanItsHeaderIsTruncated() throws IOException {
        Path tiny = file("i", new byte[] {0, 0, 8, 3, 0, 0});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> MnistIdx.read(tiny, file("l", labels(MnistIdx.LABELS_MAGIC, 0))));
        assertTrue(e.getMessage().startsWith(tiny + ": truncated"), e.getMessage());
    }

    @Test
    void truncatedLabelsNameTheLabelFile() throws IOException {
        Path labelFile = file("l", labels(MnistIdx.LABELS_MAGIC, 3, 1, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> MnistIdx.read(file("i", images(MnistIdx.IMAGES_MAGIC, 3, 2, 3, 18)), labelFile));
        assertTrue(e.getMessage().startsWith(labelFile + ": truncated"), e.getMessage());
    }

    @Test
    void mismatchedCountsNameBothFiles() throws IOException {
        Path imageFile = file("i", images(MnistIdx.IMAGES_MAGIC, 2, 2, 3, 12));
        Path labelFile = file("l", labels(MnistIdx.LABELS_MAGIC, 3, 1, 2, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MnistIdx.read(imageFile, labelFile));
        assertEquals(labelFile + ": 3 labels but " + imageFile + " has 2 images", e.getMessage());
    }

    @Test
    void aLabelAbove9IsRejected() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> MnistIdx.read(file("i", images(MnistIdx.IMAGES_MAGIC, 1, 2, 3, 6)),
            file("l", labels(MnistIdx.LABELS_MAGIC, 1, 10))));
    }

    @Test
    void brokenGzipNamesTheFile() throws IOException {
        byte[] packed = gzip(images(MnistIdx.IMAGES_MAGIC, 2, 2, 3, 12));
        Path cut = file("i.gz", java.util.Arrays.copyOf(packed, packed.length / 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> MnistIdx.read(cut, file("l", labels(MnistIdx.LABELS_MAGIC, 2, 1, 2))));
        assertTrue(e.getMessage().startsWith(cut + ": broken gzip"), e.getMessage());
    }

    @Test
    void aMissingSplitNamesTheFilesLookedFor() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MnistIdx.readSplit(dir, "train"));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz"), e.getMessage());
    }
}

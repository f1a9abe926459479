package convkit.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTests {

    @TempDir
    Path dir;

    @Test
    void float64RoundTripsExactly() throws IOException {
        Tensor t = Tensor.of(new double[] {Math.PI, -1e-300, 2, 3, 4, 5}, 1, 2, 3);
        Path file = dir.resolve("t.npy");
        Npy.write(file, t, DType.FLOAT64);
        Npy.Array back = Npy.read(file);
        assertEquals(DType.FLOAT64, back.dtype());
        assertEquals(t, back.tensor());
    }

    @Test
    void float32RoundsEachValue() throws IOException {
        Tensor t = Tensor.of(new double[] {Math.PI, 0.1}, 2);
        Path file = dir.resolve("t.npy");
        Npy.write(file, t, DType.FLOAT32);
        Npy.Array back = Npy.read(file);
        assertEquals(DType.FLOAT32, back.dtype());
        assertArrayEquals(new double[] {(float) Math.PI, (float) 0.1}, back.tensor().data());
    }

    @Test
    void headerIsVersion1AlignedTo64Bytes() {
        byte[] bytes = Npy.encode(Tensor.zeros(2, 3), DType.FLOAT64);
        assertEquals(1, bytes[6]);
        int headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getShort(8);
        assertEquals(0, (10 + headerLength) % 64);
        String header = new String(bytes, 10, headerLength, StandardCharsets.ISO_8859_1);
        assertTrue(header.startsWith("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }"), header);
        assertTrue(header.endsWith("\n"), header);
    }

    @Test
    void rank1ShapeIsWrittenWithTrailingComma() {
        byte[] bytes = Npy.encode(Tensor.zeros(3), DType.FLOAT32);
        String header = new String(bytes, 10, 54, StandardCharsets.ISO_8859_1);
        assertTrue(header.contains("'shape': (3,)"), header);
    }

    @Test
    void version2HeaderIsRead() throws IOException {
        Path file = dir.resolve("v2.npy");
        Files.write(file, npy(2, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", doubles(1.5, -2)));
        assertArrayEquals(new double[] {1.5, -2}, Npy.read(file).tensor().data());
    }

    @Test
    void fortranOrderIsRejected() throws IOException {
        Path file = dir.resolve("f.npy");
        Files.write(file, npy(1, "{'descr': '<f8', 'fortran_order': True, 'shape': (1, 2), }", doubles(1, 2)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Npy.read(file));
        assertTrue(e.getMessage().contains("f.npy") && e.getMessage().contains("Fortran"), e.getMessage());
    }

    @Test
    void integerDtypeIsRejectedAsNotFloat() throws IOException {
        Path file = dir.resolve("i.npy");
        Files.write(file, npy(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }", new byte[8]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Npy.read(file));
        assertTrue(e.getMessage().contains("i.npy") && e.getMessage().contains("not a float"), e.getMessage());
    }

    @Test
    void bigEndianFloatIsRejected() throws IOException {
        Path file = dir.resolve("b.npy");
        Files.write(file, npy(1, "{'descr': '>f8', 'fortran_order': False, 'shape': (1,), }", new byte[8]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Npy.read(file));
        assertTrue(e.getMessage().contains("big-endian"), e.getMessage());
    }

    @Test
    void fileWithoutMagicIsRejected() throws IOException {
        Path file = dir.resolve("text.npy");
        Files.writeString(file, "hello, this is not numpy");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Npy.read(file));
        assertTrue(e.getMessage().contains("text.npy"), e.getMessage());
    }

    @Test
    void truncatedDataIsRejected() throws IOException {
        Path file = dir.resolve("short.npy");
        Files.write(file, npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", doubles(1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Npy.read(file));
        assertTrue(e.getMessage().contains("16") && e.getMessage().contains("8"), e.getMessage());
    }

    @Test
    void writeLeavesNoTemporaryFileBehind() throws IOException {
        Npy.write(dir.resolve("y.npy"), Tensor.zeros(2), DType.FLOAT64);
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    private static byte[] npy(int version, String dict, byte[] data) {
        int prefix = version == 1 ? 10 : 12;
        int total = ((prefix + dict.length() + 1 + 63) / 64) * 64;
        String header = dict + " ".repeat(total - prefix - dict.length() - 1) + "\n";
        ByteBuffer b = ByteBuffer.allocate(total + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
        if (version == 1) {
            b.putShort((short) header.length());
        } else {
            b.putInt(header.length());
        }
        b.put(header.getBytes(StandardCharsets.ISO_8859_1)).put(data);
        return b.array();
    }

    private static byte[] doubles(double... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            b.putDouble(v);
        }
        return b.array();
    }
}

package convkit.reference;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Npy: reads and writes NumPy's {@code .npy} files, so results can be checked against NumPy or PyTorch.
 *
 * <p>The format: the magic {@code \x93NUMPY}, a version (1.0: 2-byte header length; 2.0 and 3.0:
 * 4-byte), then a Python dict in text, e.g.
 * {@code {'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }}, padded with spaces so the
 * data starts at a multiple of 64 bytes, then the elements, little-endian, row-major.
 *
 * <p>Sample run ({@code java convkit.reference.Npy}):
 * <pre>
 * wrote [2, 3] as &lt;f4 to a temporary file, read back [2, 3] FLOAT32: [1.0, 2.5, -3.0, 4.0, 5.0, 6.0]
 * </pre>
 *
 * <p>Limits: only {@code <f4} and {@code <f8} in C order; anything else (integers, big-endian,
 * Fortran order, pickled objects) is refused with a message naming the file.
 */
public final class Npy {

    /** What a file held: the values (as float64) and the element type they were stored in. */
    public record Array(Tensor tensor, DType dtype) {
    }

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /** Reads a {@code .npy} file of {@code <f4} or {@code <f8} in C order. */
    public static Array read(Path path) throws IOException {
        byte[] bytes = Files.readAllBytes(path);
        if (bytes.length < 10 || !startsWithMagic(bytes)) {
            throw bad(path, "not a .npy file (no \\x93NUMPY magic at the start)");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int major = bytes[6] & 0xff;
        int headerLength;
        int headerStart;
        if (major == 1) {
            headerLength = buffer.getShort(8) & 0xffff;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw bad(path, "truncated header");
            }
            headerLength = buffer.getInt(8);
            headerStart = 12;
        } else {
            throw bad(path, "unsupported .npy version " + major + "." + (bytes[7] & 0xff) + " (expected 1.0, 2.0 or 3.0)");
        }
        if (headerLength < 0 || headerStart + (long) headerLength > bytes.length) {
            throw bad(path, "truncated header (says " + headerLength + " bytes, file has " + bytes.length + ")");
        }
        String header = new String(bytes, headerStart, headerLength,
            major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        DType dtype = dtypeOf(path, field(path, header, DESCR, "descr"));
        if (field(path, header, FORTRAN, "fortran_order").equals("True")) {
            throw bad(path, "Fortran-order (column-major) array; save it in C order, e.g. np.ascontiguousarray(a)");
        }
        int[] shape = shapeOf(path, field(path, header, SHAPE, "shape"));
        long count = 1;
        for (int extent : shape) {
            count *= extent;
        }
        int dataStart = headerStart + headerLength;
        long expectedBytes = count * dtype.bytes();
        if (bytes.length - dataStart != expectedBytes) {
            throw bad(path, "expected " + expectedBytes + " data bytes for shape " + java.util.Arrays.toString(shape)
                + " of " + dtype.descr() + " but found " + (bytes.length - dataStart));
        }
        double[] data = new double[(int) count]; // row-major, as stored
        // decode each little-endian element
        for (int i = 0; i < data.length; i++) {
            int at = dataStart + i * dtype.bytes();
            data[i] = dtype == DType.FLOAT32 ? buffer.getFloat(at) : buffer.getDouble(at);
        }
        return new Array(Tensor.of(data, shape), dtype);
    }

    /**
     * Writes {@code tensor} as {@code dtype} (float32 rounds each value), version 1.0 when the header
     * fits, else 2.0. Writes a temporary file next to {@code path} and moves it into place, so a
     * failure never leaves a partial file at {@code path}.
     */
    public static void write(Path path, Tensor tensor, DType dtype) throws IOException {
        replaceAtomically(path, encode(tensor, dtype));
    }

    /**
     * Writes {@code bytes} to a temporary file beside {@code path} and moves it over {@code path}
     * (atomically where the file system can): a reader sees the old file or the new one, and a
     * failure leaves no partial file.
     */
    public static void replaceAtomically(Path path, byte[] bytes) throws IOException {
        Path absolute = path.toAbsolutePath();
        Path dir = absolute.getParent();
        Path temp = Files.createTempFile(dir, "." + absolute.getFileName(), ".tmp");
        try {
            Files.write(temp, bytes);
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The bytes of a {@code .npy} file holding {@code tensor} as {@code dtype}. */
    public static byte[] encode(Tensor tensor, DType dtype) {
        StringBuilder shape = new StringBuilder("(");
        for (int extent : tensor.shape()) {
            shape.append(extent).append(", ");
        }
        if (tensor.rank() > 1) {
            shape.setLength(shape.length() - 2); // (2, 3) but (3,) for rank 1, () for rank 0
        } else if (tensor.rank() == 1) {
            shape.setLength(shape.length() - 1);
        }
        shape.append(')');
        String dict = "{'descr': '" + dtype.descr() + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int version = dict.length() + 12 > 65535 ? 2 : 1;
        int prefix = version == 1 ? 10 : 12;
        int padded = ((prefix + dict.length() + 1 + 63) / 64) * 64; // data starts at a multiple of 64
        String header = dict + " ".repeat(padded - prefix - dict.length() - 1) + "\n";
        ByteBuffer out = ByteBuffer.allocate(padded + tensor.size() * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) version).put((byte) 0);
        if (version == 1) {
            out.putShort((short) header.length());
        } else {
            out.putInt(header.length());
        }
        out.put(header.getBytes(StandardCharsets.ISO_8859_1));
        // the elements, row-major
        for (double value : tensor.data()) {
            if (dtype == DType.FLOAT32) {
                out.putFloat((float) value);
            } else {
                out.putDouble(value);
            }
        }
        return out.array();
    }

    private static boolean startsWithMagic(byte[] bytes) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static String field(Path path, String header, Pattern pattern, String name) {
        Matcher m = pattern.matcher(header);
        if (!m.find()) {
            throw bad(path, "header has no readable '" + name + "' entry: " + header.strip());
        }
        return m.group(1);
    }

    private static DType dtypeOf(Path path, String descr) {
        for (DType dtype : DType.values()) {
            if (dtype.descr().equals(descr)) {
                return dtype;
            }
        }
        String what = descr.length() > 1 && descr.charAt(1) == 'f'
            ? (descr.charAt(0) == '>' ? "big-endian float" : "unsupported float width")
            : "not a float type";
        throw bad(path, "dtype '" + descr + "' is " + what + "; convkit reads little-endian float32 (<f4) and float64 (<f8)");
    }

    private static int[] shapeOf(Path path, String tuple) {
        List<Integer> extents = new ArrayList<>();
        for (String part : tuple.split(",")) {
            String item = part.strip().replace("L", "");
            if (item.isEmpty()) {
                continue;
            }
            try {
                extents.add(Integer.parseInt(item));
            } catch (NumberFormatException e) {
                throw bad(path, "unreadable shape (" + tuple + ")");
            }
        }
        return extents.stream().mapToInt(Integer::intValue).toArray();
    }

    private static IllegalArgumentException bad(Path path, String problem) {
        return new IllegalArgumentException(path + ": " + problem);
    }

    /** Demo: writes a small float32 array and reads it back. */
    public static void main(String[] args) throws IOException {
        Tensor t = Tensor.of(new double[] {1, 2.5, -3, 4, 5, 6}, 2, 3);
        Path file = Files.createTempFile("convkit-demo", ".npy");
        write(file, t, DType.FLOAT32);
        Array back = read(file);
        Files.delete(file);
        System.out.println("wrote " + t.shapeString() + " as <f4 to a temporary file, read back "
            + back.tensor().shapeString() + " " + back.dtype() + ": " + java.util.Arrays.toString(back.tensor().data()));
    }
}

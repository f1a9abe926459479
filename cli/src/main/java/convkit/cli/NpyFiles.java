package convkit.cli;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import convkit.reference.DType;
import convkit.reference.Npy;
import convkit.reference.Tensor;

/**
 * Reading inputs and writing outputs for the numerics commands.
 *
 * <p>Reading: any problem (missing, unreadable, not float, Fortran order) becomes an
 * {@link IllegalArgumentException} naming the flag and the file, so the command exits with 2.
 * Writing: every output is first written to a temporary file next to its target; only when all
 * are written are they moved into place, so a failure leaves nothing at any output path.
 */
final class NpyFiles {

    /** One file to write: where, what, and in which element type. */
    record Output(String flag, Path path, Tensor tensor, DType dtype) {
    }

    private NpyFiles() {
    }

    /** Reads the {@code .npy} given to {@code flag}. */
    static Npy.Array read(String flag, Path path) {
        try {
            return Npy.read(path);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(flag + " " + path + ": no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException(flag + " " + path + ": cannot read (" + e.getMessage() + ")");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + " " + e.getMessage(), e);
        }
    }

    /** Throws unless the directory of {@code path} exists, so no work is wasted on an unwritable target. */
    static void requireWritableTarget(String flag, Path path) {
        Path parent = path.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new IllegalArgumentException(flag + " " + path + ": directory " + parent + " does not exist");
        }
        if (Files.isDirectory(path)) {
            throw new IllegalArgumentException(flag + " " + path + ": is a directory, expected a file name");
        }
    }

    /** Writes all outputs, or none: temporary files first, then one move each. */
    static void writeAll(List<Output> outputs) throws IOException {
        List<Path> temps = new ArrayList<>();
        try {
            // stage every file next to its target
            for (Output out : outputs) {
                Path target = out.path().toAbsolutePath();
                Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
                temps.add(temp);
                Files.write(temp, Npy.encode(out.tensor(), out.dtype()));
            }
            // then move them into place
            for (int i = 0; i < outputs.size(); i++) {
                Path target = outputs.get(i).path().toAbsolutePath();
                try {
                    Files.move(temps.get(i), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temps.get(i), target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } finally {
            for (Path temp : temps) {
                Files.deleteIfExists(temp);
            }
        }
    }
}

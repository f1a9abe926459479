package convkit.grader.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** A report file written whole or not at all. */
public final class WholeFile {

    /** What goes into the file, written to the path it is given. */
    public interface Content {
        void writeTo(Path temp) throws IOException;
    }

    private WholeFile() {
    }

    /**
     * Writes {@code file} through a temporary file beside it, moved into its place once written: a
     * failure leaves what was there before (not half a report, nor an older one that looks new
     * beside a new results.json) and no temporary file.
     */
    public static void write(Path file, Content content) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, "." + file.getFileName(), ".part");
        try {
            content.writeTo(temp);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }
}

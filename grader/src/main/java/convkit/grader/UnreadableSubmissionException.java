package convkit.grader;

import java.io.IOException;
import java.nio.file.Path;

import convkit.grader.report.ControlChars;

/**
 * A submission file that cannot be read as a zip: random bytes, a truncated download, a damaged
 * entry, or a zip larger than the grader takes ({@link Submission#MAX_ZIP_BYTES}); or a batch's
 * folder submission larger than the grader copies ({@link Batch#privateCopy}). It is the
 * submitter's input that is wrong, not the grader: {@code convkit grade} makes it a usage error
 * (exit 2), a batch gives that submission's row the message.
 */
public final class UnreadableSubmissionException extends IOException {

    private final Path file;

    UnreadableSubmissionException(Path file, String why, Throwable cause) {
        // the file and entry names are the submitter's: their control characters are shown, not obeyed
        this(ControlChars.escape(file + " is not a readable zip file (" + why + ")")
            + "; make it again with a zip tool, or submit the folder", file, cause);
    }

    private UnreadableSubmissionException(String message, Path file, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    /**
     * A zip larger than {@code cap} bytes, which the grader does not read (nor copy: a sparse file
     * of any length takes no disk until it is copied).
     */
    static UnreadableSubmissionException tooLarge(Path file, long bytes, long cap) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        return new UnreadableSubmissionException(ControlChars.escape(name) + " is " + size(bytes)
            + ", more than the " + size(cap) + " the grader takes in a zip; zip only your sources, or submit the folder",
            file, null);
    }

    /** A folder that holds {@code what} (starting "more than …"): a batch does not copy it. */
    static UnreadableSubmissionException folderTooLarge(Path folder, String what) {
        String name = folder.getFileName() == null ? folder.toString() : folder.getFileName().toString();
        return new UnreadableSubmissionException("folder " + ControlChars.escape(name) + " holds " + what
            + "; submit only your sources", folder, null);
    }

    private static String size(long bytes) {
        boolean gib = bytes >= 1L << 30;
        return String.format(java.util.Locale.ROOT, "%.1f %s (%,d bytes)", bytes / (double) (gib ? 1L << 30 : 1L << 20),
            gib ? "GiB" : "MiB", bytes);
    }

    /** The file that could not be read. */
    public Path file() {
        return file;
    }
}

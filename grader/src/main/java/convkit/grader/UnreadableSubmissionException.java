package convkit.grader;

import java.io.IOException;
import java.nio.file.Path;

import convkit.grader.report.ControlChars;

/**
 * A submission file that cannot be read as a zip: random bytes, a truncated download, a damaged
 * entry. It is the submitter's input that is wrong, not the grader: {@code convkit grade} makes it
 * a usage error (exit 2), a batch gives that submission's row the message.
 */
public final class UnreadableSubmissionException extends IOException {

    private final Path file;

    UnreadableSubmissionException(Path file, String why, Throwable cause) {
        // the file and entry names are the submitter's: their control characters are shown, not obeyed
        super(ControlChars.escape(file + " is not a readable zip file (" + why + ")")
            + "; make it again with a zip tool, or submit the folder", cause);
        this.file = file;
    }

    /** The file that could not be read. */
    public Path file() {
        return file;
    }
}

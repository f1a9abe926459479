package convkit.site;

import java.nio.file.Path;

/**
 * Bad input to the site build: the file, the 1-based line, what is wrong and what to fix.
 * An {@link IllegalArgumentException} so the command line reports it as bad input (exit code 2).
 */
public final class SiteException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;

    public SiteException(Path file, int line, String message) {
        super(file + (line > 0 ? ":" + line : "") + ": " + message);
        this.file = file;
        this.line = line;
    }

    /** The file at fault, as given to the builder (usually relative to the project root). */
    public Path file() {
        return file;
    }

    /** The 1-based line at fault, or 0 when the whole file is at fault. */
    public int line() {
        return line;
    }
}

package convkit.cli;

import java.io.PrintWriter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Shows the reference's warnings (e.g. "stride 3 ... never reads 2 of 5 input rows: 3, 4")
 * as one line on the command's error stream: {@code convkit conv2d: warning: ...}.
 */
final class Warnings {

    private static final Logger REFERENCE = Logger.getLogger("convkit.reference");

    private Warnings() {
    }

    /** Routes warnings of package convkit.reference to {@code err}, prefixed with the command name. */
    static void routeTo(PrintWriter err, String command) {
        for (Handler old : REFERENCE.getHandlers()) {
            REFERENCE.removeHandler(old);
        }
        REFERENCE.setUseParentHandlers(false);
        REFERENCE.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    err.println("convkit " + command + ": warning: " + record.getMessage());
                    err.flush();
                }
            }

            @Override
            public void flush() {
                err.flush();
            }

            @Override
            public void close() {
                // the command's stream is not ours to close
            }
        });
    }
}

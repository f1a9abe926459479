package convkit.grader.report;

import java.util.Locale;

/**
 * Makes text from student code (what it printed, exception messages, file names in a zip) safe to
 * show: every control character becomes visible, so nothing the student wrote can clear the
 * screen, move the cursor, overwrite "FAIL" with "PASS" through a carriage return, or reorder a
 * line with a bidi override. Newlines and tabs stay: they are layout.
 *
 * <p>Escapes as Java source writes them: {@code \r}, {@code \x1b} (ESC; every other C0 control,
 * DEL and the C1 controls U+0080–U+009F as {@code \xNN}), and U+202E as <code>&#92;u202e</code>
 * (likewise every bidi embedding, override and isolate control and the directional marks).
 */
public final class ControlChars {

    private ControlChars() {
    }

    /** {@code text} with every control character but newline and tab written out visibly. */
    public static String escape(String text) {
        StringBuilder out = null; // only built when something needs escaping
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String visible = visible(c);
            if (visible != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (visible != null) {
                    out.append(visible);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }

    /** How {@code c} is shown, or null when it is shown as itself. */
    private static String visible(char c) {
        if (c == '\n' || c == '\t') {
            return null;
        }
        if (c == '\r') {
            return "\\r";
        }
        if (c < 0x20 || c >= 0x7F && c <= 0x9F) {
            return String.format(Locale.ROOT, "\\x%02x", (int) c);
        }
        if (isBidiControl(c)) {
            return String.format(Locale.ROOT, "\\u%04x", (int) c);
        }
        return null;
    }

    /** LRM, RLM, ALM; LRE, RLE, PDF, LRO, RLO; LRI, RLI, FSI, PDI. */
    private static boolean isBidiControl(char c) {
        return c == '\u200E' || c == '\u200F' || c == '\u061C'
            || c >= '\u202A' && c <= '\u202E'
            || c >= '\u2066' && c <= '\u2069';
    }
}

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
 * (likewise every bidi embedding, override and isolate control and the directional marks, and
 * half of a surrogate pair found without its other half).
 */
public final class ControlChars {

    private ControlChars() {
    }

    /** {@code text} with every control character but newline and tab written out visibly. */
    public static String escape(String text) {
        StringBuilder out = null; // only built when something needs escaping
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String visible = Character.isSurrogate(c) ? unpaired(text, i) : visible(c);
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
            if (visible == null && Character.isHighSurrogate(c) && i + 1 < text.length()) {
                i++; // the pair's low half, shown with it
                if (out != null) {
                    out.append(text.charAt(i));
                }
            }
        }
        return out == null ? text : out.toString();
    }

    /**
     * How the surrogate at {@code i} is shown: null when it is the high half of a pair, else as
     * <code>&#92;ud800</code>. An unpaired half is no character at all: UTF-8 cannot write it, and a
     * report that tried failed to be written (student code can put one in an exception's message).
     */
    private static String unpaired(String text, int i) {
        boolean paired = Character.isHighSurrogate(text.charAt(i)) && i + 1 < text.length()
            && Character.isLowSurrogate(text.charAt(i + 1));
        return paired ? null : String.format(Locale.ROOT, "\\u%04x", (int) text.charAt(i));
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

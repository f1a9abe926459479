package convkit.site;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** GitHub-style heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
final class Slugs {

    private final Map<String, Integer> seen = new HashMap<>();

    /** The anchor for a heading with text {@code text}, unique within this page. */
    String next(String text) {
        String base = slug(text);
        int count = seen.merge(base, 1, Integer::sum);
        return count == 1 ? base : base + "-" + (count - 1);
    }

    /** The GitHub slug of {@code text}, without the de-duplication suffix. */
    static String slug(String text) {
        StringBuilder sb = new StringBuilder();
        String lower = text.strip().toLowerCase(Locale.ROOT);
        for (int i = 0; i < lower.length(); ) {
            int cp = lower.codePointAt(i);
            if (Character.isLetterOrDigit(cp) || cp == '-' || cp == '_') {
                sb.appendCodePoint(cp);
            } else if (cp == ' ') {
                sb.append('-');
            }
            i += Character.charCount(cp);
        }
        return sb.toString();
    }
}

package convkit.site;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps TeX away from the Markdown parser: {@link #extract} swaps every {@code $…$} and
 * {@code $$…$$} for a plain token (outside code), {@link #restore} swaps the rendered tokens for
 * {@code <span class="math-inline|math-display">TeX</span>}, which the bundled KaTeX renders.
 * Line count is preserved, so parser line numbers stay file line numbers.
 */
final class MathGuard {

    private static final String TOKEN_PREFIX = "CKMATHTOKEN";
    private static final Pattern TOKEN = Pattern.compile(TOKEN_PREFIX + "(\\d+)Z");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})");

    private record Math(String tex, boolean display) {
    }

    private final List<Math> maths = new ArrayList<>();

    /** Replaces math by tokens in the lesson body; {@code file} and the lines name errors. */
    String extract(Path file, List<String> lines) {
        StringBuilder out = new StringBuilder();
        List<String> paragraph = new ArrayList<>();
        int paragraphStart = 0;
        String fence = null;
        int displayStart = -1;
        StringBuilder displayTex = null;
        // each line: inside display math, inside a code fence, or text gathered into paragraphs
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (displayTex != null) {
                if (line.strip().endsWith("$$")) {
                    String last = line.strip();
                    displayTex.append(last, 0, last.length() - 2);
                    out.append(token(displayTex.toString().strip(), true));
                    displayTex = null;
                } else {
                    displayTex.append(line).append('\n');
                }
                out.append('\n');
                continue;
            }
            Matcher fenceMatcher = FENCE.matcher(line);
            if (fence != null) {
                if (fenceMatcher.find() && fenceMatcher.group(1).charAt(0) == fence.charAt(0)
                    && fenceMatcher.group(1).length() >= fence.length() && line.strip().length() == fenceMatcher.group(1).length()) {
                    fence = null;
                }
                out.append(line).append('\n');
                continue;
            }
            String stripped = line.strip();
            boolean opensFence = fenceMatcher.find();
            boolean opensDisplay = stripped.startsWith("$$") && !stripped.substring(2).contains("$$");
            if (!opensFence && !opensDisplay && !stripped.isEmpty()) {
                if (paragraph.isEmpty()) {
                    paragraphStart = i + 1;
                }
                paragraph.add(line);
                continue;
            }
            flush(file, paragraphStart, paragraph, out);
            if (opensFence) {
                fence = fenceMatcher.group(1);
                out.append(line).append('\n');
            } else if (opensDisplay) {
                displayStart = i + 1;
                displayTex = new StringBuilder(stripped.substring(2)).append('\n');
                out.append(line, 0, line.indexOf("$$")).append('\n');
            } else {
                out.append(line).append('\n');
            }
        }
        flush(file, paragraphStart, paragraph, out);
        if (displayTex != null) {
            throw new SiteException(file, displayStart, "display math opened with $$ is never closed: add a line '$$'");
        }
        return out.toString();
    }

    /** Tokenises the math of a run of text lines (inline math may wrap), keeping the line count. */
    private void flush(Path file, int firstLine, List<String> paragraph, StringBuilder out) {
        if (paragraph.isEmpty()) {
            return;
        }
        out.append(inline(file, firstLine, String.join("\n", paragraph))).append('\n');
        paragraph.clear();
    }

    /** Swaps the tokens in rendered HTML for math spans with the escaped TeX. */
    String restore(String html) {
        Matcher m = TOKEN.matcher(html);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            Math math = maths.get(Integer.parseInt(m.group(1)));
            String span = "<span class=\"" + (math.display() ? "math-display" : "math-inline") + "\">"
                + Html.escape(math.tex()) + "</span>";
            m.appendReplacement(sb, Matcher.quoteReplacement(span));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Swaps tokens in plain text (code, alt text) back to the TeX with its dollar signs. */
    String restorePlain(String text) {
        Matcher m = TOKEN.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            Math math = maths.get(Integer.parseInt(m.group(1)));
            String delimiter = math.display() ? "$$" : "$";
            m.appendReplacement(sb, Matcher.quoteReplacement(delimiter + math.tex() + delimiter));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private String inline(Path file, int lineNumber, String line) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        // scan the line: escapes and code spans pass through, $…$ and $$…$$ become tokens
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                out.append(c).append(line.charAt(i + 1));
                i += 2;
            } else if (c == '`') {
                int run = runLength(line, i, '`');
                int close = line.indexOf("`".repeat(run), i + run);
                int end = close < 0 ? i + run : close + run;
                out.append(line, i, end);
                i = end;
            } else if (c == '$' && line.startsWith("$$", i)) {
                int close = line.indexOf("$$", i + 2);
                if (close < 0) {
                    throw new SiteException(file, lineNumber + newlines(line.substring(0, i)),
                        "display math opened with $$ is not closed in this paragraph");
                }
                String tex = line.substring(i + 2, close);
                out.append(token(tex.strip(), true)).append("\n".repeat(newlines(tex)));
                i = close + 2;
            } else if (c == '$' && i + 1 < line.length() && !Character.isWhitespace(line.charAt(i + 1))
                && closingDollar(line, i + 1) > i + 1) {
                int close = closingDollar(line, i + 1);
                String tex = line.substring(i + 1, close);
                out.append(token(tex.replace('\n', ' '), false)).append("\n".repeat(newlines(tex)));
                i = close + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static int closingDollar(String line, int from) {
        for (int j = from; j < line.length(); j++) {
            if (line.charAt(j) == '\\') {
                j++;
            } else if (line.charAt(j) == '$') {
                boolean spaceBefore = Character.isWhitespace(line.charAt(j - 1));
                boolean digitAfter = j + 1 < line.length() && Character.isDigit(line.charAt(j + 1));
                if (!spaceBefore && !digitAfter) {
                    return j;
                }
            }
        }
        return -1;
    }

    private static int newlines(String s) {
        return (int) s.chars().filter(c -> c == '\n').count();
    }

    private static int runLength(String s, int from, char c) {
        int n = 0;
        while (from + n < s.length() && s.charAt(from + n) == c) {
            n++;
        }
        return n;
    }

    private String token(String tex, boolean display) {
        maths.add(new Math(tex, display));
        return TOKEN_PREFIX + (maths.size() - 1) + "Z";
    }
}

package convkit.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** TeX is swapped out before Markdown parsing and back after, with the line count kept. */
class MathGuardTests {

    private static final Path FILE = Path.of("lessons/01-x.md");

    private static String roundTrip(String... lines) {
        MathGuard guard = new MathGuard();
        String tokens = guard.extract(FILE, List.of(lines));
        assertEquals(lines.length, tokens.split("\n", -1).length - 1, "line count changed: " + tokens);
        return guard.restore(tokens);
    }

    @Test
    void inlineMathBecomesASpanWithItsTex() {
        assertEquals("a <span class=\"math-inline\">x_1 &lt; y</span> b\n", roundTrip("a $x_1 < y$ b"));
    }

    @Test
    void inlineMathMayWrapOntoTheNextLine() {
        assertEquals("at <span class=\"math-inline\">0, 1, \\dots, H - K</span>\n, which\n",
            roundTrip("at $0, 1, \\dots,", "H - K$, which"));
    }

    @Test
    void displayMathOnItsOwnLinesBecomesOneSpan() {
        assertEquals("\n\n<span class=\"math-display\">y = x^2</span>\n", roundTrip("$$", "y = x^2", "$$"));
    }

    @Test
    void dollarsInCodeSpansAndFencesStay() {
        assertEquals("`$a$` and\n```\n$b$\n```\n", roundTrip("`$a$` and", "```", "$b$", "```"));
    }

    @Test
    void dollarFollowedBySpaceIsNotMath() {
        assertEquals("costs $ 5 or $ 6\n", roundTrip("costs $ 5 or $ 6"));
    }

    @Test
    void unclosedDisplayMathNamesItsLine() {
        SiteException e = assertThrows(SiteException.class, () -> new MathGuard().extract(FILE, List.of("text", "", "$$", "x")));
        assertEquals(3, e.line());
    }
}

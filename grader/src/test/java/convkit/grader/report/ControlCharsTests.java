package convkit.grader.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class ControlCharsTests {

    @Test
    void anAnsiClearScreenAndCursorHomeBecomeVisible() {
        assertEquals("\\x1b[2J\\x1b[Hall tests passed", ControlChars.escape("\u001b[2J\u001b[Hall tests passed"));
    }

    @Test
    void aCarriageReturnCannotOverwriteFailWithPass() {
        assertEquals("FAIL\\rPASS", ControlChars.escape("FAIL\rPASS"));
    }

    @Test
    void aBidiOverrideIsShownNotObeyed() {
        assertEquals("score: \\u202e0/244", ControlChars.escape("score: \u202E0/244"));
        assertEquals("\\u2066x\\u2069 \\u200f", ControlChars.escape("\u2066x\u2069 \u200F"));
    }

    @Test
    void otherC0AndC1ControlsAndDeleteBecomeVisible() {
        assertEquals("\\x00\\x07\\x08\\x7f\\x9b2J\\x85", ControlChars.escape("\u0000\u0007\b\u007F\u009B2J\u0085"));
    }

    @Test
    void halfASurrogatePairWithoutItsOtherHalfIsShownAndAPairIsKept() {
        assertEquals("a \\ud800 b \\udc00 c \uD83D\uDE00 d \\udc00\\ud800 e \\ud83d",
            ControlChars.escape("a \uD800 b \uDC00 c \uD83D\uDE00 d \uDC00\uD800 e \uD83D"));
        String emoji = "ok \uD83D\uDE00";
        assertSame(emoji, ControlChars.escape(emoji));
    }

    @Test
    void newlinesAndTabsStayBecauseTheyAreLayout() {
        assertEquals("a\n\tb", ControlChars.escape("a\n\tb"));
    }

    @Test
    void plainTextIsReturnedAsItIs() {
        String text = "output differs at [n=0, c=2, y=1, x=3]: was <1.25> — naïve, 日本, ✓";
        assertSame(text, ControlChars.escape(text));
    }
}

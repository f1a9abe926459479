package convkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

class ProgressBarTests {

    private final StringWriter written = new StringWriter();

    @Test
    void onATerminalTheBarIsRedrawnOnItsLineAndTakenOffBeforeOtherOutput() {
        ProgressBar bar = new ProgressBar(new PrintWriter(written), true);
        bar.update(0, 4, "first");
        bar.update(1, 4, "second");
        bar.clear();
        bar.clear(); // nothing drawn: nothing written
        String seen = written.toString();
        assertTrue(seen.startsWith("\r\033[2K[..............................] 0/4  0 s elapsed, ? left  (first)"), seen);
        assertTrue(seen.contains("\r\033[2K[#######.......................] 1/4  "), seen);
        assertTrue(seen.endsWith("left  (second)\r\033[2K"), seen);
        assertEquals(-1, seen.indexOf('\n'), "a terminal's bar stays on one line");
        bar.update(4, 4, "");
        bar.finish();
        assertTrue(written.toString().endsWith("] 4/4  0 s elapsed, 0 s left" + System.lineSeparator()), written.toString());
    }

    @Test
    void aMessageGetsALineOfItsOwnNotTheBarsEnd() {
        ProgressBar bar = new ProgressBar(new PrintWriter(written), true);
        bar.update(1, 2, "first");
        bar.println("submission x: a grader fault");
        bar.update(2, 2, "");
        String seen = written.toString();
        assertTrue(seen.contains("left  (first)\r\033[2Ksubmission x: a grader fault" + System.lineSeparator()
            + "\r\033[2K[##############################] 2/2"), seen);
    }

    @Test
    void elsewhereEachUpdateIsALineAndNothingIsErased() {
        ProgressBar bar = new ProgressBar(new PrintWriter(written), false);
        bar.update(2, 8, "half way");
        bar.clear();
        bar.update(9, 8, "");
        bar.finish();
        String[] lines = written.toString().split(System.lineSeparator());
        assertEquals(2, lines.length, written.toString());
        assertTrue(lines[0].startsWith("[#######.......................] 2/8  "), lines[0]);
        assertTrue(lines[0].endsWith(" left  (half way)"), lines[0]);
        assertTrue(lines[1].startsWith("[##############################] 9/8  "), "a count past the total fills the bar: " + lines[1]);
        assertEquals(-1, written.toString().indexOf('\r'));
    }
}

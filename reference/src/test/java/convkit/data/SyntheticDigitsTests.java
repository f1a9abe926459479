package convkit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class SyntheticDigitsTests {

    @Test
    void theSameSeedGivesTheSameBytes() {
        Dataset a = SyntheticDigits.generate(7, 50);
        Dataset b = SyntheticDigits.generate(7, 50);
        assertArrayEquals(a.pixels(), b.pixels());
        assertArrayEquals(a.labels(), b.labels());
    }

    @Test
    void anotherSeedGivesOtherImages() {
        assertFalse(Arrays.equals(SyntheticDigits.generate(1, 20).pixels(), SyntheticDigits.generate(2, 20).pixels()));
    }

    @Test
    void everyClassAppearsAbout10PercentOfTheTime() {
        // 2000 draws of a uniform class: each count ~ 200 ± 13.4 (binomial); 140..260 is 4.5 sigma
        int[] counts = new int[10];
        for (int label : SyntheticDigits.generate(3, 2000).labels()) {
            counts[label]++;
        }
        for (int digit = 0; digit < 10; digit++) {
            assertTrue(counts[digit] > 140 && counts[digit] < 260, "digit " + digit + ": " + counts[digit] + " of 2000");
        }
    }

    @Test
    void everyDigitLeavesInkInsideTheImageAndBackgroundAroundIt() {
        float[] canvas = new float[28 * 28];
        SplittableRandom random = new SplittableRandom(4);
        for (int digit = 0; digit < 10; digit++) {
            for (int trial = 0; trial < 20; trial++) {
                SyntheticDigits.draw(digit, random, canvas);
                int ink = 0;
                for (float v : canvas) {
                    assertTrue(v >= 0 && v <= 1, "pixel " + v);
                    ink += v > 0.5 ? 1 : 0;
                }
                // a stroke of a few pixels' width and ~20 px length covers far more than 20 pixels,
                // and no digit fills more than half of the 784
                assertTrue(ink > 20 && ink < 392, "digit " + digit + " inks " + ink + " pixels");
            }
        }
    }

    @Test
    void imagesComeOutAsPixelOver255() {
        Dataset d = SyntheticDigits.generate(5, 3);
        int[] order = {2, 0};
        var x = d.images(order, 0, 2);
        assertArrayEquals(new int[] {2, 1, 28, 28}, x.shape());
        assertEquals((d.pixels()[2 * 784 + 400] & 0xFF) / 255.0, x.data()[400]);
        assertArrayEquals(new int[] {d.labels()[2], d.labels()[0]}, d.labels(order, 0, 2));
    }

    @Test
    void theCardShowsWhatTheDemoPrints() throws Exception {
        String source = java.nio.file.Files.readString(java.nio.file.Path.of("src/main/java/convkit/data/SyntheticDigits.java"));
        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        java.io.PrintStream saved = System.out;
        try (java.io.PrintStream capture = new java.io.PrintStream(buffer, true, java.nio.charset.StandardCharsets.UTF_8)) {
            System.setOut(capture);
            SyntheticDigits.main(new String[0]);
        } finally {
            System.setOut(saved);
        }
        for (String line : buffer.toString(java.nio.charset.StandardCharsets.UTF_8).split("\\R")) {
            assertTrue(source.contains(" * " + line + "\n"), "the card lacks the line " + line);
        }
    }

    @Test
    void aNegativeCountIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> SyntheticDigits.generate(1, -1));
    }

    @Test
    void anUnknownDigitIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> SyntheticDigits.strokes(10, false));
    }
}

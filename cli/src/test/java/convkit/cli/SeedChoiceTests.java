package convkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import convkit.grader.suite.CaseSeed;

/** Where the seed of a grade comes from: practice, --seed-file, or the environment variable. */
class SeedChoiceTests {

    @TempDir
    Path temp;

    @Test
    void withoutOfficialTheSeedIsPracticeEvenWhenTheVariableIsSet() {
        SeedChoice choice = SeedChoice.of(false, null, Map.of(SeedChoice.ENVIRONMENT, "fall 2026"), null);
        assertEquals(CaseSeed.PRACTICE, choice.seed());
    }

    @Test
    void officialTakesTheEnvironmentVariableWhenThereIsNoSeedFile() {
        SeedChoice choice = SeedChoice.of(true, null, Map.of(SeedChoice.ENVIRONMENT, "fall 2026"), null);
        assertEquals(CaseSeed.official("fall 2026"), choice.seed().course());
        assertTrue(choice.announcement().contains("$CONVKIT_COURSE_SEED"), choice.announcement());
    }

    @Test
    void theSeedFileWinsOverTheEnvironmentVariable() throws IOException {
        Path file = Files.writeString(temp.resolve("seed"), "spring 2027");
        SeedChoice choice = SeedChoice.of(true, file, Map.of(SeedChoice.ENVIRONMENT, "fall 2026"), null);
        assertEquals(CaseSeed.official("spring 2027"), choice.seed().course());
    }

    @Test
    void eachOfficialRunDrawsAnewAndSaysWhichDrawRepeatsIt() {
        Map<String, String> environment = Map.of(SeedChoice.ENVIRONMENT, "fall 2026");
        SeedChoice first = SeedChoice.of(true, null, environment, null);
        SeedChoice second = SeedChoice.of(true, null, environment, null);
        assertNotEquals(first.seed(), second.seed(), "two official runs drew the same cases");
        assertEquals(16, first.seed().drawText().length(), first.seed().drawText());
        assertTrue(first.announcement().contains("--draw " + first.seed().drawText()), first.announcement());
        SeedChoice again = SeedChoice.of(true, null, environment, first.seed().drawText());
        assertEquals(first.seed(), again.seed());
        assertEquals("", SeedChoice.of(false, null, environment, null).seed().drawText(), "practice has no draw");
    }

    @Test
    void aDrawWithoutOfficialOrNotInHexIsRefusedSayingWhy() {
        Map<String, String> environment = Map.of(SeedChoice.ENVIRONMENT, "fall 2026");
        IllegalArgumentException practice = assertThrows(IllegalArgumentException.class,
            () -> SeedChoice.of(false, null, environment, "00000000000000ff"));
        assertTrue(practice.getMessage().contains("--official"), practice.getMessage());
        IllegalArgumentException text = assertThrows(IllegalArgumentException.class,
            () -> SeedChoice.of(true, null, environment, "last tuesday"));
        assertTrue(text.getMessage().contains("'last tuesday'") && text.getMessage().contains("hex"), text.getMessage());
    }

    @Test
    void aBlankVariableIsNoSeed() {
        assertThrows(IllegalArgumentException.class, () -> SeedChoice.of(true, null, Map.of(SeedChoice.ENVIRONMENT, " "), null));
    }
}

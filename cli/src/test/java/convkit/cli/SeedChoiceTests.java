package convkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        SeedChoice choice = SeedChoice.of(false, null, Map.of(SeedChoice.ENVIRONMENT, "fall 2026"));
        assertEquals(CaseSeed.PRACTICE, choice.seed());
    }

    @Test
    void officialTakesTheEnvironmentVariableWhenThereIsNoSeedFile() {
        SeedChoice choice = SeedChoice.of(true, null, Map.of(SeedChoice.ENVIRONMENT, "fall 2026"));
        assertEquals(CaseSeed.official("fall 2026"), choice.seed());
        assertTrue(choice.announcement().contains("$CONVKIT_COURSE_SEED"), choice.announcement());
    }

    @Test
    void theSeedFileWinsOverTheEnvironmentVariable() throws IOException {
        Path file = Files.writeString(temp.resolve("seed"), "spring 2027");
        SeedChoice choice = SeedChoice.of(true, file, Map.of(SeedChoice.ENVIRONMENT, "fall 2026"));
        assertEquals(CaseSeed.official("spring 2027"), choice.seed());
    }

    @Test
    void aBlankVariableIsNoSeed() {
        assertThrows(IllegalArgumentException.class, () -> SeedChoice.of(true, null, Map.of(SeedChoice.ENVIRONMENT, " ")));
    }
}

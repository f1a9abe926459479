package convkit.grader.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The course seed: which cases it changes (the random ones) and which it leaves alone (examples, fixed edge cases). */
class CaseSeedTests {

    @TempDir
    Path temp;

    private static final CaseSeed FALL = CaseSeed.official("fall 2026: 81723");

    /** The arguments of a test, as text that tells any two inputs apart. */
    private static String arguments(TestCase test) {
        return Arrays.deepToString(test.call().arguments().toArray());
    }

    private static Suite suite(List<Suite> suites, String exercise) {
        return suites.stream().filter(s -> s.exercise().equals(exercise)).findFirst().orElseThrow();
    }

    @Test
    void theSameSeedGivesTheSameCasesInEverySuite() {
        List<Suite> first = Suites.all(CaseSeed.official("fall 2026: 81723"));
        List<Suite> second = Suites.all(FALL);
        for (int s = 0; s < first.size(); s++) {
            List<TestCase> a = first.get(s).cases();
            List<TestCase> b = second.get(s).cases();
            assertEquals(a.size(), b.size(), first.get(s).exercise());
            for (int i = 0; i < a.size(); i++) {
                assertEquals(arguments(a.get(i)), arguments(b.get(i)), first.get(s).exercise() + ": " + a.get(i).name());
            }
        }
    }

    @Test
    void practiceAndOfficialShareTestsExamplesAndFixedEdgeCasesButNotRandomInputs() {
        List<Suite> practice = Suites.all(CaseSeed.PRACTICE);
        List<Suite> official = Suites.all(FALL);
        for (int s = 0; s < practice.size(); s++) {
            String exercise = practice.get(s).exercise();
            List<TestCase> a = practice.get(s).cases();
            List<TestCase> b = official.get(s).cases();
            // the same tests with the same points (a random test's name may show its random position)
            assertEquals(a.stream().map(TestCase::points).toList(), b.stream().map(TestCase::points).toList(), exercise);
            long differing = 0;
            for (int i = 0; i < a.size(); i++) {
                boolean same = arguments(a.get(i)).equals(arguments(b.get(i)));
                if (!a.get(i).hidden()) {
                    assertEquals(a.get(i).name(), b.get(i).name());
                    assertTrue(same, exercise + ": the worked example " + a.get(i).name() + " must not depend on the seed");
                }
                differing += same ? 0 : 1;
            }
            if (exercise.equals("Ex10ConceptChecks")) {
                assertEquals(0, differing, "Ex10's questions are fixed");
            } else {
                assertTrue(differing >= 3, exercise + ": only " + differing + " tests draw other inputs under the official seed");
            }
        }
    }

    @Test
    void argumentChecksAreTheSameUnderEverySeedButNotTheEdgeCasesWithOneSmallAnswer() {
        for (String name : List.of("outputSize rejects in = 0", "outputSize rejects pad = -1")) {
            TestCase practice = find(suite(Suites.all(CaseSeed.PRACTICE), "Ex01OutputSize"), name);
            TestCase official = find(suite(Suites.all(FALL), "Ex01OutputSize"), name);
            assertTrue(practice.hidden(), name);
            assertEquals(arguments(practice), arguments(official), name);
        }
        // an answer that is one small integer, the same in every run, could be found by trying values (Ex01EdgeCasesTests)
        for (String name : List.of("outputSize: a ResNet-style stem: kernel 7, pad 3, stride 2",
            "unreadPixels: stride 2 on an even row skips its last pixel")) {
            assertNotEquals(arguments(find(suite(Suites.all(CaseSeed.PRACTICE), "Ex01OutputSize"), name)),
                arguments(find(suite(Suites.all(FALL), "Ex01OutputSize"), name)), name);
        }
        String corner = "convolveAt at a corner (−1, −1) (r=-1, c=-1)";
        assertNotEquals(arguments(find(suite(Suites.all(CaseSeed.PRACTICE), "Ex04Convolution"), corner)),
            arguments(find(suite(Suites.all(FALL), "Ex04Convolution"), corner)), corner);
        TestCase practice = find(suite(Suites.all(CaseSeed.PRACTICE), "Ex05ConvLayer"), "forward: random layer #1");
        TestCase official = find(suite(Suites.all(FALL), "Ex05ConvLayer"), "forward: random layer #1");
        assertNotEquals(arguments(practice), arguments(official));
    }

    private static TestCase find(Suite suite, String name) {
        return suite.cases().stream().filter(t -> t.name().equals(name)).findFirst()
            .orElseThrow(() -> new AssertionError("no test " + name + " in " + suite.exercise() + ": "
                + suite.cases().stream().map(TestCase::name).toList()));
    }

    @Test
    void twoCoursesGetDifferentRandomCases() {
        Suite fall = suite(Suites.all(FALL), "Ex03CrossCorrelation");
        Suite spring = suite(Suites.all(CaseSeed.official("spring 2027: 5531")), "Ex03CrossCorrelation");
        assertNotEquals(arguments(find(fall, "random #1")), arguments(find(spring, "random #1")));
    }

    @Test
    void eachDrawOfACourseGivesOtherRandomCasesAndTheSameExamplesAndChecks() {
        List<Suite> first = Suites.all(FALL.withDraw(0x1234L));
        List<Suite> second = Suites.all(FALL.withDraw(0x1235L));
        List<Suite> again = Suites.all(FALL.withDraw(0x1234L));
        List<Suite> course = Suites.all(FALL);
        for (int s = 0; s < first.size(); s++) {
            String exercise = first.get(s).exercise();
            List<TestCase> a = first.get(s).cases();
            List<TestCase> b = second.get(s).cases();
            List<TestCase> c = again.get(s).cases();
            List<TestCase> d = course.get(s).cases();
            assertEquals(a.stream().map(TestCase::points).toList(), b.stream().map(TestCase::points).toList(), exercise);
            long differing = 0;
            long fromCourse = 0;
            for (int i = 0; i < a.size(); i++) {
                assertEquals(arguments(a.get(i)), arguments(c.get(i)), exercise + ": the same draw, " + a.get(i).name());
                if (!a.get(i).hidden()) {
                    assertEquals(arguments(a.get(i)), arguments(b.get(i)), exercise + ": the worked example " + a.get(i).name());
                }
                differing += arguments(a.get(i)).equals(arguments(b.get(i))) ? 0 : 1;
                fromCourse += arguments(a.get(i)).equals(arguments(d.get(i))) ? 0 : 1;
            }
            if (exercise.equals("Ex10ConceptChecks")) {
                assertEquals(0, differing, "Ex10's questions are fixed");
            } else {
                assertTrue(differing >= 3, exercise + ": only " + differing + " tests draw other inputs in another draw");
                assertTrue(fromCourse >= 3, exercise + ": only " + fromCourse + " tests draw other inputs than the course seed's");
            }
        }
        for (String name : List.of("outputSize rejects in = 0", "outputSize rejects pad = -1")) {
            assertEquals(arguments(find(suite(course, "Ex01OutputSize"), name)), arguments(find(suite(first, "Ex01OutputSize"), name)),
                "the fixed argument check " + name);
        }
    }

    @Test
    void aDrawIsOfficialOnlyAndTravelsWithTheSeedToABatchWorker() {
        CaseSeed drawn = FALL.withDraw(0xfedcba9876543210L);
        assertEquals("fedcba9876543210", drawn.drawText());
        assertEquals(drawn, CaseSeed.fromToken(drawn.token()));
        assertEquals(FALL, CaseSeed.fromToken(FALL.token()));
        assertEquals(FALL, drawn.course());
        assertEquals(0xfedcba9876543210L, CaseSeed.parseDraw(drawn.drawText()));
        assertEquals("", FALL.drawText());
        assertEquals("official seed", drawn.toString());
        assertThrows(IllegalStateException.class, () -> CaseSeed.PRACTICE.withDraw(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CaseSeed.parseDraw("12345678901234567"));
        assertTrue(e.getMessage().contains("'12345678901234567'"), e.getMessage());
    }

    @Test
    void theSecretIgnoresSurroundingWhiteSpaceSoAFileWithANewlineGivesTheSameSeed() throws IOException {
        Path file = Files.writeString(temp.resolve("course-seed"), "  fall 2026: 81723\n");
        assertEquals(FALL, CaseSeed.officialFromFile(file));
        assertNotEquals(FALL, CaseSeed.official("fall 2026: 81724"));
        assertNotEquals(CaseSeed.PRACTICE, FALL);
    }

    @Test
    void anEmptySecretIsRefusedWithAReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CaseSeed.official(" \n "));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void aMissingSeedFileIsRefusedNamingIt() {
        Path missing = temp.resolve("no-such-seed");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CaseSeed.officialFromFile(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void anEmptySeedFileIsRefusedNamingIt() throws IOException {
        Path empty = Files.writeString(temp.resolve("empty-seed"), "\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CaseSeed.officialFromFile(empty));
        assertTrue(e.getMessage().contains(empty.toString()) && e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void theTextOfASeedNamesItsKindAndNeverItsSecret() {
        assertEquals("official seed", FALL.toString());
        assertEquals("practice seed", CaseSeed.PRACTICE.toString());
        assertFalse(FALL.toString().contains("81723"));
    }

    @Test
    void suitesDrawnFromDifferentSeedsCannotBeGradedTogether() {
        List<Suite> mixed = List.of(Suites.all(CaseSeed.PRACTICE).getFirst(), Suites.all(FALL).get(1));
        assertThrows(IllegalArgumentException.class, () -> Suites.seedOf(mixed));
        assertEquals(FALL, Suites.seedOf(Suites.all(FALL)));
    }
}

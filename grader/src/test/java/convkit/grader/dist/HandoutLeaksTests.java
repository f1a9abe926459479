package convkit.grader.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The handout's last check: each kind of instructor material, planted in a clean handout, is found and named. */
class HandoutLeaksTests {

    private static final String SOLUTION = "package convkit.exercises;\nfinal class Ex01OutputSize { /* solved */ }\n";

    @TempDir
    Path root;

    @TempDir
    Path out;

    @BeforeEach
    void aCheckoutWithASolutionAndACleanHandout() throws IOException {
        write(root, "grader/src/solutions/java/convkit/exercises/Ex01OutputSize.java", SOLUTION);
        write(out, "exercises/src/main/java/convkit/exercises/Ex01OutputSize.java", "package convkit.exercises;\n// TODO\n");
        write(out, "cli/src/main/java/convkit/cli/GradeCommand.java", "package convkit.cli;\nimport convkit.grader.Grader;\n");
        write(out, "grader/pom.xml", "<project/>");
        write(out, "grader/README.md", "compiled");
        write(out, "grader/classes/convkit/grader/suite/Ex01OutputSizeSuite.class", "class");
        write(out, "grader/classes/convkit/grader/Grader.class", "class");
    }

    private static void write(Path base, String relative, String text) throws IOException {
        Path file = base.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private List<String> leaks() throws IOException {
        return HandoutLeaks.find(root, out);
    }

    private void assertOnlyLeak(String relative) throws IOException {
        List<String> leaks = leaks();
        assertEquals(1, leaks.size(), leaks.toString());
        assertTrue(leaks.getFirst().startsWith(relative + " ("), leaks.toString());
    }

    @Test
    void aCleanHandoutHasNoLeaks() throws IOException {
        assertEquals(List.of(), leaks());
    }

    @Test
    void aSolutionCopiedOverAStubIsFoundByItsText() throws IOException {
        write(out, "exercises/src/main/java/convkit/exercises/Ex01OutputSize.java", SOLUTION);
        assertOnlyLeak("exercises/src/main/java/convkit/exercises/Ex01OutputSize.java");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        a solutions resource among the grader classes | grader/classes/convkit/grader/solutions/convkit/exercises/Ex01OutputSize.txt | x
        a compiled solution among the grader classes  | grader/classes/convkit/exercises/Ex01OutputSize.class                       | class
        a suite source                                 | grader/src/main/java/convkit/grader/suite/Ex01OutputSizeSuite.java         | package convkit.grader.suite;
        a grader source outside grader/, by package    | site/src/main/java/convkit/grader/Grader.java                              | package convkit.grader;
        a class file outside the compiled grader       | exercises/lib/Ex01OutputSize.class                                         | class
        an instructor command                          | cli/src/main/java/convkit/cli/AutograderCommand.java                       | package convkit.cli;
        """)
    void aPlantedLeakIsFoundAndNamed(String what, String relative, String text) throws IOException {
        write(out, relative, text);
        assertOnlyLeak(relative);
    }

    @Test
    void theSolutionsClassAndTheInstructorToolsAreFound() throws IOException {
        write(out, "grader/classes/convkit/grader/Solutions.class", "class");
        write(out, "grader/classes/convkit/grader/dist/Handout.class", "class");
        assertEquals(2, leaks().size(), leaks().toString());
    }
}

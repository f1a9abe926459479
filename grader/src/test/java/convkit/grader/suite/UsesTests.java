package convkit.grader.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The stand-ins Ex11 is compiled with declare exactly the public methods of the students' stubs. */
class UsesTests {

    private static final Path STUBS = Path.of("../exercises/src/main/java/convkit/exercises");
    private static final Pattern PUBLIC_METHOD = Pattern.compile("public static [^=;{]*?\\([^)]*\\)");

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    @Test
    void everyStandInDeclaresTheStubsPublicMethodsWordForWord() throws IOException {
        Suite ex11 = Suites.named("Ex11").orElseThrow();
        assertEquals(4, ex11.uses().size());
        for (Uses uses : ex11.uses()) {
            String stub = Files.readString(STUBS.resolve(uses.exercise() + ".java"));
            Matcher methods = PUBLIC_METHOD.matcher(stub);
            java.util.List<String> declared = new java.util.ArrayList<>();
            while (methods.find()) {
                declared.add(oneLine(methods.group()));
            }
            assertEquals(declared, uses.signatures().stream().map(UsesTests::oneLine).toList(), uses.exercise());
        }
    }

    @Test
    void aStandInThrowsWithItsReasonInEveryMethod() {
        Uses uses = Suites.named("Ex11").orElseThrow().uses().get(2);
        String source = uses.standIn();
        assertTrue(source.contains("public final class Ex08ConvBackward"), source);
        assertEquals(uses.signatures().size(), source.split(Pattern.quote("new UnsupportedOperationException(\""
            + convkit.grader.child.CompileRunner.REASON + "\")"), -1).length - 1, source);
    }

    @Test
    void onlyEx11IsCompiledWithOtherExercises() {
        for (Suite suite : Suites.all()) {
            assertEquals(suite.exercise().equals("Ex11Training"), !suite.uses().isEmpty(), suite.exercise());
        }
    }
}

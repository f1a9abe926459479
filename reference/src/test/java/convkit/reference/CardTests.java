package convkit.reference;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sample run pasted in each class card must be what its {@code main} prints today: every
 * line the demo prints appears in the card's first {@code <pre>} block after "Sample run".
 * (Tests run with the module directory as working directory, so the sources are at src/main/java.)
 */
class CardTests {

    private static final Path SOURCES = Path.of("src/main/java/convkit/reference");

    static Stream<String> demoClasses() throws IOException {
        try (Stream<Path> files = Files.list(SOURCES)) {
            return files.map(p -> p.getFileName().toString())
                .filter(name -> name.endsWith(".java") && !name.equals("package-info.java"))
                .map(name -> name.substring(0, name.length() - ".java".length()))
                .filter(CardTests::hasMain)
                .sorted()
                .toList()
                .stream();
        }
    }

    private static boolean hasMain(String simpleName) {
        try {
            Class.forName("convkit.reference." + simpleName).getMethod("main", String[].class);
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    static String sampleRun(String simpleName) throws IOException {
        String source = Files.readString(SOURCES.resolve(simpleName + ".java"));
        int sample = source.indexOf("Sample run");
        int start = source.indexOf("<pre>", sample);
        int end = source.indexOf("</pre>", start);
        assertTrue(sample >= 0 && start >= 0 && end > start, simpleName + ": card has no 'Sample run' <pre> block");
        StringBuilder card = new StringBuilder();
        for (String line : source.substring(start + 5, end).split("\n")) {
            card.append(line.replaceFirst("^\\s*\\*\\s?", "").strip()).append('\n');
        }
        return card.toString().replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    static String runMain(String simpleName) throws ReflectiveOperationException {
        Method main = Class.forName("convkit.reference." + simpleName).getMethod("main", String[].class);
        PrintStream saved = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            main.invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(saved);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("demoClasses")
    void cardShowsWhatMainPrints(String simpleName) throws Exception {
        String card = sampleRun(simpleName);
        for (String line : runMain(simpleName).split("\\R")) {
            if (!line.isBlank()) {
                assertTrue(card.contains(line.strip()), simpleName + ": the card's sample run lacks the line\n  "
                    + line.strip() + "\ncard:\n" + card);
            }
        }
    }
}

package convkit.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The readable reference depends on nothing of the fast path: no compiled class of
 * {@code convkit.reference} names a class of {@code convkit.fast} or {@code convkit.dispatch}.
 * A class file names every class it uses in its constant pool as {@code convkit/fast/Name}, so
 * searching its bytes finds every use (Javadoc links leave no trace there).
 */
class ReferenceIndependenceTests {

    private static final List<String> FORBIDDEN = List.of("convkit/fast/", "convkit/dispatch/");

    private static List<Path> referenceClasses() throws IOException, URISyntaxException {
        Path root = Path.of(Conv2d.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Stream<Path> files = Files.walk(root.resolve("convkit/reference"))) {
            return files.filter(f -> f.toString().endsWith(".class")).sorted().toList();
        }
    }

    @Test
    void noReferenceClassUsesTheFastPathOrTheDispatcher() throws IOException, URISyntaxException {
        List<Path> classes = referenceClasses();
        assertTrue(classes.size() > 30, "expected the reference's classes but found " + classes);
        StringBuilder uses = new StringBuilder();
        for (Path file : classes) {
            String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            for (String forbidden : FORBIDDEN) {
                if (bytes.contains(forbidden)) {
                    uses.append(file.getFileName()).append(" uses ").append(forbidden).append("\n");
                }
            }
        }
        assertEquals("", uses.toString());
    }
}

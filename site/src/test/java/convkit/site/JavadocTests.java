package convkit.site;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reference Javadoc needs the float64 twins the reference's build generates. */
class JavadocTests {

    @Test
    void referenceWithTemplatesButNoGeneratedTwinsIsRejectedSayingWhatToBuild(@TempDir Path root) throws IOException {
        Path fast = Files.createDirectories(root.resolve("reference/src/main/java/convkit/fast"));
        Files.writeString(fast.resolve("FloatKernel.java"), "package convkit.fast;\nfinal class FloatKernel {\n}\n");
        SiteException e = assertThrows(SiteException.class,
            () -> Javadoc.generate(root, root.resolve("cache"), root.resolve("out")));
        assertTrue(e.getMessage().contains("generated float64 sources are missing"), e.getMessage());
        assertTrue(e.getMessage().contains("./mvnw -pl reference generate-sources"), e.getMessage());
    }
}

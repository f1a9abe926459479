package convkit.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** The convkit checkout the site commands work on: {@code -Dconvkit.root}, else the nearest folder up holding lessons/ and pom.xml. */
final class ProjectRoot {

    private ProjectRoot() {
    }

    static Path find() {
        String property = System.getProperty("convkit.root");
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        Path start = Path.of("").toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("lessons")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalArgumentException("not inside a convkit checkout: no folder holding lessons/ and pom.xml above "
            + start + "; run from the checkout or pass -Dconvkit.root=DIR");
    }
}

package convkit.site;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** A throw-away project root holding the fixture lessons and sources from the test resources. */
final class Fixture {

    private Fixture() {
    }

    /** Copies the fixture project into {@code dir} and returns it. */
    static Path copyTo(Path dir) {
        try {
            Path source = Path.of(Fixture.class.getResource("/fixture").toURI());
            try (Stream<Path> walk = Files.walk(source)) {
                for (Path p : walk.toList()) {
                    Path target = dir.resolve(source.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The snippet and Javadoc cache every site test shares: entries are named by content hash, so
     * sharing only saves re-running the fixture's unchanged snippets (failures are never cached).
     */
    static final Path SHARED_CACHE = Path.of("target/test-site-cache").toAbsolutePath();

    /** Options for a fixture root: output inside it, the shared cache, no Javadoc unless asked. */
    static SiteBuilder.Options options(Path root) {
        return SiteBuilder.Options.defaults(root).withOut(root.resolve("out")).withCacheDir(SHARED_CACHE).withJavadoc(false);
    }

    /** Replaces {@code from} by {@code to} in a fixture file. */
    static void edit(Path root, String file, String from, String to) {
        try {
            Path p = root.resolve(file);
            String text = Files.readString(p);
            if (!text.contains(from)) {
                throw new IllegalArgumentException(file + " does not contain " + from);
            }
            Files.writeString(p, text.replace(from, to));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

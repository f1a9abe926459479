package convkit.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The convkit checkout every command works on, found in this order:
 * <ol>
 *   <li>{@code -Dconvkit.root=DIR};
 *   <li>the folder above {@code cli/target/classes}, where the launcher runs the CLI from;
 *   <li>the nearest folder above the working directory that holds {@code pom.xml} and {@code exercises/}.
 * </ol>
 * Nothing found is a usage error that says where it looked.
 */
final class ProjectRoot {

    private ProjectRoot() {
    }

    static Path find() {
        String property = System.getProperty("convkit.root");
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        Path launched = launchedFrom();
        if (launched != null && isCheckout(launched)) {
            return launched;
        }
        Path start = Path.of("").toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (isCheckout(dir)) {
                return dir;
            }
        }
        throw new IllegalArgumentException("not inside a convkit checkout: no folder holding pom.xml and exercises/ above "
            + start + "; run from the checkout or pass -Dconvkit.root=DIR");
    }

    /** The folder three levels above this class's code source ({@code ROOT/cli/target/classes}), or null. */
    private static Path launchedFrom() {
        try {
            Path classes = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path target = classes.getParent();
            Path module = target == null ? null : target.getParent();
            return module == null ? null : module.getParent();
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return null; // not a plain file location (e.g. inside a jar in a jar): fall back to the working directory
        }
    }

    private static boolean isCheckout(Path dir) {
        return Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("exercises"));
    }
}

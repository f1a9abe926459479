package convkit.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the convkit checkout the CLI runs from. */
final class Checkouts {

    private Checkouts() {
    }

    /**
     * The checkout root: the folder above {@code cli/target/classes} (where the launcher runs the
     * CLI from), else the nearest folder above the working directory holding {@code exercises/}
     * and {@code pom.xml}.
     */
    static Path root() {
        try {
            Path classes = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path candidate = classes.getParent() == null ? null : classes.getParent().getParent();
            if (candidate != null && candidate.getParent() != null && isCheckout(candidate.getParent())) {
                return candidate.getParent();
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall back to the working directory
        }
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (isCheckout(p)) {
                return p;
            }
        }
        return here;
    }

    private static boolean isCheckout(Path p) {
        return Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("exercises"));
    }
}

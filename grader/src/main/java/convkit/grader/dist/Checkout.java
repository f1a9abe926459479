package convkit.grader.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.stream.Stream;

/** Copies files out of an instructor's checkout, leaving build output and version control behind. */
final class Checkout {

    /** Never copied: build output, version control, IDE files, local state. */
    private static final List<String> SKIPPED = List.of("target", ".git", ".idea", ".vscode", ".settings", "site-out",
        ".convkit", "node_modules", ".jqwik-database");

    private Checkout() {
    }

    /** Whether {@code root} looks like a convkit checkout. */
    static Path require(Path root) {
        if (!Files.isRegularFile(root.resolve("pom.xml")) || !Files.isDirectory(root.resolve("exercises"))
            || !Files.isDirectory(root.resolve("reference"))) {
            throw new IllegalArgumentException("not a convkit checkout (no pom.xml, exercises/ and reference/): " + root);
        }
        return root;
    }

    /** Copies {@code from} (a file or a folder) to {@code to}, skipping what {@code skip} says and build output. */
    static void copy(Path from, Path to, BiPredicate<Path, Path> skip) throws IOException {
        if (!Files.exists(from)) {
            return;
        }
        if (Files.isRegularFile(from)) {
            Files.createDirectories(to.getParent());
            Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            return;
        }
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path relative = from.relativize(file);
                if (isSkipped(relative) || skip.test(file, relative)) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else if (Files.isRegularFile(file)) {
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static boolean isSkipped(Path relative) {
        for (Path part : relative) {
            if (SKIPPED.contains(part.toString())) {
                return true;
            }
        }
        return false;
    }
}

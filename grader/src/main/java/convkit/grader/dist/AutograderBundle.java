package convkit.grader.dist;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import convkit.grader.suite.CaseSeed;

/**
 * Writes a Gradescope autograder zip: {@code setup.sh} and {@code run_autograder} at the root,
 * next to the instructor's checkout (sources only) and the course's secret seed
 * ({@value #COURSE_SEED}, readable by its owner only). {@code setup.sh} installs a JDK 25, builds,
 * grades the instructor solutions as a self-check, then deletes the solutions.
 * {@code run_autograder} grades {@code /autograder/submission} into
 * {@code /autograder/results/results.json}, with the random cases of the course seed
 * ({@code grade --official}); every path can be overridden by environment variables
 * ({@code AUTOGRADER_ROOT}, {@code CONVKIT}) so it can be tested in a temporary folder.
 */
public final class AutograderBundle {

    private static final List<String> INCLUDED = List.of("pom.xml", "mvnw", "mvnw.cmd", ".mvn", "convkit", "README.md",
        "lessons", "reference", "exercises", "grader", "site", "cli");
    private static final List<String> SCRIPTS = List.of("setup.sh", "run_autograder");
    /** The bundle's copy of the course seed, at its root; run_autograder passes it to {@code grade --official}. */
    public static final String COURSE_SEED = "course-seed";

    private AutograderBundle() {
    }

    /**
     * Writes the bundle of checkout {@code root}, with the course seed read from {@code seedFile},
     * to {@code zip}; returns the number of files. A missing or empty seed file is an
     * {@link IllegalArgumentException} and nothing is written.
     */
    public static int write(Path root, Path zip, Path seedFile) throws IOException {
        Checkout.require(root);
        CaseSeed.officialFromFile(seedFile);
        Path staging = Files.createTempDirectory("convkit-autograder");
        try {
            Files.copy(seedFile, staging.resolve(COURSE_SEED));
            for (String name : INCLUDED) {
                Checkout.copy(root.resolve(name), staging.resolve(name), (file, relative) -> false);
            }
            for (String script : SCRIPTS) {
                try (InputStream in = AutograderBundle.class.getResourceAsStream(script)) {
                    if (in == null) {
                        throw new IllegalStateException("script missing from the grader's resources: " + script);
                    }
                    Files.copy(in, staging.resolve(script));
                }
            }
            return zip(staging, zip);
        } finally {
            convkit.grader.run.ChildInvoker.deleteTree(staging);
        }
    }

    /** Zips a folder with its POSIX permissions (scripts stay executable), files at the zip's root. */
    private static int zip(Path folder, Path zip) throws IOException {
        Files.deleteIfExists(zip);
        if (zip.toAbsolutePath().getParent() != null) {
            Files.createDirectories(zip.toAbsolutePath().getParent());
        }
        URI uri = URI.create("jar:" + zip.toAbsolutePath().toUri());
        int count = 0;
        try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of("create", "true", "enablePosixFileAttributes", "true"));
             Stream<Path> files = Files.walk(folder)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                String relative = folder.relativize(file).toString().replace('\\', '/');
                Path target = fs.getPath(relative);
                if (target.getParent() != null) {
                    Files.createDirectories(target.getParent());
                }
                Files.copy(file, target);
                boolean executable = SCRIPTS.contains(relative) || relative.equals("convkit") || relative.equals("mvnw")
                    || Files.isExecutable(file);
                String permissions = relative.equals(COURSE_SEED) ? "rw-------" : executable ? "rwxr-xr-x" : "rw-r--r--";
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(permissions));
                count++;
            }
        }
        return count;
    }

    /** The text of one of the bundle's scripts (for tests and documentation). */
    public static String script(String name) throws IOException {
        try (InputStream in = AutograderBundle.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no such script: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

package convkit.grader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import convkit.grader.suite.Suite;
import convkit.grader.suite.Suites;

/**
 * The instructor solutions, which travel inside the grader as resources
 * ({@code convkit/grader/solutions/convkit/exercises/*.java}), never as classes. The self-tests and
 * the autograder's self-check write them out as a submission folder and grade it.
 */
public final class Solutions {

    private static final String ROOT = "convkit/grader/solutions/convkit/exercises/";

    private Solutions() {
    }

    /** Writes every solution source under {@code folder/convkit/exercises/}; returns {@code folder}. */
    public static Path writeTo(Path folder) throws IOException {
        Path target = folder.resolve("convkit/exercises");
        Files.createDirectories(target);
        for (Suite suite : Suites.all()) {
            String resource = ROOT + suite.exercise() + ".java";
            try (InputStream in = Solutions.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("solution missing from the grader's resources: " + resource);
                }
                Files.copy(in, target.resolve(suite.exercise() + ".java"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return folder;
    }
}

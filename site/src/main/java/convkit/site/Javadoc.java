package convkit.site;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import javax.tools.DocumentationTool;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The reference Javadoc, made by the JDK's javadoc tool in-process and kept in the cache by a
 * hash of the reference sources, so an unchanged reference is not documented again.
 */
final class Javadoc {

    private Javadoc() {
    }

    /**
     * The float64 twins the reference's build generates from its float32 templates
     * ({@code convkit/fast/Float*.java}); the hand-written classes name them, so javadoc needs them.
     */
    static final String REFERENCE_GENERATED_SOURCES = "reference/target/generated-sources/float64";

    static void generate(Path root, Path cacheDir, Path target) throws IOException {
        Path sources = root.resolve(SourceIndex.REFERENCE_SOURCES);
        Path generated = root.resolve(REFERENCE_GENERATED_SOURCES);
        List<Path> files = new ArrayList<>(javaFiles(sources));
        if (Files.isDirectory(generated)) {
            files.addAll(javaFiles(generated));
        } else if (hasTemplates(sources)) {
            throw new SiteException(generated, 0, "the reference's generated float64 sources are missing: build the"
                + " reference first (./mvnw -pl reference generate-sources; ./convkit site builds it)");
        }
        Path cached = cacheDir.resolve(hash(sources, files));
        if (!Files.isRegularFile(cached.resolve("index.html"))) {
            Path tmp = Files.createDirectories(cacheDir).resolve(cached.getFileName() + ".tmp");
            SiteBuilder.deleteTree(tmp);
            run(sources + java.io.File.pathSeparator + generated, files, tmp);
            SiteBuilder.deleteTree(cached);
            Files.move(tmp, cached, StandardCopyOption.ATOMIC_MOVE);
        }
        copyTree(cached, target);
    }

    /** Whether the reference has float32 templates of generated twins. */
    private static boolean hasTemplates(Path sources) throws IOException {
        Path fast = sources.resolve("convkit/fast");
        if (!Files.isDirectory(fast)) {
            return false;
        }
        try (Stream<Path> list = Files.list(fast)) {
            return list.anyMatch(p -> p.getFileName().toString().matches("Float\\w+\\.java"));
        }
    }

    private static void run(String sourcePath, List<Path> files, Path out) {
        DocumentationTool tool = ToolProvider.getSystemDocumentationTool();
        if (tool == null) {
            throw new IllegalStateException("no javadoc tool in this JDK (" + System.getProperty("java.home") + "): run on a full JDK 25");
        }
        List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-quiet", "-notimestamp",
            "-Xdoclint:none", "-encoding", "UTF-8", "--add-modules", "jdk.incubator.vector", "-doctitle", "convkit reference", "-windowtitle", "convkit reference",
            "-sourcepath", sourcePath));
        StringWriter log = new StringWriter();
        boolean ok;
        try (StandardJavaFileManager fileManager = tool.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
            ok = tool.getTask(new PrintWriter(log), fileManager, null, null, args,
                fileManager.getJavaFileObjectsFromPaths(files)).call();
        } catch (IOException e) {
            throw new UncheckedIOException("javadoc could not read " + sourcePath, e);
        }
        if (!ok) {
            throw new IllegalStateException("javadoc failed on " + sourcePath + ":\n" + log);
        }
    }

    private static List<Path> javaFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new SiteException(dir, 0, "no reference sources: the Javadoc needs reference/src/main/java");
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(".java"))
                .filter(p -> !p.getFileName().toString().equals("module-info.java"))
                .sorted(Comparator.comparing(Path::toString)).toList();
        }
    }

    private static String hash(Path dir, List<Path> files) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(Runtime.version().toString().getBytes(StandardCharsets.UTF_8));
            for (Path file : files) {
                sha.update(dir.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
                sha.update(Files.readAllBytes(file));
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}

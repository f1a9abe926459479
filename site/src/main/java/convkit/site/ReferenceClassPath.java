package convkit.site;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import convkit.reference.OutputSize;

/** Where the reference classes are (a folder or a jar), for JShell's class path and the cache key. */
final class ReferenceClassPath {

    private ReferenceClassPath() {
    }

    /** The class path entry that holds {@code convkit.reference}. */
    static List<Path> entries() {
        try {
            return List.of(Path.of(OutputSize.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the reference classes", e);
        }
    }

    /** A hash of the contents of every class file in {@code entries} (not of timestamps). */
    static String hash(List<Path> entries) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path entry : entries) {
                if (Files.isDirectory(entry)) {
                    try (Stream<Path> walk = Files.walk(entry)) {
                        for (Path file : walk.filter(Files::isRegularFile).sorted(Comparator.comparing(Path::toString)).toList()) {
                            sha.update(entry.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
                            sha.update(Files.readAllBytes(file));
                        }
                    }
                } else {
                    try (JarFile jar = new JarFile(entry.toFile())) {
                        List<JarEntry> files = new ArrayList<>(jar.stream().filter(e -> !e.isDirectory()).toList());
                        files.sort(Comparator.comparing(JarEntry::getName));
                        for (JarEntry file : files) {
                            if (file.getName().startsWith("META-INF/")) {
                                continue;
                            }
                            sha.update(file.getName().getBytes(StandardCharsets.UTF_8));
                            try (InputStream in = jar.getInputStream(file)) {
                                sha.update(in.readAllBytes());
                            }
                        }
                    }
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the reference classes " + entries, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

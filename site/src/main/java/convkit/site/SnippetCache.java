package convkit.site;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Snippet outputs by content hash: the hash of a lesson's jshell blocks and of the reference
 * classes names a JSON file with one output per block. An unchanged lesson is not re-run.
 */
final class SnippetCache {

    /** Bump when the way outputs are produced changes, so old entries are not reused. */
    private static final String FORMAT = "convkit-snippets-2";

    private final Path dir;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicInteger hits = new AtomicInteger();
    private final AtomicInteger runs = new AtomicInteger();

    SnippetCache(Path dir) {
        this.dir = dir;
    }

    /** The key of {@code blocks} run against reference classes with hash {@code classesHash}. */
    static String key(String classesHash, List<SnippetRunner.Block> blocks) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((FORMAT + "\0" + classesHash + "\0" + SnippetRunner.SETUP + "\0").getBytes(StandardCharsets.UTF_8));
            for (SnippetRunner.Block block : blocks) {
                sha.update((block.code() + "\0").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The cached outputs for {@code key}, or null when absent or not {@code blocks} long. */
    List<String> get(String key, int blocks) {
        Path file = dir.resolve(key + ".json");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            List<String> outputs = json.readValue(file.toFile(), new TypeReference<List<String>>() { });
            if (outputs.size() != blocks) {
                return null;
            }
            hits.incrementAndGet();
            return outputs;
        } catch (IOException e) {
            return null;
        }
    }

    /** Stores {@code outputs} under {@code key} (written to a temporary file, then moved). */
    void put(String key, List<String> outputs) {
        runs.incrementAndGet();
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, key, ".tmp");
            json.writeValue(tmp.toFile(), outputs);
            Files.move(tmp, dir.resolve(key + ".json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the snippet cache in " + dir, e);
        }
    }

    int hits() {
        return hits.get();
    }

    int runs() {
        return runs.get();
    }
}

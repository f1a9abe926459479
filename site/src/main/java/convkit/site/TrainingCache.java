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

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The training record of the lesson figures by hash, like {@link SnippetCache}: the hash of the
 * plan and of the reference classes names a JSON file. A build trains only when that file is
 * missing, at most once, and only when a lesson shows a training figure.
 */
final class TrainingCache {

    /** Bump when {@link TrainingRecord} changes what it holds or how it is made. */
    private static final String FORMAT = "convkit-training-2";

    private final Path dir;
    private final String classesHash;
    private final ObjectMapper json = new ObjectMapper();
    private TrainingRecord record;
    private int runs;

    /** A cache in {@code dir} for records trained with reference classes of hash {@code classesHash}. */
    TrainingCache(Path dir, String classesHash) {
        this.dir = dir;
        this.classesHash = classesHash;
    }

    /** The key of {@code plan} trained with the reference classes of hash {@code classesHash}. */
    static String key(String classesHash, TrainingRecord.Plan plan) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((FORMAT + "\0" + classesHash + "\0" + plan).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The record of {@code plan}: from this build, from the cache folder, or trained now and stored. */
    synchronized TrainingRecord get(TrainingRecord.Plan plan) {
        if (record != null && record.plan().equals(plan)) {
            return record;
        }
        Path file = dir.resolve("training-" + key(classesHash, plan) + ".json");
        record = read(file);
        if (record == null) {
            record = TrainingRecord.train(plan);
            runs++;
            write(file, record);
        }
        return record;
    }

    /** Trainings this cache ran (0 when the record came from the folder). */
    synchronized int runs() {
        return runs;
    }

    /** The stored record, or null when there is none or it cannot be read (it is then trained again). */
    private TrainingRecord read(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return json.readValue(file.toFile(), TrainingRecord.class);
        } catch (IOException e) {
            return null;
        }
    }

    /** Written to a temporary file, then moved, so a stopped build leaves no half record. */
    private void write(Path file, TrainingRecord fresh) {
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "training", ".tmp");
            json.writeValue(tmp.toFile(), fresh);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the training record in " + dir, e);
        }
    }
}

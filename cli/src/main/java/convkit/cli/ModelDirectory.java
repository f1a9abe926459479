package convkit.cli;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import convkit.reference.DType;
import convkit.reference.Npy;
import convkit.reference.Parameter;
import convkit.reference.Sequential;
import convkit.reference.Tensor;

/**
 * The directory {@code convkit train --out} writes and {@code convkit predict --model} reads:
 * <pre>
 *   conv1.weight.npy, conv1.bias.npy, ...   every parameter, float64 (the values SGD left, exactly)
 *   training.json                           the training record (schema convkit-train/1)
 *   confusion.txt                           the last test's confusion matrix as a table
 * </pre>
 * Written whole or not at all: into a new hidden directory next to it, then moved into place.
 */
final class ModelDirectory {

    static final String RECORD = "training.json";
    static final String CONFUSION = "confusion.txt";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelDirectory() {
    }

    /** Throws unless {@code dir} can be written: its parent exists, and it is new or an empty directory. */
    static void requireWritable(Path dir) throws IOException {
        Path parent = dir.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new IllegalArgumentException("--out " + dir + ": directory " + parent + " does not exist");
        }
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("--out " + dir + ": is a file, expected a new or empty directory");
            }
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("--out " + dir + ": is not empty (convkit does not overwrite a model)");
                }
            }
        }
    }

    /** Writes the parameters of {@code net}, the record and the confusion table to {@code dir}, all or nothing. */
    static void write(Path dir, Sequential net, Map<String, Object> record, String confusion) throws IOException {
        requireWritable(dir);
        Path target = dir.toAbsolutePath();
        // a new directory (the umask's permissions, unlike a temporary directory's 700) next to the target
        Path temp = Files.createDirectory(target.resolveSibling("." + target.getFileName() + ".partial-"
            + ProcessHandle.current().pid() + "-" + System.nanoTime()));
        try {
            for (Parameter p : net.parameters()) {
                Files.write(temp.resolve(p.name() + ".npy"), Npy.encode(p.value(), DType.FLOAT64));
            }
            JSON.writeValue(temp.resolve(RECORD).toFile(), record);
            Files.writeString(temp.resolve(CONFUSION), confusion);
            Files.deleteIfExists(target); // an empty directory, checked above
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target);
            }
        } finally {
            deleteTree(temp);
        }
    }

    /** The model name recorded in {@code dir}'s training record. */
    static String modelName(Path dir) {
        Path record = dir.resolve(RECORD);
        if (!Files.isRegularFile(record)) {
            throw new IllegalArgumentException("--model " + dir + ": no " + RECORD + " (is it a directory written by convkit train --out?)");
        }
        try {
            JsonNode model = JSON.readTree(record.toFile()).path("settings").path("model");
            if (!model.isTextual()) {
                throw new IllegalArgumentException("--model " + record + ": no settings.model in the record");
            }
            return model.asText();
        } catch (IOException e) {
            throw new IllegalArgumentException("--model " + record + ": not a readable training record (" + e.getMessage() + ")", e);
        }
    }

    /** Overwrites every parameter of {@code net} with the values in {@code dir}, checking each shape. */
    static void loadInto(Path dir, Sequential net) {
        for (Parameter p : net.parameters()) {
            Path file = dir.resolve(p.name() + ".npy");
            Tensor saved = NpyFiles.read("--model", file).tensor();
            if (!Arrays.equals(saved.shape(), p.value().shape())) {
                throw new IllegalArgumentException("--model " + file + ": expected shape " + p.value().shapeString()
                    + " for " + p.name() + " but was " + saved.shapeString());
            }
            System.arraycopy(saved.data(), 0, p.value().data(), 0, saved.size());
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

package convkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import convkit.data.Dataset;
import convkit.data.SyntheticDigits;
import convkit.reference.DType;
import convkit.reference.Npy;
import convkit.reference.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code convkit train} and {@code convkit predict} end to end, on the tiny model and a few hundred images. */
class TrainCommandTests {

    private static final String[] SMALL = {"--model", "tiny", "--epochs", "1", "--batch", "32", "--train-images", "300",
        "--test-images", "100", "--threads", "2"};

    @TempDir
    Path dir;

    private static String[] with(String[] base, String... more) {
        return Stream.concat(Stream.of("train"), Stream.concat(Stream.of(base), Stream.of(more))).toArray(String[]::new);
    }

    @Test
    void writesWeightsRecordAndConfusionMatrix() throws IOException {
        Path out = dir.resolve("model");
        CliRun run = CliRun.of(with(SMALL, "--out", out.toString()));
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("epoch 1: train loss"), run.out());
        assertTrue(run.err().contains("epoch 1/1 ["), run.err());
        assertArrayEquals(new int[] {4, 1, 3, 3}, Npy.read(out.resolve("conv1.weight.npy")).tensor().shape());
        assertArrayEquals(new int[] {10, 784}, Npy.read(out.resolve("fc1.weight.npy")).tensor().shape());
        JsonNode record = new ObjectMapper().readTree(out.resolve("training.json").toFile());
        assertEquals("convkit-train/1", record.path("schema").asText());
        assertEquals("tiny", record.path("settings").path("model").asText());
        assertEquals("float32", record.path("settings").path("convDtype").asText());
        assertEquals(1, record.path("epochs").size());
        int counted = 0;
        for (JsonNode row : record.path("confusion")) {
            for (JsonNode cell : row) {
                counted += cell.asInt();
            }
        }
        assertEquals(100, counted);
        assertTrue(Files.readString(out.resolve("confusion.txt")).startsWith("true\\pred"));
    }

    @Test
    void theSameSeedGivesTheSameWeights() throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        assertEquals(0, CliRun.of(with(SMALL, "--seed", "5", "--out", a.toString())).exitCode());
        assertEquals(0, CliRun.of(with(SMALL, "--seed", "5", "--out", b.toString())).exitCode());
        for (String file : new String[] {"conv1.weight.npy", "conv1.bias.npy", "fc1.weight.npy", "fc1.bias.npy"}) {
            assertArrayEquals(Files.readAllBytes(a.resolve(file)), Files.readAllBytes(b.resolve(file)), file);
        }
    }

    @Test
    void predictClassifiesImagesWithASavedModel() throws IOException {
        Path model = dir.resolve("model");
        assertEquals(0, CliRun.of(with(SMALL, "--out", model.toString())).exitCode());
        Dataset digits = SyntheticDigits.generate(9, 5);
        Tensor x = digits.images(digits.inOrder(), 0, 5).reshape(5, 28, 28);
        Path input = CliRun.write(dir, "x.npy", x, DType.FLOAT32);
        Path output = dir.resolve("p.npy");
        CliRun run = CliRun.of("predict", "--model", model.toString(), "--input", input.toString(),
            "--output", output.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(5, run.out().lines().filter(line -> line.startsWith("image ")).count(), run.out());
        Npy.Array p = Npy.read(output);
        assertEquals(DType.FLOAT32, p.dtype());
        assertArrayEquals(new int[] {5, 10}, p.tensor().shape());
        double rowSum = 0;
        for (int j = 0; j < 10; j++) {
            rowSum += p.tensor().get(0, j);
        }
        assertEquals(1, rowSum, 1e-6); // float32 probabilities
    }

    @Test
    void predictRejectsImagesOfAnotherSize() throws IOException {
        Path model = dir.resolve("model");
        assertEquals(0, CliRun.of(with(SMALL, "--out", model.toString())).exitCode());
        Path input = CliRun.write(dir, "x.npy", Tensor.zeros(2, 1, 32, 32), DType.FLOAT32);
        CliRun run = CliRun.of("predict", "--model", model.toString(), "--input", input.toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("[2, 1, 32, 32]"), run.err());
    }

    @Test
    void predictWithoutATrainingRecordIsAUsageError() {
        CliRun run = CliRun.of("predict", "--model", dir.toString(), "--input", dir.resolve("x.npy").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("training.json"), run.err());
    }

    @Test
    void aBrokenMnistFileIsAUsageErrorNamingItAndNothingIsWritten() throws IOException {
        Path mnist = Files.createDirectory(dir.resolve("mnist"));
        ByteBuffer labels = ByteBuffer.allocate(9).putInt(0x801).putInt(1).put((byte) 3);
        ByteBuffer notImages = ByteBuffer.allocate(16 + 784).putInt(0x801).putInt(1).putInt(28).putInt(28);
        Path images = Files.write(mnist.resolve("train-images-idx3-ubyte"), notImages.array());
        Files.write(mnist.resolve("train-labels-idx1-ubyte"), labels.array());
        Path out = dir.resolve("model");
        CliRun run = CliRun.of("train", "--data", "mnist:" + mnist, "--out", out.toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains(images.toString()) && run.err().contains("wrong magic number"), run.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void anUnknownDataSourceIsAUsageError() {
        CliRun run = CliRun.of("train", "--data", "cifar");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--data: expected synthetic or mnist:DIR but was 'cifar'"), run.err());
    }

    @Test
    void aNonEmptyOutputDirectoryIsRefusedBeforeTraining() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "mine");
        CliRun run = CliRun.of(with(SMALL, "--out", dir.toString()));
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("is not empty"), run.err());
        assertFalse(run.out().contains("epoch 1"), run.out());
    }

    @Test
    void badNumbersNameTheirFlag() {
        CliRun run = CliRun.of("train", "--momentum", "1.5");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--momentum: expected 0 <= M < 1 but was 1.5"), run.err());
        assertEquals(2, CliRun.of("train", "--model", "vgg").exitCode());
        assertEquals(2, CliRun.of("train", "--epochs", "0").exitCode());
    }
}

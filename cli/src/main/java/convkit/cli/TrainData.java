package convkit.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import convkit.data.Dataset;
import convkit.data.MnistIdx;
import convkit.data.SyntheticDigits;

/**
 * The images of {@code convkit train --data}: the synthetic digits (train from seed 1, test from
 * seed 2, whatever {@code --seed} is, so runs with different seeds are tested on the same images)
 * or the MNIST files in a directory.
 */
record TrainData(Dataset train, Dataset test, Map<String, Object> description) {

    /** Seed of the synthetic training images. */
    static final long TRAIN_SEED = 1;
    /** Seed of the synthetic test images: another seed, so no test image is a training image. */
    static final long TEST_SEED = 2;
    /** Synthetic images generated when --train-images is not given. */
    static final int DEFAULT_TRAIN_IMAGES = 12_000;
    /** Synthetic test images generated when --test-images is not given. */
    static final int DEFAULT_TEST_IMAGES = 2_000;

    /** Loads {@code synthetic} or {@code mnist:DIR}; null counts mean the default (MNIST: every image). */
    static TrainData load(String data, Integer trainImages, Integer testImages) {
        requireCount("--train-images", trainImages);
        requireCount("--test-images", testImages);
        Map<String, Object> description = new LinkedHashMap<>();
        if (data.equals("synthetic")) {
            int trainCount = trainImages == null ? DEFAULT_TRAIN_IMAGES : trainImages;
            int testCount = testImages == null ? DEFAULT_TEST_IMAGES : testImages;
            description.put("source", "synthetic");
            description.put("trainSeed", TRAIN_SEED);
            description.put("testSeed", TEST_SEED);
            return withCounts(SyntheticDigits.generate(TRAIN_SEED, trainCount), SyntheticDigits.generate(TEST_SEED, testCount),
                description);
        }
        if (data.startsWith("mnist:") && data.length() > "mnist:".length()) {
            Path dir = Path.of(data.substring("mnist:".length()));
            description.put("source", "mnist");
            try {
                Dataset train = MnistIdx.readSplit(dir, "train");
                Dataset test = MnistIdx.readSplit(dir, "t10k");
                return withCounts(trainImages == null ? train : train.first(trainImages),
                    testImages == null ? test : test.first(testImages), description);
            } catch (IOException e) {
                throw new IllegalArgumentException("--data " + data + ": cannot read (" + e.getMessage() + ")", e);
            }
        }
        throw new IllegalArgumentException("--data: expected synthetic or mnist:DIR but was '" + data + "'");
    }

    private static TrainData withCounts(Dataset train, Dataset test, Map<String, Object> description) {
        description.put("trainImages", train.size());
        description.put("testImages", test.size());
        return new TrainData(train, test, description);
    }

    private static void requireCount(String flag, Integer count) {
        if (count != null && count < 1) {
            throw new IllegalArgumentException(flag + ": expected >= 1 but was " + count);
        }
    }
}

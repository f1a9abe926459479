package convkit.cli;

import java.util.List;
import java.util.Locale;

import convkit.fast.LayerShape;

/**
 * A named conv layer of the benchmark suite, or one given on the command line as
 * {@code N,C,H,W,K,R,S,stride,pad}.
 */
record BenchLayer(String name, LayerShape shape) {

    /** The named suite: layers from ResNet, AlexNet, VGG and a small MNIST net. */
    static final List<BenchLayer> SUITE = List.of(
        new BenchLayer("resnet3x3_64", LayerShape.of(8, 64, 56, 56, 64, 3, 1, 1)),
        new BenchLayer("resnet3x3_256", LayerShape.of(8, 256, 14, 14, 256, 3, 1, 1)),
        new BenchLayer("resnet3x3_512", LayerShape.of(8, 512, 7, 7, 512, 3, 1, 1)),
        new BenchLayer("resnet1x1_256", LayerShape.of(8, 256, 56, 56, 64, 1, 1, 0)),
        new BenchLayer("resnet_conv1", LayerShape.of(8, 3, 224, 224, 64, 7, 2, 3)),
        new BenchLayer("alexnet_conv1", LayerShape.of(8, 3, 227, 227, 96, 11, 4, 0)),
        new BenchLayer("vgg_conv1_2", LayerShape.of(1, 64, 224, 224, 64, 3, 1, 1)),
        new BenchLayer("mnist_5x5", LayerShape.of(64, 1, 28, 28, 20, 5, 1, 0)));

    /** A suite name, or nine comma-separated integers N,C,H,W,K,R,S,stride,pad. */
    static BenchLayer parse(String text) {
        for (BenchLayer layer : SUITE) {
            if (layer.name().equals(text.strip().toLowerCase(Locale.ROOT))) {
                return layer;
            }
        }
        String[] parts = text.split(",");
        if (parts.length != 9) {
            throw new IllegalArgumentException("--layer: expected a suite name (" + names()
                + ") or N,C,H,W,K,R,S,stride,pad but was '" + text + "'");
        }
        int[] v = new int[9];
        for (int i = 0; i < 9; i++) {
            try {
                v[i] = Integer.parseInt(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--layer: expected integers N,C,H,W,K,R,S,stride,pad but was '"
                    + text + "'");
            }
        }
        LayerShape shape = new LayerShape(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[7], v[8], v[8], 1, 1,
            convkit.reference.PaddingMode.ZEROS);
        return new BenchLayer("custom_" + String.join("_", parts).replace(" ", ""), shape);
    }

    static String names() {
        return String.join(", ", SUITE.stream().map(BenchLayer::name).toList());
    }
}

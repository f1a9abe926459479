package convkit.grader.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import convkit.reference.OutputSize;

/**
 * Ex01's hidden edge cases take other numbers in each official run, and every drawing keeps the
 * property the test's name states: checked over 300 draws of two courses.
 */
class Ex01EdgeCasesTests {

    private static final List<String> EDGES = List.of(
        "outputSize: a ResNet-style stem: kernel 7, pad 3, stride 2", "outputSize: 1×1 kernel",
        "outputSize: kernel as large as the input", "outputSize: padding wider than the input",
        "outputSize: stride larger than the kernel", "outputSize: dilation with padding and stride",
        "unreadPixels: nothing skipped when the stride fits", "unreadPixels: stride 2 on an even row skips its last pixel",
        "unreadPixels: skipped pixels with padding", "unreadPixels: skipped pixels with dilation",
        "unreadPixels: padding does not hide a skipped pixel",
        "unreadPixels: stride 4 over kernel 3 skips a pixel between windows",
        "unreadPixels: dilation 2 with stride 2 never reads the odd pixels");

    private static int[] arguments(TestCase test) {
        return test.call().arguments().stream().mapToInt(a -> (Integer) a).toArray();
    }

    @Test
    void everyDrawKeepsTheEdgeEachNameStatesAndDrawsOtherNumbers() {
        for (String course : List.of("fall 2026: 81723", "spring 2027: 5531")) {
            CaseSeed seed = CaseSeed.official(course);
            java.util.Map<String, Set<String>> seen = new java.util.HashMap<>();
            for (long draw = 0; draw < 150; draw++) {
                for (TestCase test : new Ex01OutputSizeSuite(seed.withDraw(draw)).cases()) {
                    if (EDGES.contains(test.name())) {
                        int[] a = arguments(test);
                        check(test.name(), a[0], a[1], a[2], a[3], a[4]);
                        seen.computeIfAbsent(test.name(), n -> new HashSet<>()).add(java.util.Arrays.toString(a));
                    }
                }
            }
            assertEquals(Set.copyOf(EDGES), seen.keySet(), "edge cases found in the suite");
            seen.forEach((name, inputs) -> assertTrue(inputs.size() >= 4, name + ": only " + inputs + " in 150 draws"));
        }
    }

    @Test
    void practiceKeepsTheNumbersItAlwaysHad() {
        for (TestCase test : new Ex01OutputSizeSuite(CaseSeed.PRACTICE).cases()) {
            if (EDGES.contains(test.name())) {
                int[] a = arguments(test);
                check(test.name(), a[0], a[1], a[2], a[3], a[4]);
            }
        }
        TestCase stem = new Ex01OutputSizeSuite(CaseSeed.PRACTICE).cases().stream()
            .filter(t -> t.name().equals(EDGES.getFirst())).findFirst().orElseThrow();
        assertEquals("[224, 7, 3, 2, 1]", java.util.Arrays.toString(arguments(stem)));
    }

    /** The property {@code name} states, for the numbers drawn (and a valid layer: OutputSize does not throw). */
    private static void check(String name, int in, int kernel, int pad, int stride, int dilation) {
        String where = name + " with in=" + in + ", kernel=" + kernel + ", pad=" + pad + ", stride=" + stride
            + ", dilation=" + dilation;
        assertTrue(OutputSize.of(in, kernel, pad, stride, dilation) >= 1, where);
        int skipped = OutputSize.skipped(in, kernel, pad, stride, dilation);
        switch (name.substring(name.indexOf(": ") + 2)) {
            case "a ResNet-style stem: kernel 7, pad 3, stride 2" -> assertTrue(kernel == 7 && pad == 3 && stride == 2
                && dilation == 1, where);
            case "1×1 kernel" -> assertTrue(kernel == 1 && pad == 0 && stride == 1 && dilation == 1, where);
            case "kernel as large as the input" -> assertTrue(kernel == in && pad == 0 && dilation == 1, where);
            case "padding wider than the input" -> assertTrue(pad > in, where);
            case "stride larger than the kernel" -> assertTrue(stride > kernel && dilation == 1, where);
            case "dilation with padding and stride" -> assertTrue(dilation > 1 && pad > 0 && stride > 1, where);
            case "nothing skipped when the stride fits" -> assertEquals(0, skipped, where);
            case "stride 2 on an even row skips its last pixel" -> assertTrue(stride == 2 && in % 2 == 0 && skipped == 1, where);
            case "skipped pixels with padding" -> assertTrue(pad > 0 && skipped > 0, where);
            case "skipped pixels with dilation" -> assertTrue(dilation > 1 && skipped > 0, where);
            case "padding does not hide a skipped pixel" -> assertTrue(pad > 0 && skipped > 0, where);
            case "stride 4 over kernel 3 skips a pixel between windows" -> assertTrue(stride == 4 && kernel == 3
                && skipped > 0, where);
            case "dilation 2 with stride 2 never reads the odd pixels" -> assertTrue(dilation == 2 && stride == 2 && pad == 0
                && skipped >= in / 2, where);
            default -> throw new AssertionError("no property for " + name);
        }
    }
}

package convkit.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * No method of the fast path takes or returns a vector (a {@code Vector}, {@code VectorMask} or
 * {@code VectorShuffle}): C2 keeps vectors in registers only within one compiled method, and it
 * inlines a helper only while that method's node budget lasts. A helper left out of line must get
 * its vectors as objects, allocated on every call: resnet3x3_256's forward once did, on every
 * pass, in a JVM that ran every layer, and ran slower (.bench/zen3-2026-12-05k.md §6). Helpers
 * read and write arrays instead, and take offsets.
 */
class VectorBoundariesTests {

    /** Methods allowed a vector in their signature: they build a constant once, at class initialisation. */
    private static final Set<String> ALLOWED = Set.of(
        "InputRewrite.indices", "VectorTranspose.swapIndices", "WinogradTiles.indices");

    @Test
    void noMethodOfTheFastPathTakesOrReturnsAVector() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(WinogradTiles.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .resolve("convkit/fast");
        List<String> found = new ArrayList<>();
        int methods = 0;
        try (Stream<Path> files = Files.list(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                String name = file.getFileName().toString().replace(".class", "");
                Class<?> type = Class.forName("convkit.fast." + name, false, getClass().getClassLoader());
                for (Method m : type.getDeclaredMethods()) {
                    if (m.isSynthetic()) {
                        continue;
                    }
                    methods++;
                    String where = type.getSimpleName() + "." + m.getName();
                    boolean vector = isVector(m.getReturnType());
                    for (Class<?> p : m.getParameterTypes()) {
                        vector |= isVector(p);
                    }
                    if (vector && !ALLOWED.contains(where)) {
                        found.add(where);
                    }
                }
            }
        }
        assertTrue(methods > 300, "methods read: " + methods);
        assertEquals(List.of(), found, "methods with a vector in their signature (read and write arrays instead)");
    }

    @Test
    void aVectorInASignatureIsFound() {
        assertTrue(ALLOWED.size() == 3, "only the constants' builders");
        assertTrue(isVector(jdk.incubator.vector.FloatVector.class));
        assertTrue(isVector(jdk.incubator.vector.VectorMask.class));
        assertTrue(isVector(jdk.incubator.vector.VectorShuffle.class));
        assertTrue(!isVector(jdk.incubator.vector.VectorSpecies.class) && !isVector(float[].class));
    }

    private static boolean isVector(Class<?> type) {
        return jdk.incubator.vector.Vector.class.isAssignableFrom(type)
            || jdk.incubator.vector.VectorMask.class.isAssignableFrom(type)
            || jdk.incubator.vector.VectorShuffle.class.isAssignableFrom(type);
    }
}

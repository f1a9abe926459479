package convkit.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

import convkit.reference.PaddingMode;

/** The shape's written-out equality: a record's, every component counted. */
class LayerShapeTests {

    private static LayerShape shape(int[] v, PaddingMode padding) {
        return new LayerShape(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], padding);
    }

    @Test
    void equalSizesAreEqualAndHashAlikeAndEachComponentCounts() {
        int[] sizes = {2, 3, 9, 10, 4, 3, 2, 1, 2, 1, 0, 1, 2};
        LayerShape base = shape(sizes, PaddingMode.ZEROS);
        LayerShape same = shape(sizes.clone(), PaddingMode.ZEROS);
        assertEquals(base, same);
        assertEquals(base.hashCode(), same.hashCode());
        for (int i = 0; i < sizes.length; i++) {
            int[] other = sizes.clone();
            other[i]++;
            LayerShape changed = shape(other, PaddingMode.ZEROS);
            assertNotEquals(base, changed, "component " + i + " changed: " + changed);
            assertNotEquals(base.hashCode(), changed.hashCode(), "component " + i + " changed: " + changed);
        }
        assertNotEquals(base, shape(sizes, PaddingMode.REFLECT));
        assertNotEquals(base.hashCode(), shape(sizes, PaddingMode.REFLECT).hashCode());
        assertNotEquals(base, null);
        assertNotEquals(base, "2,3,9,10");
    }

    @Test
    void layoutsAreEqualExactlyWhenMadeAlike() {
        java.util.List<LayerShape> shapes = java.util.List.of(LayerShape.of(2, 3, 45, 46, 10, 7, 2, 3),
            LayerShape.of(3, 40, 9, 9, 32, 3, 1, 1), LayerShape.of(64, 1, 28, 28, 20, 5, 1, 0),
            LayerShape.of(2, 4, 8, 8, 6, 1, 1, 0), LayerShape.of(8, 256, 14, 14, 256, 3, 1, 1));
        java.util.List<DirectLayout> layouts = new java.util.ArrayList<>();
        for (LayerShape s : shapes) {
            for (boolean whole : new boolean[] {true, false}) {
                DirectLayout a = DirectLayout.forPositions(s, whole);
                DirectLayout b = DirectLayout.forPositions(LayerShape.of(s.n(), s.c(), s.h(), s.w(), s.k(), s.kh(),
                    s.strideH(), s.padH()), whole);
                assertEquals(a, b);
                assertEquals(a.hashCode(), b.hashCode());
                layouts.add(a);
            }
            layouts.add(DirectLayout.forUnits(s, 1));
            layouts.add(new DirectLayout.InPlace(s));
        }
        // unequal across shapes and kinds: as many distinct layouts as records that differ
        assertEquals(new java.util.HashSet<>(layouts.stream().map(Object::toString).toList()).size(),
            new java.util.HashSet<>(layouts).size());
    }
}

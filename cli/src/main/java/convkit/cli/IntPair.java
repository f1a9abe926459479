package convkit.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A flag value given once for both axes or per axis: {@code 2} means (2, 2), {@code 2,1} means
 * height 2 and width 1, as in {@code --stride S|SH,SW}.
 *
 * @param h the value for the height axis
 * @param w the value for the width axis
 */
record IntPair(int h, int w) {

    static IntPair same(int value) {
        return new IntPair(value, value);
    }

    @Override
    public String toString() {
        return h == w ? Integer.toString(h) : h + "," + w;
    }

    /** picocli converter for {@code N} or {@code H,W}. */
    static final class Converter implements ITypeConverter<IntPair> {
        @Override
        public IntPair convert(String text) {
            String[] parts = text.split(",", -1);
            if (parts.length > 2) {
                throw new TypeConversionException("expected N or H,W (two integers) but was '" + text + "'");
            }
            try {
                int h = Integer.parseInt(parts[0].strip());
                int w = parts.length == 2 ? Integer.parseInt(parts[1].strip()) : h;
                return new IntPair(h, w);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("expected N or H,W (integers) but was '" + text + "'");
            }
        }
    }
}

package convkit.grader.report;

import java.util.Locale;

/** Number formatting shared by the reports. */
final class Format {

    private Format() {
    }

    /** Points without a useless ".0": 3, 2.5. */
    static String points(double points) {
        return points == Math.rint(points) ? String.valueOf((long) points) : String.format(Locale.ROOT, "%.2f", points);
    }

    static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.1f s", seconds);
    }
}

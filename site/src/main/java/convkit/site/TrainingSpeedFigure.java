package convkit.site;

import java.util.Locale;

/**
 * The training lesson's speed figure: images per second of the same network trained on the
 * naive loops of the lessons and on the fast path, as bars on one linear scale (so the naive bar
 * is as thin as it really is), with the ratio and where it was measured. Drawn from the
 * {@link TrainingRecord.Speed} the site build measured.
 */
final class TrainingSpeedFigure {

    private static final int LEFT = 16;
    private static final double BAR_WIDTH = 250;
    private static final String NAIVE = "#e05252";
    private static final String FAST = "#2f8f6a";

    private TrainingSpeedFigure() {
    }

    static Svg draw(TrainingRecord record) {
        TrainingRecord.Speed speed = record.speed();
        TrainingRecord.Plan plan = record.plan();
        Svg svg = new Svg();
        svg.label(LEFT, 22, String.format(Locale.ROOT, "%s trains %s× faster on the fast path", plan.model(),
            times(speed.ratio())));
        double top = 44;
        double max = Math.max(speed.naive(), speed.fast());
        // each implementation: its name, its bar, its images per second
        String[] names = {"--impl naive: the lessons' loops, float64", "--impl fast: float32, " + plan.threads() + " threads"};
        double[] rates = {speed.naive(), speed.fast()};
        String[] colours = {NAIVE, FAST};
        for (int i = 0; i < 2; i++) {
            double y = top + i * 46;
            svg.text(LEFT, y, names[i], 11, "start", Svg.INK);
            svg.rect(LEFT, y + 6, Math.max(2, BAR_WIDTH * rates[i] / max), 16, colours[i], "none", 0);
            svg.text(LEFT + Math.max(2, BAR_WIDTH * rates[i] / max) + 6, y + 18, String.format(Locale.ROOT, "%,.0f img/s",
                rates[i]), 11, "start", Svg.INK);
        }
        double y = top + 2 * 46 + 4;
        String[] notes = {
            String.format(Locale.ROOT, "batch %d; naive: one epoch of %,d images;", plan.batch(), speed.naiveImages()),
            String.format(Locale.ROOT, "fast: the second of two epochs of %,d;", speed.fastImages()),
            "measured by the site build on this machine:",
            speed.cpu() + ",",
            speed.cores() + " cores" + (speed.load() < 0 ? "" : String.format(Locale.ROOT, ", load average %.1f", speed.load()))};
        // each note: one line, short enough for a phone
        for (int i = 0; i < notes.length; i++) {
            svg.text(LEFT, y + 15 * i, notes[i], 11, "start", Svg.GRID);
        }
        return svg;
    }

    /** A ratio as people say it: 1.5, 12, 240. */
    static String times(double ratio) {
        return ratio < 10 ? String.format(Locale.ROOT, "%.1f", ratio) : String.format(Locale.ROOT, "%,.0f", ratio);
    }
}

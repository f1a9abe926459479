package convkit.site;

import java.util.List;

/** A training record made by hand, small enough to check every number its figures show. */
final class HandMadeRecord {

    private HandMadeRecord() {
    }

    /**
     * Two epochs of four batches; 100 test digits of which 95 right (digit 3 read as 5 five times);
     * two 3×3 kernels whose taps run from −0.8 to +0.8; a 4×4 digit through conv, pool, flatten, linear;
     * 25 images/s naive, 1,500 fast (60 times faster).
     */
    static TrainingRecord record() {
        int[][] confusion = new int[10][10];
        for (int d = 0; d < 10; d++) {
            confusion[d][d] = 10;
        }
        confusion[3][3] = 5;
        confusion[3][5] = 5;
        double[] taps = new double[18];                  // [2][1][3][3]
        for (int i = 0; i < taps.length; i++) {
            taps[i] = -0.8 + 1.6 * i / (taps.length - 1);
        }
        double[] conv = new double[32];                  // [1][2][4][4]
        for (int i = 0; i < conv.length; i++) {
            conv[i] = i % 5 - 2;
        }
        double[] pooled = {0, 1, 2, 2, 1, 0, 2, 1};      // [1][2][2][2]
        double[] logits = {-1, 0, 0.5, 3, 0, 1, 0, 0, 0, -2};
        return new TrainingRecord(TrainingRecord.Plan.LESSON, 7.5, new double[] {2.3, 2.0, 1.2, 0.8, 0.5, 0.4, 0.3, 0.35},
            List.of(new TrainingRecord.Epoch(1, 1.6, 0.9, 0.87), new TrainingRecord.Epoch(2, 0.4, 0.3, 0.95)),
            confusion, new TrainingRecord.Grid(new int[] {2, 1, 3, 3}, taps),
            new TrainingRecord.Digit(new TrainingRecord.Grid(new int[] {1, 1, 4, 4}, new double[16]), 3, 3),
            List.of(new TrainingRecord.Stage("conv 3×3, 1 -> 2", new TrainingRecord.Grid(new int[] {1, 2, 4, 4}, conv)),
                new TrainingRecord.Stage("max pool 2×2, stride 2", new TrainingRecord.Grid(new int[] {1, 2, 2, 2}, pooled)),
                new TrainingRecord.Stage("flatten", new TrainingRecord.Grid(new int[] {1, 8}, pooled)),
                new TrainingRecord.Stage("linear 8 -> 10", new TrainingRecord.Grid(new int[] {1, 10}, logits))),
            new TrainingRecord.Speed(192, 25, 1024, 1500, "Hand-Made CPU 1000", 2, 3.5));
    }
}

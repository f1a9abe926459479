package convkit.train;

import convkit.data.Dataset;

/**
 * ConfusionMatrix: how often each true class was predicted as each class.
 * {@code counts[t][p]} counts images of true class t predicted as p; the diagonal is right.
 */
public record ConfusionMatrix(int[][] counts) {

    /** An empty 10×10 matrix. */
    public static ConfusionMatrix empty() {
        return new ConfusionMatrix(new int[Dataset.CLASSES][Dataset.CLASSES]);
    }

    /** Counts one image of class {@code truth} predicted as {@code predicted}. */
    public void add(int truth, int predicted) {
        counts[truth][predicted]++;
    }

    /** Images counted. */
    public int total() {
        int sum = 0;
        for (int[] row : counts) {
            for (int c : row) {
                sum += c;
            }
        }
        return sum;
    }

    /** The share on the diagonal (0 when empty). */
    public double accuracy() {
        int right = 0;
        for (int i = 0; i < counts.length; i++) {
            right += counts[i][i];
        }
        int total = total();
        return total == 0 ? 0 : (double) right / total;
    }

    /** The matrix as text: a header of predicted classes, one row per true class. */
    public String table() {
        StringBuilder text = new StringBuilder("true\\pred");
        for (int p = 0; p < counts.length; p++) {
            text.append(String.format("%6d", p));
        }
        text.append('\n');
        for (int t = 0; t < counts.length; t++) {
            text.append(String.format("%9d", t));
            for (int p = 0; p < counts.length; p++) {
                text.append(String.format("%6d", counts[t][p]));
            }
            text.append('\n');
        }
        return text.toString();
    }
}

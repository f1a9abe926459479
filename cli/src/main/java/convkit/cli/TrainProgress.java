package convkit.cli;

import java.io.PrintWriter;
import java.util.Locale;

import convkit.train.Trainer;

/**
 * The progress of {@code convkit train}: one bar per epoch on standard error, redrawn in place
 * at most every 0.2 s (batch, loss, accuracy, images/s, time left), and one line per finished
 * epoch on standard output. It also samples the heap after every batch.
 */
final class TrainProgress implements Trainer.Progress {

    private static final int WIDTH = 24;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintWriter out;
    private final PrintWriter err;
    private final int epochs;
    private long lastDraw;
    private long peakHeapUsed;      // bytes, sampled after every batch
    private long peakHeapCommitted; // bytes the JVM had taken for its heap, sampled likewise

    TrainProgress(PrintWriter out, PrintWriter err, int epochs) {
        this.out = out;
        this.err = err;
        this.epochs = epochs;
    }

    @Override
    public void batch(int epoch, int batch, int batches, double meanLoss, double meanAccuracy, double imagesPerSecond,
                      double secondsLeft) {
        java.lang.management.MemoryUsage heap = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        peakHeapUsed = Math.max(peakHeapUsed, heap.getUsed());
        peakHeapCommitted = Math.max(peakHeapCommitted, heap.getCommitted());
        long now = System.nanoTime();
        if (batch < batches && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        int filled = (int) ((long) WIDTH * batch / batches);
        err.printf(Locale.ROOT, "\repoch %d/%d [%s%s] %d/%d  loss %.4f  acc %5.1f%%  %.0f img/s  %.0f s left ",
            epoch, epochs, "#".repeat(filled), "-".repeat(WIDTH - filled), batch, batches, meanLoss,
            100 * meanAccuracy, imagesPerSecond, secondsLeft);
        if (batch == batches) {
            err.println();
        }
        err.flush();
    }

    /** The most heap in use after any batch so far, in bytes. */
    long peakHeapUsed() {
        return peakHeapUsed;
    }

    /** The most heap the JVM had committed after any batch so far, in bytes. */
    long peakHeapCommitted() {
        return peakHeapCommitted;
    }

    @Override
    public void epoch(Trainer.Epoch e) {
        out.printf(Locale.ROOT, "epoch %d: train loss %.4f, train accuracy %.2f%%, test loss %.4f, test accuracy %.2f%% "
            + "(%.1f s, %.0f images/s)%n", e.epoch(), e.trainLoss(), 100 * e.trainAccuracy(), e.testLoss(),
            100 * e.testAccuracy(), e.seconds(), e.imagesPerSecond());
        out.flush();
    }
}

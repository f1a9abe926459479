package convkit.fast;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Runs {@code tasks} numbered tasks on up to {@code threads} threads: the caller runs its
 * share, daemon worker threads (created once, reused) run the rest. The fast path uses it for
 * one level of parallelism only: either images of a batch, or column blocks inside one GEMM.
 *
 * <p>Tried and dropped: workers that spin for 0.2 ms after a task before they park (what OpenMP
 * runtimes do, to skip the wake-up). On this project's 2-core virtual machines the spinning cost
 * more than it saved: mnist_5x5's forward went from 0.63–0.71 ms to 0.92–1.11 ms
 * ({@code ./convkit bench --layer mnist_5x5 --backward}, three runs each, alternated).
 */
final class Parallel {

    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "convkit-fast-worker");
        thread.setDaemon(true);
        return thread;
    });

    private Parallel() {
    }

    /** The default thread count: the cores the JVM sees. */
    static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Calls {@code body.accept(worker)} for worker = 0 .. workers-1, worker 0 on the calling
     * thread, and waits for all. The first exception of any worker is rethrown.
     */
    static void run(int workers, IntConsumer body) {
        if (workers <= 1) {
            body.accept(0);
            return;
        }
        List<Future<?>> futures = new ArrayList<>(workers - 1);
        for (int worker = 1; worker < workers; worker++) {
            int id = worker;
            futures.add(WORKERS.submit(() -> body.accept(id)));
        }
        RuntimeException first = null;
        try {
            body.accept(0);
        } catch (RuntimeException e) {
            first = e;
        }
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (ExecutionException e) {
                if (first == null) {
                    first = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (first == null) {
                    first = new IllegalStateException("interrupted while waiting for fast-path workers", e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}

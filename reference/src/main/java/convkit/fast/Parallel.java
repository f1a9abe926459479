package convkit.fast;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Runs {@code tasks} numbered tasks on up to {@code threads} threads: the caller runs its
 * share, daemon worker threads (created once, reused) run the rest; work that should leave
 * nothing on those threads runs {@linkplain #isolated isolated}, on threads that end with it.
 * The fast path uses it for one level of parallelism only: either images of a batch, or column blocks inside one GEMM.
 * The float32 training route ({@code convkit.train}) runs its shares of a batch on it, each on
 * single-threaded kernels.
 *
 * <p>Tried and dropped: workers that spin for 0.2 ms after a task before they park (what OpenMP
 * runtimes do, to skip the wake-up). On this project's 2-core virtual machines the spinning cost
 * more than it saved (mnist_5x5's forward; figures in {@code .bench/direct-conv-history.md}).
 */
public final class Parallel {

    /**
     * Worker {@code i} (i >= 1) of every call runs on thread {@code convkit-fast-worker-i}, the
     * same thread each time (or on the caller, when that thread has not begun it in time: see
     * {@link #run}): the kernels' per-thread buffers ({@code ThreadLocal}s, up to a few MiB each)
     * then stay allocated and warm, instead of a new pool thread growing its own set whenever the
     * old one had not yet returned to the pool when the next call came.
     */
    private static final Slots SHARED = new Slots("convkit-fast-worker-", false);
    /** The slots of the calls made on this thread while it runs {@link #isolated} work; unset: {@link #SHARED}. */
    private static final ThreadLocal<Slots> ISOLATED = new ThreadLocal<>();
    /** For calls that find their slot taken (a call inside a task, or two callers at once). */
    private static final ExecutorService SPARE = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "convkit-fast-spare");
        thread.setDaemon(true);
        return thread;
    });

    /** One worker thread and whether a call holds it. */
    private record Slot(ExecutorService thread, AtomicBoolean taken) {
        /** A slot whose thread's own parallel calls use {@code isolated} (null: the shared slots). */
        static Slot create(String name, Slots isolated) {
            return new Slot(Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(isolated == null ? runnable : () -> {
                    ISOLATED.set(isolated);
                    runnable.run();
                }, name);
                thread.setDaemon(true);
                return thread;
            }), new AtomicBoolean());
        }
    }

    /** Worker threads 1, 2, ... made on first use, each named by a prefix and its number. */
    private static final class Slots {
        private final String prefix;
        private final boolean isolated;
        private final List<Slot> slots = new CopyOnWriteArrayList<>();

        Slots(String prefix, boolean isolated) {
            this.prefix = prefix;
            this.isolated = isolated;
        }

        /** The slot of worker {@code worker} (>= 1), made on first use. */
        Slot slot(int worker) {
            while (slots.size() < worker) {
                synchronized (slots) {
                    if (slots.size() < worker) {
                        slots.add(Slot.create(prefix + (slots.size() + 1), isolated ? this : null));
                    }
                }
            }
            return slots.get(worker - 1);
        }

        /** Lets every thread end once its task is done. */
        void close() {
            slots.forEach(slot -> slot.thread().shutdown());
        }
    }

    /**
     * Units a worker gets in {@link #units}: with one a worker, a core taken away for a while
     * leaves the other waiting at the end for a fixed half; with four, a worker that runs alone
     * takes over most of the late one's share, while each unit still holds enough work that the
     * counter and a unit's set-up do not show.
     */
    private static final int UNITS_PER_WORKER = 4;

    private Parallel() {
    }

    /** Where part {@code part} of {@code total} items split into {@code parts} near-equal parts starts (part = parts: the end). */
    static int slice(int total, int part, int parts) {
        return (int) ((long) total * part / parts);
    }

    /**
     * Calls {@code body.accept(worker)} for worker = 0 .. workers-1, worker 0 on the calling
     * thread, and waits for all. The first exception of any worker is rethrown.
     *
     * <p>A worker's share that its thread has not begun by the time the caller has finished its
     * own runs on the caller instead (whichever of the two claims it first runs it): on a virtual
     * machine a parked thread's core may be asleep and take milliseconds to wake, and a call
     * should not wait that long for a thread that has done nothing yet. {@link #forEach} leaves
     * such a share nothing to do, since the caller has taken the units it would have taken.
     */
    public static void run(int workers, IntConsumer body) {
        if (workers <= 1) {
            body.accept(0);
            return;
        }
        List<Share> shares = new ArrayList<>(workers - 1);
        List<Slot> held = new ArrayList<>(workers - 1);
        Slots isolated = ISOLATED.get();
        Slots slots = isolated == null ? SHARED : isolated;
        for (int worker = 1; worker < workers; worker++) {
            Share share = new Share(worker, body);
            Slot slot = slots.slot(worker);
            if (slot.taken().compareAndSet(false, true)) {
                held.add(slot);
                share.future = slot.thread().submit(share::runIfUnclaimed);
            } else {
                share.future = SPARE.submit(share::runIfUnclaimed);
            }
            shares.add(share);
        }
        try {
            await(body, shares);
        } finally {
            held.forEach(slot -> slot.taken().set(false));
        }
    }

    /**
     * Queues {@code task} on shared worker {@code worker}'s thread as a call would, without
     * holding its slot: the tests keep a worker's thread busy with it to show that a call does
     * not wait for a thread that has not begun its share.
     */
    static Future<?> queueOnWorker(int worker, Runnable task) {
        return SHARED.slot(worker).thread().submit(task);
    }

    /** One worker's share of a {@link #run} call: run by whichever thread claims it first. */
    private static final class Share {
        private final int worker;
        private final IntConsumer body;
        private final AtomicBoolean claimed = new AtomicBoolean();
        private Future<?> future;

        Share(int worker, IntConsumer body) {
            this.worker = worker;
            this.body = body;
        }

        /** Claims the share; false when another thread already has. */
        boolean claim() {
            return !claimed.get() && claimed.compareAndSet(false, true);
        }

        /** What the worker thread runs: the share, unless the caller has taken it. */
        void runIfUnclaimed() {
            if (claim()) {
                body.accept(worker);
            }
        }
    }

    /**
     * {@code work.get()} run on a new thread, every parallel call inside it on worker threads of
     * its own, and all of them ended when it returns: the per-thread buffers the work grew (the
     * planner timing candidates that will never run again) go with those threads instead of
     * staying on the shared ones for the rest of the process. Waits for the work even when
     * interrupted (then returns with the interrupt flag set); its failure is rethrown as a parallel call's is.
     */
    static <T> T isolated(String name, Supplier<T> work) {
        Slots own = new Slots(name + "-worker-", true);
        Slot main = Slot.create(name, own);
        boolean interrupted = false;
        try {
            Future<T> result = main.thread().submit(work::get);
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw unchecked(e.getCause());
                }
            }
        } finally {
            main.thread().shutdown();
            own.close();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Calls {@code body.accept(unit)} for unit = 0 .. units-1 on up to {@code workers} threads,
     * each thread taking the next unit when it has finished one. For units that write disjoint
     * results (so the result does not depend on which thread ran which unit): when one core is
     * taken by something else for a while (another process, the JIT, the VM's neighbour), the
     * other thread takes more units instead of waiting at the end for a fixed half.
     */
    public static void forEach(int workers, int units, IntConsumer body) {
        AtomicInteger next = new AtomicInteger();
        run(Math.max(1, Math.min(workers, units)), worker -> {
            for (int unit = next.getAndIncrement(); unit < units; unit = next.getAndIncrement()) {
                body.accept(unit);
            }
        });
    }

    /**
     * How many units to cut {@code total} items into for {@link #forEach} on {@code workers}
     * threads: {@link #UNITS_PER_WORKER} a worker, at most one item each.
     */
    static int units(int total, int workers) {
        return Math.max(1, Math.min(total, UNITS_PER_WORKER * workers));
    }

    /**
     * Items [0, total) cut into {@code units} near-equal ranges ({@link #slice}), each range a
     * unit of {@link #forEach}: {@code body.accept(from, to)} for every non-empty range.
     */
    static void forEachRange(int workers, int total, int units, RangeBody body) {
        forEach(workers, units, unit -> {
            int from = slice(total, unit, units);
            int to = slice(total, unit + 1, units);
            if (from < to) {
                body.accept(from, to);
            }
        });
    }

    /** The work on items [from, to) of one unit of {@link #forEachRange}. */
    @FunctionalInterface
    interface RangeBody {
        void accept(int from, int to);
    }

    /**
     * Runs worker 0 here, then every share no worker thread has begun, waits for the others,
     * and rethrows the first failure.
     */
    private static void await(IntConsumer body, List<Share> shares) {
        Throwable first = accept(body, 0, null);
        List<Share> begun = new ArrayList<>(shares.size());
        for (Share share : shares) {
            if (share.claim()) {
                first = accept(body, share.worker, first);
            } else {
                begun.add(share);
            }
        }
        for (Share share : begun) {
            try {
                share.future.get();
            } catch (ExecutionException e) {
                if (first == null) {
                    first = e.getCause();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (first == null) {
                    first = new IllegalStateException("interrupted while waiting for fast-path workers", e);
                }
            }
        }
        if (first != null) {
            throw unchecked(first);
        }
    }

    /** Runs share {@code worker} here; the first failure so far ({@code first} unless that is null). */
    private static Throwable accept(IntConsumer body, int worker, Throwable first) {
        try {
            body.accept(worker);
            return first;
        } catch (RuntimeException | Error e) {
            return first == null ? e : first;
        }
    }

    /**
     * A task's failure as the caller rethrows it: itself when unchecked, an {@link Error} (an
     * OutOfMemoryError, a failed assertion) thrown as itself, anything else wrapped.
     */
    private static RuntimeException unchecked(Throwable cause) {
        if (cause instanceof Error e) {
            throw e;
        }
        return cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
    }
}

package convkit.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;

/** The fast path's worker threads: every task (and every unit of forEach) runs once, failures reach the caller, nesting works. */
class ParallelTests {

    @Test
    void everyTaskRunsExactlyOnceOverManyCalls() {
        for (int workers = 1; workers <= 5; workers++) {
            for (int call = 0; call < 2_000; call++) {
                AtomicIntegerArray runs = new AtomicIntegerArray(workers);
                Parallel.run(workers, runs::incrementAndGet);
                for (int task = 0; task < workers; task++) {
                    assertEquals(1, runs.get(task), "task " + task + " of " + workers + " in call " + call);
                }
            }
        }
    }

    @Test
    void writesOfTheWorkersAreVisibleToTheCaller() {
        int[] cells = new int[4 * 1024];
        for (int call = 1; call <= 500; call++) {
            int value = call;
            Parallel.run(4, task -> {
                for (int i = task; i < cells.length; i += 4) {
                    cells[i] = value;
                }
            });
            for (int i = 0; i < cells.length; i++) {
                assertEquals(call, cells[i], "cell " + i + " after call " + call);
            }
        }
    }

    @Test
    void aFailingWorkerFailsTheCallAndTheWorkersStayUsable() {
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () ->
            Parallel.run(3, task -> {
                if (task == 2) {
                    throw boom;
                }
            }));
        assertSame(boom, thrown);
        AtomicInteger after = new AtomicInteger();
        Parallel.run(3, task -> after.incrementAndGet());
        assertEquals(3, after.get());
    }

    @Test
    void eachShareRunsOnItsOwnWorkerOrOnTheCallerCallAfterCall() {
        Thread[][] seen = new Thread[100][3];
        for (int call = 0; call < seen.length; call++) {
            Thread[] row = seen[call];
            Parallel.run(3, task -> {
                row[task] = Thread.currentThread();
                if (task == 0) {
                    sleep(2); // time for the workers to begin theirs
                }
            });
        }
        Thread caller = Thread.currentThread();
        Thread[] workers = new Thread[3];
        for (int call = 0; call < seen.length; call++) {
            assertSame(caller, seen[call][0], "worker 0 is the caller, call " + call);
            for (int task = 1; task < 3; task++) {
                Thread thread = seen[call][task];
                if (thread != caller) {
                    if (workers[task] == null) {
                        workers[task] = thread;
                    }
                    assertSame(workers[task], thread, "task " + task + " of call " + call);
                }
            }
        }
        assertTrue(workers[2] != null, "task 2 never ran on a worker in " + seen.length + " calls");
        assertEquals("convkit-fast-worker-2", workers[2].getName());
    }

    @Test
    void aCallDoesNotWaitForAWorkerThatHasNotBegun() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<?> blocker = Parallel.queueOnWorker(1, () -> {
            busy.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        AtomicIntegerArray shares = new AtomicIntegerArray(2);
        AtomicIntegerArray units = new AtomicIntegerArray(8);
        try {
            assertTrue(busy.await(20, TimeUnit.SECONDS), "worker 1 never took the blocking task");
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                Thread caller = Thread.currentThread();
                Thread[] ran = new Thread[2];
                Parallel.run(2, task -> {
                    ran[task] = Thread.currentThread();
                    shares.incrementAndGet(task);
                });
                assertSame(caller, ran[0]);
                assertSame(caller, ran[1], "worker 1's share, which its busy thread had not begun");
                Parallel.forEach(2, 8, units::incrementAndGet);
            }, "a call waited for worker 1, whose thread was busy with something else");
        } finally {
            release.countDown();
            blocker.get(20, TimeUnit.SECONDS);
        }
        // worker 1 now reaches the shares the caller took, and must not run them again
        Parallel.run(2, task -> { });
        sleep(50);
        for (int task = 0; task < 2; task++) {
            assertEquals(1, shares.get(task), "runs of share " + task);
        }
        for (int unit = 0; unit < 8; unit++) {
            assertEquals(1, units.get(unit), "runs of unit " + unit);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void twoCallersAtOnceEachGetEveryTaskRun() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        Runnable caller = () -> {
            for (int call = 0; call < 500; call++) {
                Parallel.run(3, task -> runs.incrementAndGet());
            }
        };
        Thread other = new Thread(caller);
        other.start();
        caller.run();
        other.join();
        assertEquals(2 * 500 * 3, runs.get());
    }

    @Test
    void forEachRunsEveryUnitExactlyOnce() {
        for (int workers = 1; workers <= 4; workers++) {
            for (int units : new int[] {0, 1, workers - 1, workers, 3 * workers + 1, 1_000}) {
                for (int call = 0; call < 200; call++) {
                    AtomicIntegerArray runs = new AtomicIntegerArray(Math.max(1, units));
                    Parallel.forEach(workers, units, runs::incrementAndGet);
                    for (int unit = 0; unit < units; unit++) {
                        assertEquals(1, runs.get(unit), "unit " + unit + " of " + units + " on " + workers
                            + " workers in call " + call);
                    }
                }
            }
        }
    }

    @Test
    void forEachWithFewerUnitsThanWorkersStartsNoIdleWorker() {
        java.util.Set<Thread> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        AtomicInteger runs = new AtomicInteger();
        Parallel.forEach(4, 2, unit -> {
            threads.add(Thread.currentThread());
            runs.incrementAndGet();
        });
        assertEquals(2, runs.get());
        assertTrue(threads.size() <= 2, "threads that ran a unit: " + threads);
    }

    @Test
    void aFailingUnitFailsForEachAndTheWorkersStayUsable() {
        IllegalStateException boom = new IllegalStateException("boom");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () ->
            Parallel.forEach(3, 12, unit -> {
                if (unit == 7) {
                    throw boom;
                }
            }));
        assertSame(boom, thrown);
        AtomicInteger after = new AtomicInteger();
        Parallel.forEach(3, 12, unit -> after.incrementAndGet());
        assertEquals(12, after.get());
    }

    @Test
    void forEachRangeCoversEveryItemOnceInNonEmptyRanges() {
        for (int workers = 1; workers <= 4; workers++) {
            for (int total : new int[] {0, 1, 3, 17, 1_000}) {
                int units = Parallel.units(total, workers);
                AtomicIntegerArray hits = new AtomicIntegerArray(Math.max(1, total));
                Parallel.forEachRange(workers, total, units, (from, to) -> {
                    assertTrue(from < to, "empty range [" + from + ", " + to + ")");
                    for (int i = from; i < to; i++) {
                        hits.incrementAndGet(i);
                    }
                });
                for (int i = 0; i < total; i++) {
                    assertEquals(1, hits.get(i), "item " + i + " of " + total + " on " + workers + " workers");
                }
            }
        }
    }

    @Test
    void unitsAreAFewPerWorkerButNoMoreThanTheItems() {
        assertEquals(3, Parallel.units(3, 2));
        assertEquals(1, Parallel.units(0, 2));
        assertTrue(Parallel.units(1_000, 2) > 2, "units for 1000 items on 2 workers: " + Parallel.units(1_000, 2));
    }

    @Test
    void aCallInsideATaskDoesNotDeadlock() {
        AtomicInteger inner = new AtomicInteger();
        Parallel.run(2, outer -> Parallel.run(3, task -> inner.incrementAndGet()));
        assertEquals(6, inner.get());
    }

    @Test
    void isolatedWorkRunsOnThreadsOfItsOwnThatEndWithIt() throws InterruptedException {
        java.util.Set<Thread> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.Set<String> nested = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Thread caller = Thread.currentThread();
        int sum = Parallel.isolated("convkit-test-isolated", () -> {
            AtomicInteger tasks = new AtomicInteger();
            for (int call = 0; call < 20; call++) {
                Parallel.run(3, task -> {
                    threads.add(Thread.currentThread());
                    tasks.incrementAndGet();
                    Parallel.run(2, inner -> nested.add(Thread.currentThread().getName()));
                });
            }
            return tasks.get();
        });
        assertEquals(60, sum);
        assertTrue(nested.stream().noneMatch(name -> name.startsWith("convkit-fast-worker-")),
            "a call inside an isolated task reached the shared workers: " + nested);
        assertTrue(threads.size() <= 3, "at most one thread a worker, the same in every call: " + threads);
        for (Thread thread : threads) {
            assertTrue(thread != caller && thread.getName().startsWith("convkit-test-isolated"), thread.getName());
            thread.join(5_000);
            assertFalse(thread.isAlive(), thread.getName() + " still alive after the isolated work returned");
        }
        // calls outside it are back on the shared workers
        java.util.Set<String> after = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Parallel.run(3, task -> after.add(Thread.currentThread().getName()));
        assertTrue(after.stream().noneMatch(name -> name.startsWith("convkit-test-isolated")), after.toString());
    }

    @Test
    void anErrorInATaskReachesTheCallerAsItselfAfterEveryTaskHasEnded() {
        // an OutOfMemoryError or a failed assertion must not arrive wrapped, nor before the others end
        AssertionError failed = new AssertionError("a task's assertion");
        AtomicInteger ended = new AtomicInteger();
        assertSame(failed, assertThrows(AssertionError.class, () -> Parallel.run(3, task -> {
            if (task == 0) {
                throw failed;
            }
            sleep(50);
            ended.incrementAndGet();
        })));
        assertEquals(2, ended.get(), "the caller waited for the other tasks");
        OutOfMemoryError full = new OutOfMemoryError("a worker's");
        assertSame(full, assertThrows(OutOfMemoryError.class, () -> Parallel.run(2, task -> {
            if (task == 1) {
                throw full;
            }
        })));
        assertSame(full, assertThrows(OutOfMemoryError.class,
            () -> Parallel.isolated("convkit-test-isolated", () -> {
                throw full;
            })));
    }

    @Test
    void isolatedWorkRethrowsItsFailureAndKeepsTheCallersInterrupt() {
        IllegalStateException boom = new IllegalStateException("boom");
        assertSame(boom, assertThrows(IllegalStateException.class,
            () -> Parallel.isolated("convkit-test-isolated", () -> {
                Parallel.run(2, task -> {
                    if (task == 1) {
                        throw boom;
                    }
                });
                return 0;
            })));
        Thread.currentThread().interrupt();
        try {
            assertEquals(7, Parallel.isolated("convkit-test-isolated", () -> 7), "waits for the work though interrupted");
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept");
        } finally {
            Thread.interrupted();
        }
    }
}

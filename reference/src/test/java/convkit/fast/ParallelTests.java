package convkit.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;

/** The fast path's worker threads: every task runs once, failures reach the caller, nesting works. */
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
    void aCallInsideATaskDoesNotDeadlock() {
        AtomicInteger inner = new AtomicInteger();
        Parallel.run(2, outer -> Parallel.run(3, task -> inner.incrementAndGet()));
        assertEquals(6, inner.get());
    }
}

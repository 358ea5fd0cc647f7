package io.llmgateway.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.llmgateway.schemas.CacheDecision;
import io.llmgateway.schemas.CacheStatus;
import io.llmgateway.schemas.Priority;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Queued searches run interactive first, then in arrival order; a cancelled one never runs. */
class SearchThreadsTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);

    private final SearchThreads searches = new SearchThreads(1);
    private final List<String> ran = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Thread> callers = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        release.countDown();
        for (Thread caller : callers) {
            caller.join(WITHIN.toMillis());
        }
        searches.close();
    }

    @Test
    void anInteractiveSearchRunsBeforeTheBatchSearchesQueuedAheadOfIt() throws Exception {
        occupyTheThread();
        for (int i = 0; i < 5; i++) {
            enqueue(Priority.BATCH, "batch-" + i);
        }
        enqueue(Priority.INTERACTIVE, "interactive");
        enqueue(Priority.BATCH, "batch-5");

        release.countDown();
        for (Thread caller : callers) {
            caller.join(WITHIN.toMillis());
        }

        assertThat(ran).containsExactly("running", "interactive", "batch-0", "batch-1", "batch-2", "batch-3",
                "batch-4", "batch-5");
    }

    @Test
    void interactiveSearchesRunInArrivalOrder() throws Exception {
        occupyTheThread();
        enqueue(Priority.BATCH, "batch");
        enqueue(Priority.INTERACTIVE, "first");
        enqueue(Priority.INTERACTIVE, "second");

        release.countDown();
        for (Thread caller : callers) {
            caller.join(WITHIN.toMillis());
        }

        assertThat(ran).containsExactly("running", "first", "second", "batch");
    }

    @Test
    void aSearchWhoseCallerIsInterruptedLeavesTheQueueAndNeverRuns() throws Exception {
        occupyTheThread();
        Thread gaveUp = enqueue(Priority.INTERACTIVE, "gave up");
        enqueue(Priority.BATCH, "batch");

        gaveUp.interrupt();
        await().atMost(WITHIN).until(() -> searches.queued() == 1);
        release.countDown();
        for (Thread caller : callers) {
            caller.join(WITHIN.toMillis());
        }

        assertThat(ran).containsExactly("running", "batch");
    }

    /** Starts a search that holds the only thread until {@link #release}. */
    private void occupyTheThread() {
        CountDownLatch started = new CountDownLatch(1);
        call(Priority.BATCH, () -> {
            ran.add("running");
            started.countDown();
            release.await();
            return miss();
        });
        await().atMost(WITHIN).until(() -> started.getCount() == 0);
    }

    /** Queues a search from a caller of its own and waits until it is queued, so arrivals are ordered. */
    private Thread enqueue(Priority priority, String name) {
        int before = searches.queued();
        Thread caller = call(priority, () -> {
            ran.add(name);
            return miss();
        });
        await().atMost(WITHIN).until(() -> searches.queued() == before + 1);
        return caller;
    }

    private Thread call(Priority priority, Callable<Lookup> search) {
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                searches.run(priority, search);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        callers.add(caller);
        return caller;
    }

    private static Lookup miss() {
        return new Lookup.Forward(new CacheDecision(CacheStatus.MISS, "test", null));
    }
}

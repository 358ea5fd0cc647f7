package io.llmgateway.cache;

import io.llmgateway.schemas.Priority;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Platform threads, one per core, for the costly part of lookups (embedding and Lucene, CPU-bound
 * for milliseconds). Run on the pipeline's virtual threads instead, they would hold the few
 * carrier threads, and every other handler, a bypass that only forwards included, would queue
 * behind them; here the handler parks while it waits, and the OS shares the cores fairly.
 *
 * <p>Queued searches run interactive first, then in arrival order: an interactive search waits
 * for at most the searches already running (one per thread), never for the batch searches queued
 * ahead of it. A running search is never interrupted for a more urgent one. The queue is bounded
 * by the pipeline's slots ({@link CacheService#MAX_IN_FLIGHT}, batch requests at most
 * {@link CacheService#BATCH_SLOTS} of them).
 */
final class SearchThreads implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SearchThreads.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private final ThreadPoolExecutor threads;
    private final AtomicLong arrivals = new AtomicLong();

    SearchThreads(int count) {
        // Unbounded, so never rejecting while open; with core = max threads, a task queues only
        // when every thread is busy, and a thread takes the head of the queue: the most urgent.
        this.threads = new ThreadPoolExecutor(count, count, 0, TimeUnit.MILLISECONDS, new PriorityBlockingQueue<>(),
                Thread.ofPlatform().name("cache-search-", 0).factory());
    }

    /**
     * Runs {@code search} on a search thread, after the queued searches of a higher priority or of
     * the same priority and queued earlier, and waits for it; interrupting the caller cancels it.
     */
    Lookup run(Priority priority, Callable<Lookup> search) throws IOException, InterruptedException {
        Search task = new Search(search, priority, arrivals.getAndIncrement());
        // execute, not submit: submit would wrap the task in a FutureTask of its own, not comparable.
        threads.execute(task);
        try {
            return task.get();
        } catch (InterruptedException e) {
            task.cancel(true);
            threads.remove(task);
            throw e;
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> throw new IllegalStateException("search failed", e.getCause());
            }
        }
    }

    /** Searches waiting for a thread (for tests and diagnostics). */
    int queued() {
        return threads.getQueue().size();
    }

    /** Called after the pipeline closed, so no handler waits for a search any more. */
    @Override
    public void close() throws InterruptedException {
        threads.shutdown();
        if (!threads.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            log.warn("cache search threads still busy after {}: interrupting them", CLOSE_WAIT);
            threads.shutdownNow();
        }
    }

    /** A queued search: interactive before batch, then first come first served. */
    private static final class Search extends FutureTask<Lookup> implements Comparable<Search> {

        private final Priority priority;
        private final long arrival;

        Search(Callable<Lookup> search, Priority priority, long arrival) {
            super(search);
            this.priority = priority;
            this.arrival = arrival;
        }

        @Override
        public int compareTo(Search other) {
            int byPriority = Integer.compare(rank(priority), rank(other.priority));
            return byPriority != 0 ? byPriority : Long.compare(arrival, other.arrival);
        }

        private static int rank(Priority priority) {
            return priority == Priority.BATCH ? 1 : 0;
        }
    }
}

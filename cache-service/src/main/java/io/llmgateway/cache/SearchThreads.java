package io.llmgateway.cache;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Platform threads, one per core, for the costly part of lookups (embedding and Lucene, CPU-bound
 * for milliseconds). Run on the pipeline's virtual threads instead, they would hold the few
 * carrier threads, and every other handler, a bypass that only forwards included, would queue
 * behind them; here the handler parks while it waits, and the OS shares the cores fairly. The
 * queue is bounded by the pipeline's search lane ({@link CacheService#SEARCH_SLOTS}).
 */
final class SearchThreads implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SearchThreads.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private final ExecutorService threads;

    SearchThreads(int count) {
        this.threads = Executors.newFixedThreadPool(count, Thread.ofPlatform().name("cache-search-", 0).factory());
    }

    /** Runs {@code search} on a search thread and waits for it; interrupting the caller cancels it. */
    Lookup run(Callable<Lookup> search) throws IOException, InterruptedException {
        Future<Lookup> result = threads.submit(search);
        try {
            return result.get();
        } catch (InterruptedException e) {
            result.cancel(true);
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

    /** Called after the pipeline closed, so no handler waits for a search any more. */
    @Override
    public void close() throws InterruptedException {
        threads.shutdown();
        if (!threads.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            log.warn("cache search threads still busy after {}: interrupting them", CLOSE_WAIT);
            threads.shutdownNow();
        }
    }
}

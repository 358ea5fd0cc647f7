package io.llmgateway.cache.index;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.store.AlreadyClosedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reopens the shards' searchers on a timer, so that a lookup never pays for a refresh (Lucene's
 * advice for {@link org.apache.lucene.search.SearcherManager}).
 */
public final class ShardRefresher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ShardRefresher.class);

    private final ShardSet shards;
    private final ScheduledExecutorService timer;

    public ShardRefresher(ShardSet shards, Duration interval) {
        this.shards = shards;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("cache-refresh").factory());
        timer.scheduleWithFixedDelay(this::refreshAll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void refreshAll() {
        for (CacheShard shard : shards.all()) {
            try {
                shard.refresh();
            } catch (AlreadyClosedException e) {
                log.debug("shard {} closed while refreshing (released): {}", shard.partition(), e.getMessage());
            } catch (IOException | RuntimeException e) {
                log.error("cannot refresh cache shard {} at {}", shard.partition(), shard.path(), e);
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.llmgateway.cache.index;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shards this instance owns, by partition, and whether each has caught up with its topic
 * partition. Written by the entry feed, read by lookups and the refresher.
 */
public final class ShardSet {

    /** A shard and whether lookups may use it (its load reached the topic's end at assignment). */
    static final class Owned {
        final CacheShard shard;
        volatile boolean ready;

        Owned(CacheShard shard) {
            this.shard = shard;
        }
    }

    private final ConcurrentHashMap<Integer, Owned> owned = new ConcurrentHashMap<>();

    /** The shard of a partition when it is owned and loaded; empty while loading or not owned. */
    public Optional<CacheShard> ready(int partition) {
        Owned o = owned.get(partition);
        return o != null && o.ready ? Optional.of(o.shard) : Optional.empty();
    }

    /** Whether the partition is owned here, loaded or not. */
    public boolean owns(int partition) {
        return owned.containsKey(partition);
    }

    public List<CacheShard> all() {
        return owned.values().stream().map(o -> o.shard).toList();
    }

    /**
     * Serves a shard this process built itself (benchmarks, tools), ready at once; the caller
     * closes it.
     */
    public void adopt(CacheShard shard) {
        Owned owned = new Owned(shard);
        owned.ready = true;
        add(owned);
    }

    void add(Owned shard) {
        owned.put(shard.shard.partition(), shard);
    }

    Owned get(int partition) {
        return owned.get(partition);
    }

    Owned remove(int partition) {
        return owned.remove(partition);
    }

    List<Owned> owned() {
        return List.copyOf(owned.values());
    }
}

package io.llmgateway.cache.embed;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The vectors of the questions looked up lately, so that each cacheable question is embedded once
 * instead of twice: the lookup embeds it and remembers the vector; when the router's answer comes
 * back on the entries topic (co-partitioned by tenant, so normally to this instance, seconds
 * later) the entry feed reuses it instead of running the model again.
 *
 * <p>Only skips work, never changes a result: the embedder is deterministic, the key is a SHA-256
 * of exactly the text given to it, and every caller gets its own copy of the vector. A miss simply
 * embeds. Only lookups add vectors: a shard rebuild feeding thousands of old entries must not push
 * out the vectors of the questions still at the router.
 *
 * <p>Bounded by entry count, oldest first out (FIFO: the vectors are wanted within the time the
 * router takes to answer, and a reuse does not make one more likely to be wanted again). A vector
 * of 384 floats takes 1.5 KB, so {@link #DEFAULT_CAPACITY} holds about 16 MB with its keys, about a
 * minute of lookups at 150 a second. Thread-safe: one lock, held for map operations only, never
 * while the model runs (two lookups of the same new text may both embed it; both count as misses).
 */
public final class RecentEmbeddings {

    public static final int DEFAULT_CAPACITY = 10_000;

    private final Embedder embedder;
    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock(); // not synchronized: callers are virtual threads
    private final Map<ByteBuffer, float[]> vectors;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    /** @param capacity vectors kept; 0 remembers nothing (every call embeds) */
    public RecentEmbeddings(Embedder embedder, int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be 0 or more, was " + capacity);
        }
        this.embedder = embedder;
        this.capacity = capacity;
        this.vectors = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ByteBuffer, float[]> eldest) {
                return size() > RecentEmbeddings.this.capacity;
            }
        };
    }

    /** For a lookup: the remembered vector of this text, else a new one, remembered for the feed. */
    public float[] embedRemembering(String text) {
        ByteBuffer key = keyOf(text);
        float[] known = recall(key);
        if (known != null) {
            return known;
        }
        float[] vector = embedder.embed(text);
        if (capacity > 0) {
            lock.lock();
            try {
                vectors.put(key, vector.clone());
            } finally {
                lock.unlock();
            }
        }
        return vector;
    }

    /** For the entry feed: the remembered vector of this text, else a new one, not remembered. */
    public float[] embedReusing(String text) {
        float[] known = recall(keyOf(text));
        return known != null ? known : embedder.embed(text);
    }

    private float[] recall(ByteBuffer key) {
        float[] known;
        lock.lock();
        try {
            known = vectors.get(key);
        } finally {
            lock.unlock();
        }
        if (known == null) {
            misses.increment();
            return null;
        }
        hits.increment();
        return known.clone(); // Lucene keeps the array it is given: no caller may share ours
    }

    /** Embeddings reused instead of computed. */
    public long hits() {
        return hits.sum();
    }

    /** Embeddings computed (or failed) because no vector was remembered. */
    public long misses() {
        return misses.sum();
    }

    /** Vectors held now. */
    public int size() {
        lock.lock();
        try {
            return vectors.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "recent embeddings: " + hits() + " reused, " + misses() + " computed, " + size() + "/" + capacity
                + " held";
    }

    private static ByteBuffer keyOf(String text) {
        try {
            return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}

package io.llmgateway.cache.embed;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test double around a real embedder: counts the calls per text, and can hold the calls whose
 * text starts with a prefix until released (to keep lookups busy).
 */
public final class CountingEmbedder implements Embedder {

    private final Embedder delegate;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private volatile String heldPrefix;
    private volatile CountDownLatch release = new CountDownLatch(0);

    public CountingEmbedder(Embedder delegate) {
        this.delegate = delegate;
    }

    @Override
    public int dimension() {
        return delegate.dimension();
    }

    @Override
    public float[] embed(String text) {
        calls.computeIfAbsent(text, t -> new AtomicInteger()).incrementAndGet();
        total.incrementAndGet();
        String prefix = heldPrefix;
        if (prefix != null && text.startsWith(prefix)) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EmbeddingException("interrupted while held", e);
            }
        }
        return delegate.embed(text);
    }

    /** How many times this exact text was embedded. */
    public int callsFor(String text) {
        AtomicInteger n = calls.get(text);
        return n == null ? 0 : n.get();
    }

    public int total() {
        return total.get();
    }

    /** Holds every call on a text starting with {@code prefix} until {@link #releaseAll()}. */
    public void hold(String prefix) {
        release = new CountDownLatch(1);
        heldPrefix = prefix;
    }

    public void releaseAll() {
        heldPrefix = null;
        release.countDown();
    }

    @Override
    public void close() {
        delegate.close();
    }
}

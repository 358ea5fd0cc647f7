package io.llmgateway.cache.embed;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test double around a real embedder: counts the calls per text, and can hold the calls whose
 * text starts with a prefix until released, all at once or one at a time (to keep lookups busy).
 */
public final class CountingEmbedder implements Embedder {

    private final Embedder delegate;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final AtomicInteger held = new AtomicInteger();
    private volatile String heldPrefix;
    private volatile Gate gate = new Gate();

    public CountingEmbedder(Embedder delegate) {
        this.delegate = delegate;
    }

    @Override
    public int dimension() {
        return delegate.dimension();
    }

    @Override
    public String model() {
        return delegate.model();
    }

    @Override
    public float[] embed(String text) {
        calls.computeIfAbsent(text, t -> new AtomicInteger()).incrementAndGet();
        total.incrementAndGet();
        String prefix = heldPrefix;
        if (prefix != null && text.startsWith(prefix)) {
            held.incrementAndGet();
            try {
                gate.permits.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EmbeddingException("interrupted while held", e);
            } finally {
                held.decrementAndGet();
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

    /** Calls held right now. */
    public int held() {
        return held.get();
    }

    /** Holds every call on a text starting with {@code prefix} until {@link #releaseAll()}. */
    public void hold(String prefix) {
        gate = new Gate();
        heldPrefix = prefix;
    }

    /** Lets one held call (or the next one to be held) go on. */
    public void releaseOne() {
        gate.permits.release();
    }

    public void releaseAll() {
        heldPrefix = null;
        gate.open();
    }

    /** The permits of one {@link #hold}: opened once, for every call it holds. */
    private static final class Gate {
        private final Semaphore permits = new Semaphore(0);
        private final AtomicBoolean opened = new AtomicBoolean();

        void open() {
            if (opened.compareAndSet(false, true)) {
                permits.release(Integer.MAX_VALUE / 2);
            }
        }
    }

    @Override
    public void close() {
        delegate.close();
    }
}

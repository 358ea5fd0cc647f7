package io.llmgateway.router.resilience;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What a provider stream has delivered so far, shared by the thread that runs the call and the
 * thread that watches its time limits. Once the watcher expired it, no further delta is let
 * through: a chunk must never reach the caller after the router decided the call failed.
 */
final class StreamProgress {

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final long startedNanos = System.nanoTime();
    private final CountDownLatch ended = new CountDownLatch(1);
    private long deltas;
    private long firstDeltaNanos = -1;
    private boolean expired;
    private boolean passingOn;
    private CompletableFuture<Void> next = new CompletableFuture<>();

    /**
     * A delta arrived and is about to be passed on; false when the call was already expired and
     * the delta must be dropped. Until {@link #passedOn()}, the gap clock stands still: time spent
     * handing a delta to the caller is the gateway's, not a silence of the provider.
     */
    synchronized boolean arrived() {
        if (expired) {
            return false;
        }
        passingOn = true;
        if (firstDeltaNanos < 0) {
            firstDeltaNanos = System.nanoTime();
        }
        return true;
    }

    /** The delta was passed on: the wait for the next one starts now. */
    void passedOn() {
        CompletableFuture<Void> waiting;
        synchronized (this) {
            passingOn = false;
            deltas++;
            waiting = next;
            next = new CompletableFuture<>();
        }
        waiting.complete(null);
    }

    /** The call returned or threw. */
    void end() {
        CompletableFuture<Void> waiting;
        synchronized (this) {
            waiting = next;
        }
        ended.countDown();
        waiting.complete(null);
    }

    boolean hasEnded() {
        return ended.getCount() == 0;
    }

    synchronized long deltas() {
        return deltas;
    }

    /** Completes when more than {@code seen} deltas arrived or the call ended. */
    synchronized CompletableFuture<Void> after(long seen) {
        return deltas > seen || hasEnded() ? DONE : next;
    }

    /**
     * Marks the call expired if nothing arrived since {@code seen} and no delta is being passed
     * on; false when the provider was not silent after all.
     */
    synchronized boolean expireIfStill(long seen) {
        if (deltas > seen || passingOn || hasEnded()) {
            return false;
        }
        expired = true;
        return true;
    }

    /** Marks the call expired whatever it is doing (the request's deadline passed). */
    synchronized void expire() {
        expired = true;
    }

    /** Time to the first delta, or to the end of a call that delivered none. */
    long firstTokenNanos() {
        synchronized (this) {
            if (firstDeltaNanos >= 0) {
                return firstDeltaNanos - startedNanos;
            }
        }
        return System.nanoTime() - startedNanos;
    }

    boolean awaitEnd(long timeout, TimeUnit unit) throws InterruptedException {
        return ended.await(timeout, unit);
    }
}

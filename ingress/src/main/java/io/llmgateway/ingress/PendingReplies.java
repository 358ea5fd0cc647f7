package io.llmgateway.ingress;

import io.llmgateway.schemas.Reply;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * Requests of this instance that wait for their terminal reply, by request id. An entry is
 * registered before its request is produced (so no reply can arrive unseen) and leaves the map
 * when it is answered, when its waiter gives up, or when the sweep finds it past its deadline.
 *
 * <p>The first terminal reply wins; a later one for the same id finds no entry and is dropped,
 * which makes the ingress idempotent by request id when a stage re-sends after a crash.
 */
public final class PendingReplies {

    /** A request of this id already waits here (an {@code Idempotency-Key} retry while the first runs). */
    static final class AlreadyWaiting extends IllegalStateException {
        AlreadyWaiting(String requestId) {
            super("request id " + requestId + " is already waiting for a reply");
        }
    }

    private record Pending(CompletableFuture<Reply> future, long deadlineMs) {}

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    /** Streamed requests: every reply (chunks too) goes to the waiting handler. */
    private final Map<String, ReplyStream> streams = new ConcurrentHashMap<>();
    private final Clock clock;

    public PendingReplies(Clock clock) {
        this.clock = clock;
    }

    public CompletableFuture<Reply> register(String requestId, long deadlineMs) {
        CompletableFuture<Reply> future = new CompletableFuture<>();
        if (pending.putIfAbsent(requestId, new Pending(future, deadlineMs)) != null) {
            throw new AlreadyWaiting(requestId);
        }
        return future;
    }

    /** A streamed request: its handler takes every reply, chunks included, from the returned stream. */
    public ReplyStream registerStream(String requestId) {
        ReplyStream stream = new ReplyStream();
        if (streams.putIfAbsent(requestId, stream) != null) {
            throw new AlreadyWaiting(requestId);
        }
        return stream;
    }

    /** @return whether a streamed request took the reply */
    public boolean offerToStream(Reply reply) {
        ReplyStream stream = streams.get(reply.requestId());
        if (stream == null) {
            return false;
        }
        stream.offer(reply);
        return true;
    }

    /**
     * Completes the request a terminal reply answers.
     *
     * @return false when the reply is not terminal or nobody waits for it (answered already, or given up)
     */
    public boolean complete(Reply reply) {
        if (!reply.kind().isTerminal()) {
            return false;
        }
        Pending entry = pending.remove(reply.requestId());
        return entry != null && entry.future().complete(reply);
    }

    /** The ids of the plain (not streamed) requests waiting now. */
    java.util.Set<String> waitingIds() {
        return java.util.Set.copyOf(pending.keySet());
    }

    /** The waiter is done with this id (answered, timed out, or failed to publish). */
    public void forget(String requestId) {
        pending.remove(requestId);
        streams.remove(requestId);
    }

    /**
     * Removes entries past their deadline and fails their futures with a {@link TimeoutException};
     * a waiter normally removes its own entry, this catches the ones whose waiter is gone.
     *
     * @return how many were removed
     */
    public int expire() {
        long now = clock.millis();
        int removed = 0;
        for (Map.Entry<String, Pending> entry : pending.entrySet()) {
            Pending p = entry.getValue();
            if (now > p.deadlineMs() && pending.remove(entry.getKey(), p)) {
                p.future().completeExceptionally(new TimeoutException("no reply before the deadline"));
                removed++;
            }
        }
        return removed;
    }

    /** Fails every waiting request: this instance is shutting down and will read no more replies. */
    public void failAll(RuntimeException reason) {
        for (String requestId : pending.keySet()) {
            Pending p = pending.remove(requestId);
            if (p != null) {
                p.future().completeExceptionally(reason);
            }
        }
    }

    public int size() {
        return pending.size() + streams.size();
    }
}

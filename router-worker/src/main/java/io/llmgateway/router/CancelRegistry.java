package io.llmgateway.router;

import io.llmgateway.router.provider.Cancellation;
import io.llmgateway.schemas.CancelRequest;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The streamed calls this worker has in flight, by request id, and the cancels it has read. A
 * cancel stops the call at once when the call is here; a cancel that comes before its request
 * (the request still queued in an earlier stage) is remembered until the request's deadline, so
 * the request is skipped when it arrives.
 */
final class CancelRegistry {

    private final Map<String, Cancellation> inFlight = new ConcurrentHashMap<>();
    /** Request id -> the request's deadline (epoch ms). */
    private final Map<String, Long> cancelled = new ConcurrentHashMap<>();
    private final Clock clock;

    CancelRegistry(Clock clock) {
        this.clock = clock;
    }

    /** The cancellation of a call about to start; already cancelled when its cancel came first. */
    Cancellation register(String requestId) {
        Cancellation cancellation = new Cancellation();
        inFlight.put(requestId, cancellation);
        // After the put: a cancel that comes now finds the call, one that came before is in the map.
        if (cancelled.containsKey(requestId)) {
            cancellation.cancel();
        }
        return cancellation;
    }

    void finished(String requestId) {
        inFlight.remove(requestId);
    }

    /** @return whether a call of this worker was stopped */
    boolean cancel(CancelRequest request) {
        cancelled.put(request.requestId(), request.deadlineMs());
        Cancellation running = inFlight.get(request.requestId());
        if (running != null) {
            running.cancel();
        }
        forgetExpired();
        return running != null;
    }

    private void forgetExpired() {
        long now = clock.millis();
        cancelled.values().removeIf(deadlineMs -> deadlineMs < now);
    }

    int inFlight() {
        return inFlight.size();
    }
}

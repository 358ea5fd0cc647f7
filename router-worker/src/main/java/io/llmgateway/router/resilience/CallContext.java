package io.llmgateway.router.resilience;

import io.llmgateway.common.config.Deployment;
import io.llmgateway.router.provider.Cancellation;
import io.llmgateway.router.provider.StreamListener;
import io.llmgateway.schemas.RequestTrail;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One request's state across its attempts: where its deltas go, whether the caller has seen any,
 * how many provider calls were made, and the attempts that failed.
 */
public final class CallContext {

    private final Instant deadline;
    private final Clock clock;
    private final CallerStream toCaller;
    private final Cancellation cancellation;
    private final AtomicBoolean chunksSent = new AtomicBoolean();
    private final AtomicInteger providerCalls = new AtomicInteger();
    private final List<Attempt> failed = new ArrayList<>();
    private final List<RequestTrail.AttemptRecord> calls = new ArrayList<>();

    /**
     * @param toCaller receives the deltas the caller sees as they come; null when the caller wants
     *     the whole answer only (then nothing is shown before the end, and any failure may still
     *     fall back)
     * @param cancellation cancelled when the caller goes away: stops the provider call in progress
     */
    public CallContext(Instant deadline, Clock clock, CallerStream toCaller, Cancellation cancellation) {
        this.deadline = deadline;
        this.clock = clock;
        this.toCaller = toCaller;
        this.cancellation = cancellation;
    }

    /** Whether the caller went away: no further call is made. */
    public boolean cancelled() {
        return cancellation.isCancelled();
    }

    Cancellation cancellation() {
        return cancellation;
    }

    public Instant deadline() {
        return deadline;
    }

    public boolean pastDeadline() {
        return !clock.instant().isBefore(deadline);
    }

    /** Millis left before the deadline (negative after it). */
    long millisLeft() {
        return deadline.toEpochMilli() - clock.millis();
    }

    /** What a provider stream hands its deltas to: on to the caller when it streams, and remembered. */
    StreamListener listener(Deployment from) {
        return delta -> {
            if (toCaller != null) {
                chunksSent.set(true);
                toCaller.send(from, delta);
            }
        };
    }

    /** Whether the caller has already received part of an answer: from then on, no retry and no fallback. */
    public boolean chunksSent() {
        return chunksSent.get();
    }

    void countProviderCall() {
        providerCalls.incrementAndGet();
    }

    /** Calls that reached a provider (retries included; rejections by a breaker or limit are not calls). */
    public int providerCalls() {
        return providerCalls.get();
    }

    public synchronized void failed(Attempt attempt) {
        failed.add(attempt);
    }

    /** A provider call that ended, answered ({@code ok}) or failed, and how long it took. */
    synchronized void called(Attempt attempt, long durationMs) {
        calls.add(new RequestTrail.AttemptRecord(attempt.provider(), attempt.model(), attempt.status(),
                attempt.reason(), Math.max(0, durationMs)));
    }

    /** Every provider call made for the request, in order: for the request log. */
    public synchronized List<RequestTrail.AttemptRecord> calls() {
        return List.copyOf(calls);
    }

    public synchronized List<Attempt> failedAttempts() {
        return List.copyOf(failed);
    }
}

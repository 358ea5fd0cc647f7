package io.llmgateway.ingress;

import io.llmgateway.schemas.GatewayError;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.IdempotencyRecord;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.ReplyKind;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request with an {@code Idempotency-Key}, in front of the pipeline:
 * <ul>
 *   <li>the key's first request is recorded as sent, then sent, and its terminal reply is
 *       recorded as the key's answer;</li>
 *   <li>a retry (same tenant, key and body) whose first request is answered gets that answer
 *       again, and nothing is sent;</li>
 *   <li>a retry while the first runs is sent under the same request id: accounting serves the id
 *       once, and the answer reaches the retry through the idempotency topic
 *       ({@link IdempotencyStore});</li>
 *   <li>a retry that reaches the instance where the first still waits: 409
 *       {@code idempotency_key_in_use} with {@code retry-after};</li>
 *   <li>the same key with another body: 422 {@code idempotency_key_reused}.</li>
 * </ul>
 * An answer accounting gave without running the request (a rate limit, a spent budget, an expired
 * deadline) is not the key's answer: accounting did not use the request id, so a retry runs it.
 */
final class IdempotentPipeline implements Pipeline {

    private static final Logger log = LoggerFactory.getLogger(IdempotentPipeline.class);

    /** When a retry of a key in use may come again. */
    static final long IN_USE_RETRY_MS = 1_000;

    private final Pipeline inner;
    private final IdempotencyRecords records;
    private final IdempotencyKey key;
    private final Clock clock;
    private final Runnable onReplay;

    /** @param onReplay runs when the answer is the stored answer of an earlier request with the key */
    IdempotentPipeline(Pipeline inner, IdempotencyRecords records, IdempotencyKey key, Clock clock,
                       Runnable onReplay) {
        this.inner = inner;
        this.records = records;
        this.key = key;
        this.clock = clock;
        this.onReplay = onReplay;
    }

    @Override
    public Reply send(GatewayRequest request) {
        Optional<Reply> stored = priorAnswer(request);
        if (stored.isPresent()) {
            return stored.get();
        }
        try {
            Reply reply = inner.send(request);
            if (answeredElsewhere()) {
                // The first attempt's answer, come through the idempotency topic while this retry waited.
                onReplay.run();
            } else {
                remember(request, reply);
            }
            return reply;
        } catch (PendingReplies.AlreadyWaiting e) {
            throw inUse();
        }
    }

    @Override
    public ReplyStream stream(GatewayRequest request) {
        Optional<Reply> stored = priorAnswer(request);
        if (stored.isPresent()) {
            // The whole answer at once: the stream format writes a final reply with no chunks before it whole.
            ReplyStream replay = new ReplyStream();
            replay.offer(stored.get());
            return replay;
        }
        try {
            ReplyStream stream = inner.stream(request);
            stream.onTerminal(reply -> remember(request, reply));
            return stream;
        } catch (PendingReplies.AlreadyWaiting e) {
            throw inUse();
        }
    }

    @Override
    public void done(GatewayRequest request) {
        inner.done(request);
    }

    @Override
    public void cancel(GatewayRequest request, String reason) {
        inner.cancel(request, reason);
    }

    /** The key's answer to give again, or empty after recording this request as sent. */
    private Optional<Reply> priorAnswer(GatewayRequest request) {
        Optional<IdempotencyRecord> known = records.get(key.kafkaKey());
        if (known.isPresent() && !known.get().bodySha256().equals(key.bodySha256())) {
            throw new ApiError(422, "invalid_request_error", "Idempotency-Key", "idempotency_key_reused",
                    "This Idempotency-Key was already used with another request body; send a new key for a new"
                            + " request.", null);
        }
        Optional<Reply> answer = known.map(IdempotencyRecord::reply).filter(reply -> !ranNot(reply));
        if (answer.isPresent()) {
            onReplay.run();
            log.info("replaying the answer of {} for a retry with its Idempotency-Key", request.requestId());
            return answer;
        }
        if (known.isEmpty() || known.get().answered()) {
            await(records.put(new IdempotencyRecord(key.tenantId(), key.keySha256(), request.requestId(),
                    key.bodySha256(), clock.millis(), null)), request);
        }
        return Optional.empty();
    }

    /** Whether the key's answer is stored (by another attempt: this one stores its own after this check). */
    private boolean answeredElsewhere() {
        return records.get(key.kafkaKey()).map(IdempotencyRecord::reply).filter(stored -> !ranNot(stored)).isPresent();
    }

    private void remember(GatewayRequest request, Reply reply) {
        if (!reply.kind().isTerminal() || ranNot(reply) || answeredElsewhere()) {
            return;
        }
        // Not awaited: the caller has its answer; a write that fails leaves the key "sent", and a retry runs
        // the request id again, which accounting refuses (a dead letter) and the retry times out.
        records.put(new IdempotencyRecord(key.tenantId(), key.keySha256(), request.requestId(), key.bodySha256(),
                clock.millis(), reply));
    }

    /** Stripe's answer to a retry while the first request with the key is still waiting on the same instance. */
    private static ApiError inUse() {
        return new ApiError(409, "invalid_request_error", "Idempotency-Key", "idempotency_key_in_use",
                "A request with this Idempotency-Key is still running; retry shortly to get its answer.",
                IN_USE_RETRY_MS);
    }

    /** An answer given without running the request: its id is still unused, a retry may run it. */
    private static boolean ranNot(Reply reply) {
        return reply.kind() == ReplyKind.ERROR && GatewayError.refusedBeforeRunning(reply.error());
    }

    private void await(java.util.concurrent.Future<?> write, GatewayRequest request) {
        try {
            write.get(Math.max(0, request.deadlineMs() - clock.millis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiError.unavailable("The gateway is shutting down; retry later.");
        } catch (ExecutionException | TimeoutException e) {
            log.warn("cannot record Idempotency-Key of {}", request.requestId(), e);
            throw ApiError.unavailable("The gateway could not record the Idempotency-Key; retry later.");
        }
    }
}

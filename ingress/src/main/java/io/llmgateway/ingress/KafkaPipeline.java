package io.llmgateway.ingress;

import io.llmgateway.schemas.CancelRequest;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Reply;
import io.llmgateway.common.config.IngressSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline behind Kafka: produces the request, then waits for its terminal reply on this
 * instance's reply topic until the request's deadline. Handlers run on virtual threads, so the
 * wait parks no platform thread.
 */
public final class KafkaPipeline implements Pipeline {

    private static final Logger log = LoggerFactory.getLogger(KafkaPipeline.class);

    private final RequestPublisher publisher;
    private final CancelPublisher cancels;
    private final PendingReplies pending;
    private final Clock clock;
    private final Duration publishTimeout;
    private final Consumer<Throwable> publishFailed;
    private final RefusedRequests refusals;

    public KafkaPipeline(RequestPublisher publisher, CancelPublisher cancels, PendingReplies pending, Clock clock) {
        this(publisher, cancels, pending, clock, null);
    }

    /** @param refusals accounts for the requests the ingress refuses itself; null: they are not recorded */
    public KafkaPipeline(RequestPublisher publisher, CancelPublisher cancels, PendingReplies pending, Clock clock,
                         RefusedRequests refusals) {
        this(publisher, cancels, pending, clock, IngressSettings.DEFAULT_PUBLISH_TIMEOUT, cause -> { }, refusals);
    }

    KafkaPipeline(RequestPublisher publisher, CancelPublisher cancels, PendingReplies pending, Clock clock,
                  Duration publishTimeout, Consumer<Throwable> publishFailed) {
        this(publisher, cancels, pending, clock, publishTimeout, publishFailed, null);
    }

    /**
     * @param publishTimeout how long the broker may take to acknowledge a request
     *     ({@code ingress.publish_timeout}); past it the caller gets 503 with {@code retry-after}
     * @param publishFailed told when the broker did not take a request (readiness turns red)
     * @param refusals accounts for the requests the ingress refuses itself; null: they are not recorded
     */
    KafkaPipeline(RequestPublisher publisher, CancelPublisher cancels, PendingReplies pending, Clock clock,
                  Duration publishTimeout, Consumer<Throwable> publishFailed, RefusedRequests refusals) {
        this.publisher = publisher;
        this.cancels = cancels;
        this.pending = pending;
        this.clock = clock;
        this.publishTimeout = publishTimeout;
        this.publishFailed = publishFailed;
        this.refusals = refusals;
    }

    @Override
    public void refused(GatewayRequest request, ApiError error) {
        if (refusals != null) {
            refusals.record(request, error);
        }
    }

    @Override
    public ReplyStream stream(GatewayRequest request) {
        // Registered before producing: the first chunk may arrive before send() returns.
        ReplyStream stream = pending.registerStream(request.requestId());
        try {
            awaitPublished(publish(request), request);
            log.debug("published {} (stream) tenant={} project={} key_id={} model={} input_tokens~{}",
                    request.requestId(), request.tenantId(), request.projectId(), request.apiKeyId(), request.model(),
                    request.estimatedInputTokens());
            return stream;
        } catch (RuntimeException e) {
            pending.forget(request.requestId());
            throw e;
        }
    }

    @Override
    public void done(GatewayRequest request) {
        pending.forget(request.requestId());
    }

    @Override
    public void cancel(GatewayRequest request, String reason) {
        try {
            cancels.publish(new CancelRequest(request.requestId(), reason, clock.millis(), request.deadlineMs()));
            log.debug("cancel sent for {} ({})", request.requestId(), reason);
        } catch (KafkaException | IllegalStateException e) {
            log.warn("cannot send the cancel of {}; its provider call runs to its end", request.requestId(), e);
        }
    }

    private Future<RecordMetadata> publish(GatewayRequest request) {
        try {
            return publisher.publish(request);
        } catch (RecordTooLargeException e) {
            throw tooLarge(request, e);
        } catch (KafkaException | IllegalStateException e) {
            // No metadata within max.block.ms (the broker is down), or the producer is closed
            // because the instance is shutting down.
            log.warn("cannot publish {}", request.requestId(), e);
            publishFailed.accept(e);
            throw notTaken();
        }
    }

    /**
     * Waits for the broker's acknowledgement, at most {@code publish_timeout} (and never past the
     * deadline): a broker that does not answer is a 503 the caller may retry at once elsewhere,
     * not a wait to the deadline.
     */
    private void awaitPublished(Future<RecordMetadata> sent, GatewayRequest request) {
        long remainingMs = request.deadlineMs() - clock.millis();
        try {
            sent.get(Math.max(0, Math.min(remainingMs, publishTimeout.toMillis())), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw notAcknowledged(request, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RecordTooLargeException tooLarge) {
                throw tooLarge(request, tooLarge);
            }
            throw notAcknowledged(request, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiError.unavailable("The gateway is shutting down; retry later.");
        }
    }

    private ApiError notAcknowledged(GatewayRequest request, Throwable cause) {
        if (clock.millis() >= request.deadlineMs()) {
            return deadlinePassed(request, "publishing the request");
        }
        log.warn("request {} not acknowledged by Kafka within {} ms", request.requestId(), publishTimeout.toMillis(),
                cause);
        publishFailed.accept(cause);
        return notTaken();
    }

    private static ApiError notTaken() {
        return ApiError.unavailable("The gateway could not hand the request to its queue; retry shortly.",
                ApiError.NOT_READY_RETRY_MS);
    }

    @Override
    public Reply send(GatewayRequest request) {
        String id = request.requestId();
        // Registered before producing: the reply may arrive before send() returns.
        CompletableFuture<Reply> reply = pending.register(id, request.deadlineMs());
        try {
            awaitPublished(publish(request), request);
            log.debug("published {} tenant={} project={} key_id={} model={} input_tokens~{}", id, request.tenantId(),
                    request.projectId(), request.apiKeyId(), request.model(), request.estimatedInputTokens());
            return await(reply, request, "waiting for the reply");
        } finally {
            pending.forget(id);
        }
    }

    /** The producer (or the topic) refuses the record: the same body would be refused again, so 413. */
    private ApiError tooLarge(GatewayRequest request, RecordTooLargeException e) {
        log.info("request {} refused: its record is over kafka.max_record_bytes ({}): {}", request.requestId(),
                publisher.maxRecordBytes(), e.getMessage());
        return ApiError.recordTooLarge(publisher.maxRecordBytes());
    }

    private <T> T await(Future<T> future, GatewayRequest request, String what) {
        long remainingMs = request.deadlineMs() - clock.millis();
        try {
            return future.get(Math.max(0, remainingMs), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw deadlinePassed(request, what);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TimeoutException) {
                throw deadlinePassed(request, what);
            }
            if (e.getCause() instanceof RecordTooLargeException tooLarge) {
                throw tooLarge(request, tooLarge);
            }
            log.warn("request {} failed while {}", request.requestId(), what, e.getCause());
            throw ApiError.unavailable("The gateway could not complete the request (" + what
                    + "); retry later.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiError.unavailable("The gateway is shutting down; retry later.");
        }
    }

    private static ApiError deadlinePassed(GatewayRequest request, String what) {
        log.info("timed out {} while {}", request.requestId(), what);
        return ApiError.timeout("The request timed out: no answer before its deadline.");
    }
}

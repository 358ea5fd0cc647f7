package io.llmgateway.ingress;

import io.llmgateway.common.config.KafkaSettings;
import io.llmgateway.common.kafka.KafkaClients;
import io.llmgateway.common.trace.Tracing;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Outcome;
import io.llmgateway.schemas.RequestTrail;
import io.llmgateway.schemas.TokenUsage;
import io.llmgateway.schemas.Topic;
import io.llmgateway.schemas.UsageRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accounts for the requests the ingress itself ends before they reach Kafka (a prompt the content
 * filter blocks, a request plainly over a limit): a usage record {@code rejected} with no tokens on
 * {@code llm.usage}, so that accounting charges it (nothing) and writes its one request-log record
 * like any other's. Sent without waiting: the caller's answer does not wait on it.
 */
public final class RefusedRequests implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RefusedRequests.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final Topic<String, UsageRecord> topic;
    private final Producer<String, UsageRecord> producer;
    private final Clock clock;

    public RefusedRequests(KafkaSettings kafka, Topic<String, UsageRecord> topic, String clientId, Clock clock) {
        this.topic = topic;
        this.clock = clock;
        this.producer = new KafkaProducer<>(KafkaClients.producer(kafka, clientId), topic.keySerde().serializer(),
                topic.valueSerde().serializer());
    }

    /** Records the refusal of {@code request} with the error its caller gets. */
    public void record(GatewayRequest request, ApiError error) {
        ProducerRecord<String, UsageRecord> record = new ProducerRecord<>(topic.name(), request.tenantId(),
                usage(request, error, clock.millis()));
        if (request.traceparent() != null) {
            record.headers().add(Tracing.TRACEPARENT, request.traceparent().getBytes(StandardCharsets.US_ASCII));
        }
        producer.send(record, (metadata, e) -> {
            if (e != null) {
                log.warn("cannot record the refusal of request {}: it will have no request-log record",
                        request.requestId(), e);
            }
        });
    }

    static UsageRecord usage(GatewayRequest request, ApiError error, long nowMs) {
        long finishedAtMs = Math.max(nowMs, request.createdAtMs());
        return new UsageRecord(request.requestId(), request.tenantId(), request.projectId(), request.apiKeyId(),
                request.model(), null, null, Outcome.REJECTED, TokenUsage.NONE, false, false, 0, null,
                finishedAtMs - request.createdAtMs(), request.createdAtMs(), finishedAtMs,
                error.code() != null ? error.code() : error.type())
                .withFilters(request.inputFilters())
                .withTrail(RequestTrail.of(request));
    }

    @Override
    public void close() {
        producer.close(CLOSE_TIMEOUT);
    }
}

package io.llmgateway.accounting;

import io.llmgateway.common.kafka.DeadLetters;
import io.llmgateway.schemas.DeadLetter;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The request ids admission admitted in the last {@code window} (a RocksDB window store, so they
 * expire instead of growing forever). A request id is served once: a second record with an id
 * admitted before, whose first has finished (its reservation is gone), is a replay, by a producer
 * that re-sent it or by anyone who copied it, and is dead-lettered instead of being served again.
 * Refused requests are not remembered: a caller may retry one under the same id (an
 * {@code Idempotency-Key} retry after a 429).
 */
final class UsedRequestIds {

    private final Duration window;
    private final Topic<String, GatewayRequest> requests;
    private WindowStore<String, Long> admitted;

    UsedRequestIds(Duration window, Topic<String, GatewayRequest> requests) {
        this.window = window;
        this.requests = requests;
    }

    void init(ProcessorContext<?, ?> context) {
        this.admitted = context.getStateStore(AccountingStores.ADMITTED_IDS);
    }

    /** When the id was admitted within the window before {@code nowMs}; empty if it was not. */
    OptionalLong admittedAt(String requestId, long nowMs) {
        try (WindowStoreIterator<Long> it = admitted.fetch(requestId, Math.max(0, nowMs - window.toMillis()), nowMs)) {
            return it.hasNext() ? OptionalLong.of(it.next().value) : OptionalLong.empty();
        }
    }

    void remember(String requestId, long nowMs) {
        admitted.put(requestId, nowMs, nowMs);
    }

    /**
     * The dead letter of a replayed request. Admission has the parsed request, not the record's
     * bytes: the letter holds it serialized again (same fields, maybe another field order).
     */
    DeadLetter letter(GatewayRequest request, long admittedAtMs, RecordMetadata where, long nowMs) {
        String reason = "request id '" + request.requestId() + "' was admitted at " + Instant.ofEpochMilli(admittedAtMs)
                + " and has finished: a request id is served once (dedup window " + window + ")";
        byte[] value = requests.valueSerde().serializer().serialize(where.topic(), request);
        return DeadLetters.letter(where.topic(), where.partition(), where.offset(), request.tenantId(), value, reason,
                AccountingTopology.STAGE, nowMs);
    }
}

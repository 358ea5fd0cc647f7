package io.llmgateway.accounting;

import io.llmgateway.schemas.UsageRecord;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a usage record through only the first time its request id is seen. A provider call sits
 * outside any Kafka transaction, so a worker that crashed after sending usage sends it again;
 * counting it twice would double-charge the tenant.
 *
 * <p>The seen ids live in a window store (request id to first-seen timestamp) rather than a
 * plain key-value store so that they expire after {@code window} of stream time instead of
 * growing forever. Re-deliveries come minutes after the original, far inside the window. Usage
 * is keyed by tenant, so every delivery of one request lands in the same task and store.
 */
final class DropRedeliveredUsage implements FixedKeyProcessor<String, UsageRecord, UsageRecord> {

    private static final Logger log = LoggerFactory.getLogger(DropRedeliveredUsage.class);
    private final String storeName;
    private final Duration window;
    private FixedKeyProcessorContext<String, UsageRecord> context;
    private WindowStore<String, Long> seen;

    DropRedeliveredUsage(String storeName, Duration window) {
        this.storeName = storeName;
        this.window = window;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, UsageRecord> context) {
        this.context = context;
        this.seen = context.getStateStore(storeName);
    }

    @Override
    public void process(FixedKeyRecord<String, UsageRecord> record) {
        String requestId = record.value().requestId();
        long at = record.timestamp();
        if (seenBefore(requestId, at)) {
            context.recordMetadata().ifPresent(where -> log.info(
                    "dropping re-delivered usage of request {} (tenant {}) at {}-{}@{}", requestId, record.key(),
                    where.topic(), where.partition(), where.offset()));
            return;
        }
        seen.put(requestId, at, at);
        context.forward(record);
    }

    private boolean seenBefore(String requestId, long at) {
        long spanMs = window.toMillis();
        // A re-delivery can carry an earlier timestamp than the original (another worker's clock).
        try (WindowStoreIterator<Long> firstSeen = seen.fetch(requestId, Math.max(0, at - spanMs), at + spanMs)) {
            return firstSeen.hasNext();
        }
    }
}

package io.llmgateway.router;

import io.llmgateway.common.kafka.TenantPartitions;
import io.llmgateway.schemas.CacheDecision;
import io.llmgateway.schemas.CacheEntry;
import io.llmgateway.schemas.CacheFill;
import io.llmgateway.schemas.FinishReason;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.ReplyKind;
import io.llmgateway.schemas.Topic;
import io.llmgateway.schemas.UsageRecord;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's part of the cache: it copies the cache service's decision (miss or bypass, and
 * why) into the reply and the usage record, and publishes a complete answer to the compacted
 * entries topic when the decision allows it. The entry goes to the tenant's partition, where the
 * cache instance serving the tenant's admitted requests reads it.
 */
final class CacheFiller {

    private static final Logger log = LoggerFactory.getLogger(CacheFiller.class);

    private final Producer<String, byte[]> producer;
    private final Topic<String, CacheEntry> entries;
    private final Clock clock;

    CacheFiller(Producer<String, byte[]> producer, Topic<String, CacheEntry> entries, Clock clock) {
        this.producer = producer;
        this.entries = entries;
        this.clock = clock;
    }

    /** The reply with the cache's status and reason, when the cache decided anything. */
    Reply withDecision(GatewayRequest request, Reply reply) {
        CacheDecision decision = request.cacheDecision();
        return decision == null || reply.kind() != ReplyKind.FINAL ? reply
                : reply.withCache(decision.status(), decision.reason(), null);
    }

    UsageRecord withDecision(GatewayRequest request, UsageRecord usage) {
        CacheDecision decision = request.cacheDecision();
        return decision == null ? usage : usage.withCacheDecision(decision.status(), decision.reason());
    }

    /**
     * Publishes the answer as a cache entry when the cache asked for it and the answer is complete
     * (finish reason stop, not streamed); the caller awaits the send with the reply's.
     */
    Optional<Future<RecordMetadata>> fill(GatewayRequest request, Reply reply) {
        CacheFill fill = request.cacheDecision() == null ? null : request.cacheDecision().fill();
        if (fill == null || request.stream() || reply.kind() != ReplyKind.FINAL
                || reply.finishReason() != FinishReason.STOP) {
            return Optional.empty();
        }
        long now = clock.millis();
        CacheEntry entry = new CacheEntry(request.tenantId(), request.model(), fill.exactKey(), fill.scopeKey(),
                fill.prompt(), reply.content(), FinishReason.STOP, reply.model(), reply.provider(), reply.usage(),
                request.requestId(), now, now + fill.ttlMs());
        int partition = TenantPartitions.partitionOf(request.tenantId(), producer.partitionsFor(entries.name()).size());
        byte[] value = entries.valueSerde().serializer().serialize(entries.name(), entry);
        return Optional.of(producer.send(new ProducerRecord<>(entries.name(), partition, entry.kafkaKey(), value)));
    }

    /**
     * Waits for a fill. A lost fill only costs a later miss, and the caller already has its
     * answer: it is logged, not turned into a failed (dead-lettered) request.
     */
    void await(Optional<Future<RecordMetadata>> fill, GatewayRequest request) throws InterruptedException {
        if (fill.isEmpty()) {
            return;
        }
        try {
            fill.get().get();
        } catch (ExecutionException e) {
            log.warn("request {}: answer not cached, the entry could not be published to {}: {}",
                    request.requestId(), entries.name(), e.getCause().toString());
        }
    }
}

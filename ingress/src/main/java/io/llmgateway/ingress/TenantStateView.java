package io.llmgateway.ingress;

import io.llmgateway.common.config.KafkaSettings;
import io.llmgateway.common.kafka.GrouplessReader;
import io.llmgateway.schemas.TenantState;
import io.llmgateway.schemas.Topic;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest {@link TenantState} of every tenant, read on its own thread from the compacted
 * {@code llm.tenant.state} topic that accounting publishes. Every ingress instance reads all of
 * it (tenants are few, a state is small), from the beginning, with no consumer group ({@link GrouplessReader}).
 *
 * <p>Advisory only: accounting admits or refuses; this snapshot lets the ingress refuse what is
 * plainly over a limit without a round trip, and tell callers what is left.
 */
public final class TenantStateView implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TenantStateView.class);

    private final Topic<String, TenantState> topic;
    private final Map<String, TenantState> latest = new ConcurrentHashMap<>();
    private final GrouplessReader reader;

    public TenantStateView(KafkaSettings kafka, Topic<String, TenantState> topic, String clientId) {
        this.topic = topic;
        this.reader = new GrouplessReader(kafka, topic.name(), clientId, GrouplessReader.StartAt.BEGINNING,
                this::apply, () -> { }, "early limits are off");
    }

    public TenantStateView start() {
        reader.start();
        return this;
    }

    /** The tenant's latest state; empty before accounting published one (or before it was read). */
    public Optional<TenantState> get(String tenantId) {
        return Optional.ofNullable(latest.get(tenantId));
    }

    void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            latest.remove(record.key());
            return;
        }
        try {
            TenantState state = topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
            // Keyed by tenant; an older snapshot (a re-delivery) never replaces a newer one.
            latest.merge(state.tenantId(), state, (old, now) -> now.asOfMs() >= old.asOfMs() ? now : old);
        } catch (SerializationException e) {
            log.warn("skipping unreadable tenant state at {}-{}@{} (key {}): {}", record.topic(), record.partition(),
                    record.offset(), record.key(), e.getMessage());
        }
    }

    @Override
    public void close() {
        reader.close();
    }
}

package io.llmgateway.ingress;

import io.llmgateway.common.config.KafkaSettings;
import io.llmgateway.common.kafka.KafkaClients;
import io.llmgateway.common.kafka.PartitionsOf;
import io.llmgateway.schemas.TenantState;
import io.llmgateway.schemas.Topic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest {@link TenantState} of every tenant, read on its own thread from the compacted
 * {@code llm.tenant.state} topic that accounting publishes. Every ingress instance reads all of
 * it (tenants are few, a state is small), from the beginning, with no consumer group.
 *
 * <p>Advisory only: accounting admits or refuses; this snapshot lets the ingress refuse what is
 * plainly over a limit without a round trip, and tell callers what is left.
 */
public final class TenantStateView implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TenantStateView.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(10);

    private final Topic<String, TenantState> topic;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, TenantState> latest = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean closing;
    private volatile boolean started;

    public TenantStateView(KafkaSettings kafka, Topic<String, TenantState> topic, String clientId) {
        this.topic = topic;
        Properties props = KafkaClients.rawConsumer(kafka, clientId, clientId);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(props);
        this.thread = Thread.ofPlatform().daemon().name("tenant-state-" + topic.name()).unstarted(this::run);
    }

    public TenantStateView start() {
        started = true;
        thread.start();
        return this;
    }

    /** The tenant's latest state; empty before accounting published one (or before it was read). */
    public Optional<TenantState> get(String tenantId) {
        return Optional.ofNullable(latest.get(tenantId));
    }

    private void run() {
        try {
            List<TopicPartition> partitions = PartitionsOf.await(consumer, topic.name(), () -> closing);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            log.info("reading tenant state from {} ({} partitions)", topic.name(), partitions.size());
            while (!closing) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    apply(record);
                }
            }
        } catch (WakeupException e) {
            if (!closing) {
                log.error("tenant state consumer woken up unexpectedly; early limits are off", e);
            }
        } catch (RuntimeException e) {
            log.error("tenant state consumer on {} failed; early limits are off", topic.name(), e);
        } finally {
            consumer.close();
        }
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
        closing = true;
        if (!started) {
            consumer.close();
            return;
        }
        consumer.wakeup();
        try {
            thread.join(JOIN_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("tenant state thread {} did not stop within {}", thread.getName(), JOIN_TIMEOUT);
        }
    }
}

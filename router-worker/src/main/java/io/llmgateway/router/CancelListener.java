package io.llmgateway.router;

import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.kafka.KafkaClients;
import io.llmgateway.common.kafka.PartitionsOf;
import io.llmgateway.common.kafka.PipelineTopics;
import io.llmgateway.schemas.CancelRequest;
import io.llmgateway.schemas.Topic;
import io.llmgateway.schemas.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code llm.cancels} and hands each cancel to the {@link CancelRegistry}. Every worker
 * reads every partition ({@code assign()}, no consumer group): a worker cannot know which
 * instance holds a request, cancels are rare and small, and only the holder acts on one. It
 * starts at the end: a cancel sent before this worker started is for a call it does not have.
 * Unreadable records are logged with topic, partition and offset and skipped.
 */
final class CancelListener implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CancelListener.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final GatewayConfig config;
    private final Topic<String, CancelRequest> topic = Topics.CANCELS;
    private final CancelRegistry registry;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private volatile boolean closing;
    private volatile boolean ready;

    CancelListener(GatewayConfig config, CancelRegistry registry) {
        this.config = config;
        this.registry = registry;
        String clientId = "router-cancels-" + UUID.randomUUID();
        Properties props = KafkaClients.rawConsumer(config.kafka(), clientId, clientId);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        this.consumer = new KafkaConsumer<>(props);
        this.thread = Thread.ofPlatform().name("router-cancels").unstarted(this::run);
    }

    CancelListener start() {
        thread.start();
        return this;
    }

    /** Positioned on every partition: a cancel sent from now on will be seen. */
    boolean isReady() {
        return ready;
    }

    private void run() {
        try {
            PipelineTopics.ensure(config, topic.name());
            List<TopicPartition> partitions = PartitionsOf.await(consumer, topic.name(), () -> closing);
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            ready = true;
            log.info("reading cancels from {} ({} partitions)", topic.name(), partitions.size());
            while (!closing) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    handle(record);
                }
            }
        } catch (WakeupException e) {
            if (!closing) {
                log.error("cancel consumer woken up unexpectedly; cancels are no longer seen", e);
            }
        } catch (RuntimeException e) {
            log.error("cancel consumer on {} failed; cancels are no longer seen", topic.name(), e);
        } finally {
            ready = false;
            consumer.close();
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        CancelRequest cancel;
        try {
            cancel = topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
        } catch (SerializationException e) {
            log.warn("skipping unreadable cancel at {}-{}@{} (key {}): {}", record.topic(), record.partition(),
                    record.offset(), record.key(), e.getMessage());
            return;
        }
        if (cancel == null) {
            return;
        }
        boolean stopped = registry.cancel(cancel);
        log.info("cancel for {} at {}-{}@{} ({}): {}", cancel.requestId(), record.topic(), record.partition(),
                record.offset(), cancel.reason(), stopped ? "stopped its provider call" : "not in flight here");
    }

    @Override
    public void close() {
        closing = true;
        if (thread.getState() == Thread.State.NEW) {
            consumer.close();
            return;
        }
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

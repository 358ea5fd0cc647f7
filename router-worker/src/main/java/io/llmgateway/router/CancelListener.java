package io.llmgateway.router;

import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.kafka.GrouplessReader;
import io.llmgateway.common.kafka.PipelineTopics;
import io.llmgateway.schemas.CancelRequest;
import io.llmgateway.schemas.Topic;
import io.llmgateway.schemas.Topics;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code llm.cancels} and hands each cancel to the {@link CancelRegistry}. Every worker
 * reads every partition ({@link GrouplessReader}, no consumer group): a worker cannot know which
 * instance holds a request, cancels are rare and small, and only the holder acts on one. It
 * starts at the end: a cancel sent before this worker started is for a call it does not have.
 * Unreadable records are logged with topic, partition and offset and skipped.
 */
final class CancelListener implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CancelListener.class);

    private final GatewayConfig config;
    private final Topic<String, CancelRequest> topic = Topics.CANCELS;
    private final CancelRegistry registry;
    private final GrouplessReader reader;

    CancelListener(GatewayConfig config, CancelRegistry registry) {
        this.config = config;
        this.registry = registry;
        this.reader = new GrouplessReader(config.kafka(), topic.name(), "router-cancels-" + UUID.randomUUID(),
                GrouplessReader.StartAt.END, this::handle, () -> { }, "cancels are no longer seen");
    }

    CancelListener start() {
        PipelineTopics.ensure(config, topic.name());
        reader.start();
        return this;
    }

    /** Positioned on every partition: a cancel sent from now on will be seen. */
    boolean isReady() {
        return reader.isReady();
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
        log.debug("cancel for {} at {}-{}@{} ({}): {}", cancel.requestId(), record.topic(), record.partition(),
                record.offset(), cancel.reason(), stopped ? "stopped its provider call" : "not in flight here");
    }

    @Override
    public void close() {
        reader.close();
    }
}

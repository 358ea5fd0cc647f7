package io.llmgateway.ingress;

import io.llmgateway.common.config.KafkaSettings;
import io.llmgateway.common.kafka.KafkaClients;
import io.llmgateway.schemas.CancelRequest;
import io.llmgateway.schemas.Topic;
import io.llmgateway.common.trace.Tracing;
import java.time.Duration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Produces cancels to {@code llm.cancels}, keyed by request id, when a streaming caller goes away. */
public final class CancelPublisher implements AutoCloseable {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final Topic<String, CancelRequest> topic;
    private final Producer<String, CancelRequest> producer;

    public CancelPublisher(KafkaSettings kafka, Topic<String, CancelRequest> topic, String clientId) {
        this.topic = topic;
        this.producer = new KafkaProducer<>(KafkaClients.producer(kafka, clientId), topic.keySerde().serializer(),
                topic.valueSerde().serializer());
    }

    /** Sends without waiting: the caller is gone, nobody waits on this. */
    public void publish(CancelRequest cancel) {
        ProducerRecord<String, CancelRequest> record = new ProducerRecord<>(topic.name(), cancel.requestId(), cancel);
        Tracing.writeCurrent(record.headers());
        producer.send(record);
    }

    @Override
    public void close() {
        producer.close(CLOSE_TIMEOUT);
    }
}

package io.llmgateway.ingress;

import io.llmgateway.common.config.KafkaSettings;
import io.llmgateway.common.kafka.KafkaClients;
import io.llmgateway.common.security.RequestSignature;
import io.llmgateway.common.security.SigningSerializer;
import io.llmgateway.common.trace.Tracing;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Topic;
import java.time.Duration;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Produces requests to the requests topic, keyed by tenant id (admission owns a tenant per
 * partition), each signed as the ingress's ({@link RequestSignature}).
 */
public final class RequestPublisher implements AutoCloseable {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final Topic<String, GatewayRequest> topic;
    private final Producer<String, GatewayRequest> producer;
    private final int maxRecordBytes;

    /** @param signingKey the ingress's key: every record is signed with it (accounting refuses unsigned ones) */
    public RequestPublisher(KafkaSettings kafka, Topic<String, GatewayRequest> topic, String clientId,
                            String signingKey) {
        this.topic = topic;
        this.maxRecordBytes = kafka.maxRecordBytes();
        this.producer = new KafkaProducer<>(KafkaClients.producer(kafka, clientId), topic.keySerde().serializer(),
                new SigningSerializer<>(topic.valueSerde().serializer(), RequestSignature.Signer.INGRESS, signingKey));
    }

    /** Blocks until the producer knows the topic's partitions: it can send. */
    public void awaitMetadata() {
        producer.partitionsFor(topic.name());
    }

    /** Sends the request; the record carries the ingress span's trace context ({@code traceparent} header). */
    public Future<RecordMetadata> publish(GatewayRequest request) {
        ProducerRecord<String, GatewayRequest> record = new ProducerRecord<>(topic.name(), request.tenantId(), request);
        Tracing.writeCurrent(record.headers());
        return producer.send(record);
    }

    /** The largest record it sends ({@code kafka.max_record_bytes}). */
    public int maxRecordBytes() {
        return maxRecordBytes;
    }

    @Override
    public void close() {
        producer.close(CLOSE_TIMEOUT);
    }
}

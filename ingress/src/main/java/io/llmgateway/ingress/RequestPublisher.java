package io.llmgateway.ingress;

import io.llmgateway.common.config.IngressSettings;
import io.llmgateway.common.config.KafkaSettings;
import io.llmgateway.common.kafka.KafkaClients;
import io.llmgateway.common.security.RequestSignature;
import io.llmgateway.common.security.SigningSerializer;
import io.llmgateway.common.trace.Tracing;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Topic;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
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
        this(kafka, topic, clientId, signingKey, IngressSettings.DEFAULT_PUBLISH_TIMEOUT);
    }

    /**
     * @param publishTimeout how long a send may take in all ({@code ingress.publish_timeout}):
     *     waiting for metadata or buffer space, then for the broker's acknowledgement. A record not
     *     acknowledged by then is given up by the producer itself, so it cannot reach the topic
     *     after its caller was told 503.
     */
    public RequestPublisher(KafkaSettings kafka, Topic<String, GatewayRequest> topic, String clientId,
                            String signingKey, Duration publishTimeout) {
        this.topic = topic;
        this.maxRecordBytes = kafka.maxRecordBytes();
        this.producer = new KafkaProducer<>(properties(kafka, clientId, publishTimeout), topic.keySerde().serializer(),
                new SigningSerializer<>(topic.valueSerde().serializer(), RequestSignature.Signer.INGRESS, signingKey));
    }

    static Properties properties(KafkaSettings kafka, String clientId, Duration publishTimeout) {
        Properties props = KafkaClients.producer(kafka, clientId);
        int ms = (int) Math.min(Integer.MAX_VALUE, publishTimeout.toMillis());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, ms);
        // Kafka requires delivery.timeout.ms >= linger.ms (0) + request.timeout.ms.
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, ms);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
        return props;
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

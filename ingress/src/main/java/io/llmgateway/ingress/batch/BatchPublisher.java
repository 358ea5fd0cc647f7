package io.llmgateway.ingress.batch;

import io.llmgateway.common.config.KafkaSettings;
import io.llmgateway.common.kafka.KafkaClients;
import io.llmgateway.common.security.RequestSignature;
import io.llmgateway.common.security.SigningSerializer;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Topic;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Produces batch jobs' requests to the requests topic, keyed by tenant and signed as the
 * ingress's (it authenticated the API key that created the job). Unlike the interactive
 * producer it lingers a little: a job's lines wait for no one, and larger Kafka batches carry
 * thousands of them a second.
 */
final class BatchPublisher implements AutoCloseable {

    private final Topic<String, GatewayRequest> topic;
    private final KafkaProducer<String, GatewayRequest> producer;

    BatchPublisher(KafkaSettings kafka, Topic<String, GatewayRequest> topic, String clientId, String signingKey) {
        this.topic = topic;
        var props = KafkaClients.producer(kafka, clientId);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        this.producer = new KafkaProducer<>(props, topic.keySerde().serializer(),
                new SigningSerializer<>(topic.valueSerde().serializer(), RequestSignature.Signer.INGRESS, signingKey));
    }

    /** Sends without waiting; {@code onFailure} hears of a request Kafka did not take. */
    void publish(GatewayRequest request, Consumer<Exception> onFailure) {
        try {
            producer.send(new ProducerRecord<>(topic.name(), request.tenantId(), request), (metadata, e) -> {
                if (e != null) {
                    onFailure.accept(e);
                }
            });
        } catch (RuntimeException e) {
            onFailure.accept(e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}

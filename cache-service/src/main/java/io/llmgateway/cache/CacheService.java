package io.llmgateway.cache;

import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.kafka.KafkaClients;
import io.llmgateway.common.pipeline.InboundRecord;
import io.llmgateway.common.pipeline.PipelineSettings;
import io.llmgateway.common.pipeline.RecordPipeline;
import io.llmgateway.common.pipeline.TopicPublisher;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Topic;
import java.time.Clock;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes admitted requests and forwards every cache miss to the router, keyed by request id
 * (the router's partitions then spread requests evenly, whatever the tenant).
 *
 * <p>Walking skeleton: every request is a miss. The exact and semantic lookup (a later issue)
 * goes into {@link #handle} before the forward: a hit answers the caller and is not forwarded.
 */
public final class CacheService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CacheService.class);

    /** Lookups are quick and CPU-bound; more at once would only queue on the cores. */
    static final int MAX_IN_FLIGHT = 256;

    private final Topic<String, GatewayRequest> routable;
    private final Producer<String, byte[]> producer;
    private final TopicPublisher publisher;
    private final RecordPipeline<GatewayRequest> pipeline;

    public CacheService(GatewayConfig config, Clock clock) {
        this.routable = config.topics().routableTopic();
        this.producer = new KafkaProducer<>(KafkaClients.producer(config.kafka(), "cache"), new StringSerializer(),
                new ByteArraySerializer());
        this.publisher = new TopicPublisher(producer);
        PipelineSettings settings = PipelineSettings.of("cache", config.kafka(), config.cache().groupId(),
                config.topics().deadLetterTopic(), MAX_IN_FLIGHT);
        this.pipeline = new RecordPipeline<>(settings, config.topics().admittedTopic(), this::handle, producer, clock);
    }

    public CacheService start() {
        pipeline.start();
        return this;
    }

    /** Blocks until the service stops: after {@link #close()}, or when its consumer loop failed. */
    public void awaitStopped() throws InterruptedException {
        pipeline.awaitStopped();
    }

    /** Why the consumer loop stopped on its own, if it did. */
    public Optional<Throwable> failure() {
        return pipeline.failure();
    }

    private void handle(InboundRecord<GatewayRequest> record) throws InterruptedException {
        GatewayRequest request = record.value();
        forwardMiss(record, request);
    }

    private void forwardMiss(InboundRecord<GatewayRequest> record, GatewayRequest request)
            throws InterruptedException {
        publisher.publish(routable, request.requestId(), request);
        log.debug("request {} from {}: miss, forwarded to {}", request.requestId(), record.position(),
                routable.name());
    }

    /** Stops consuming (finishing what runs), then closes the producer. */
    @Override
    public void close() {
        try {
            pipeline.close();
        } finally {
            producer.close();
        }
    }
}

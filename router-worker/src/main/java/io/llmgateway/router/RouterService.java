package io.llmgateway.router;

import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.kafka.KafkaClients;
import io.llmgateway.common.pipeline.PipelineSettings;
import io.llmgateway.common.pipeline.RecordPipeline;
import io.llmgateway.common.pipeline.TopicPublisher;
import io.llmgateway.router.provider.ProviderClients;
import io.llmgateway.schemas.GatewayRequest;
import java.time.Clock;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The router worker: consumes {@code llm.routable} in the router's consumer group, up to
 * {@code router.max_in_flight} requests at once on virtual threads, and answers each through
 * {@link RequestRouter}. Run as many instances as needed; Kafka shares the partitions.
 */
public final class RouterService implements AutoCloseable {

    private final Producer<String, byte[]> producer;
    private final ProviderClients providers;
    private final RecordPipeline<GatewayRequest> pipeline;

    public RouterService(GatewayConfig config, Clock clock) {
        this.providers = ProviderClients.create(config.providers(), clock);
        this.producer = new KafkaProducer<>(KafkaClients.producer(config.kafka(), "router"), new StringSerializer(),
                new ByteArraySerializer());
        RequestRouter router = new RequestRouter(new DeploymentPicker(config), providers, new TopicPublisher(producer),
                config.topics().usageTopic(), clock,
                new CacheFiller(producer, config.topics().cacheEntriesTopic(), clock));
        PipelineSettings settings = PipelineSettings.of("router", config.kafka(), config.router().groupId(),
                config.topics().deadLetterTopic(), config.router().maxInFlight());
        this.pipeline = new RecordPipeline<>(settings, config.topics().routableTopic(), router, producer, clock);
    }

    public RouterService start() {
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

    /** Stops consuming (finishing running calls), then closes the provider clients and the producer. */
    @Override
    public void close() {
        try {
            pipeline.close();
        } finally {
            try {
                providers.close();
            } finally {
                producer.close();
            }
        }
    }
}

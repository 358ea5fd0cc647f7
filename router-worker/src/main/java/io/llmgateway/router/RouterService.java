package io.llmgateway.router;

import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.config.RouterSettings;
import io.llmgateway.safety.ContentFilters;
import io.llmgateway.safety.SafetyMeters;
import io.llmgateway.common.kafka.KafkaClients;
import io.llmgateway.common.metrics.RequestMeters;
import io.llmgateway.common.metrics.TenantLabels;
import io.llmgateway.common.pipeline.BatchLane;
import io.llmgateway.common.pipeline.GivenUpRequests;
import io.llmgateway.common.pipeline.PartitionListener;
import io.llmgateway.common.pipeline.PipelineSettings;
import io.llmgateway.common.pipeline.RecordPipeline;
import io.llmgateway.common.pipeline.TopicPublisher;
import io.llmgateway.common.trace.Tracing;
import io.llmgateway.router.provider.ProviderClients;
import io.llmgateway.router.resilience.GuardedCall;
import io.llmgateway.router.resilience.BreakerRoutes;
import io.llmgateway.router.resilience.ResilienceRegistry;
import io.llmgateway.common.management.ManagementRoutes;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Priority;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.random.RandomGenerator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The router worker: consumes {@code llm.routable} in the router's consumer group, up to
 * {@code router.max_in_flight} requests at once on virtual threads, and answers each through
 * {@link RequestRouter}. Interactive requests are started before batch requests, and batch
 * requests take at most {@code router.batch_max_in_flight} slots. Run as many instances as needed;
 * Kafka shares the partitions.
 */
public final class RouterService implements AutoCloseable {

    private final Producer<String, byte[]> producer;
    private final ProviderClients providers;
    private final ExecutorService providerCalls;
    private final ResilienceRegistry resilience;
    private final CancelListener cancelListener;
    private final RecordPipeline<GatewayRequest> pipeline;
    private final BreakerRoutes breakerRoutes;
    private final Tracing tracing;
    private final boolean ownTracing;

    public RouterService(GatewayConfig config, Clock clock) {
        this(config, clock, new SimpleMeterRegistry());
    }

    /**
     * @param meters receives the request meters ({@link RequestMeters}), the resilience metrics
     *     (breaker states, retries, limits, time limiters) and the consumer's (lag)
     */
    public RouterService(GatewayConfig config, Clock clock, MeterRegistry meters) {
        this(config, clock, meters, null);
    }

    /**
     * @param given the process's tracing, closed by its owner; null: one of its own from
     *     {@code tracing} in the config, closed with the service
     */
    public RouterService(GatewayConfig config, Clock clock, MeterRegistry meters, Tracing given) {
        this.ownTracing = given == null;
        this.tracing = given == null ? Tracing.create(config.tracing(), "router") : given;
        RouterSettings router = config.router();
        this.providers = ProviderClients.create(config.providers(), clock);
        this.producer = new KafkaProducer<>(KafkaClients.producer(config.kafka(), "router"), new StringSerializer(),
                new ByteArraySerializer());
        this.providerCalls = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("router-call-", 0).factory());
        this.resilience = new ResilienceRegistry(router.resilience(), meters, clock);
        this.breakerRoutes = new BreakerRoutes(resilience, config.models());
        DeploymentStats stats = new DeploymentStats();
        DeploymentPicker picker = new DeploymentPicker(config, router.strategy(), resilience::isHealthy, stats,
                RandomGenerator.getDefault());
        FallbackChain chain = new FallbackChain(new GuardedCall(resilience, providerCalls, clock, tracing), providers,
                stats);
        CancelRegistry cancels = new CancelRegistry(clock);
        this.cancelListener = new CancelListener(config, cancels);
        TopicPublisher publisher = new TopicPublisher(producer);
        RequestRouter handler = new RequestRouter(picker, chain, cancels, publisher,
                config.topics().usageTopic(), clock,
                new CacheFiller(producer, config.topics().cacheEntriesTopic(), clock),
                new ContentFilters(config.contentSafety()), new SafetyMeters(meters), tracing,
                new RequestMeters(meters, new TenantLabels(config.admin().metricsTopTenants())));
        PipelineSettings settings = PipelineSettings.of("router", config.kafka(), router.groupId(),
                config.topics().deadLetterTopic(), router.maxInFlight()).withSessionTimeout(router.sessionTimeout());
        // Interactive requests first; batch requests never take every slot (see BatchLane).
        BatchLane<GatewayRequest> batchLane = new BatchLane<>(request -> request.priority() == Priority.BATCH,
                router.batchMaxInFlight());
        // A request the handler throws on is answered 500 at once, with a failed usage record, then dead-lettered.
        GivenUpRequests giveUp = new GivenUpRequests(publisher, config.topics().usageTopic(), "router", clock);
        this.pipeline = new RecordPipeline<>(settings, config.topics().routableTopic(), handler, giveUp,
                PartitionListener.NONE, batchLane, producer, clock).bindMetrics(meters);
    }

    public RouterService start() {
        cancelListener.start();
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

    /** The circuit breakers, retries and limits, for tests and operators' tools. */
    public ResilienceRegistry resilience() {
        return resilience;
    }

    /** {@code GET /admin/breakers}, for this worker's management port ({@link BreakerRoutes}). */
    public ManagementRoutes managementRoutes() {
        return breakerRoutes;
    }

    /** Stops consuming (finishing running calls), then closes the provider clients and the producer. */
    @Override
    public void close() {
        try {
            pipeline.close();
        } finally {
            try {
                cancelListener.close();
                providerCalls.shutdownNow();
                providers.close();
            } finally {
                producer.close();
                if (ownTracing) {
                    tracing.close();
                }
            }
        }
    }
}

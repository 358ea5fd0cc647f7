package io.llmgateway.ingress;

import io.helidon.webserver.WebServer;
import io.llmgateway.common.Listening;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.management.ManagementRoutes;
import io.llmgateway.common.metrics.ServiceMetrics;
import io.llmgateway.common.security.ProducerKeys;
import io.llmgateway.common.security.Secrets;
import io.llmgateway.ingress.batch.BatchContext;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.llmgateway.common.kafka.PipelineTopics;
import io.llmgateway.schemas.Reply;
import io.llmgateway.schemas.Topic;
import io.llmgateway.common.trace.Tracing;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingress service: an HTTP server (Helidon SE, handlers on virtual threads) in front of the
 * pipeline, a producer to the requests topic and a consumer of this instance's reply topic.
 *
 * <p>One shutdown path: {@link #close()} fails the requests still waiting (503), stops the HTTP
 * server, then the reply consumer, then the producer.
 */
public final class IngressServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IngressServer.class);
    private static final Duration TOPIC_DELETE_TIMEOUT = Duration.ofSeconds(5);

    private final GatewayConfig config;
    private final String signingKey;
    private final Clock clock;
    private final int port;
    private final String instanceId;
    private final Topic<String, Reply> replyTopic;
    private final PendingReplies pending;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ServiceMetrics metrics;
    private final boolean ownMetrics;
    private final Tracing tracing;
    private final boolean ownTracing;
    /** Named in the config: its reply topic outlives a restart. Random: nobody reads it after close. */
    private final boolean namedInstance;

    private RequestPublisher publisher;
    private CancelPublisher cancels;
    private RefusedRequests refusals;
    private ReplyListener replies;
    private TenantStateView tenantStates;
    private BrokerHealth broker;
    private BatchContext batches;
    private IdempotencyStore idempotencyKeys;
    private volatile WebServer server;
    private volatile boolean producerUp;

    /** Listens on the configured {@code ingress.port}. */
    public IngressServer(GatewayConfig config, Clock clock) {
        this(config, clock, config.ingress().port());
    }

    /**
     * @param port the port to listen on; 0 picks a free one (tests), see {@link #port()}
     */
    public IngressServer(GatewayConfig config, Clock clock, int port) {
        this(config, clock, port, null);
    }

    /**
     * @param metrics the process's meters, served on a management port ({@link #managementRoutes});
     *     null: the ingress keeps meters of its own (closed with it)
     */
    public IngressServer(GatewayConfig config, Clock clock, int port, ServiceMetrics metrics) {
        this(config, clock, port, metrics, Secrets.environment());
    }

    /**
     * @param secrets where the signing key {@code ingress.signing_key_env} names is read (here: an
     *     unset one fails at construction, naming the field)
     */
    public IngressServer(GatewayConfig config, Clock clock, int port, ServiceMetrics metrics, Secrets secrets) {
        this(config, clock, port, metrics, secrets, null);
    }

    /**
     * @param tracing the process's tracing, closed by its owner; null: one of its own from
     *     {@code tracing} in the config, closed with the server
     */
    public IngressServer(GatewayConfig config, Clock clock, int port, ServiceMetrics metrics, Secrets secrets,
                         Tracing tracing) {
        this.ownTracing = tracing == null;
        this.tracing = tracing == null ? Tracing.create(config.tracing(), "ingress") : tracing;
        this.signingKey = ProducerKeys.ingressKey(config, secrets);
        this.ownMetrics = metrics == null;
        this.metrics = metrics == null ? new ServiceMetrics("ingress") : metrics;
        this.config = config;
        this.clock = clock;
        this.port = port;
        this.namedInstance = config.ingress().instanceId() != null && !config.ingress().instanceId().isBlank();
        this.instanceId = namedInstance ? config.ingress().instanceId() : "ingress-" + UUID.randomUUID();
        this.replyTopic = config.topics().repliesTopic(instanceId);
        this.pending = new PendingReplies(clock);
    }

    /**
     * Creates the topics if missing, connects to Kafka and starts listening. Returns once HTTP is
     * served; {@code /readyz} turns 200 when the reply consumer is positioned on its partitions.
     */
    public synchronized IngressServer start() {
        if (closed.get()) {
            throw new IllegalStateException("closed");
        }
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        PipelineTopics.ensureWithReplyTopic(config, replyTopic.name());
        publisher = new RequestPublisher(config.kafka(), config.topics().requestsTopic(), instanceId + "-requests",
                signingKey, config.ingress().publishTimeout());
        publisher.awaitMetadata();
        cancels = new CancelPublisher(config.kafka(), config.topics().cancelsTopic(), instanceId + "-cancels");
        refusals = new RefusedRequests(config.kafka(), config.topics().usageTopic(), instanceId + "-refusals", clock);
        producerUp = true;
        replies = new ReplyListener(config.kafka(), replyTopic, pending, instanceId + "-replies");
        replies.start();
        broker = new BrokerHealth(config.kafka(), instanceId + "-broker-probe").start();

        // Accounting's latest tenant state: plainly-over-limit requests are refused here, at once.
        tenantStates = new TenantStateView(config.kafka(), config.topics().tenantStateTopic(),
                instanceId + "-tenant-state").start();
        // The Batch API's files and jobs: compacted topics every instance reads.
        PipelineTopics.ensureCompacted(config, BatchContext.stateTopics());
        batches = new BatchContext(config, clock, instanceId, signingKey).start();
        // Idempotency-Key: what each key stands for, written and read by every instance.
        idempotencyKeys = new IdempotencyStore(config.kafka(), config.topics().idempotencyTopic(),
                instanceId + "-idempotency", config.accounting().dedupWindow(), pending, clock).start();
        server = Listening.start(IngressRoutes.server(config, clock, replyTopic.name(), port,
                new KafkaPipeline(publisher, cancels, pending, clock, config.ingress().publishTimeout(),
                        broker::publishFailed, refusals), this::isReady,
                new EarlyLimits(tenantStates::get, config.accounting(), clock).withConfiguredLimits(config.tenants()),
                metrics, batches, tracing, idempotencyKeys), config.ingress().host(),
                port, "ingress.port (or ./gateway up --port)");
        registerMeters();
        log.info("ingress {} listening on {}:{}, replies on {}", instanceId, config.ingress().host(), server.port(),
                replyTopic.name());
        return this;
    }

    private void registerMeters() {
        MeterRegistry registry = metrics.registry();
        Gauge.builder("gateway.ingress.pending", pending, PendingReplies::size)
                .description("requests waiting for their reply (streams included)").register(registry);
        Gauge.builder("gateway.ingress.kafka.reachable", broker, b -> b.reachable() ? 1 : 0)
                .description("1 while Kafka answers this instance's probe, 0 while it does not (not ready)")
                .register(registry);
        FunctionCounter.builder("gateway.ingress.replies.dropped", replies, ReplyListener::droppedReplies)
                .description("final replies no request waited for: duplicates or after the deadline")
                .register(registry);
        FunctionCounter.builder("gateway.ingress.replies.unreadable", replies, ReplyListener::unreadableReplies)
                .description("replies skipped because they could not be read").register(registry);
    }

    /**
     * What the ingress serves on a management port: {@code GET /metrics}, the process's meters
     * (never on the public port).
     */
    public ManagementRoutes managementRoutes() {
        return ManagementRoutes.metrics(metrics);
    }

    /** The port HTTP is served on (the one picked when the constructor was given 0). */
    public int port() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return server.port();
    }

    /**
     * Serving requests: the producer is connected, the reply consumer reads its partitions, and
     * Kafka answers ({@link BrokerHealth}).
     */
    public boolean isReady() {
        return !closed.get() && producerUp && replies != null && replies.isReady() && broker != null
                && broker.reachable();
    }

    /** Requests waiting for their reply now. */
    int pendingRequests() {
        return pending.size();
    }

    /** The reply consumer, for its counters. */
    ReplyListener replies() {
        return replies;
    }

    public String instanceId() {
        return instanceId;
    }

    public String replyTopic() {
        return replyTopic.name();
    }

    @Override
    public synchronized void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        log.info("ingress {} stopping", instanceId);
        // Waiting requests would otherwise hang until their deadline: nobody will read their replies.
        pending.failAll(new IllegalStateException("the ingress is shutting down"));
        if (server != null) {
            server.stop();
        }
        if (replies != null) {
            replies.close();
        }
        if (tenantStates != null) {
            tenantStates.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (batches != null) {
            batches.close();
        }
        if (idempotencyKeys != null) {
            idempotencyKeys.close();
        }
        producerUp = false;
        if (publisher != null) {
            publisher.close();
        }
        if (cancels != null) {
            cancels.close();
        }
        if (refusals != null) {
            refusals.close();
        }
        if (!namedInstance && publisher != null) {
            // A random name is never used again: without this, every restart would leave a topic behind.
            PipelineTopics.deleteQuietly(config, replyTopic.name(), TOPIC_DELETE_TIMEOUT);
        }
        if (ownMetrics) {
            metrics.close();
        }
        if (ownTracing) {
            tracing.close();
        }
    }
}

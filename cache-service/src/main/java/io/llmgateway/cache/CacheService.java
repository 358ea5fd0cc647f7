package io.llmgateway.cache;

import io.llmgateway.cache.admin.CacheAdminRoutes;
import io.llmgateway.cache.admin.CacheAdminServer;
import io.llmgateway.common.management.ManagementRoutes;
import io.llmgateway.cache.embed.Embedder;
import io.llmgateway.cache.embed.Embedders;
import io.llmgateway.cache.embed.MiniLmEmbedder;
import io.llmgateway.cache.embed.RecentEmbeddings;
import io.llmgateway.cache.index.EntryFeed;
import io.llmgateway.cache.index.ShardRefresher;
import io.llmgateway.cache.index.ShardSet;
import io.llmgateway.cache.policy.LearnedCacheability;
import io.llmgateway.cache.policy.LinguisticClassifier;
import io.llmgateway.cache.language.Lexicon;
import io.llmgateway.common.config.CacheSettings;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.kafka.KafkaClients;
import io.llmgateway.common.metrics.RequestMeters;
import io.llmgateway.common.metrics.ServiceMetrics;
import io.llmgateway.common.metrics.TenantLabels;
import io.llmgateway.common.pipeline.BatchLane;
import io.llmgateway.common.pipeline.GivenUpRequests;
import io.llmgateway.common.pipeline.InboundRecord;
import io.llmgateway.common.pipeline.PartitionListener;
import io.llmgateway.common.pipeline.PipelineSettings;
import io.llmgateway.common.pipeline.RecordPipeline;
import io.llmgateway.common.pipeline.TopicPublisher;
import io.llmgateway.common.security.AdminAccess;
import io.llmgateway.common.security.Secrets;
import io.llmgateway.common.trace.GenAiAttributes;
import io.llmgateway.common.trace.Stage;
import io.llmgateway.common.trace.Tracing;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.Priority;
import io.llmgateway.schemas.Topic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache service: consumes admitted requests (keyed by tenant), answers hits straight to the
 * caller and forwards the rest to the router keyed by request id, with the cache's decision.
 *
 * <p>State is Kafka's: each instance owns the Lucene shards of the {@code llm.admitted}
 * partitions it is assigned, fed from the same partitions of the compacted
 * {@code llm.cache.entries} topic (co-partitioned by tenant), see {@link EntryFeed}.
 *
 * <p>One shutdown path, {@link #close()}: the admin endpoint, the request pipeline (finishing
 * what runs), the refresher, the entry feed (committing the shards), the producer, the embedder.
 */
public final class CacheService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CacheService.class);

    /** Lookups are quick and CPU-bound; more at once would only queue on the cores. */
    static final int MAX_IN_FLIGHT = 64;

    /**
     * Batch requests take at most this many of the slots, so interactive requests, searches and
     * bypasses alike, always find free ones and start before the batch requests read ahead of them
     * (the pipeline's {@link BatchLane}, as in the router); their searches then run before the
     * queued batch searches ({@link SearchThreads}).
     *
     * <p>The trade: interactive bypasses are no longer kept apart from interactive searches. A burst
     * of more than 64 interactive searches at once takes every slot, and an interactive bypass waits
     * in arrival order with them for one (a search frees its slot in milliseconds). Batch bypasses
     * wait behind batch searches, in the lane. Neither delays interactive work behind batch work.
     */
    static final int BATCH_SLOTS = MAX_IN_FLIGHT - 16;

    /** Tells the entry feeds' client ids apart when several instances share a JVM (tests, launcher). */
    private static final java.util.concurrent.atomic.AtomicInteger INSTANCES =
            new java.util.concurrent.atomic.AtomicInteger();

    private final Deque<AutoCloseable> owned = new ArrayDeque<>();
    private final Topic<String, GatewayRequest> routable;
    private final TopicPublisher publisher;
    private final CacheLookup lookup;
    private final RecentEmbeddings embeddings;
    private final SearchThreads searches;
    private final HitResponder responder;
    private final EntryFeed feed;
    private final RecordPipeline<GatewayRequest> pipeline;
    private final CacheAdminServer admin;
    private final CacheAdminRoutes adminRoutes;
    private final Path tempIndexRoot;
    private final Clock clock;
    private final Tracing tracing;
    private final LookupMeters lookupMeters;
    private final RequestMeters requestMeters;

    /** Creates the embedder the config names, and closes it with the service. */
    public CacheService(GatewayConfig config, Clock clock) {
        this(config, clock, Secrets.environment());
    }

    /**
     * @param secrets where the admin token ({@code admin.token_env}) is read: an unset one fails
     *     here, naming the field
     */
    public CacheService(GatewayConfig config, Clock clock, Secrets secrets) {
        this(config, clock, secrets, null, null);
    }

    /**
     * @param tracing the process's tracing, closed by its owner; null: one of its own from
     *     {@code tracing} in the config, closed with the service
     */
    public CacheService(GatewayConfig config, Clock clock, Secrets secrets, Tracing tracing) {
        this(config, clock, secrets, null, tracing);
    }

    /**
     * @param metrics the process's meters, which get the cache's (lookups, request meters of hits,
     *     the consumer's lag) and are served on the admin port's {@code GET /metrics}; null: the
     *     service keeps meters of its own (closed with it)
     * @param tracing the process's tracing, closed by its owner; null: one of its own from
     *     {@code tracing} in the config, closed with the service
     */
    public CacheService(GatewayConfig config, Clock clock, Secrets secrets, ServiceMetrics metrics, Tracing tracing) {
        this(config, AdminAccess.resolve(config.admin(), secrets),
                Embedders.create(config.cache().embedder(), config.providers()), true, clock, metrics, tracing);
    }

    /** @param embedder shared with the caller, who closes it after the service (tests, benchmarks) */
    public CacheService(GatewayConfig config, Embedder embedder, Clock clock) {
        this(config, embedder, clock, Secrets.environment());
    }

    /** @param embedder shared with the caller, who closes it after the service (tests, benchmarks) */
    public CacheService(GatewayConfig config, Embedder embedder, Clock clock, Secrets secrets) {
        this(config, AdminAccess.resolve(config.admin(), secrets), embedder, false, clock, null, Tracing.off());
    }

    private CacheService(GatewayConfig config, AdminAccess access, Embedder embedder, boolean ownsEmbedder,
                         Clock clock, ServiceMetrics processMetrics, Tracing tracing) {
        this.clock = clock;
        if (tracing == null) {
            tracing = Tracing.create(config.tracing(), "cache");
            owned.push(tracing); // closed last: it flushes the spans of the work that finished before
        }
        this.tracing = tracing;
        CacheSettings settings = config.cache();
        ServiceMetrics metrics = processMetrics != null ? processMetrics : new ServiceMetrics("cache");
        if (processMetrics == null) {
            owned.push(metrics);
        }
        this.lookupMeters = new LookupMeters(metrics.registry());
        this.requestMeters = new RequestMeters(metrics.registry(),
                new TenantLabels(config.admin().metricsTopTenants()));
        if (ownsEmbedder) {
            owned.push(embedder);
        }
        try {
            this.routable = config.topics().routableTopic();
            this.tempIndexRoot = settings.indexDir() == null ? Files.createTempDirectory("llm-cache-") : null;
            Path indexRoot = tempIndexRoot != null ? tempIndexRoot : Files.createDirectories(Path.of(settings.indexDir()));
            Producer<String, byte[]> producer = new KafkaProducer<>(KafkaClients.producer(config.kafka(), "cache"),
                    new StringSerializer(), new ByteArraySerializer());
            owned.push(producer::close);
            this.publisher = new TopicPublisher(producer);
            ShardSet shards = new ShardSet();
            this.embeddings = new RecentEmbeddings(embedder, RecentEmbeddings.DEFAULT_CAPACITY);
            this.feed = new EntryFeed(settings, config.kafka(), config.topics().cacheEntriesTopic(), indexRoot,
                    embeddings, producer, shards, clock, "cache-entries-" + ProcessHandle.current().pid() + "-" + INSTANCES.incrementAndGet());
            owned.push(feed);
            owned.push(new ShardRefresher(shards, settings.refreshInterval()));
            LearnedCacheability learned = LearnedCacheability.shipped(settings.minFactualProbability())
                    .alongside(embedder, MiniLmEmbedder::new);
            learned.ownEmbedder().ifPresent(owned::push);
            this.lookup = new CacheLookup(settings, shards, embeddings, new LinguisticClassifier(Lexicon.shared(), clock),
                    learned, clock);
            this.searches = new SearchThreads(Math.max(1, Runtime.getRuntime().availableProcessors()));
            owned.push(searches); // closed after the pipeline, whose handlers wait for searches
            this.responder = new HitResponder(publisher, config.topics().usageTopic(), clock);
            PipelineSettings pipelineSettings = PipelineSettings.of("cache", config.kafka(), settings.groupId(),
                    config.topics().deadLetterTopic(), MAX_IN_FLIGHT);
            BatchLane<GatewayRequest> batchLane = new BatchLane<>(request -> request.priority() == Priority.BATCH,
                    BATCH_SLOTS);
            // A request the handler throws on is answered 500 at once, with a failed usage record, then dead-lettered.
            GivenUpRequests giveUp = new GivenUpRequests(publisher, config.topics().usageTopic(), "cache", clock);
            this.pipeline = new RecordPipeline<>(pipelineSettings, config.topics().admittedTopic(), this::handle,
                    giveUp, new ShardOwnership(feed), batchLane, producer, clock).bindMetrics(metrics.registry());
            owned.push(pipeline);
            // Without its feed no shard would ever load or change: stop, and let the orchestrator restart us.
            feed.onFailure(pipeline::close);
            this.adminRoutes = new CacheAdminRoutes(config.topics().cacheEntriesTopic(), producer, shards);
            this.admin = settings.adminPort() < 0 ? null : new CacheAdminServer(settings.adminHost(),
                    settings.adminPort(), adminRoutes, access, metrics);
            if (admin != null) {
                owned.push(admin);
                log.info("cache admin endpoint on {}:{}", admin.host(), admin.port());
            }
            log.info("cache shards in {}", indexRoot);
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot create the cache's index directory", e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The request pipeline's partitions are the shards this instance owns. */
    private record ShardOwnership(EntryFeed feed) implements PartitionListener {
        @Override
        public void assigned(Collection<TopicPartition> partitions) {
            feed.assign(partitions.stream().map(TopicPartition::partition).toList());
        }

        @Override
        public void revoked(Collection<TopicPartition> partitions) {
            feed.revoke(partitions.stream().map(TopicPartition::partition).toList());
        }
    }

    public CacheService start() {
        feed.start();
        pipeline.start();
        return this;
    }

    /** Blocks until the service stops: after {@link #close()}, or when its consumer loop failed. */
    public void awaitStopped() throws InterruptedException {
        pipeline.awaitStopped();
    }

    /** Why the request loop or the entry feed stopped on its own, if one did. */
    public Optional<Throwable> failure() {
        return pipeline.failure().or(feed::failure);
    }

    /** Searches waiting for a search thread (for tests and diagnostics). */
    int searchesQueued() {
        return searches.queued();
    }

    /**
     * The purge and the shard sizes, for a management port shared with other services (set
     * {@code cache.admin_port} to -1 so the service opens none of its own).
     */
    public ManagementRoutes managementRoutes() {
        return adminRoutes;
    }

    /** The admin endpoint's port, when it runs. */
    public OptionalInt adminPort() {
        return admin == null ? OptionalInt.empty() : OptionalInt.of(admin.port());
    }

    /**
     * The cache-lookup stage of the request's trace, a child of admission's: what it publishes
     * (the hit's reply and usage, or the request for the router) carries its {@code traceparent}.
     */
    private void handle(InboundRecord<GatewayRequest> record) throws IOException, InterruptedException {
        GatewayRequest request = record.value();
        try (Stage stage = tracing.recordStage("cache lookup", record.headers(), request.traceparent())) {
            stage.set(GenAiAttributes.STAGE, "cache").request(request);
            lookUp(record, stage);
        }
    }

    private void lookUp(InboundRecord<GatewayRequest> record, Stage stage) throws IOException, InterruptedException {
        GatewayRequest request = record.value();
        long startedMs = clock.millis();
        requestMeters.queued("cache", request, startedMs);
        long lookupStart = System.nanoTime();
        Lookup result = switch (lookup.screen(request)) {
            case Screening.Decided decided -> decided.forward(); // no embedding, no search, no queue
            case Screening.Search search -> searches.run(request.priority(),
                    () -> lookup.search(request, search, record.partition()));
        };
        lookupMeters.record(result, System.nanoTime() - lookupStart);
        switch (result) {
            case Lookup.Hit hit -> {
                stage.set(GenAiAttributes.CACHE_STATUS, hit.status().toString());
                requestMeters.finished(responder.answer(request, hit, startedMs));
                log.debug("request {} from {}: {} ({}) in {} ms", request.requestId(), record.position(),
                        hit.status(), hit.reason(), clock.millis() - startedMs);
            }
            case Lookup.Forward forward -> {
                stage.set(GenAiAttributes.CACHE_STATUS, forward.decision().status().toString());
                publisher.publish(routable, request.requestId(), request.withCacheDecision(forward.decision()));
                log.debug("request {} from {}: {} ({}), forwarded to {}", request.requestId(), record.position(),
                        forward.decision().status(), forward.decision().reason(), routable.name());
            }
        }
    }

    /** Stops everything in reverse order of start; a temp index directory is deleted. */
    @Override
    public void close() {
        while (!owned.isEmpty()) {
            AutoCloseable next = owned.pop();
            try {
                next.close();
            } catch (Exception e) {
                log.error("could not close {} cleanly", next.getClass().getSimpleName(), e);
            }
        }
        if (embeddings != null) {
            log.info("cache stopped; {}", embeddings);
        }
        if (tempIndexRoot != null) {
            deleteTree(tempIndexRoot);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            log.warn("could not delete the temp cache index {}: {}", root, e.toString());
        }
    }
}

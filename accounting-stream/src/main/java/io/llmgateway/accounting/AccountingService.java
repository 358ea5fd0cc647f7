package io.llmgateway.accounting;

import io.llmgateway.common.config.AccountingSettings;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.management.ManagementRoutes;
import io.llmgateway.common.management.ManagementServer;
import io.helidon.webserver.http.HttpRouting;
import io.llmgateway.accounting.console.ConsoleOverview;
import io.llmgateway.accounting.console.ConsoleRoutes;
import io.llmgateway.accounting.console.RequestFeed;
import io.llmgateway.accounting.console.RequestWindow;
import io.llmgateway.common.metrics.RequestMeters;
import io.llmgateway.common.metrics.ServiceMetrics;
import io.micrometer.core.instrument.Tags;
import io.llmgateway.common.metrics.TenantLabels;
import io.llmgateway.common.security.ProducerKeys;
import io.llmgateway.common.security.AdminAccess;
import io.llmgateway.common.security.Secrets;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.llmgateway.common.kafka.KafkaClients;
import io.llmgateway.common.kafka.PipelineTopics;
import io.llmgateway.common.trace.Tracing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link AccountingTopology} on Kafka: exactly-once, committing every
 * {@code accounting.commit_interval}, with the interactive-query endpoint in front of its stores.
 * One instance per process; more processes share the work (and answer for the tenants they own).
 */
public final class AccountingService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AccountingService.class);
    private static final long DEFAULT_POLL_MS = 100;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final Set<KafkaStreams.State> STOPPED = Set.of(KafkaStreams.State.NOT_RUNNING,
            KafkaStreams.State.ERROR);
    /**
     * How long a send may wait for a topic's metadata. A refusal's reply topic belongs to its
     * caller and may not exist: under the 10 s transaction timeout of exactly-once, so that a bad
     * one costs a short stall and a dropped reply, not a fenced transaction.
     */
    static final int PRODUCER_MAX_BLOCK_MS = 5_000;

    private final GatewayConfig config;
    private final ProducerKeys keys;
    private final Clock clock;
    private final Path stateDir;
    private final boolean ownsStateDir;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ReentrantLock stateLock = new ReentrantLock();
    private final Condition stateChanged = stateLock.newCondition();
    private volatile KafkaStreams streams;
    private QueryServer queryServer;
    private final TenantQueryRoutes queryRoutes = new TenantQueryRoutes();
    private final RequestWindow consoleWindow;
    private RequestFeed consoleFeed;
    private final AdminAccess admin;
    private HttpClient http;
    private HostInfo self;
    private final ServiceMetrics metrics;
    private final boolean ownMetrics;
    private final Tracing tracing;
    private final boolean ownTracing;
    private KafkaStreamsMetrics streamsMetrics;

    public AccountingService(GatewayConfig config) {
        this(config, Clock.systemUTC());
    }

    /** @param clock the time the query endpoint reports at (processing runs on Streams' wall clock) */
    public AccountingService(GatewayConfig config, Clock clock) {
        this(config, clock, null);
    }

    /**
     * @param metrics the process's meters, which get the Streams app's and are served on the query
     *     port's {@code GET /metrics}; null: the service keeps meters of its own (closed with it)
     */
    public AccountingService(GatewayConfig config, Clock clock, ServiceMetrics metrics) {
        this(config, clock, metrics, Secrets.environment());
    }

    /**
     * @param secrets where the producer keys and the admin token the config names are read (at
     *     construction: an unset one fails here, naming its config field)
     */
    public AccountingService(GatewayConfig config, Clock clock, ServiceMetrics metrics, Secrets secrets) {
        this(config, clock, metrics, secrets, null);
    }

    /**
     * @param tracing the process's tracing, closed by its owner; null: one of its own from
     *     {@code tracing} in the config, closed with the service
     */
    public AccountingService(GatewayConfig config, Clock clock, ServiceMetrics metrics, Secrets secrets,
                             Tracing tracing) {
        this.ownTracing = tracing == null;
        this.tracing = tracing == null ? Tracing.create(config.tracing(), "accounting") : tracing;
        this.keys = ProducerKeys.resolve(config, secrets);
        this.admin = AdminAccess.resolve(config.admin(), secrets);
        this.ownMetrics = metrics == null;
        this.metrics = metrics == null ? new ServiceMetrics("accounting") : metrics;
        this.config = config;
        this.clock = clock;
        this.consoleWindow = new RequestWindow(clock);
        String configuredDir = config.accounting().stateDir();
        this.ownsStateDir = configuredDir == null || configuredDir.isBlank();
        this.stateDir = ownsStateDir ? newTempDir() : Path.of(configuredDir);
    }

    /** The Streams settings of the app; tests drive {@link AccountingTopology} with the same. */
    static Properties streamsProperties(GatewayConfig config, Path stateDir) {
        return streamsProperties(config, stateDir, null);
    }

    /** @param self where this instance answers interactive queries; null when it answers none (tests) */
    static Properties streamsProperties(GatewayConfig config, Path stateDir, HostInfo self) {
        AccountingSettings settings = config.accounting();
        // Bootstrap servers and kafka.security: Streams passes them to its consumers, producers and admin.
        Properties props = KafkaClients.connection(config.kafka());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // Under exactly-once, outputs reach read_committed readers only at commit: this interval
        // is added to the latency of every request admitted.
        long commitMs = settings.commitInterval().toMillis();
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitMs);
        // The thread commits only between polls: a poll that blocks for the default 100 ms while
        // no new input comes holds the last transaction (and its caller) open that long.
        props.put(StreamsConfig.POLL_MS_CONFIG, pollMs(commitMs));
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.streamThreads());
        // Changelog and repartition topics; a dev cluster has a single broker.
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.kafka().replicationFactor());
        // Streams lingers 100 ms by default; each hop of an interactive request would pay it.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 0);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_BLOCK_MS_CONFIG), PRODUCER_MAX_BLOCK_MS);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), config.kafka().maxRecordBytes());
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, ReplyTopicProductionHandler.class);
        var topics = config.topics();
        props.put(ReplyTopicProductionHandler.OWN_TOPICS_CONFIG, String.join(",", List.of(topics.admitted(),
                topics.usage(), topics.deadLetter(), topics.tenantState(), topics.costs(), topics.costsHourly(),
                topics.budgetAlerts())));
        if (self != null) {
            props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        }
        props.putAll(settings.streams());
        return props;
    }

    /** Block in poll no longer than a commit interval (but never spin: at least 1 ms, at most Streams' default). */
    static long pollMs(long commitMs) {
        return Math.clamp(commitMs, 1, DEFAULT_POLL_MS);
    }

    /**
     * Creates the pipeline topics when missing, checks that requests and usage are co-partitioned,
     * opens the query endpoint on its own management port ({@code accounting.http_port}), then
     * starts processing.
     */
    public synchronized void start() {
        startStreams(null);
    }

    /**
     * As {@link #start()}, with the tenant queries served on {@code shared}, a management port
     * that already has {@link #managementRoutes()} (one process, one port: {@code ./gateway up}).
     */
    public synchronized void start(ManagementServer shared) {
        startStreams(shared);
    }

    /** The tenant queries and the operators' console, for a management port ({@link #start(ManagementServer)}). */
    public ManagementRoutes managementRoutes() {
        ConsoleRoutes console = new ConsoleRoutes(admin,
                new ConsoleOverview(config, consoleWindow, queryRoutes::report, metrics.registry(), clock));
        return new ManagementRoutes() {
            @Override
            public void addTo(HttpRouting.Builder routing) {
                queryRoutes.addTo(routing);
                console.addTo(routing);
            }

            @Override
            public boolean open(String path) {
                return console.open(path);
            }
        };
    }

    private void startStreams(ManagementServer shared) {
        if (closed.get() || streams != null) {
            throw new IllegalStateException(closed.get() ? "closed" : "already started");
        }
        PipelineTopics.ensure(config);
        checkCoPartitioned();
        RequestEstimator.warmUp();
        consoleFeed = new RequestFeed(config, consoleWindow).start();
        String host;
        int port;
        if (shared == null) {
            queryServer = new QueryServer(config.accounting(), metrics, admin, managementRoutes());
            port = queryServer.start();
            host = queryServer.host();
        } else {
            port = shared.port();
            host = shared.host();
        }
        // Without an admin token it listens on loopback only: other hosts could not reach it anyway.
        self = new HostInfo(admin.tokenRequired() ? advertisedHost(config.accounting()) : host, port);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        KafkaStreams created = new KafkaStreams(AccountingTopology.build(config, keys, tracing,
                        AccountingTopology.Meters.of(new RequestMeters(metrics.registry(),
                                new TenantLabels(config.admin().metricsTopTenants())))),
                streamsProperties(config, stateDir, self));
        created.setStateListener((newState, oldState) -> {
            log.info("accounting streams {} -> {}", oldState, newState);
            signalStateChange();
        });
        created.setUncaughtExceptionHandler(e -> {
            // Poison never gets here (it is dead-lettered), so this is a bug or a broken cluster:
            // stop this instance loudly and let its supervisor restart it from committed state.
            log.error("accounting stream thread failed; shutting this instance down", e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams = created;
        // Tagged with the group (the application id) like every pipeline consumer's meters: Prometheus
        // needs one set of tag keys per name, and the dev launcher has them all in one registry.
        streamsMetrics = new KafkaStreamsMetrics(created, Tags.of("group", config.accounting().applicationId()));
        streamsMetrics.bindTo(metrics.registry());
        log.info("starting accounting streams {} on {} (exactly_once_v2, commit every {} ms, {} thread(s), state in {},"
                        + " queries on http://{}:{}{}{{tenant}})", config.accounting().applicationId(),
                config.kafka().bootstrapServers(), config.accounting().commitInterval().toMillis(),
                config.accounting().streamThreads(), stateDir, self.host(), self.port(), TenantQueries.PATH);
        created.start();
        // Only a started KafkaStreams answers metadata questions.
        queryRoutes.serve(new TenantQueries(created, self, config, clock, http, admin.authorization()));
    }

    /** The Streams app's state ({@code RUNNING}, {@code REBALANCING}, ...), or {@code NOT_STARTED}. */
    public String state() {
        KafkaStreams current = streams;
        return current == null ? "NOT_STARTED" : current.state().name();
    }

    /** The port of the query endpoint (the one picked when the config says 0). */
    public int httpPort() {
        if (self == null) {
            throw new IllegalStateException("not started");
        }
        return self.port();
    }

    private void checkCoPartitioned() {
        try (Admin admin = Admin.create(KafkaClients.connection(config.kafka()))) {
            CoPartitioning.check(admin, config.topics().requests(), config.topics().usage());
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot describe " + config.topics().requests() + " and "
                    + config.topics().usage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the input topics", e);
        }
    }

    /** The configured host, or this machine's name (what other instances of a cluster resolve). */
    private static String advertisedHost(AccountingSettings settings) {
        if (settings.advertisedHost() != null && !settings.advertisedHost().isBlank()) {
            return settings.advertisedHost();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            log.warn("this host has no resolvable name; advertising 127.0.0.1 for interactive queries", e);
            return "127.0.0.1";
        }
    }

    /**
     * Waits until the app runs (tasks assigned, state restored).
     *
     * @throws IllegalStateException if it stopped, or is still not running after {@code timeout}
     */
    public void awaitRunning(Duration timeout) throws InterruptedException {
        KafkaStreams streams = started();
        long deadline = System.nanoTime() + timeout.toNanos();
        stateLock.lock();
        try {
            while (streams.state() != KafkaStreams.State.RUNNING) {
                if (STOPPED.contains(streams.state())) {
                    throw new IllegalStateException("accounting streams stopped in state " + streams.state());
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("accounting streams not running after " + timeout
                            + ", state " + streams.state());
                }
                stateChanged.await(left, TimeUnit.NANOSECONDS);
            }
        } finally {
            stateLock.unlock();
        }
    }

    /** Blocks until the app has stopped, by {@link #close()} or by a failure, and says which. */
    public KafkaStreams.State awaitTermination() throws InterruptedException {
        KafkaStreams streams = started();
        stateLock.lock();
        try {
            while (!STOPPED.contains(streams.state())) {
                stateChanged.await();
            }
            return streams.state();
        } finally {
            stateLock.unlock();
        }
    }

    private KafkaStreams started() {
        KafkaStreams current = streams;
        if (current == null) {
            throw new IllegalStateException("not started");
        }
        return current;
    }

    private void signalStateChange() {
        stateLock.lock();
        try {
            stateChanged.signalAll();
        } finally {
            stateLock.unlock();
        }
    }

    /** Stops processing (leaving the group, so another instance takes over at once); safe to call twice. */
    @Override
    public synchronized void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (queryServer != null) {
            queryServer.close();
        }
        if (consoleFeed != null) {
            consoleFeed.close();
        }
        if (http != null) {
            http.close();
        }
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        if (ownMetrics) {
            metrics.close();
        }
        stopStreams();
        if (ownTracing) {
            tracing.close(); // after the streams: it flushes the spans they made
        }
    }

    private void stopStreams() {
        if (streams == null) {
            deleteStateIfOwned();
            return;
        }
        boolean stopped = streams.close(CloseOptions.groupMembershipOperation(
                CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(CLOSE_TIMEOUT));
        if (!stopped) {
            log.warn("accounting streams did not stop within {}; leaving its state in {}", CLOSE_TIMEOUT, stateDir);
            return;
        }
        log.info("accounting streams closed");
        deleteStateIfOwned();
    }

    private void deleteStateIfOwned() {
        if (ownsStateDir) {
            deleteTree(stateDir);
        }
    }

    private static Path newTempDir() {
        try {
            return Files.createTempDirectory("llm-accounting-state-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a state directory for the accounting streams", e);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            log.warn("cannot delete the temporary state directory {}", root, e);
        }
    }
}

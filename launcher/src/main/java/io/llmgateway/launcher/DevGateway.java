package io.llmgateway.launcher;

import io.llmgateway.accounting.AccountingService;
import io.llmgateway.cache.CacheService;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.config.KafkaSecurity;
import io.llmgateway.common.config.MockProviderSettings;
import io.llmgateway.common.metrics.ServiceMetrics;
import io.llmgateway.common.config.ProviderConfig;
import io.llmgateway.common.kafka.PipelineTopics;
import io.llmgateway.common.management.ManagementRoutes;
import io.llmgateway.common.management.ManagementServer;
import io.llmgateway.common.security.AdminAccess;
import io.llmgateway.common.security.Secrets;
import io.llmgateway.common.trace.Tracing;
import io.llmgateway.ingress.IngressServer;
import io.llmgateway.mock.MockBehavior;
import io.llmgateway.mock.MockProviderServer;
import io.llmgateway.router.RouterService;
import io.llmgateway.testkit.EmbeddedKafka;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole gateway in one JVM: an embedded Kafka broker (unless one is given), the mock
 * provider, and the four services, each the same class its own main runs. Used by
 * {@code ./gateway up} and by the end-to-end tests.
 *
 * <p>Every admin route of every service is on one management port ({@link #management()}),
 * none on the ingress's public port. Side ports the config leaves unset (the management port, the
 * mock provider's) are free ones, so two gateways on one machine do not collide. A component
 * that does not start (a port taken, say) stops the whole start with its reason; what was
 * started is closed again.
 */
public final class DevGateway implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DevGateway.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    /**
     * @param bootstrapServers an existing Kafka; null starts an embedded broker
     * @param dataDir the embedded broker's data; null for a temp dir deleted on close
     * @param ingressPort overrides the config's port; 0 picks a free one
     * @param mockPort overrides the config's mock provider port; 0 picks a free one; null takes
     *     {@code mock_provider.port}, a free one when that is unset. Providers that pointed at the
     *     configured mock address are pointed at where it listens.
     */
    public record Options(String bootstrapServers, Path dataDir, Integer ingressPort, Integer mockPort) {

        /** Everything on free ports with an embedded broker: what tests want. */
        public static Options ephemeral() {
            return new Options(null, null, 0, 0);
        }
    }

    /** Closed in reverse order of start: ingress first (no new work), Kafka last. */
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Secrets secrets = devSecrets();
    /** Each service's Kafka principal by name; a service not in it uses {@code kafka.security}. */
    private final Map<String, KafkaSecurity> principals;
    private GatewayConfig config;
    private IngressServer ingress;
    private MockProviderServer mock;
    private AccountingService accounting;
    private ManagementServer management;
    private ServiceStates services;

    private DevGateway(Map<String, KafkaSecurity> principals) {
        this.principals = Map.copyOf(principals);
    }

    public static DevGateway start(GatewayConfig config, Options options, Clock clock) {
        return start(config, options, clock, Map.of(), null);
    }

    /**
     * As {@link #start(GatewayConfig, Options, Clock)}, with each service on Kafka as its own
     * principal, as in a deployment on a secured cluster: {@code principals} maps
     * {@code accounting}, {@code cache}, {@code router} and {@code ingress} to their
     * {@code kafka.security} (a service not in it uses the config's).
     */
    public static DevGateway start(GatewayConfig config, Options options, Clock clock,
                                   Map<String, KafkaSecurity> principals) {
        return start(config, options, clock, principals, null);
    }

    /**
     * @param tracing the tracing every service of the process shares, closed by the caller (a test
     *     reading spans from an in-memory exporter); null: one from {@code tracing} in the config,
     *     closed with the gateway
     */
    public static DevGateway start(GatewayConfig config, Options options, Clock clock, Tracing tracing) {
        return start(config, options, clock, Map.of(), tracing);
    }

    private static DevGateway start(GatewayConfig config, Options options, Clock clock,
                                    Map<String, KafkaSecurity> principals, Tracing tracing) {
        DevGateway gateway = new DevGateway(principals);
        try {
            gateway.startAll(config, options, clock, tracing);
            return gateway;
        } catch (RuntimeException e) {
            gateway.close();
            throw e;
        }
    }

    private void startAll(GatewayConfig initial, Options options, Clock clock, Tracing given) {
        config = initial;
        // One process, one tracing: closed after every service (it flushes their last spans).
        Tracing tracing = given != null ? given : Tracing.create(config.tracing(), "gateway");
        if (given == null) {
            started.push(tracing);
        }
        // One process, one registry: every service's meters on the ingress's GET /metrics.
        ServiceMetrics metrics = new ServiceMetrics("gateway");
        started.push(metrics);
        if (options.bootstrapServers() == null) {
            EmbeddedKafka kafka = EmbeddedKafka.start(options.dataDir());
            started.push(kafka);
            config = config.withKafka(config.kafka().withBootstrapServers(kafka.bootstrapServers()));
            log.info("embedded Kafka broker (KRaft) at {}", kafka.bootstrapServers());
        } else {
            config = config.withKafka(config.kafka().withBootstrapServers(options.bootstrapServers()));
        }
        // Any service may create the shared topics (each does at its own start).
        PipelineTopics.ensure(as("accounting"));

        AdminAccess admin = AdminAccess.resolve(config.admin(), secrets);
        int mockPort = options.mockPort() != null ? options.mockPort() : config.mockProvider().portOr(0);
        // Its controls live on the management port, not beside the fake provider API.
        mock = new MockProviderServer(config.mockProvider().host(), mockPort,
                MockBehavior.from(config.mockProvider()), List.copyOf(config.models().keySet()), clock, null).start();
        started.push(mock);
        config = pointProvidersAtMock(config, mock.port());
        // One management port for the whole process: the cache opens no admin port of its own.
        config = config.withCache(config.cache().withAdminPort(-1));

        accounting = new AccountingService(as("accounting"), clock, metrics, secrets, tracing);
        started.push(accounting);
        CacheService cache = new CacheService(as("cache"), clock, secrets, metrics, tracing);
        started.push(cache);
        RouterService router = new RouterService(as("router"), clock, metrics.registry(), tracing);
        started.push(router);
        int ingressPort = options.ingressPort() == null ? config.ingress().port() : options.ingressPort();
        ingress = new IngressServer(as("ingress"), clock, ingressPort, metrics, secrets, tracing);
        started.push(ingress);

        // Ephemeral runs (tests) take a free port; otherwise management.port, a free one when unset.
        int managementPort = Integer.valueOf(0).equals(options.ingressPort()) ? 0 : config.management().portOr(0);
        services = new ServiceStates(ingress, accounting, cache, router, mock);
        management = ManagementServer.builder(admin, config.management().host(), managementPort, "management.port")
                .add(ManagementRoutes.metrics(metrics))
                .add(accounting.managementRoutes())
                .add(cache.managementRoutes())
                .add(router.managementRoutes())
                .add(mock.managementRoutes())
                .add(services)
                .start();
        started.push(management);

        accounting.start(management);
        cache.start();
        router.start();
        ingress.start();

        awaitReady(accounting);
    }

    /** The config a service runs with: its own Kafka principal where one is given. */
    private GatewayConfig as(String service) {
        KafkaSecurity security = principals.get(service);
        return security == null ? config : config.withKafka(config.kafka().withSecurity(security));
    }

    private void awaitReady(AccountingService accounting) {
        try {
            accounting.awaitRunning(STARTUP_TIMEOUT);
            long until = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
            while (!ingress.isReady()) {
                if (System.nanoTime() > until) {
                    throw new IllegalStateException("ingress not ready after " + STARTUP_TIMEOUT);
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting", e);
        }
    }

    /** When the mock runs elsewhere than the config says (a free port), providers follow it. */
    private static GatewayConfig pointProvidersAtMock(GatewayConfig config, int actualPort) {
        int configuredPort = config.mockProvider().portOr(MockProviderSettings.STANDALONE_PORT);
        if (actualPort == configuredPort) {
            return config;
        }
        Map<String, ProviderConfig> providers = new LinkedHashMap<>();
        config.providers().forEach((name, provider) -> {
            URI url = provider.baseUrl();
            boolean pointsAtMock = url.getPort() == configuredPort
                    && ("127.0.0.1".equals(url.getHost()) || "localhost".equals(url.getHost()));
            providers.put(name, pointsAtMock ? withPort(provider, actualPort) : provider);
        });
        return config.withProviders(providers);
    }

    private static ProviderConfig withPort(ProviderConfig provider, int port) {
        URI url = provider.baseUrl();
        URI moved = URI.create(url.getScheme() + "://" + url.getHost() + ":" + port + url.getRawPath());
        return new ProviderConfig(provider.type(), moved, provider.apiKeyEnv(), provider.connectTimeout(),
                provider.requestTimeout());
    }

    public int ingressPort() {
        return ingress.port();
    }

    /**
     * The one management port of this process: every admin route (tenant usage, the cache
     * purge and shards, breaker states, service states, {@code /metrics}, the mock's controls).
     */
    public ManagementServer management() {
        return management;
    }

    /** Where accounting answers tenant usage queries ({@code GET /v1/accounting/tenants/{tenant}}): the management port. */
    public int accountingPort() {
        return accounting.httpPort();
    }

    public String bootstrapServers() {
        return config.kafka().bootstrapServers();
    }

    /** The config the services run with (actual Kafka address and provider URLs). */
    /**
     * The secrets the services of this process read: the environment's, and for each variable it
     * does not set (the ingress's signing key, a tenant's batch key, the admin token) a random key of this process,
     * so that one JVM needs no setup. Give the variables to share a key with producers outside.
     */
    public Secrets secrets() {
        return secrets;
    }

    private static Secrets devSecrets() {
        Map<String, String> generated = new ConcurrentHashMap<>();
        SecureRandom random = new SecureRandom();
        return Secrets.environment().orElse(variable -> Optional.of(generated.computeIfAbsent(variable, name -> {
            log.info("{} is not set: this process uses a random key of its own", name);
            byte[] key = new byte[32];
            random.nextBytes(key);
            return Base64.getEncoder().encodeToString(key);
        })));
    }

    /**
     * The operator token the management port's routes (accounting's tenant usage, the cache
     * purge, breakers, the mock's controls, {@code /metrics}) take as {@code Authorization: Bearer <token>}: the
     * environment's {@code admin.token_env} variable, or one this process made up.
     */
    public String adminToken() {
        return secrets.get(adminTokenVariable()).orElseThrow();
    }

    /** The variable the admin token is read from ({@code admin.token_env}). */
    public String adminTokenVariable() {
        return config.admin().tokenVariable();
    }

    /** Whether the admin token was made up by this process (its variable is not set). */
    public boolean adminTokenGenerated() {
        return Secrets.environment().get(adminTokenVariable()).isEmpty();
    }

    public GatewayConfig config() {
        return config;
    }

    public MockProviderServer mockProvider() {
        return mock;
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable next = started.pop();
            try {
                next.close();
            } catch (Exception e) {
                log.error("could not stop {} cleanly", next.getClass().getSimpleName(), e);
            }
        }
    }
}

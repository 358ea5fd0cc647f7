package io.llmgateway.faults;

import io.llmgateway.faults.verifier.Prices;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;

/**
 * The gateway as a deployment runs it: the mock provider, accounting, the cache, {@code routers}
 * router workers and one ingress, each a JVM of its own on one config file and the 3-broker
 * cluster. Router workers can be killed and replaced while the others keep running.
 */
final class GatewayProcesses implements AutoCloseable {

    /** Tenants of the config, each with the API key {@code sk-<tenant>}. */
    static final List<String> TENANTS = List.of("fault-a", "fault-b", "fault-c");
    /** Sends the probes that wait for the whole pipeline; the verifier does not count its charges. */
    static final String PROBE_TENANT = "fault-probe";
    static final String MODEL = "gpt-4o-mini";
    static final String INGRESS_INSTANCE = "fault-ingress-1";
    /** How soon the group notices a killed worker (the broker's least group.min.session.timeout.ms). */
    static final Duration ROUTER_SESSION = Duration.ofSeconds(6);

    private static final Map<String, String> ENV = Map.of(
            "GATEWAY_INGRESS_SIGNING_KEY", "fault-suite-signing-key-0123456789abcdef");

    private final List<ServiceProcess> running = new ArrayList<>();
    private final List<ServiceProcess> routers = new ArrayList<>();
    private final Path config;
    private final Path logDir;
    private final String bootstrapServers;
    private final int ingressPort;
    private int routerCount;

    private GatewayProcesses(Path config, Path logDir, String bootstrapServers, int ingressPort) {
        this.config = config;
        this.logDir = logDir;
        this.bootstrapServers = bootstrapServers;
        this.ingressPort = ingressPort;
    }

    static String apiKey(String tenant) {
        return "sk-" + tenant;
    }

    static GatewayProcesses start(String bootstrapServers, Path dir, int routers) throws Exception {
        int mockPort = freePort();
        int ingressPort = freePort();
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(config, config(mockPort, ingressPort));
        Path logDir = Files.createDirectories(dir.resolve("logs"));
        GatewayProcesses gateway = new GatewayProcesses(config, logDir, bootstrapServers, ingressPort);
        try {
            gateway.startService("mock-provider", "io.llmgateway.mock.MockProviderMain");
            gateway.startService("accounting", "io.llmgateway.accounting.AccountingMain");
            gateway.startService("cache", "io.llmgateway.cache.CacheMain");
            for (int i = 0; i < routers; i++) {
                gateway.startRouter();
            }
            gateway.startService("ingress", "io.llmgateway.ingress.IngressMain");
            gateway.awaitIngressReady(Duration.ofSeconds(300));
            gateway.awaitFirstAnswer(Duration.ofSeconds(300));
            return gateway;
        } catch (Exception | AssertionError e) {
            gateway.close();
            throw e;
        }
    }

    URI ingress() {
        return URI.create("http://127.0.0.1:" + ingressPort);
    }

    List<ServiceProcess> routers() {
        return List.copyOf(routers);
    }

    /** A new router worker (a fresh JVM) joining the group. */
    ServiceProcess startRouter() throws IOException {
        ServiceProcess router = startService("router-" + (++routerCount), "io.llmgateway.router.RouterMain");
        routers.add(router);
        return router;
    }

    /** {@code kill -9} of a router worker; it leaves the list of routers. */
    void kill(ServiceProcess router) throws InterruptedException {
        router.kill();
        routers.remove(router);
        running.remove(router);
    }

    /** Every service that died by itself (not killed by the test): should stay empty. */
    List<String> deadServices() {
        return running.stream().filter(p -> !p.isAlive()).map(ServiceProcess::name).collect(Collectors.toList());
    }

    private ServiceProcess startService(String name, String mainClass) throws IOException {
        ServiceProcess process = ServiceProcess.start(name, mainClass, config, bootstrapServers, ENV, logDir);
        running.add(process);
        return process;
    }

    private void awaitIngressReady(Duration atMost) {
        HttpClient http = HttpClient.newHttpClient();
        Awaitility.await("ingress /readyz (logs in " + logDir + ")").atMost(atMost)
                .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> http.send(HttpRequest.newBuilder(ingress().resolve("/readyz")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    /**
     * Until a chat completion is answered 200: the ingress says ready before accounting and the
     * routers have their partitions, and a request sent then waits out its deadline.
     */
    private void awaitFirstAnswer(Duration atMost) {
        HttpClient http = HttpClient.newHttpClient();
        String body = "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"probe\"}]}";
        Awaitility.await("a first 200 through the whole pipeline (logs in " + logDir + ")").atMost(atMost)
                .pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> http.send(HttpRequest.newBuilder(ingress().resolve("/v1/chat/completions"))
                        .timeout(Duration.ofSeconds(20))
                        .header("authorization", "Bearer " + apiKey(PROBE_TENANT))
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    @Override
    public void close() {
        // ingress first (no new work), the mock provider last
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String config(int mockPort, int ingressPort) {
        String tenants = java.util.stream.Stream.concat(TENANTS.stream(), java.util.stream.Stream.of(PROBE_TENANT)).map(t -> """
                  %s:
                    projects: [default]
                    api_keys:
                      - {id: %s-key, project: default, sha256: %s}
                """.formatted(t, t, sha256(apiKey(t)))).collect(Collectors.joining());
        return """
                kafka:
                  partitions: 6
                  replication_factor: 3
                ingress:
                  host: 127.0.0.1
                  port: %d
                  instance_id: %s
                  request_timeout: 60s
                router:
                  group_id: fault-router
                  max_in_flight: 256
                  session_timeout: %dms
                  metrics_port: -1
                cache:
                  enabled: false
                  admin_port: -1
                accounting:
                  application_id: fault-accounting
                  http_host: 127.0.0.1
                  http_port: 0
                content_safety:
                  enabled: false
                providers:
                  mock: {type: openai, base_url: "http://127.0.0.1:%d/v1", connect_timeout: 1s, request_timeout: 20s}
                models:
                  %s:
                    deployments:
                      - {provider: mock, model: %s}
                tenants:
                %s
                prices:
                  as_of: 2026-08-21
                  models:
                    %s: {input: %s, output: %s}
                mock_provider:
                  host: 127.0.0.1
                  port: %d
                  latency: 300ms
                """.formatted(ingressPort, INGRESS_INSTANCE, ROUTER_SESSION.toMillis(), mockPort, MODEL, MODEL,
                tenants.stripTrailing(), MODEL, Prices.INPUT_PER_MILLION, Prices.OUTPUT_PER_MILLION, mockPort);
    }

    private static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.llmgateway.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.launcher.status.GatewayState;
import io.llmgateway.launcher.status.StatusTable;
import io.llmgateway.testkit.KafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The gateway of one process on a real broker: every admin route on its one management port,
 * behind the operator token (a tenant's key is not one), none on the public port; a tenant reads
 * its own usage on the public port; {@code ./gateway status} reads it all back.
 */
class ManagementPortEndToEndTest {

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    private static final Path CONFIG = Path.of("../config/gateway.example.yaml");
    private static final String ACME = "sk-gw-demo-acme";
    private static final String GLOBEX = "sk-gw-demo-globex";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every admin route of the gateway, as method and path. */
    private static final List<List<String>> ADMIN_ROUTES = List.of(
            List.of("GET", "/v1/accounting/tenants/acme"), List.of("GET", "/admin/services"),
            List.of("GET", "/admin/breakers"), List.of("GET", "/admin/cache/shards"), List.of("GET", "/mock/stats"),
            List.of("GET", "/mock/behavior"), List.of("GET", "/metrics"), List.of("DELETE", "/admin/cache/tenants/acme"));

    private static GatewayConfig config;
    private static DevGateway gateway;
    private static String publicUrl;

    @BeforeAll
    static void start() throws Exception {
        config = GatewayConfig.load(CONFIG);
        gateway = DevGateway.start(config, new DevGateway.Options(KAFKA.bootstrapServers(), null, 0, 0),
                Clock.systemUTC());
        publicUrl = "http://127.0.0.1:" + gateway.ingressPort();
        HttpResponse<String> chat = send(publicUrl + "/v1/chat/completions", "POST", ACME,
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"count me\"}]}");
        assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void everyAdminRouteRefusesNoTokenAWrongOneAndATenantKeyAndAnswersTheOperatorToken() throws Exception {
        String management = gateway.management().url();
        String wrong = gateway.adminToken().substring(1) + "x";
        for (List<String> route : ADMIN_ROUTES) {
            String url = management + route.get(1);
            for (String refused : new String[] {null, wrong, ACME}) {
                HttpResponse<String> response = send(url, route.get(0), refused, null);
                assertThat(response.statusCode()).as(route + " with " + refused).isEqualTo(401);
                assertThat(response.body()).contains("admin_token_required");
            }
            HttpResponse<String> answered = send(url, route.get(0), gateway.adminToken(), null);
            assertThat(answered.statusCode()).as(route + ": " + answered.body()).isBetween(200, 202);
        }
    }

    @Test
    void thePublicPortHasNoAdminRoute() throws Exception {
        for (List<String> route : ADMIN_ROUTES) {
            for (String key : new String[] {null, gateway.adminToken(), ACME}) {
                assertThat(send(publicUrl + route.get(1), route.get(0), key, null).statusCode()).as(route.toString())
                        .isEqualTo(404);
            }
        }
    }

    @Test
    void aTenantReadsItsOwnUsageOnThePublicPortAndNeverAnothersTenants() throws Exception {
        JsonNode acme = JSON.readTree(send(publicUrl + "/v1/usage", "GET", ACME, null).body());
        JsonNode globex = JSON.readTree(send(publicUrl + "/v1/usage", "GET", GLOBEX, null).body());

        assertThat(acme.path("tenant").asText()).isEqualTo("acme");
        assertThat(acme.path("tenant_usage").path("requests_per_minute").path("limit").asLong()).isEqualTo(600);
        assertThat(acme.path("tenant_usage").has("daily_budget")).isTrue();
        assertThat(acme.toString()).doesNotContain("globex");
        assertThat(globex.path("tenant").asText()).isEqualTo("globex");
        assertThat(globex.path("tenant_usage").path("requests_per_minute").path("limit").asLong()).isEqualTo(60);
        assertThat(globex.toString()).doesNotContain("acme").doesNotContain("research");
    }

    @Test
    void statusReadsServicesLagBreakersCacheAndTenantsFromTheRunningGateway() throws Exception {
        Path runFile = Files.createTempDirectory("gateway-run").resolve("run.properties");
        new RunState(ProcessHandle.current().pid(), publicUrl, gateway.management().url(), gateway.bootstrapServers(),
                CONFIG, gateway.adminTokenVariable()).write(runFile);
        RunState run = RunState.read(runFile);

        GatewayState state = new GatewayStatus(run, config, gateway.adminToken()).read();

        assertThat(state.services()).extracting(GatewayState.Service::name)
                .containsExactly("ingress", "accounting-stream", "cache-service", "router-worker", "mock-provider");
        assertThat(state.services()).extracting(GatewayState.Service::state)
                .containsExactly("READY", "RUNNING", "RUNNING", "RUNNING", "RUNNING");
        assertThat(state.lags()).extracting(GatewayState.GroupLag::group)
                .contains(config.router().groupId(), config.cache().groupId(), config.accounting().applicationId());
        assertThat(state.breakers()).extracting(GatewayState.Breaker::deployment).contains("mock/gpt-4o-mini");
        assertThat(state.breakers()).extracting(GatewayState.Breaker::state).containsOnly("CLOSED");
        assertThat(state.cacheEntries()).isNotNull();
        assertThat(state.tenants()).extracting(GatewayState.TenantLoad::tenant).containsExactly("acme", "globex");
        GatewayState.TenantLoad acme = state.tenants().get(0);
        assertThat(acme.requests().limit()).isEqualTo("600");
        assertThat(Long.parseLong(acme.requests().used())).isGreaterThanOrEqualTo(1);
        String table = StatusTable.format(state);
        assertThat(table).contains("ingress").contains("READY").contains(config.router().groupId())
                .contains("mock/gpt-4o-mini").contains("NEAR A LIMIT (>= 80%): none");
    }

    private static HttpResponse<String> send(String url, String method, String bearer, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

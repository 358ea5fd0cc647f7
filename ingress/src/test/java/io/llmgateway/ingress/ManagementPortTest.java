package io.llmgateway.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.webserver.WebServer;
import io.llmgateway.common.management.ManagementRoutes;
import io.llmgateway.common.management.ManagementServer;
import io.llmgateway.common.metrics.ServiceMetrics;
import io.llmgateway.common.security.AdminAccess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ingress's meters are on the management port, behind the operator token; its public port has no admin route. */
class ManagementPortTest {

    private static final String TOKEN = "operator-token-0123456789abcdefghijklmnop";

    @Test
    void thePublicPortHasNoAdminRouteWhateverTheCallerSends() throws Exception {
        try (ServiceMetrics metrics = new ServiceMetrics("ingress")) {
            WebServer server = LimitedTenants.ingress(LimitedTenants.config(), Map.of(), metrics);
            try {
                String base = "http://127.0.0.1:" + server.port();
                for (String path : new String[] {"/metrics", "/v1/accounting/tenants/acme", "/admin/breakers",
                        "/admin/cache/shards", "/mock/behavior", "/mock/stats"}) {
                    for (String authorization : new String[] {null, "Bearer " + TOKEN, "Bearer " + TestConfigs.ACME_KEY}) {
                        assertThat(send(base + path, "GET", authorization).statusCode()).as(path).isEqualTo(404);
                    }
                }
                assertThat(send(base + "/admin/cache/tenants/acme", "DELETE", "Bearer " + TOKEN).statusCode())
                        .isEqualTo(404);
            } finally {
                server.stop();
            }
        }
    }

    @Test
    void metricsOnTheManagementPortRefuseNoTokenAWrongOneAndATenantKey() throws Exception {
        try (ServiceMetrics metrics = new ServiceMetrics("ingress")) {
            WebServer server = LimitedTenants.ingress(LimitedTenants.config(), Map.of(), metrics);
            try (ManagementServer management = ManagementServer.builder(AdminAccess.token(TOKEN), "127.0.0.1", 0,
                    "management.port").add(ManagementRoutes.metrics(metrics)).start()) {
                send("http://127.0.0.1:" + server.port() + "/v1/models", "GET", "Bearer " + TestConfigs.ACME_KEY);
                String scrape = management.url() + "/metrics";

                HttpResponse<String> none = send(scrape, "GET", null);
                assertThat(none.statusCode()).isEqualTo(401);
                assertThat(none.body()).contains("admin_token_required");
                assertThat(send(scrape, "GET", "Bearer " + TOKEN.substring(1)).statusCode()).isEqualTo(401);
                assertThat(send(scrape, "GET", "Bearer " + TestConfigs.ACME_KEY).statusCode()).isEqualTo(401);
                HttpResponse<String> right = send(scrape, "GET", "Bearer " + TOKEN);
                assertThat(right.statusCode()).isEqualTo(200);
                assertThat(right.body()).contains("gateway_http_server_requests").contains("route=\"/v1/models\"");
            } finally {
                server.stop();
            }
        }
    }

    private static HttpResponse<String> send(String uri, String method, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).method(method,
                HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

package io.llmgateway.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.webserver.WebServer;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.metrics.ServiceMetrics;
import io.llmgateway.common.security.AdminAccess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** {@code /metrics} shares the ingress's public port, so it takes the operator token there. */
class MetricsAdminTokenTest {

    private static final String TOKEN = "operator-token-0123456789abcdefghijklmnop";

    @Test
    void metricsOnThePublicPortNeedTheOperatorTokenWhileHealthzDoesNot() throws Exception {
        try (ServiceMetrics metrics = new ServiceMetrics("ingress")) {
            WebServer server = start(metrics, AdminAccess.token(TOKEN));
            try {
                String base = "http://127.0.0.1:" + server.port();
                HttpResponse<String> none = get(base + "/metrics", null);
                HttpResponse<String> wrong = get(base + "/metrics", "Bearer " + TOKEN.substring(1));
                HttpResponse<String> right = get(base + "/metrics", "Bearer " + TOKEN);

                assertThat(none.statusCode()).isEqualTo(401);
                assertThat(none.headers().firstValue("content-type")).hasValue("application/json");
                assertThat(none.body()).contains("admin_token_required");
                assertThat(wrong.statusCode()).isEqualTo(401);
                assertThat(right.statusCode()).isEqualTo(200);
                assertThat(right.body()).contains("gateway_http_server_requests");
                assertThat(get(base + "/healthz", null).statusCode()).isEqualTo(200);
            } finally {
                server.stop();
            }
        }
    }

    @Test
    void withoutATokenMetricsAnswerLoopbackClients() throws Exception {
        try (ServiceMetrics metrics = new ServiceMetrics("ingress")) {
            WebServer server = start(metrics, AdminAccess.loopbackOnly());
            try {
                assertThat(get("http://127.0.0.1:" + server.port() + "/metrics", null).statusCode()).isEqualTo(200);
            } finally {
                server.stop();
            }
        }
    }

    private static WebServer start(ServiceMetrics metrics, AdminAccess admin) {
        GatewayConfig config = TestConfigs.config("127.0.0.1:9", "  request_timeout: 30s");
        return IngressRoutes.server(config, Clock.systemUTC(), "llm.replies.metrics-test", 0, request -> {
            throw new AssertionError("no request is sent");
        }, () -> true, EarlyLimits.NONE, metrics, admin).start();
    }

    private static HttpResponse<String> get(String uri, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

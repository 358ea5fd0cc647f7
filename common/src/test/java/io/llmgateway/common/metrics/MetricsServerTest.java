package io.llmgateway.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgateway.common.config.AdminSettings;
import io.llmgateway.common.config.ConfigException;
import io.llmgateway.common.security.AdminAccess;
import io.llmgateway.common.security.Secrets;
import io.micrometer.core.instrument.Counter;
import java.util.Map;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class MetricsServerTest {

    @Test
    void servesTheRegistrysMetersInPrometheusTextFormatWithTheServiceTag() throws Exception {
        try (ServiceMetrics metrics = new ServiceMetrics("router");
             MetricsServer server = new MetricsServer(metrics, "127.0.0.1", 0, "test.port",
                     AdminAccess.loopbackOnly()).start()) {
            Counter.builder("gateway.test.events").tag("provider", "openai").register(metrics.registry()).increment(3);

            HttpResponse<String> scrape = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.headers().firstValue("content-type")).hasValue(ServiceMetrics.CONTENT_TYPE);
            assertThat(scrape.body())
                    .containsPattern("gateway_test_events_total\\{[^}]*provider=\"openai\"[^}]*service=\"router\"[^}]*} 3\\.0")
                    .contains("jvm_memory_used_bytes{");
        }
    }

    @Test
    void kafkaStreamsStoreMetersOfEveryStoreTypeShareOneSetOfTagKeys() {
        try (ServiceMetrics metrics = new ServiceMetrics("accounting")) {
            Counter.builder("kafka.stream.state.put.total").tag("in-memory-state-id", "tenant-ledgers")
                    .register(metrics.registry()).increment();
            Counter.builder("kafka.stream.state.put.total").tag("rocksdb-window-state-id", "usage-seen")
                    .register(metrics.registry()).increment();

            assertThat(metrics.scrape())
                    .containsPattern("kafka_stream_state_put_total\\{[^}]*state_id=\"tenant-ledgers\"[^}]*"
                            + "store_type=\"in-memory\"[^}]*} 1\\.0")
                    .containsPattern("kafka_stream_state_put_total\\{[^}]*state_id=\"usage-seen\"[^}]*"
                            + "store_type=\"rocksdb-window\"[^}]*} 1\\.0");
        }
    }

    private static final String TOKEN = "operator-token-0123456789abcdefghijklmnop";

    @Test
    void metricsNeedTheOperatorTokenWhenOneIsConfigured() throws Exception {
        try (ServiceMetrics metrics = new ServiceMetrics("router");
             MetricsServer server = new MetricsServer(metrics, "127.0.0.1", 0, "test.port",
                     AdminAccess.token(TOKEN)).start()) {
            URI uri = URI.create("http://127.0.0.1:" + server.port() + "/metrics");

            HttpResponse<String> none = get(uri, null);
            HttpResponse<String> wrong = get(uri, "Bearer " + TOKEN.replace('0', '1'));
            HttpResponse<String> right = get(uri, "Bearer " + TOKEN);

            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("content-type")).hasValue("application/json");
            assertThat(none.headers().firstValue("www-authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(none.body()).contains("admin_token_required").contains("Authorization: Bearer");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.body()).doesNotContain(TOKEN);
            assertThat(right.statusCode()).isEqualTo(200);
            assertThat(right.body()).contains("jvm_memory_used_bytes{");
            assertThat(get(URI.create("http://127.0.0.1:" + server.port() + "/healthz"), null).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void withoutATokenTheMetricsServerBindsToLoopbackEvenWhenAskedForEveryInterface() throws Exception {
        AdminAccess access = AdminAccess.resolve(AdminSettings.DEFAULTS, Secrets.of(Map.of()));

        assertThat(access.tokenRequired()).isFalse();
        assertThat(access.bindHost("0.0.0.0", "router.metrics_port")).isEqualTo("127.0.0.1");
        assertThat(access.bindHost("::1", "router.metrics_port")).isEqualTo("::1");
        try (ServiceMetrics metrics = new ServiceMetrics("router");
             MetricsServer server = new MetricsServer(metrics, "0.0.0.0", 0, "test.port", access).start()) {
            assertThat(get(URI.create("http://127.0.0.1:" + server.port() + "/metrics"), null).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void theTokenComesFromTheVariableAdminTokenEnvNamesAndAnUnsetOneNamesTheField() {
        Secrets secrets = Secrets.of(Map.of("OPS_TOKEN", TOKEN, AdminSettings.DEFAULT_TOKEN_ENV, TOKEN));

        assertThat(AdminAccess.resolve(new AdminSettings("OPS_TOKEN"), secrets).tokenRequired()).isTrue();
        assertThat(AdminAccess.resolve(AdminSettings.DEFAULTS, secrets).tokenRequired()).isTrue();
        assertThat(AdminAccess.resolve(AdminSettings.DEFAULTS, secrets).toString()).doesNotContain(TOKEN);
        assertThatThrownBy(() -> AdminAccess.resolve(new AdminSettings("MISSING_TOKEN"), secrets))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("admin.token_env").hasMessageContaining("MISSING_TOKEN");
        assertThatThrownBy(() -> AdminAccess.resolve(new AdminSettings("SHORT"), Secrets.of(Map.of("SHORT", "abc"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("admin.token_env").hasMessageNotContaining("abc");
    }

    private static HttpResponse<String> get(URI uri, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

package io.llmgateway.accounting;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.common.config.AdminSettings;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.common.config.IngressSettings;
import io.llmgateway.common.kafka.PipelineTopics;
import io.llmgateway.common.metrics.ServiceMetrics;
import io.llmgateway.common.security.Secrets;
import io.llmgateway.testkit.KafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Accounting's query port (tenant usage and metrics) answers only the operator token's holder. */
class AdminTokenOnQueryPortTest {

    private static final String TOKEN = "operator-token-0123456789abcdefghijklmnop";

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    @Test
    void tenantUsageMetricsAndTheConsolesFiguresNeedTheOperatorToken() throws Exception {
        GatewayConfig config = BrokerSupport.config(KAFKA.bootstrapServers(), "admintoken", 2, """
                tenants:
                  acme:
                    limits: {tokens_per_minute: 1000}
                """).withAdmin(new AdminSettings("OPS_TOKEN"));
        PipelineTopics.ensure(config);
        Secrets secrets = Secrets.of(Map.of(IngressSettings.DEFAULT_SIGNING_KEY_ENV, TestKeys.INGRESS_KEY,
                TestKeys.ACME_BATCH_ENV, TestKeys.ACME_BATCH_KEY, TestKeys.GLOBEX_BATCH_ENV,
                TestKeys.GLOBEX_BATCH_KEY, "OPS_TOKEN", TOKEN));
        try (ServiceMetrics metrics = new ServiceMetrics("accounting");
             AccountingService service = new AccountingService(config, Clock.systemUTC(), metrics, secrets)) {
            service.start();
            service.awaitRunning(Duration.ofSeconds(60));
            String base = "http://127.0.0.1:" + service.httpPort();

            for (String path : new String[] {TenantQueries.PATH + "acme", "/metrics", "/console/api/overview"}) {
                URI uri = URI.create(base + path);
                HttpResponse<String> none = get(uri, null);
                HttpResponse<String> wrong = get(uri, "Bearer not-" + TOKEN);
                HttpResponse<String> right = get(uri, "Bearer " + TOKEN);

                assertThat(none.statusCode()).as(path + " without a token").isEqualTo(401);
                assertThat(none.body()).contains("admin_token_required");
                assertThat(none.headers().firstValue("content-type")).hasValue("application/json");
                assertThat(wrong.statusCode()).as(path + " with a wrong token").isEqualTo(401);
                assertThat(right.statusCode()).as(path + " with the token").isEqualTo(200);
            }
            assertThat(get(URI.create(base + TenantQueries.PATH + "acme"), "Bearer " + TOKEN).body())
                    .contains("\"acme\"");
            assertThat(get(URI.create(base + "/healthz"), null).statusCode()).isEqualTo(200);
            // The page itself holds no figures: it loads without a token and asks for one.
            HttpResponse<String> page = get(URI.create(base + "/console/"), null);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<title>LLM gateway console</title>").contains("chart.umd.min.js");
            assertThat(get(URI.create(base + "/console/chart.umd.min.js"), null).body()).startsWith("/*!\n * Chart.js v4");
            assertThat(get(URI.create(base + "/console/logback.xml"), null).statusCode())
                    .as("only the page's own files").isEqualTo(404);
        }
    }

    private static HttpResponse<String> get(URI uri, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

package io.llmgateway.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.WebServer;
import io.llmgateway.schemas.TenantState;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/usage} with a tenant's key shows that tenant's limits and spend and nothing of
 * another; and the first answers to a tenant with no state yet carry rate-limit headers from its
 * configured limits.
 */
class TenantUsageTest {

    private static WebServer server;
    private static HttpCalls http;

    @BeforeAll
    static void start() {
        long now = System.currentTimeMillis();
        // acme has traffic (accounting published its state); globex has none yet.
        var requests = new TenantState.Window(600, 12, now + 30_000, List.of(new TenantState.Release(now + 30_000, 12)));
        var daily = new TenantState.Budget(new BigDecimal("20"), new BigDecimal("1.25"), new BigDecimal("0.01"),
                "2026-12-07", now + 3_600_000);
        var acme = new TenantState("acme", now, new TenantState.Scope(requests, null, 64, 2, daily, null), Map.of());
        server = LimitedTenants.ingress(LimitedTenants.config(), Map.of("acme", acme), null);
        http = new HttpCalls(server.port());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void aTenantSeesItsOwnSpendAndLimits() {
        HttpResponse<String> response = http.get(UsageRoute.PATH, TestConfigs.ACME_KEY);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode usage = HttpCalls.json(response);
        assertThat(usage.path("tenant").asText()).isEqualTo("acme");
        assertThat(usage.path("project").asText()).isEqualTo("research");
        assertThat(usage.path("source").asText()).isEqualTo("accounting");
        JsonNode tenant = usage.path("tenant_usage");
        assertThat(tenant.path("requests_per_minute").path("limit").asLong()).isEqualTo(600);
        assertThat(tenant.path("requests_per_minute").path("used").asLong()).isEqualTo(12);
        assertThat(tenant.path("requests_per_minute").path("remaining").asLong()).isEqualTo(588);
        assertThat(tenant.path("in_flight").asInt()).isEqualTo(2);
        assertThat(tenant.path("daily_budget").path("spent_usd").decimalValue()).isEqualByComparingTo("1.25");
        assertThat(tenant.path("daily_budget").path("limit_usd").decimalValue()).isEqualByComparingTo("20");
        assertThat(response.body()).doesNotContain("globex");
    }

    @Test
    void anotherTenantSeesOnlyItsOwnConfiguredLimitsBeforeItHasTraffic() {
        HttpResponse<String> response = http.get(UsageRoute.PATH, TestConfigs.GLOBEX_KEY);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode usage = HttpCalls.json(response);
        assertThat(usage.path("tenant").asText()).isEqualTo("globex");
        assertThat(usage.path("source").asText()).isEqualTo("configured_limits");
        assertThat(usage.path("tenant_usage").path("requests_per_minute").path("limit").asLong()).isEqualTo(30);
        assertThat(usage.path("tenant_usage").path("requests_per_minute").path("used").asLong()).isZero();
        assertThat(usage.path("tenant_usage").path("tokens_per_minute").path("limit").asLong()).isEqualTo(100_000);
        assertThat(response.body()).doesNotContain("acme").doesNotContain("1.25").doesNotContain("research");
    }

    @Test
    void noKeyOrAWrongKeyIsRefusedAndNoParameterReachesAnotherTenant() {
        assertThat(http.get(UsageRoute.PATH, null).statusCode()).isEqualTo(401);
        assertThat(http.get(UsageRoute.PATH, "sk-nobody").statusCode()).isEqualTo(401);
        HttpResponse<String> other = http.get(UsageRoute.PATH + "?tenant=acme", TestConfigs.GLOBEX_KEY);
        assertThat(HttpCalls.json(other).path("tenant").asText()).isEqualTo("globex");
        assertThat(http.get(UsageRoute.PATH + "/acme", TestConfigs.GLOBEX_KEY).statusCode()).isEqualTo(404);
    }

    @Test
    void theFirstAnswerToATenantWithNoStateYetCarriesRateLimitHeadersFromItsConfiguredLimits() {
        HttpResponse<String> response = http.chat(TestConfigs.GLOBEX_KEY,
                "{\"model\": \"mock-echo\", \"max_tokens\": 100, \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        var headers = response.headers();
        assertThat(headers.firstValue("x-ratelimit-limit-requests")).contains("30");
        assertThat(headers.firstValue("x-ratelimit-remaining-requests")).contains("29");
        assertThat(headers.firstValue("x-ratelimit-limit-tokens")).contains("100000");
        assertThat(Long.parseLong(headers.firstValue("x-ratelimit-remaining-tokens").orElseThrow()))
                .isLessThan(100_000 - 100).isGreaterThan(99_000);
        assertThat(headers.firstValue("x-ratelimit-reset-requests")).isPresent();
    }
}

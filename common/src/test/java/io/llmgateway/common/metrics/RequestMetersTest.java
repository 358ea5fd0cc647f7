package io.llmgateway.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.schemas.Outcome;
import io.llmgateway.schemas.TokenUsage;
import io.llmgateway.schemas.UsageRecord;
import org.junit.jupiter.api.Test;

class RequestMetersTest {

    private static UsageRecord usage(String tenant, Outcome outcome) {
        return new UsageRecord("req-" + tenant, tenant, "default", "key-1", "gpt-4o-mini", "gpt-4o-mini-2024-07-18",
                "openai", outcome, new TokenUsage(12, 30, 0), false, false, 1, 80L, 250, 1_000, 1_250, null);
    }

    @Test
    void tenantsBeyondTheLimitAreCountedAsOther() {
        try (ServiceMetrics metrics = new ServiceMetrics("test")) {
            RequestMeters meters = new RequestMeters(metrics.registry(), new TenantLabels(2));
            for (String tenant : new String[] {"acme", "globex", "initech", "acme", "umbrella"}) {
                meters.finished(usage(tenant, Outcome.SUCCESS));
            }
            String scrape = metrics.scrape();
            assertThat(scrape).contains("gateway_requests_total{model=\"gpt-4o-mini\",provider=\"openai\","
                    + "service=\"test\",status=\"success\",tenant=\"acme\"} 2.0");
            assertThat(scrape).contains("tenant=\"globex\"} 1.0").contains("tenant=\"other\"} 2.0")
                    .doesNotContain("initech").doesNotContain("umbrella");
        }
    }

    @Test
    void recordsGenAiDurationTimeToFirstTokenAndTokens() {
        try (ServiceMetrics metrics = new ServiceMetrics("test")) {
            new RequestMeters(metrics.registry(), new TenantLabels(10)).finished(usage("acme", Outcome.FAILED));
            String scrape = metrics.scrape();
            assertThat(scrape).contains("gen_ai_client_operation_duration_seconds_count{error_type=\"none\","
                    + "gen_ai_operation_name=\"chat\",gen_ai_provider_name=\"openai\","
                    + "gen_ai_request_model=\"gpt-4o-mini\",service=\"test\"} 1");
            assertThat(scrape).contains("gen_ai_server_time_to_first_token_seconds_sum");
            assertThat(scrape).contains("gen_ai_client_token_usage_tokens_sum{gen_ai_operation_name=\"chat\","
                    + "gen_ai_provider_name=\"openai\",gen_ai_request_model=\"gpt-4o-mini\",gen_ai_token_type=\"output\","
                    + "service=\"test\"} 30.0");
            assertThat(scrape).contains("gateway_tokens_total{gen_ai_token_type=\"input\",model=\"gpt-4o-mini\","
                    + "service=\"test\",tenant=\"acme\"} 12.0");
            assertThat(scrape).contains("status=\"failed\"");
        }
    }
}

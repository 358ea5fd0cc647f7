package io.llmgateway.accounting;

import static io.llmgateway.accounting.Messages.request;
import static io.llmgateway.accounting.Messages.usage;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.common.metrics.RequestMeters;
import io.llmgateway.common.metrics.ServiceMetrics;
import io.llmgateway.common.metrics.TenantLabels;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Accounting's part of the request meters: the requests it refuses and the cost it charges. */
class AccountingMetersTest {

    private static final Instant NOW = Instant.parse("2026-01-15T10:00:00.400Z");

    @TempDir
    Path stateDir;

    @Test
    void countsRefusedRequestsByStatusAndTheCostChargedByTenant() {
        try (ServiceMetrics metrics = new ServiceMetrics("accounting");
             AccountingDriver accounting = new AccountingDriver(CostsAndStateTest.CONFIG, stateDir, NOW,
                     AccountingTopology.Meters.of(new RequestMeters(metrics.registry(), new TenantLabels(10))))) {
            for (int i = 1; i <= 11; i++) { // over acme's 4 at once and 10 per minute
                accounting.send(request("req-" + i, "acme", 10, 10));
            }
            accounting.report(usage("req-1", "acme", 1_000_000, 1_000_000));

            String scrape = metrics.scrape();
            assertThat(scrape).containsPattern("gateway_requests_total\\{model=\"gpt-4o-mini\",provider=\"none\","
                    + "service=\"accounting\",status=\"rejected\",tenant=\"acme\"} [1-9]");
            // 1M input tokens at 0.15 and 1M output tokens at 0.60 USD per million
            assertThat(scrape).contains("gateway_cost_usd_total{model=\"gpt-4o-mini\",project=\"default\","
                    + "service=\"accounting\",tenant=\"acme\"} 0.75");
        }
    }
}

package io.llmgateway.accounting;

import static io.llmgateway.accounting.Messages.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.schemas.CostRecord;
import io.llmgateway.schemas.CostRollup;
import io.llmgateway.schemas.TenantState;
import io.llmgateway.schemas.TokenUsage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cost stream, the hourly rollups and the published tenant state. */
class CostsAndStateTest {

    private static final Instant NOW = Instant.parse("2026-01-15T10:00:00.400Z");
    private static final long HOUR_MS = Instant.parse("2026-01-15T10:00:00Z").toEpochMilli();
    /** Also {@link AccountingMetersTest}'s: priced gpt-4o-mini, tenant acme at 10 requests per minute. */
    static final GatewayConfig CONFIG = AccountingDriver.config("""
            accounting:
              state_publish_interval: 1s
            providers:
              mock: {type: openai, base_url: "http://127.0.0.1:1/v1"}
            models:
              fast:
                deployments: [{provider: mock, model: gpt-4o-mini}]
              gpt-4o-mini:
                deployments: [{provider: mock, model: gpt-4o-mini}]
            prices:
              as_of: 2026-08-21
              models:
                gpt-4o-mini: {input: 0.15, output: 0.60, cached_input: 0.075}
            tenants:
              acme:
                projects: [default, research]
                limits: {requests_per_minute: 10, tokens_per_minute: 5000, max_concurrent_requests: 4}
                budget: {daily_usd: 2, monthly_usd: 20}
                project_quotas:
                  research:
                    limits: {requests_per_minute: 2}
            """);

    @TempDir
    Path stateDir;

    private AccountingDriver accounting;

    @BeforeEach
    void startDriver() {
        accounting = new AccountingDriver(CONFIG, stateDir, NOW);
    }

    @AfterEach
    void closeDriver() {
        accounting.close();
    }

    @Test
    void aCostRecordPricesUncachedCachedAndOutputTokensExactly() {
        accounting.report(Messages.usage("req-1", "acme", "default", "gpt-4o-mini", "gpt-4o-mini-2024-07-18",
                new TokenUsage(1_000, 500, 400), HOUR_MS + 5));

        CostRecord cost = accounting.costs.readValue();
        assertThat(cost.priced()).isTrue();
        assertThat(cost.priceList()).isEqualTo("2026-08-21");
        assertThat(cost.inputCostUsd()).isEqualByComparingTo("0.00009");        // 600 x 0.15 / 1M
        assertThat(cost.cachedInputCostUsd()).isEqualByComparingTo("0.00003");  // 400 x 0.075 / 1M
        assertThat(cost.outputCostUsd()).isEqualByComparingTo("0.0003");        // 500 x 0.60 / 1M
        assertThat(cost.costUsd()).isEqualByComparingTo("0.00042");
        assertThat(cost.modelServed()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(cost.recordedAtMs()).isEqualTo(NOW.toEpochMilli());
    }

    @Test
    void anAliasIsPricedByTheModelBehindItAndAnUnknownModelCostsNothingButSaysSo() {
        accounting.report(Messages.usage("req-1", "acme", "default", "fast", null, new TokenUsage(1_000_000, 0, 0),
                HOUR_MS));
        accounting.report(Messages.usage("req-2", "acme", "default", "mystery", "mystery-1",
                new TokenUsage(1_000, 1_000, 0), HOUR_MS));

        List<CostRecord> costs = accounting.costs.readValuesToList();
        assertThat(costs.get(0).costUsd()).isEqualByComparingTo("0.15");
        assertThat(costs.get(1).priced()).isFalse();
        assertThat(costs.get(1).costUsd()).isZero();
    }

    @Test
    void hourlyRollupsAddUpPerTenantModelAndHourAndArePublishedOnTheClock() {
        accounting.report(Messages.usage("req-1", "acme", "default", "gpt-4o-mini", "gpt-4o-mini",
                new TokenUsage(1_000, 1_000, 0), HOUR_MS + 1_000));
        accounting.report(Messages.usage("req-2", "acme", "default", "gpt-4o-mini", "gpt-4o-mini",
                new TokenUsage(2_000, 0, 0), HOUR_MS + 2_000));
        accounting.report(Messages.usage("req-3", "acme", "default", "gpt-4o-mini", "gpt-4o-mini",
                new TokenUsage(10, 0, 0), HOUR_MS - 1));
        assertThat(accounting.rollups.isEmpty()).isTrue();

        accounting.advance(Duration.ofSeconds(1));

        var published = accounting.rollups.readKeyValuesToMap();
        CostRollup tenOClock = published.get("acme|gpt-4o-mini|2026-01-15T10:00:00Z");
        assertThat(tenOClock.requests()).isEqualTo(2);
        assertThat(tenOClock.inputTokens()).isEqualTo(3_000);
        assertThat(tenOClock.outputTokens()).isEqualTo(1_000);
        assertThat(tenOClock.costUsd()).isEqualByComparingTo("0.00105");
        assertThat(published.get("acme|gpt-4o-mini|2026-01-15T09:00:00Z").requests()).isEqualTo(1);
        // Nothing changed since: nothing is published again.
        accounting.advance(Duration.ofSeconds(1));
        assertThat(accounting.rollups.isEmpty()).isTrue();
    }

    @Test
    void theTenantStateIsPublishedOnTheClockWithWhatIsLeftOfEachLimit() {
        accounting.send(request("req-1", "acme", "research", "gpt-4o-mini", 1_000, 500));
        accounting.advance(Duration.ofSeconds(1));

        var published = accounting.states.readKeyValue();
        assertThat(published.key).isEqualTo("acme");
        TenantState state = published.value;
        long now = NOW.plusSeconds(1).toEpochMilli();
        assertThat(state.asOfMs()).isEqualTo(now);
        TenantState.Scope tenant = state.tenant();
        assertThat(tenant.requests().limit()).isEqualTo(10);
        assertThat(tenant.requests().remainingAt(now)).isEqualTo(9);
        assertThat(tenant.tokens().remainingAt(now)).isEqualTo(3_500);
        assertThat(tenant.tokens().resetAtMs()).isEqualTo(Instant.parse("2026-01-15T10:01:00Z").toEpochMilli());
        assertThat(tenant.maxConcurrentRequests()).isEqualTo(4);
        assertThat(tenant.inFlight()).isEqualTo(1);
        assertThat(tenant.daily().limitUsd()).isEqualByComparingTo("2");
        assertThat(tenant.daily().reservedUsd()).isEqualByComparingTo("0.000675");
        assertThat(tenant.daily().period()).isEqualTo("2026-01-15");
        assertThat(tenant.monthly().period()).isEqualTo("2026-01");
        TenantState.Scope research = state.projects().get("research");
        assertThat(research.requests().remainingAt(now)).isEqualTo(1);
        assertThat(research.tokens()).isNull();
        assertThat(research.daily()).isNull();

        // Unchanged since: not published again; after the usage, published with it.
        accounting.advance(Duration.ofSeconds(1));
        assertThat(accounting.states.isEmpty()).isTrue();
        accounting.report(Messages.usage("req-1", "acme", "research", "gpt-4o-mini", "gpt-4o-mini",
                new TokenUsage(500, 100, 0), HOUR_MS));
        accounting.advance(Duration.ofSeconds(1));
        TenantState after = accounting.states.readValue();
        assertThat(after.tenant().inFlight()).isZero();
        assertThat(after.tenant().tokens().used()).isEqualTo(600);
        assertThat(after.tenant().daily().spentUsd()).isEqualByComparingTo("0.000135");
        assertThat(after.tenant().daily().reservedUsd()).isZero();
    }
}

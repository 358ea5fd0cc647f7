package io.llmgateway.accounting;

import static io.llmgateway.accounting.Messages.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.schemas.BudgetAlert;
import io.llmgateway.schemas.BudgetPeriod;
import io.llmgateway.schemas.GatewayError;
import io.llmgateway.schemas.GatewayRequest;
import io.llmgateway.schemas.TokenUsage;
import io.llmgateway.schemas.UsageRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Daily and monthly budgets per tenant and project: alerts once per level and period, and the stop at 100%. */
class BudgetsTest {

    private static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");
    /** "pricey" costs $1000 per million tokens either way: a token is a tenth of a cent. */
    private static final GatewayConfig CONFIG = AccountingDriver.config("""
            accounting:
              state_publish_interval: 1m
            prices:
              as_of: 2026-08-21
              models:
                pricey: {input: 1000, output: 1000}
            tenants:
              daily:
                budget: {daily_usd: 1}
              monthly:
                budget: {monthly_usd: 2, alert_levels: [90]}
              proj:
                projects: [default, research]
                budget: {daily_usd: 10}
                project_quotas:
                  research:
                    budget: {daily_usd: 0.5}
            """);

    @TempDir
    Path stateDir;

    private AccountingDriver accounting;
    private int next;

    @BeforeEach
    void startDriver() {
        accounting = new AccountingDriver(CONFIG, stateDir, NOW);
    }

    @AfterEach
    void closeDriver() {
        accounting.close();
    }

    /** Charges a request of {@code tenant} costing {@code tokens} tenths of a cent. */
    private void spend(String tenant, String project, int tokens) {
        String id = "spent-" + next++;
        accounting.report(Messages.usage(id, tenant, project, "pricey", "pricey", new TokenUsage(tokens, 0, 0),
                Messages.CREATED_AT_MS));
    }

    private GatewayRequest pricey(String tenant, String project, int maxTokens) {
        return request("req-" + next++, tenant, project, "pricey", maxTokens, 10);
    }

    @Test
    void eachAlertLevelIsSentOncePerPeriod() {
        spend("daily", "default", 300);   // 30%
        spend("daily", "default", 250);   // 55%: 50
        spend("daily", "default", 100);   // 65%
        spend("daily", "default", 200);   // 85%: 80
        spend("daily", "default", 50);    // 90%

        List<BudgetAlert> alerts = accounting.alerts.readValuesToList();
        assertThat(alerts).extracting(BudgetAlert::levelPercent).containsExactly(50, 80);
        BudgetAlert first = alerts.getFirst();
        assertThat(first.tenantId()).isEqualTo("daily");
        assertThat(first.projectId()).isNull();
        assertThat(first.periodKind()).isEqualTo(BudgetPeriod.DAILY);
        assertThat(first.period()).isEqualTo("2026-01-15");
        assertThat(first.cause()).isEqualTo(BudgetAlert.Cause.SPEND);
        assertThat(first.budgetUsd()).isEqualByComparingTo("1");
        assertThat(first.spentUsd()).isEqualByComparingTo("0.55");

        spend("daily", "default", 100);   // 100%: 100
        spend("daily", "default", 100);   // 110%: nothing new
        assertThat(accounting.alerts.readValuesToList()).extracting(BudgetAlert::levelPercent).containsExactly(100);
    }

    @Test
    void atOneHundredPercentRequestsStopUntilTheNextDay() {
        spend("daily", "default", 1000);
        accounting.send(pricey("daily", "default", 1));

        GatewayError error = accounting.replies.readValue().error();
        assertThat(error.status()).isEqualTo(429);
        assertThat(error.code()).isEqualTo("budget_exceeded");
        assertThat(error.type()).isEqualTo("insufficient_quota");
        assertThat(error.message()).startsWith("Budget exhausted for tenant daily").contains("2026-01-16T00:00:00Z");
        assertThat(error.retryAfterMs()).isEqualTo(Duration.ofHours(14).toMillis());
        assertThat(accounting.admitted.isEmpty()).isTrue();

        accounting.advance(Duration.ofHours(14));
        accounting.send(pricey("daily", "default", 1));
        assertThat(accounting.admitted.readValue().reservation()).isNotNull();
        // The new day's alert levels start over.
        accounting.alerts.readValuesToList();
        spend("daily", "default", 600);
        BudgetAlert again = accounting.alerts.readValue();
        assertThat(again.levelPercent()).isEqualTo(50);
        assertThat(again.period()).isEqualTo("2026-01-16");
    }

    @Test
    void aRequestWhoseEstimateWouldPassTheBudgetIsRefusedAndTheStopIsAnnouncedOnce() {
        spend("daily", "default", 850);
        accounting.alerts.readValuesToList();

        accounting.send(pricey("daily", "default", 200));   // 0.85 + 0.21 > 1
        accounting.send(pricey("daily", "default", 200));
        accounting.send(pricey("daily", "default", 100));   // 0.85 + 0.11 fits

        List<GatewayError> refusals = accounting.replies.readValuesToList().stream().map(r -> r.error()).toList();
        assertThat(refusals).hasSize(2).allSatisfy(e -> assertThat(e.code()).isEqualTo("budget_exceeded"));
        assertThat(refusals.getFirst().message()).contains("could exceed the daily budget");
        assertThat(accounting.admitted.readValuesToList()).hasSize(1);
        List<BudgetAlert> alerts = accounting.alerts.readValuesToList();
        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(alert.levelPercent()).isEqualTo(100);
            assertThat(alert.cause()).isEqualTo(BudgetAlert.Cause.REFUSAL);
        });
    }

    @Test
    void reservationsInFlightCountAgainstTheBudgetUntilReleased() {
        GatewayRequest first = pricey("daily", "default", 390);   // reserves 0.4
        GatewayRequest second = pricey("daily", "default", 390);  // 0.8
        GatewayRequest third = pricey("daily", "default", 390);   // 1.2: refused
        accounting.send(first);
        accounting.send(second);
        accounting.send(third);
        // The first used far less than it reserved: its release makes room.
        accounting.report(Messages.usage(first.requestId(), "daily", "default", "pricey", "pricey",
                new TokenUsage(10, 40, 0), Messages.CREATED_AT_MS));
        GatewayRequest fourth = pricey("daily", "default", 390);
        accounting.send(fourth);

        assertThat(accounting.admittedIds()).containsExactly(first.requestId(), second.requestId(),
                fourth.requestId());
        ScopeLedger tenant = accounting.ledger("daily").tenant();
        assertThat(tenant.daily().spentUsd()).isEqualByComparingTo("0.05");
        assertThat(tenant.daily().reservedUsd()).isEqualByComparingTo("0.8");
    }

    @Test
    void aMonthlyBudgetAddsUpAcrossDays() {
        spend("monthly", "default", 1500);
        accounting.advance(Duration.ofDays(1));
        spend("monthly", "default", 300);      // 1.8 of 2: 90%
        spend("monthly", "default", 200);      // 2.0: exhausted
        accounting.send(pricey("monthly", "default", 1));

        BudgetAlert alert = accounting.alerts.readValue();
        assertThat(alert.levelPercent()).isEqualTo(90);
        assertThat(alert.periodKind()).isEqualTo(BudgetPeriod.MONTHLY);
        assertThat(alert.period()).isEqualTo("2026-01");
        GatewayError error = accounting.replies.readValue().error();
        assertThat(error.message()).contains("monthly budget");
        assertThat(error.retryAfterMs()).isEqualTo(
                Instant.parse("2026-02-01T00:00:00Z").toEpochMilli() - NOW.plus(Duration.ofDays(1)).toEpochMilli());
    }

    @Test
    void aProjectBudgetStopsThatProjectOnly() {
        spend("proj", "research", 500);
        accounting.send(pricey("proj", "research", 1));
        accounting.send(pricey("proj", "default", 1));

        assertThat(accounting.admitted.readValuesToList()).extracting(GatewayRequest::projectId)
                .containsExactly("default");
        assertThat(accounting.replies.readValue().error().message()).contains("project research of tenant proj");
        List<BudgetAlert> alerts = accounting.alerts.readValuesToList();
        assertThat(alerts).extracting(BudgetAlert::projectId).containsOnly("research");
        assertThat(alerts).extracting(BudgetAlert::levelPercent).containsExactly(50, 80, 100);
    }
}

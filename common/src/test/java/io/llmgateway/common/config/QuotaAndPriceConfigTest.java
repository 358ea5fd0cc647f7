package io.llmgateway.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Limits, budgets, prices and the accounting settings as the YAML gives them. */
class QuotaAndPriceConfigTest {

    private static GatewayConfig parse(String yaml) {
        return GatewayConfig.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    @Test
    void theExampleConfigsCarryLimitsBudgetsAndADatedPriceList() {
        for (String file : List.of("../config/gateway.example.yaml", "../config/gateway.compose.yaml")) {
            GatewayConfig config = GatewayConfig.load(Path.of(file));

            TenantConfig acme = config.tenants().get("acme");
            assertThat(acme.limits().tokensPerMinute()).as(file).isEqualTo(400_000L);
            assertThat(acme.budget().dailyUsd()).as(file).isEqualByComparingTo("20");
            assertThat(acme.budget().alertLevels()).as(file).containsExactly(50, 80, 100);
            assertThat(acme.projectQuota("research").budget().dailyUsd()).as(file).isEqualByComparingTo("5");
            assertThat(acme.projectQuota("default")).as(file).isEqualTo(Quota.NONE);
            assertThat(config.prices().asOf()).as(file).isEqualTo("2026-08-21");
            assertThat(config.prices().find("gpt-4o-mini-2024-07-18")).as(file)
                    .contains(new ModelPrice(new BigDecimal("0.15"), new BigDecimal("0.60"), new BigDecimal("0.075")));
            // Compose publishes a fixed port; ./gateway up leaves it unset, a free one (two gateways, no collision).
            assertThat(config.accounting().httpPort()).as(file).isEqualTo(file.contains("compose") ? 8081 : 0);
            assertThat(config.accounting().maxTokensFor("mock-echo")).as(file).isEqualTo(1024);
            assertThat(config.accounting().maxTokensFor("gpt-4o-mini")).as(file).isEqualTo(4096);
        }
    }

    @Test
    void withoutTheNewSectionsNothingIsLimitedOrPriced() {
        GatewayConfig config = parse("""
                tenants:
                  acme: {}
                accounting:
                  application_id: acct
                """);

        TenantConfig acme = config.tenants().get("acme");
        assertThat(acme.limits()).isEqualTo(RateLimits.NONE);
        assertThat(acme.budget().isEmpty()).isTrue();
        assertThat(acme.budget().alertLevels()).isEqualTo(BudgetLimits.DEFAULT_ALERT_LEVELS);
        assertThat(config.prices().models()).isEmpty();
        assertThat(config.prices().label()).isEqualTo("unpriced");
        AccountingSettings accounting = config.accounting();
        assertThat(accounting.defaultMaxTokens()).isEqualTo(4096);
        assertThat(accounting.dedupWindow()).isEqualTo(Duration.ofHours(24));
        assertThat(accounting.streamThreads()).isEqualTo(1);
        assertThat(accounting.httpPort()).isZero();
        assertThat(accounting.budgetTimeZone()).isEqualTo("UTC");
    }

    @Test
    void cachedInputCostsTheInputPriceWhenNotGiven() {
        GatewayConfig config = parse("""
                prices:
                  models:
                    m: {input: 1.5, output: 6}
                """);

        assertThat(config.prices().find("m").orElseThrow().cachedInput()).isEqualByComparingTo("1.5");
        assertThat(config.prices().find("other")).isEmpty();
    }

    @Test
    void aQuotaForAnUnknownProjectIsReportedWithItsPath() {
        assertThatThrownBy(() -> parse("""
                tenants:
                  acme:
                    projects: [default]
                    project_quotas:
                      research: {limits: {requests_per_minute: 5}}
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tenants.acme")
                .hasMessageContaining("unknown project 'research'");
    }

    @Test
    void aTenantWithMoreProjectsThanALedgerRecordHoldsIsRefusedWithItsPath() {
        String projects = java.util.stream.IntStream.rangeClosed(0, TenantConfig.MAX_PROJECTS)
                .mapToObj(i -> "p" + i).collect(java.util.stream.Collectors.joining(", "));
        assertThatThrownBy(() -> parse("tenants:\n  acme:\n    projects: [" + projects + "]\n"))
                .hasMessageContaining("tenants.acme")
                .hasMessageContaining("projects: at most 100 per tenant, was 101");
        assertThat(parse("tenants:\n  acme:\n    projects: [" + projects.substring(0, projects.lastIndexOf(','))
                + "]\n").tenants().get("acme").projects()).hasSize(TenantConfig.MAX_PROJECTS);
    }

    @Test
    void badLimitsBudgetsAndPricesAreReportedWithTheirPaths() {
        assertThatThrownBy(() -> parse("tenants:\n  acme:\n    limits: {tokens_per_minute: 0}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tenants.acme.limits")
                .hasMessageContaining("tokens_per_minute must be >= 1");
        assertThatThrownBy(() -> parse("tenants:\n  acme:\n    budget: {daily_usd: 5, alert_levels: [50, 120]}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tenants.acme.budget")
                .hasMessageContaining("alert_levels are percentages from 1 to 100");
        assertThatThrownBy(() -> parse("prices:\n  models:\n    m: {input: -1, output: 1}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("prices.models.m")
                .hasMessageContaining("input must be >= 0");
        assertThatThrownBy(() -> parse("prices:\n  as_of: yesterday\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("as_of must be a date");
        assertThatThrownBy(() -> parse("accounting:\n  budget_time_zone: Mars/Olympus\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown zone 'Mars/Olympus'");
    }
}

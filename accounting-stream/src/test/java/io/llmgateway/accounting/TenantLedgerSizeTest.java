package io.llmgateway.accounting;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.common.config.KafkaSettings;
import io.llmgateway.common.config.TenantConfig;
import io.llmgateway.schemas.CostRecord;
import io.llmgateway.schemas.Outcome;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** A tenant's whole ledger is one Kafka record: with every project it may have, all full, it stays small. */
class TenantLedgerSizeTest {

    private static final BudgetCalendar CALENDAR = new BudgetCalendar(ZoneOffset.UTC);

    @Test
    void aLedgerOfTheMostProjectsATenantMayHaveEveryWindowFullIsAFractionOfTheRecordLimit() {
        TenantLedger ledger = new TenantLedger();
        long nowMs = RandomLedgers.START_MS;
        BigDecimal price = new BigDecimal("123456789.123456789012345678");
        // A request in every second of the minute, in every project: every bucket of every window used.
        for (int second = 0; second < 60; second++, nowMs += 1_000) {
            ledger.advanceTo(nowMs, CALENDAR.at(nowMs));
            for (int p = 0; p < TenantConfig.MAX_PROJECTS; p++) {
                String project = "project-with-a-long-name-" + "x".repeat(40) + "-" + p;
                ledger.reserve(project, new Estimate(Integer.MAX_VALUE, Integer.MAX_VALUE, price), nowMs);
                ledger.charge(cost(project, price, nowMs), project);
                ledger.project(project).daily().markAlerted(50);
            }
        }

        int bytes = TenantLedger.SERDE.serializer().serialize("t", ledger).length;

        assertThat(ledger.projects()).hasSize(TenantConfig.MAX_PROJECTS);
        assertThat(bytes).as("bytes of a full ledger").isLessThan(KafkaSettings.DEFAULT_MAX_RECORD_BYTES / 4);
    }

    private static CostRecord cost(String project, BigDecimal usd, long nowMs) {
        return new CostRecord("req", "tenant", project, "key", "model", null, "mock", Outcome.SUCCESS, 5_000, 0,
                5_000, 0, usd, BigDecimal.ZERO, usd, usd.add(usd), "2026-01-01", true, false, false, nowMs, nowMs,
                nowMs);
    }
}

package io.llmgateway.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The accounting outputs (tenant state, costs, rollups, alerts) and their JSON Schemas say the same. */
class AccountingSchemaContractTest {

    static TenantState sampleState() {
        var requests = new TenantState.Window(60, 2, 1_700_000_059_000L,
                List.of(new TenantState.Release(1_700_000_058_000L, 1), new TenantState.Release(1_700_000_059_000L, 1)));
        var tokens = new TenantState.Window(10_000, 9_000, 1_700_000_059_000L,
                List.of(new TenantState.Release(1_700_000_058_000L, 6_000),
                        new TenantState.Release(1_700_000_059_000L, 3_000)));
        var daily = new TenantState.Budget(new BigDecimal("5"), new BigDecimal("0.000123450"),
                new BigDecimal("0.0003"), "2023-11-14", 1_700_006_400_000L);
        var tenant = new TenantState.Scope(requests, tokens, 8, 1, daily, null);
        var research = new TenantState.Scope(null, null, null, 0, null, null);
        return new TenantState("acme", 1_700_000_000_000L, tenant, Map.of("research", research));
    }

    static CostRecord sampleCost() {
        return new CostRecord("r1", "acme", "default", "key-1", "gpt-4o-mini", "gpt-4o-mini-2024-07-18", "openai",
                Outcome.SUCCESS, 1000, 200, 50, 0, new BigDecimal("0.000120"), new BigDecimal("0.0000150"),
                new BigDecimal("0.0000300"), new BigDecimal("0.0001650"), "2026-08-21", true, false, false,
                1_700_000_000_000L, 1_700_000_000_800L, 1_700_000_000_805L);
    }

    private static <T> JsonNode toJson(T value, Class<T> type) throws Exception {
        return Json.MAPPER.readTree(new JsonSerde<>(type).serialize("t", value));
    }

    private static <T> T roundTrip(Topic<String, T> topic, T value) {
        return topic.valueSerde().deserializer().deserialize("t", topic.valueSerde().serializer().serialize("t", value));
    }

    @Test
    void tenantStateMatchesItsSchemaAndRoundTrips() throws Exception {
        assertThat(SchemaContractTest.schema("tenant-state.schema.json").validate(toJson(sampleState(), TenantState.class)))
                .isEmpty();
        assertThat(roundTrip(Topics.TENANT_STATE, sampleState())).isEqualTo(sampleState());
    }

    @Test
    void aTenantStateWindowAgesToTheReadersClock() {
        TenantState.Window tokens = sampleState().tenant().tokens();
        long asOf = sampleState().asOfMs();

        assertThat(tokens.remainingAt(asOf)).isEqualTo(1_000);
        assertThat(tokens.msUntilFits(1_000, asOf)).isZero();
        assertThat(tokens.msUntilFits(2_000, asOf)).isEqualTo(58_000);
        assertThat(tokens.msUntilFits(8_000, asOf)).isEqualTo(59_000);
        assertThat(tokens.msUntilFits(10_001, asOf)).isEqualTo(-1);
        assertThat(tokens.remainingAt(1_700_000_058_000L)).isEqualTo(7_000);
        assertThat(tokens.remainingAt(1_700_000_059_000L)).isEqualTo(10_000);
        assertThat(tokens.msUntilReset(asOf)).isEqualTo(59_000);
    }

    @Test
    void costsAreWrittenAsPlainExactDecimalsAndRoundTrip() throws Exception {
        byte[] bytes = Topics.COSTS.valueSerde().serializer().serialize("t", sampleCost());
        String json = new String(bytes, StandardCharsets.UTF_8);

        assertThat(json).contains("\"cost_usd\":0.0001650").doesNotContain("E-");
        assertThat(SchemaContractTest.schema("cost-record.schema.json").validate(toJson(sampleCost(), CostRecord.class)))
                .isEmpty();
        assertThat(roundTrip(Topics.COSTS, sampleCost())).isEqualTo(sampleCost());
        assertThat(sampleCost().billedModel()).isEqualTo("gpt-4o-mini-2024-07-18");
    }

    @Test
    void aCostRecordWithoutItsAmountIsRejectedByBothSchemaAndRecord() throws Exception {
        ObjectNode json = (ObjectNode) toJson(sampleCost(), CostRecord.class);
        json.remove("cost_usd");

        assertThat(SchemaContractTest.schema("cost-record.schema.json").validate(json)).isNotEmpty();
        byte[] bytes = Json.MAPPER.writeValueAsBytes(json);
        assertThatThrownBy(() -> Topics.COSTS.valueSerde().deserializer().deserialize("llm.costs", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("cost_usd");
    }

    @Test
    void anHourlyRollupMatchesItsSchemaAndIsKeyedByTenantModelAndHour() throws Exception {
        long hour = CostRollup.hourOf(1_700_000_123_456L);
        CostRollup rollup = CostRollup.empty("acme", "gpt-4o-mini", hour).plus(sampleCost(), 1_700_000_123_456L);

        assertThat(SchemaContractTest.schema("cost-rollup.schema.json").validate(toJson(rollup, CostRollup.class)))
                .isEmpty();
        assertThat(roundTrip(Topics.COSTS_HOURLY, rollup)).isEqualTo(rollup);
        assertThat(rollup.key()).isEqualTo("acme|gpt-4o-mini|2023-11-14T22:00:00Z");
        assertThat(rollup.requests()).isEqualTo(1);
        assertThat(rollup.costUsd()).isEqualByComparingTo("0.000165");
        assertThatThrownBy(() -> CostRollup.empty("acme", "m", hour + 1)).hasMessageContaining("hour_start_ms");
    }

    @Test
    void aBudgetAlertMatchesItsSchemaAndRoundTrips() throws Exception {
        var alert = new BudgetAlert("acme", null, BudgetPeriod.DAILY, "2026-01-15", 80, new BigDecimal("10"),
                new BigDecimal("8.0000012"), BudgetAlert.Cause.SPEND, 1_700_000_000_000L);

        assertThat(SchemaContractTest.schema("budget-alert.schema.json").validate(toJson(alert, BudgetAlert.class)))
                .isEmpty();
        assertThat(roundTrip(Topics.BUDGET_ALERTS, alert)).isEqualTo(alert);
        assertThatThrownBy(() -> new BudgetAlert("acme", null, BudgetPeriod.MONTHLY, "2026-01", 0, BigDecimal.ONE,
                BigDecimal.ZERO, BudgetAlert.Cause.SPEND, 1L)).hasMessageContaining("level_percent");
    }
}

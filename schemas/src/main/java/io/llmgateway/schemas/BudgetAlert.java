package io.llmgateway.schemas;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;

/**
 * A budget reached one of its alert levels, on {@code llm.budget.alerts} (key: tenant id). Each
 * level is announced once per scope and period.
 *
 * @param projectId the project whose own budget it is; null for the tenant's budget
 * @param period the period's name: {@code 2026-01-15} for a day, {@code 2026-01} for a month
 * @param levelPercent the level reached, a percentage of {@code budgetUsd}
 * @param cause what made the level count as reached
 */
public record BudgetAlert(
        String tenantId,
        String projectId,
        BudgetPeriod periodKind,
        String period,
        int levelPercent,
        BigDecimal budgetUsd,
        BigDecimal spentUsd,
        Cause cause,
        long createdAtMs) {

    public BudgetAlert {
        Require.nonBlank(tenantId, "tenant_id");
        Require.nonNull(periodKind, "period_kind");
        Require.nonBlank(period, "period");
        if (levelPercent < 1 || levelPercent > 100) {
            throw new IllegalArgumentException("level_percent must be 1..100, was " + levelPercent);
        }
        Require.nonNull(budgetUsd, "budget_usd");
        Require.nonNull(spentUsd, "spent_usd");
        Require.nonNull(cause, "cause");
    }

    public enum Cause {
        /** Charged spend reached the level. */
        @JsonProperty("spend") SPEND,
        /**
         * A request was refused because its estimated cost would pass the budget: the budget
         * stops requests from here on, though charged spend may sit just under 100%.
         */
        @JsonProperty("refusal") REFUSAL
    }
}

package io.llmgateway.accounting.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.common.config.BudgetLimits;
import io.llmgateway.common.config.Quota;
import io.llmgateway.common.config.RateLimits;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * Spend against budget and use against limits of one tenant or one of its projects, as the
 * console shows it: from the scope's usage in accounting's tenant report and its quota in the
 * config. {@code alertLevel} is the highest configured alert level (percent) the daily or monthly
 * spend has reached, null when none.
 */
public record TenantSpend(String tenant, String project, BigDecimal spentTodayUsd, BigDecimal dailyBudgetUsd,
                          Double dailyPercent, BigDecimal spentThisMonthUsd, BigDecimal monthlyBudgetUsd,
                          Double monthlyPercent, List<Integer> alertLevels, Integer alertLevel,
                          long requestsLastMinute, Integer requestsPerMinuteLimit, long tokensLastMinute,
                          Long tokensPerMinuteLimit, int inFlight) {

    /**
     * @param usage a {@code usage} (or project) object of accounting's tenant report
     * @param project null for the tenant as a whole
     */
    static TenantSpend of(String tenant, String project, JsonNode usage, Quota quota) {
        BudgetLimits budget = quota.budget();
        RateLimits limits = quota.limits();
        BigDecimal today = decimal(usage, "spent_today_usd");
        BigDecimal month = decimal(usage, "spent_this_month_usd");
        Double dailyPercent = percent(today, budget.dailyUsd());
        Double monthlyPercent = percent(month, budget.monthlyUsd());
        double highest = Math.max(dailyPercent == null ? 0 : dailyPercent, monthlyPercent == null ? 0 : monthlyPercent);
        Integer reached = budget.alertLevels().stream().filter(level -> level <= highest).reduce((a, b) -> b)
                .orElse(null);
        return new TenantSpend(tenant, project, today, budget.dailyUsd(), dailyPercent, month, budget.monthlyUsd(),
                monthlyPercent, budget.alertLevels(), highest > 0 ? reached : null,
                usage.path("requests_last_minute").asLong(), limits.requestsPerMinute(),
                usage.path("tokens_last_minute").asLong(), limits.tokensPerMinute(), usage.path("in_flight").asInt());
    }

    private static BigDecimal decimal(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? BigDecimal.ZERO : value.decimalValue();
    }

    private static Double percent(BigDecimal spent, BigDecimal budget) {
        if (budget == null || budget.signum() <= 0) {
            return null;
        }
        return spent.multiply(BigDecimal.valueOf(100)).divide(budget, 2, RoundingMode.HALF_UP).doubleValue();
    }
}

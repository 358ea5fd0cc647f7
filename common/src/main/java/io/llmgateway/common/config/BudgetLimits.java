package io.llmgateway.common.config;

import java.math.BigDecimal;
import java.util.List;

/**
 * Spending limits of a tenant or a project, in US dollars per calendar day and month (in
 * {@code accounting.budget_time_zone}); a null amount is no limit. Requests stop at 100%: a
 * request whose estimated cost would take spend past the budget is refused.
 *
 * @param alertLevels percentages of a budget at which an alert is sent, each once per period
 */
public record BudgetLimits(BigDecimal dailyUsd, BigDecimal monthlyUsd, List<Integer> alertLevels) {

    public static final List<Integer> DEFAULT_ALERT_LEVELS = List.of(50, 80, 100);
    public static final BudgetLimits NONE = new BudgetLimits(null, null, null);

    public BudgetLimits {
        positiveOrNull(dailyUsd, "daily_usd");
        positiveOrNull(monthlyUsd, "monthly_usd");
        alertLevels = alertLevels == null ? DEFAULT_ALERT_LEVELS : alertLevels.stream().sorted().distinct().toList();
        for (Integer level : alertLevels) {
            if (level == null || level < 1 || level > 100) {
                throw new IllegalArgumentException("alert_levels are percentages from 1 to 100, was " + level);
            }
        }
    }

    private static void positiveOrNull(BigDecimal value, String field) {
        if (value != null && value.signum() <= 0) {
            throw new IllegalArgumentException(field + " must be > 0 (leave it out for no budget), was " + value);
        }
    }

    public boolean isEmpty() {
        return dailyUsd == null && monthlyUsd == null;
    }
}

package io.llmgateway.common.config;

/** The rate limits and the budget of one scope (a tenant, or one of its projects). */
public record Quota(RateLimits limits, BudgetLimits budget) {

    public static final Quota NONE = new Quota(null, null);

    public Quota {
        limits = limits == null ? RateLimits.NONE : limits;
        budget = budget == null ? BudgetLimits.NONE : budget;
    }
}

package io.llmgateway.accounting;

import io.llmgateway.common.config.BudgetLimits;
import io.llmgateway.common.config.RateLimits;
import io.llmgateway.common.config.TenantConfig;
import io.llmgateway.schemas.BudgetPeriod;
import io.llmgateway.schemas.GatewayError;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether a tenant's request fits: in the tenant's limits and its project's, budgets
 * first (a refusal that lasts until the period ends), then concurrency, requests and tokens per
 * minute. Strict: a request is admitted only if its whole estimate fits, so what is admitted never
 * passes a limit; only a real usage larger than its estimate can.
 *
 * <p>Pure: reads the ledger, changes nothing.
 */
final class AdmissionPolicy {

    /** OpenAI's error shapes: a 429 whose type says which limit, and its code. */
    static final String RATE_LIMIT_CODE = "rate_limit_exceeded";
    static final String BUDGET_CODE = "budget_exceeded";
    static final String BUDGET_TYPE = "insufficient_quota";
    static final String UNKNOWN_TENANT_CODE = "unknown_tenant";

    /** A concurrency slot frees when some request ends, which nobody can foretell: a short hint. */
    static final long CONCURRENCY_RETRY_MS = 1_000;

    sealed interface Decision {}

    record Admit() implements Decision {}

    /**
     * @param budgetsRefusing the budgets that refused it (for their 100% alert), empty for a rate limit
     */
    record Refuse(GatewayError error, List<RefusedBudget> budgetsRefusing) implements Decision {}

    record RefusedBudget(TenantLedger.Scoped scope, BudgetPeriod period, BigDecimal limitUsd) {}

    private AdmissionPolicy() {}

    static Decision decide(String tenantId, TenantConfig config, TenantLedger ledger, String projectId,
                           Estimate estimate, BudgetCalendar.Periods periods, long nowMs) {
        if (config == null) {
            // Never unlimited: a tenant the config does not know gets nothing (ProducerCheck
            // dead-letters its requests before they get here; this holds if one slips through).
            return new Refuse(GatewayError.of(403, "permission_error", UNKNOWN_TENANT_CODE,
                    "tenant '" + tenantId + "' is not known to this gateway"), List.of());
        }
        List<TenantLedger.Scoped> scopes = ledger.scopes(projectId, config);
        List<RefusedBudget> budgets = new ArrayList<>();
        GatewayError budgetError = null;
        List<RateRefusal> rates = new ArrayList<>();
        for (TenantLedger.Scoped scope : scopes) {
            BudgetLimits budget = scope.quota().budget();
            GatewayError daily = checkBudget(tenantId, scope, BudgetPeriod.DAILY, budget.dailyUsd(),
                    scope.ledger().daily(), periods.dayEndMs(), estimate, nowMs, budgets);
            GatewayError monthly = checkBudget(tenantId, scope, BudgetPeriod.MONTHLY, budget.monthlyUsd(),
                    scope.ledger().monthly(), periods.monthEndMs(), estimate, nowMs, budgets);
            budgetError = budgetError != null ? budgetError : daily != null ? daily : monthly;
            checkRates(tenantId, scope, estimate, nowMs, rates);
        }
        if (budgetError != null) {
            return new Refuse(budgetError, budgets);
        }
        return rates.stream()
                // One that can never fit first, then the longest wait: retrying earlier would fail again.
                .max(Comparator.comparing((RateRefusal r) -> r.retryAfterMs() == null)
                        .thenComparing(r -> r.retryAfterMs() == null ? 0L : r.retryAfterMs()))
                .<Decision>map(r -> new Refuse(new GatewayError(429, r.type(), RATE_LIMIT_CODE, r.message(),
                        r.retryAfterMs()), List.of()))
                .orElse(new Admit());
    }

    private record RateRefusal(String type, String message, Long retryAfterMs) {}

    private static GatewayError checkBudget(String tenantId, TenantLedger.Scoped scope, BudgetPeriod period,
                                            BigDecimal limitUsd, BudgetLedger ledger, long periodEndMs,
                                            Estimate estimate, long nowMs, List<RefusedBudget> refused) {
        if (limitUsd == null) {
            return null;
        }
        BigDecimal spent = ledger.spentUsd();
        BigDecimal committed = spent.add(ledger.reservedUsd()).add(estimate.costUsd());
        String name = period == BudgetPeriod.DAILY ? "daily" : "monthly";
        String message;
        if (spent.compareTo(limitUsd) >= 0) {
            message = "Budget exhausted for " + scope.describe(tenantId) + ": spent $" + plain(spent) + " of the "
                    + name + " budget of $" + plain(limitUsd) + " (" + ledger.period() + "). Requests resume at "
                    + Instant.ofEpochMilli(periodEndMs) + ".";
        } else if (committed.compareTo(limitUsd) > 0) {
            message = "This request could exceed the " + name + " budget of $" + plain(limitUsd) + " for "
                    + scope.describe(tenantId) + ": spent $" + plain(spent) + ", $" + plain(ledger.reservedUsd())
                    + " in flight, and it may cost up to $" + plain(estimate.costUsd())
                    + ". Lower max_tokens or wait for the next period.";
        } else {
            return null;
        }
        refused.add(new RefusedBudget(scope, period, limitUsd));
        return new GatewayError(429, BUDGET_TYPE, BUDGET_CODE, message, Math.max(0, periodEndMs - nowMs));
    }

    private static void checkRates(String tenantId, TenantLedger.Scoped scope, Estimate estimate, long nowMs,
                                   List<RateRefusal> refusals) {
        RateLimits limits = scope.quota().limits();
        ScopeLedger ledger = scope.ledger();
        String who = scope.describe(tenantId);
        Integer maxConcurrent = limits.maxConcurrentRequests();
        if (maxConcurrent != null && ledger.inFlight() >= maxConcurrent) {
            refusals.add(new RateRefusal("requests", "Rate limit reached for " + who + " on concurrent requests: "
                    + "limit " + maxConcurrent + ", in flight " + ledger.inFlight() + ". Please try again shortly.",
                    CONCURRENCY_RETRY_MS));
        }
        Integer rpm = limits.requestsPerMinute();
        if (rpm != null) {
            long wait = ledger.requests().msUntilFits(1, rpm, nowMs);
            if (wait > 0) {
                refusals.add(new RateRefusal("requests", "Rate limit reached for " + who + " on requests per minute"
                        + " (RPM): limit " + rpm + ", used " + ledger.requests().used(nowMs) + ", requested 1."
                        + " Please try again in " + seconds(wait) + ".", wait));
            }
        }
        Long tpm = limits.tokensPerMinute();
        if (tpm != null) {
            long wait = ledger.tokens().msUntilFits(estimate.tokens(), tpm, nowMs);
            if (wait < 0) {
                refusals.add(new RateRefusal("tokens", "Request too large for " + who + " on tokens per minute (TPM):"
                        + " limit " + tpm + ", requested " + estimate.tokens() + " (input " + estimate.inputTokens()
                        + " + max_tokens " + estimate.outputTokens() + "). Reduce the input or max_tokens.", null));
            } else if (wait > 0) {
                refusals.add(new RateRefusal("tokens", "Rate limit reached for " + who + " on tokens per minute (TPM):"
                        + " limit " + tpm + ", used " + ledger.tokens().used(nowMs) + ", requested "
                        + estimate.tokens() + ". Please try again in " + seconds(wait) + ".", wait));
            }
        }
    }

    private static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
    }

    private static String plain(BigDecimal usd) {
        return usd.stripTrailingZeros().toPlainString();
    }
}

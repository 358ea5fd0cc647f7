package io.llmgateway.accounting;

import io.llmgateway.common.config.Quota;
import io.llmgateway.common.config.TenantConfig;
import io.llmgateway.schemas.TenantState;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/** A tenant's ledger as the {@link TenantState} the ingress reads: only the limits configured are shown. */
final class TenantSnapshots {

    private TenantSnapshots() {}

    static TenantState of(String tenantId, TenantConfig config, TenantLedger ledger, BudgetCalendar.Periods periods,
                          long nowMs) {
        Map<String, TenantState.Scope> projects = new LinkedHashMap<>();
        ledger.projects().forEach((project, scope) -> projects.put(project,
                scope(config == null ? Quota.NONE : config.projectQuota(project), scope, periods, nowMs)));
        if (config != null) {
            // A project with limits is shown before its first request, so the ingress knows them.
            config.projectQuotas().forEach((project, quota) -> projects.computeIfAbsent(project,
                    p -> scope(quota, new ScopeLedger(), periods, nowMs)));
        }
        Quota tenantQuota = config == null ? Quota.NONE : config.quota();
        return new TenantState(tenantId, nowMs, scope(tenantQuota, ledger.tenant(), periods, nowMs), projects);
    }

    private static TenantState.Scope scope(Quota quota, ScopeLedger scope, BudgetCalendar.Periods periods,
                                           long nowMs) {
        var limits = quota.limits();
        var budget = quota.budget();
        return new TenantState.Scope(
                limits.requestsPerMinute() == null ? null
                        : scope.requests().snapshot(limits.requestsPerMinute(), nowMs),
                limits.tokensPerMinute() == null ? null : scope.tokens().snapshot(limits.tokensPerMinute(), nowMs),
                limits.maxConcurrentRequests(),
                scope.inFlight(),
                budget(budget.dailyUsd(), scope.daily(), periods.day(), periods.dayEndMs()),
                budget(budget.monthlyUsd(), scope.monthly(), periods.month(), periods.monthEndMs()));
    }

    private static TenantState.Budget budget(BigDecimal limitUsd, BudgetLedger ledger, String period, long endMs) {
        if (limitUsd == null) {
            return null;
        }
        // A ledger not touched in this period yet still holds the last one: it shows as zero.
        boolean current = period.equals(ledger.period());
        return new TenantState.Budget(limitUsd, current ? ledger.spentUsd() : BigDecimal.ZERO,
                current ? ledger.reservedUsd() : BigDecimal.ZERO, period, endMs);
    }
}

package io.llmgateway.accounting;

import io.llmgateway.common.config.TenantConfig;
import io.llmgateway.schemas.TenantState;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tenant's current usage and spend, as the interactive-query endpoint answers it.
 *
 * @param servedBy the instance ({@code host:port}) that owns the tenant and answered
 * @param usage the tenant's scope now
 * @param projects each project's scope now
 * @param limits the same state the ingress reads from {@code llm.tenant.state}
 * @param totals everything charged since accounting began (the sum of the tenant's cost records)
 */
record TenantReport(String tenantId, String servedBy, long asOfMs, ScopeUsage usage,
                    Map<String, ScopeUsage> projects, TenantState limits, UsageTotals totals) {

    /**
     * @param reservedUsd estimated cost of the requests in flight
     * @param spentTodayUsd charged in the current budget day ({@code day})
     */
    record ScopeUsage(long requestsLastMinute, long tokensLastMinute, int inFlight, BigDecimal reservedUsd,
                      String day, BigDecimal spentTodayUsd, String month, BigDecimal spentThisMonthUsd) {

        static ScopeUsage of(ScopeLedger scope, long nowMs) {
            return new ScopeUsage(scope.requests().used(nowMs), scope.tokens().used(nowMs), scope.inFlight(),
                    scope.daily().reservedUsd(), scope.daily().period(), scope.daily().spentUsd(),
                    scope.monthly().period(), scope.monthly().spentUsd());
        }
    }

    static TenantReport of(String tenantId, String servedBy, TenantConfig config, TenantLedger ledger,
                           BudgetCalendar calendar, long nowMs) {
        BudgetCalendar.Periods periods = calendar.at(nowMs);
        ledger.advanceTo(nowMs, periods);
        Map<String, ScopeUsage> projects = new LinkedHashMap<>();
        ledger.projects().forEach((project, scope) -> projects.put(project, ScopeUsage.of(scope, nowMs)));
        return new TenantReport(tenantId, servedBy, nowMs, ScopeUsage.of(ledger.tenant(), nowMs), projects,
                TenantSnapshots.of(tenantId, config, ledger, periods, nowMs), ledger.totals());
    }
}

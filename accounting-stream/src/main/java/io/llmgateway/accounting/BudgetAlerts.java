package io.llmgateway.accounting;

import io.llmgateway.common.config.BudgetLimits;
import io.llmgateway.common.config.TenantConfig;
import io.llmgateway.schemas.BudgetAlert;
import io.llmgateway.schemas.BudgetPeriod;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the budget alert levels a scope has just reached, each once per period: the ledger
 * remembers which it announced, and its period roll forgets them.
 */
final class BudgetAlerts {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private BudgetAlerts() {}

    /** The levels charged spend has reached, in the tenant's scope and the project's, not announced yet. */
    static List<BudgetAlert> reachedBySpend(String tenantId, TenantConfig config, TenantLedger ledger,
                                            String projectId, long nowMs) {
        List<BudgetAlert> alerts = new ArrayList<>();
        for (TenantLedger.Scoped scope : ledger.scopes(projectId, config)) {
            BudgetLimits budget = scope.quota().budget();
            reached(tenantId, scope, BudgetPeriod.DAILY, budget.dailyUsd(), budget.alertLevels(),
                    scope.ledger().daily(), nowMs, alerts);
            reached(tenantId, scope, BudgetPeriod.MONTHLY, budget.monthlyUsd(), budget.alertLevels(),
                    scope.ledger().monthly(), nowMs, alerts);
        }
        return alerts;
    }

    /**
     * The 100% level of budgets that just refused a request: from now on the budget stops
     * requests, though charged spend may stay just under it (reservations are strict).
     */
    static List<BudgetAlert> reachedByRefusal(String tenantId, TenantConfig config,
                                              List<AdmissionPolicy.RefusedBudget> refused, long nowMs) {
        List<BudgetAlert> alerts = new ArrayList<>();
        for (AdmissionPolicy.RefusedBudget budget : refused) {
            List<Integer> levels = config == null ? List.of() : budget.scope().quota().budget().alertLevels();
            BudgetLedger ledger = budget.period() == BudgetPeriod.DAILY
                    ? budget.scope().ledger().daily() : budget.scope().ledger().monthly();
            if (levels.contains(100) && ledger.markAlerted(100)) {
                alerts.add(alert(tenantId, budget.scope(), budget.period(), ledger, 100, budget.limitUsd(),
                        BudgetAlert.Cause.REFUSAL, nowMs));
            }
        }
        return alerts;
    }

    private static void reached(String tenantId, TenantLedger.Scoped scope, BudgetPeriod period, BigDecimal limitUsd,
                                List<Integer> levels, BudgetLedger ledger, long nowMs, List<BudgetAlert> out) {
        if (limitUsd == null) {
            return;
        }
        BigDecimal percentSpent = ledger.spentUsd().multiply(HUNDRED);
        for (int level : levels) {
            // spent / limit >= level / 100, without dividing
            boolean reached = percentSpent.compareTo(limitUsd.multiply(BigDecimal.valueOf(level))) >= 0;
            if (reached && ledger.markAlerted(level)) {
                out.add(alert(tenantId, scope, period, ledger, level, limitUsd, BudgetAlert.Cause.SPEND, nowMs));
            }
        }
    }

    private static BudgetAlert alert(String tenantId, TenantLedger.Scoped scope, BudgetPeriod period,
                                     BudgetLedger ledger, int level, BigDecimal limitUsd, BudgetAlert.Cause cause,
                                     long nowMs) {
        return new BudgetAlert(tenantId, scope.projectId(), period, ledger.period(), level, limitUsd,
                ledger.spentUsd(), cause, nowMs);
    }
}
